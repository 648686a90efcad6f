//! `listNetworkOfferings`: the network offerings, by id, name, type, state or zone.

use super::{OFFERING_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::network::offerings::{self, OfferingFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listNetworkOfferings",
    description: "Lists all available network offerings.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "list network offerings by ID"),
        optional("name", ParamKind::String, "list network offerings by name"),
        optional(
            "guestiptype",
            ParamKind::String,
            "list network offerings by guest type: shared or isolated",
        ),
        optional("traffictype", ParamKind::String, "list by traffic type"),
        optional(
            "state",
            ParamKind::String,
            "list network offerings by state",
        ),
        optional(
            "isdefault",
            ParamKind::Boolean,
            "true if need to list only default network offerings. Default value is false",
        ),
        optional(
            "zoneid",
            ParamKind::Uuid,
            "list network offerings available for network creation in specific zone",
        ),
        optional(
            "forvpc",
            ParamKind::Boolean,
            "the network offering can be used only for network creation inside the VPC",
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
    response_object: "networkoffering",
    response_fields: OFFERING_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let filter = OfferingFilter {
        id: args.string("id"),
        name: args.string("name"),
        guest_ip_type: args.string("guestiptype"),
        traffic_type: args.string("traffictype"),
        state: args.string("state"),
        is_default: args.boolean("isdefault"),
        zone_id: args.string("zoneid"),
        for_vpc: args.boolean("forvpc"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, rows) = offerings::list(&state.db, &filter).await?;
    let ids: Vec<i64> = rows.iter().map(|o| o.id).collect();
    let services = offerings::services_of(&state.db, &ids).await?;
    let items: Vec<_> = rows
        .iter()
        .map(|o| to_response(o, services.get(&o.id).map_or(&[][..], Vec::as_slice)))
        .collect();
    Reply::list("networkoffering", count, &items)
}
