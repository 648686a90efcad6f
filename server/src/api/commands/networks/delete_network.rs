//! `deleteNetwork` (async): removes a network; its IP ranges block it unless forced.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::field;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::network::guest;

pub static DEF: CommandDef = CommandDef {
    name: "deleteNetwork",
    description: "Deletes a network",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "the ID of the network"),
        optional(
            "forced",
            ParamKind::Boolean,
            "Force delete a network. Network will be marked as 'Destroy' even when commands to shutdown and cleanup to the backend fails.",
        ),
    ],
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
    guest::delete(
        &state.db,
        &caller,
        &args.required("id")?,
        args.flag("forced"),
    )
    .await?;
    Ok(Reply::success())
}
