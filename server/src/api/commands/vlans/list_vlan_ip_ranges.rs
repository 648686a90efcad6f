//! `listVlanIpRanges`: IP ranges by zone, pod, network or physical network.

use super::{VLAN_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::network::vlans::{self, RangeFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listVlanIpRanges",
    description: "Lists all VLAN IP ranges.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional("id", ParamKind::Uuid, "the ID of the VLAN IP range"),
        optional(
            "zoneid",
            ParamKind::Uuid,
            "the Zone ID of the VLAN IP range",
        ),
        optional("podid", ParamKind::Uuid, "the Pod ID of the VLAN IP range"),
        optional(
            "networkid",
            ParamKind::Uuid,
            "network id of the VLAN IP range",
        ),
        optional(
            "physicalnetworkid",
            ParamKind::Uuid,
            "physical network id of the VLAN IP range",
        ),
        optional(
            "forvirtualnetwork",
            ParamKind::Boolean,
            "true if VLAN is of Virtual type, false if Direct",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        optional(
            "page",
            ParamKind::Integer,
            "the page number of the result set",
        ),
        optional(
            "pagesize",
            ParamKind::Integer,
            "the number of items per page",
        ),
    ],
    response_object: "vlaniprange",
    response_fields: VLAN_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let filter = RangeFilter {
        id: args.string("id"),
        zone_id: args.string("zoneid"),
        pod_id: args.string("podid"),
        network_id: args.string("networkid"),
        physical_network_id: args.string("physicalnetworkid"),
        for_virtual_network: args.boolean("forvirtualnetwork"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, views) = vlans::list(&state.db, &filter).await?;
    let items: Vec<_> = views.iter().map(to_response).collect();
    Reply::list("vlaniprange", count, &items)
}
