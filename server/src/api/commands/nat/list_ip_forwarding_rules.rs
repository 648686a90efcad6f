//! `listIpForwardingRules`: always empty — Nimbus has no static NAT yet (see the module header).

use super::{COMMON, empty};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::field;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};

pub static DEF: CommandDef = CommandDef {
    name: "listIpForwardingRules",
    description: "List the IP forwarding rules (none: Nimbus has no static NAT yet).",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "Lists rule with the specified ID."),
        optional(
            "ipaddressid",
            ParamKind::Uuid,
            "list the rule belonging to this public IP address",
        ),
        optional(
            "virtualmachineid",
            ParamKind::Uuid,
            "Lists all rules applied to the specified VM.",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        COMMON[0],
        COMMON[1],
        COMMON[2],
        COMMON[3],
        COMMON[4],
        COMMON[5],
    ],
    response_object: "ipforwardingrule",
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
    empty("ipforwardingrule", &args)
}
