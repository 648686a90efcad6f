//! `listPhysicalNetworks`: physical networks by id, zone or name.

use super::{PHYSICAL_NETWORK_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::network::physical::{self, PhysicalNetworkFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listPhysicalNetworks",
    description: "Lists physical networks",
    since: "3.0.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional("id", ParamKind::Uuid, "list physical network by id"),
        optional(
            "zoneid",
            ParamKind::Uuid,
            "the Zone ID for the physical network",
        ),
        optional("name", ParamKind::String, "search by name"),
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
    response_object: "physicalnetwork",
    response_fields: PHYSICAL_NETWORK_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let filter = PhysicalNetworkFilter {
        id: args.string("id"),
        zone_id: args.string("zoneid"),
        name: args.string("name"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, rows) = physical::list(&state.db, &filter).await?;
    Reply::list(
        "physicalnetwork",
        count,
        &responses(&state.db, &rows).await?,
    )
}
