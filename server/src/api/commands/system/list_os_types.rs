//! `listOsTypes`: the guest OS types templates can declare.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::guest_os::{self, OsFilter};
use app::model::systemvm::OsTypeResponse;

pub static DEF: CommandDef = CommandDef {
    name: "listOsTypes",
    description: "Lists all supported OS types for this cloud.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "list by Os type Id"),
        optional("oscategoryid", ParamKind::Uuid, "list by Os Category id"),
        optional("description", ParamKind::String, "list os by description"),
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
    response_object: "ostype",
    response_fields: &[
        FieldDef {
            name: "id",
            kind: "string",
            description: "the ID of the OS type",
        },
        FieldDef {
            name: "description",
            kind: "string",
            description: "the name/description of the OS type",
        },
        FieldDef {
            name: "oscategoryid",
            kind: "string",
            description: "the ID of the OS category",
        },
        FieldDef {
            name: "oscategoryname",
            kind: "string",
            description: "the name of the OS category",
        },
        FieldDef {
            name: "isuserdefined",
            kind: "boolean",
            description: "is the guest OS user defined",
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
        category_id: args.string("oscategoryid"),
        name: None,
        keyword: args
            .string("description")
            .or_else(|| args.string("keyword")),
        page: args.paging()?,
    };
    let (count, found) = guest_os::list_types(&state.db, &filter).await?;
    let items: Vec<_> = found
        .into_iter()
        .map(|(t, c)| OsTypeResponse {
            id: t.uuid,
            description: t.display_name,
            oscategoryid: c.uuid,
            oscategoryname: c.name,
            isuserdefined: false,
        })
        .collect();
    Reply::list("ostype", count, &items)
}
