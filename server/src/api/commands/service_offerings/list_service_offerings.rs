//! `listServiceOfferings`: the compute sizes a VM can be deployed with.

use super::{SERVICE_OFFERING_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::offerings::{self, ServiceOfferingFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listServiceOfferings",
    description: "Lists all available service offerings.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "ID of the service offering"),
        optional("name", ParamKind::String, "name of the service offering"),
        optional(
            "issystem",
            ParamKind::Boolean,
            "is this a system vm offering",
        ),
        optional(
            "systemvmtype",
            ParamKind::String,
            "the system VM type. Possible types are \"consoleproxy\", \"secondarystoragevm\" or \"domainrouter\".",
        ),
        optional(
            "cpunumber",
            ParamKind::Integer,
            "the CPU number that listed offerings must support",
        ),
        optional(
            "memory",
            ParamKind::Integer,
            "the RAM memory that listed offering must support",
        ),
        optional(
            "cpuspeed",
            ParamKind::Integer,
            "the CPU speed that listed offerings must support",
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
    response_object: "serviceoffering",
    response_fields: SERVICE_OFFERING_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let filter = ServiceOfferingFilter {
        id: args.string("id"),
        name: args.string("name"),
        is_system: args.boolean("issystem"),
        system_vm_type: args.string("systemvmtype"),
        cpu_number: args.integer("cpunumber"),
        memory_mb: args.integer("memory"),
        cpu_speed: args.integer("cpuspeed"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, found) = offerings::list_service(&state.db, &filter).await?;
    let items: Vec<_> = found.iter().map(to_response).collect();
    Reply::list("serviceoffering", count, &items)
}
