//! `listDiskOfferings`: the data-disk sizes on offer.

use super::{DISK_OFFERING_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::offerings::{self, DiskOfferingFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listDiskOfferings",
    description: "Lists all available disk offerings.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "ID of the disk offering"),
        optional("name", ParamKind::String, "name of the disk offering"),
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
    response_object: "diskoffering",
    response_fields: DISK_OFFERING_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let filter = DiskOfferingFilter {
        id: args.string("id"),
        name: args.string("name"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, found) = offerings::list_disk(&state.db, &filter).await?;
    let items: Vec<_> = found.iter().map(to_response).collect();
    Reply::list("diskoffering", count, &items)
}
