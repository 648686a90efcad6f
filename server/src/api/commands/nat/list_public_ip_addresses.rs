//! `listPublicIpAddresses`: the public addresses the caller may see (allocated ones by default; free ones too for
//! root admins with `allocatedonly=false`).

use super::{COMMON, IP_FIELDS, ip_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::events::list_scope;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::network::public_ips::{self, IpFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listPublicIpAddresses",
    description: "Lists all public IP addresses",
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
            "vlanid",
            ParamKind::Uuid,
            "lists all public IP addresses by VLAN ID",
        ),
        optional(
            "allocatedonly",
            ParamKind::Boolean,
            "limits search results to allocated public IP addresses (default true)",
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
        optional(
            "state",
            ParamKind::String,
            "lists all public IP addresses by state (Free, Allocated)",
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
    response_fields: IP_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = IpFilter {
        id: args.string("id"),
        address: args.string("ipaddress"),
        zone_id: args.string("zoneid"),
        associated_network_id: args.string("associatednetworkid"),
        vlan_id: args.string("vlanid"),
        allocated_only: args.boolean("allocatedonly").unwrap_or(true),
        for_virtual_network: args.boolean("forvirtualnetwork"),
        is_source_nat: args.boolean("issourcenat"),
        is_static_nat: args.boolean("isstaticnat"),
        state: args.string("state"),
        keyword: args.string("keyword"),
        scope: list_scope(&args),
        page: args.paging()?,
    };
    let (count, views) = public_ips::list(&state.db, &caller, &filter).await?;
    let out: Vec<_> = views.iter().map(|v| ip_response(&caller, v)).collect();
    Reply::list("publicipaddress", count, &out)
}
