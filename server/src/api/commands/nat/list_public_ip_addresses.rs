//! `listPublicIpAddresses`: always empty — Nimbus allocates no public (NAT) addresses yet (see the module header).

use super::{COMMON, empty};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::field;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};

pub static DEF: CommandDef = CommandDef {
    name: "listPublicIpAddresses",
    description: "Lists all public IP addresses (none: Nimbus has no NAT yet).",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "lists IP address by ID"),
        optional(
            "ipaddress",
            ParamKind::String,
            "lists the specified IP address",
        ),
        optional(
            "zoneid",
            ParamKind::Uuid,
            "lists all public IP addresses by zone ID",
        ),
        optional(
            "associatednetworkid",
            ParamKind::Uuid,
            "lists all public IP addresses associated to the network specified",
        ),
        optional(
            "allocatedonly",
            ParamKind::Boolean,
            "limits search results to allocated public IP addresses",
        ),
        optional(
            "forvirtualnetwork",
            ParamKind::Boolean,
            "the virtual network for the IP address",
        ),
        optional(
            "issourcenat",
            ParamKind::Boolean,
            "list only source NAT IP addresses",
        ),
        optional(
            "isstaticnat",
            ParamKind::Boolean,
            "list only static NAT IP addresses",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        COMMON[0],
        COMMON[1],
        COMMON[2],
        COMMON[3],
        COMMON[4],
        COMMON[5],
    ],
    response_object: "publicipaddress",
    response_fields: &[
        field("id", "string", "public IP address id"),
        field("ipaddress", "string", "public IP address"),
        field(
            "virtualmachineid",
            "string",
            "virtual machine id the ip address is assigned to",
        ),
    ],
    exec: Exec::Run(handler),
};

fn handler(_state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    empty("publicipaddress", &args)
}
