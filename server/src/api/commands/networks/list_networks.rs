//! `listNetworks`: networks the caller may see (shared ones are visible to every user).

use super::{NETWORK_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::network::guest::{self, NetworkFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listNetworks",
    description: "Lists all available networks.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "list networks by ID"),
        optional("zoneid", ParamKind::Uuid, "the zone ID of the network"),
        optional(
            "type",
            ParamKind::String,
            "the type of the network. Supported values are: isolated, l2, shared and all",
        ),
        optional("traffictype", ParamKind::String, "type of the traffic"),
        optional(
            "physicalnetworkid",
            ParamKind::Uuid,
            "list networks by physical network id",
        ),
        optional(
            "listall",
            ParamKind::Boolean,
            "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false",
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
    response_object: "network",
    response_fields: NETWORK_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = NetworkFilter {
        id: args.string("id"),
        zone_id: args.string("zoneid"),
        guest_type: args
            .string("type")
            .filter(|t| !t.eq_ignore_ascii_case("all")),
        traffic_type: args.string("traffictype"),
        physical_network_id: args.string("physicalnetworkid"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, views) = guest::list(&state.db, &caller, &filter).await?;
    let items: Vec<_> = views.iter().map(to_response).collect();
    Reply::list("network", count, &items)
}
