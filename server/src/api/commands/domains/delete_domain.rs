//! `deleteDomain`: removes a domain; with `cleanup` also its child domains, accounts and users.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::accounts::SUCCESS_FIELDS;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::accounts::domains;

pub static DEF: CommandDef = CommandDef {
    name: "deleteDomain",
    description: "Deletes a specified domain",
    since: "",
    is_async: true,
    roles: Roles::ADMIN.or(Roles::DOMAIN_ADMIN),
    params: &[
        required("id", ParamKind::Uuid, "ID of domain to delete"),
        optional(
            "cleanup",
            ParamKind::Boolean,
            "true if all domain resources (child domains, accounts) have to be cleaned up, false otherwise",
        ),
    ],
    response_object: "",
    response_fields: SUCCESS_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    domains::delete(
        &state.db,
        &caller,
        &args.required("id")?,
        args.flag("cleanup"),
    )
    .await?;
    Ok(Reply::success())
}
