//! `listConfigurations`: settings with their values globally or at one zone, cluster, pool, account or domain.

use super::{CONFIG_FIELDS, SCOPE_PARAMS, scope_target, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::settings::{self, SettingFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listConfigurations",
    description: "Lists all configurations.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional("name", ParamKind::String, "lists configuration by name"),
        optional(
            "category",
            ParamKind::String,
            "lists configurations by category",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        SCOPE_PARAMS[0],
        SCOPE_PARAMS[1],
        SCOPE_PARAMS[2],
        SCOPE_PARAMS[3],
        SCOPE_PARAMS[4],
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
    response_object: "configuration",
    response_fields: CONFIG_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, _caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = SettingFilter {
        name: args.string("name"),
        category: args.string("category"),
        keyword: args.string("keyword"),
        target: scope_target(&args)?,
        page: args.paging()?,
    };
    let (count, views) = settings::list(&state.db, &filter).await?;
    let items: Vec<_> = views.iter().map(to_response).collect();
    Reply::list("configuration", count, &items)
}
