//! `listNetworkServiceProviders`: providers by physical network, name or state.

use super::{PROVIDER_FIELDS, provider_responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::network::providers::{self, ProviderFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listNetworkServiceProviders",
    description: "Lists network serviceproviders for a given physical network.",
    since: "3.0.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional(
            "physicalnetworkid",
            ParamKind::Uuid,
            "the Physical Network ID",
        ),
        optional("name", ParamKind::String, "list providers by name"),
        optional("state", ParamKind::String, "list providers by state"),
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
    response_object: "networkserviceprovider",
    response_fields: PROVIDER_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let filter = ProviderFilter {
        physical_network_id: args.string("physicalnetworkid"),
        name: args.string("name").or_else(|| args.string("keyword")),
        state: args.string("state"),
        page: args.paging()?,
    };
    let (count, rows) = providers::list(&state.db, &filter).await?;
    Reply::list(
        "networkserviceprovider",
        count,
        &provider_responses(&state.db, &rows).await?,
    )
}
