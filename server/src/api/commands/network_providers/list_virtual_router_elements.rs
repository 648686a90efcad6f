//! `listVirtualRouterElements`: VirtualRouter elements by id, provider or enabled flag.

use super::{ELEMENT_FIELDS, element_responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::network::providers::{self, ElementFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listVirtualRouterElements",
    description: "Lists all available virtual router elements.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional("id", ParamKind::Uuid, "list virtual router elements by id"),
        optional(
            "nspid",
            ParamKind::Uuid,
            "list virtual router elements by network service provider id",
        ),
        optional(
            "enabled",
            ParamKind::Boolean,
            "list network offerings by enabled state",
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
    response_object: "virtualrouterelement",
    response_fields: ELEMENT_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let filter = ElementFilter {
        id: args.string("id"),
        nsp_id: args.string("nspid"),
        enabled: args.boolean("enabled"),
        page: args.paging()?,
    };
    let (count, rows) = providers::list_elements(&state.db, &filter).await?;
    Reply::list(
        "virtualrouterelement",
        count,
        &element_responses(&state.db, &rows).await?,
    )
}
