//! `listUsers`: users the caller may see, filtered and paged.

use super::{USER_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::accounts::users::{self, UserFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listUsers",
    description: "Lists user accounts",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "List user by ID."),
        optional("username", ParamKind::String, "List user by the username"),
        optional(
            "account",
            ParamKind::String,
            "list resources by account. Must be used with the domainId parameter.",
        ),
        optional(
            "accounttype",
            ParamKind::Integer,
            "List users by account type. Valid types include admin, domain-admin, read-only-admin, or user.",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "list only resources belonging to the domain specified",
        ),
        optional(
            "state",
            ParamKind::String,
            "List users by state of the user account.",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        optional(
            "isrecursive",
            ParamKind::Boolean,
            "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves.",
        ),
        optional(
            "listall",
            ParamKind::Boolean,
            "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false",
        ),
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
    response_object: "user",
    response_fields: USER_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = UserFilter {
        id: args.string("id"),
        username: args.string("username"),
        account: args.string("account"),
        domain_id: args.string("domainid"),
        state: args.string("state"),
        account_type: args
            .integer("accounttype")
            .and_then(|t| i16::try_from(t).ok()),
        keyword: args.string("keyword"),
        is_recursive: args.flag("isrecursive"),
        page: args.paging()?,
    };
    let (count, views) = users::list(&state.db, &caller, &filter).await?;
    let items: Vec<_> = views.iter().map(|v| to_response(v, &caller)).collect();
    Reply::list("user", count, &items)
}
