//! `listPortForwardingRules`: always empty — Nimbus has no port forwarding yet (see the module header).

use super::{COMMON, empty};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::field;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};

pub static DEF: CommandDef = CommandDef {
    name: "listPortForwardingRules",
    description: "Lists all port forwarding rules for an IP address (none: Nimbus has no NAT yet).",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "Lists rule with the specified ID."),
        optional(
            "ipaddressid",
            ParamKind::Uuid,
            "the ID of IP address of the port forwarding services",
        ),
        optional(
            "networkid",
            ParamKind::Uuid,
            "list port forwarding rules for certain network",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        COMMON[0],
        COMMON[1],
        COMMON[2],
        COMMON[3],
        COMMON[4],
        COMMON[5],
    ],
    response_object: "portforwardingrule",
    response_fields: &[
        field("id", "string", "the ID of the port forwarding rule"),
        field(
            "ipaddress",
            "string",
            "the public ip address for the port forwarding rule",
        ),
        field(
            "virtualmachineid",
            "string",
            "the VM ID for the port forwarding rule",
        ),
    ],
    exec: Exec::Run(handler),
};

fn handler(_state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    empty("portforwardingrule", &args)
}
