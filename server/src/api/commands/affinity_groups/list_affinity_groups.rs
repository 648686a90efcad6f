//! `listAffinityGroups`: the groups the caller may see, with their member VMs.

use super::{AFFINITY_GROUP_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::events::{PAGE_PARAMS, SCOPE_PARAMS, list_scope};
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::accounts::scope;
use crate::engine::vms::{self, affinity};

pub static DEF: CommandDef = CommandDef {
    name: "listAffinityGroups",
    description: "Lists affinity groups",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional(
            "id",
            ParamKind::Uuid,
            "list the affinity group by the ID provided",
        ),
        optional("name", ParamKind::String, "lists affinity groups by name"),
        optional("type", ParamKind::String, "lists affinity groups by type"),
        optional(
            "virtualmachineid",
            ParamKind::Uuid,
            "lists affinity groups by virtual machine ID",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        SCOPE_PARAMS[0],
        SCOPE_PARAMS[1],
        SCOPE_PARAMS[2],
        SCOPE_PARAMS[3],
        PAGE_PARAMS[0],
        PAGE_PARAMS[1],
    ],
    response_object: "affinitygroup",
    response_fields: AFFINITY_GROUP_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let mut scope_args = list_scope(&args);
    scope_args.by_id = args.string("id").is_some();
    let accounts = scope::permitted_accounts(&state.db, &caller, &scope_args).await?;
    let vm_id = match args.string("virtualmachineid") {
        Some(uuid) => Some(
            vms::find_for(&state.db, &caller, &uuid, "virtualmachineid")
                .await?
                .id,
        ),
        None => None,
    };
    let filter = affinity::GroupFilter {
        id: args.string("id"),
        name: args.string("name"),
        group_type: args.string("type"),
        vm_id,
        keyword: args.string("keyword"),
        accounts,
        page: args.paging()?,
    };
    let (count, rows) = affinity::list(&state.db, &filter).await?;
    Reply::list("affinitygroup", count, &responses(&state.db, rows).await?)
}
