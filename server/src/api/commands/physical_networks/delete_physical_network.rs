//! `deletePhysicalNetwork` (async): removes an unused physical network with its traffic types and providers.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::field;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::network::physical;

pub static DEF: CommandDef = CommandDef {
    name: "deletePhysicalNetwork",
    description: "Deletes a Physical Network.",
    since: "3.0.0",
    is_async: true,
    roles: Roles::ADMIN,
    params: &[required(
        "id",
        ParamKind::Uuid,
        "the ID of the Physical network",
    )],
    response_object: "",
    response_fields: &[field(
        "success",
        "boolean",
        "true if operation is executed successfully",
    )],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    physical::delete(&state.db, &caller, &args.required("id")?).await?;
    Ok(Reply::success())
}
