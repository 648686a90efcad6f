//! `listDomains`: domains the caller may see, filtered and paged.

use super::{DOMAIN_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::accounts::domains::{self, DomainFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listDomains",
    description: "Lists domains and provides detailed information for listed domains",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "List domain by domain ID."),
        optional("name", ParamKind::String, "List domain by domain name."),
        optional("level", ParamKind::Integer, "List domains by domain level."),
        optional(
            "listall",
            ParamKind::Boolean,
            "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false",
        ),
        optional(
            "details",
            ParamKind::List,
            "comma separated list of domain details requested, value can be a list of [ all, resource, min]",
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
    response_object: "domain",
    response_fields: DOMAIN_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = DomainFilter {
        id: args.string("id"),
        name: args.string("name"),
        level: args.integer("level").and_then(|l| i32::try_from(l).ok()),
        list_all: args.flag("listall"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, views) = domains::list(&state.db, &caller, &filter).await?;
    let items: Vec<_> = views.iter().map(to_response).collect();
    Reply::list("domain", count, &items)
}
