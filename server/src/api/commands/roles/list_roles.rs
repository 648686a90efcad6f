//! `listRoles`: roles matching the filters, paged; only root admins see Admin-type roles.

use super::{ROLE_FIELDS, ROLE_TYPE_DESCRIPTION, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::accounts::roles::{self, RoleFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listRoles",
    description: "Lists dynamic roles in CloudStack",
    since: "4.9.0",
    is_async: false,
    roles: Roles::ADMINS,
    params: &[
        optional("id", ParamKind::Uuid, "List role by role ID."),
        optional("name", ParamKind::String, "List role by role name."),
        optional("type", ParamKind::String, ROLE_TYPE_DESCRIPTION),
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
    response_object: "role",
    response_fields: ROLE_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = RoleFilter {
        id: args.string("id"),
        name: args.string("name"),
        role_type: args.string("type"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, found) = roles::list(&state.db, &caller, &filter).await?;
    let items: Vec<_> = found.iter().map(to_response).collect();
    Reply::list("role", count, &items)
}
