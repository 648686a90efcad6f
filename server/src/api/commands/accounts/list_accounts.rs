//! `listAccounts`: accounts the caller may see, with their users, filtered and paged.

use super::{ACCOUNT_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::accounts::account_mgmt::{self, AccountFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listAccounts",
    description: "Lists accounts and provides detailed account information for listed accounts",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "list account by account ID"),
        optional("name", ParamKind::String, "list account by account name"),
        optional(
            "accounttype",
            ParamKind::Integer,
            "list accounts by account type. Valid account types are 1 (admin), 2 (domain-admin), and 0 (user).",
        ),
        optional("roleid", ParamKind::Uuid, "List accounts by the role ID"),
        optional(
            "state",
            ParamKind::String,
            "list accounts by state. Valid states are enabled, disabled, and locked.",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "list only resources belonging to the domain specified",
        ),
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
    response_object: "account",
    response_fields: ACCOUNT_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = AccountFilter {
        id: args.string("id"),
        name: args.string("name"),
        account_type: args
            .integer("accounttype")
            .and_then(|t| i16::try_from(t).ok()),
        role_id: args.string("roleid"),
        state: args.string("state"),
        domain_id: args.string("domainid"),
        is_recursive: args.flag("isrecursive"),
        list_all: args.flag("listall"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, views) = account_mgmt::list(&state.db, &caller, &filter).await?;
    let items: Vec<_> = views.iter().map(|v| to_response(v, &caller)).collect();
    Reply::list("account", count, &items)
}
