//! `listOsCategories`: families of guest operating systems.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::guest_os::{self, OsFilter};
use app::model::systemvm::OsCategoryResponse;

pub static DEF: CommandDef = CommandDef {
    name: "listOsCategories",
    description: "Lists all supported OS categories for this cloud.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "list Os category by id"),
        optional("name", ParamKind::String, "list os category by name"),
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
    response_object: "oscategory",
    response_fields: &[
        FieldDef {
            name: "id",
            kind: "string",
            description: "the ID of the OS category",
        },
        FieldDef {
            name: "name",
            kind: "string",
            description: "the name of the OS category",
        },
    ],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let filter = OsFilter {
        id: args.string("id"),
        name: args.string("name"),
        keyword: args.string("keyword"),
        page: args.paging()?,
        ..Default::default()
    };
    let (count, found) = guest_os::list_categories(&state.db, &filter).await?;
    let items: Vec<_> = found
        .into_iter()
        .map(|c| OsCategoryResponse {
            id: c.uuid,
            name: c.name,
        })
        .collect();
    Reply::list("oscategory", count, &items)
}
