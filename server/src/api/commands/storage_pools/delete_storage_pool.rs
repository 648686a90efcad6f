//! `deleteStoragePool`: removes a primary storage pool.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{
    CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, optional, required,
};
use crate::api::reply::Reply;
use crate::engine::storage::pools;

pub static DEF: CommandDef = CommandDef {
    name: "deleteStoragePool",
    description: "Deletes a storage pool.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("id", ParamKind::Uuid, "Storage pool id"),
        optional(
            "forced",
            ParamKind::Boolean,
            "Force destroy storage pool (force expunge volumes in Destroyed state as a part of pool removal)",
        ),
    ],
    response_object: "",
    response_fields: &[FieldDef {
        name: "success",
        kind: "boolean",
        description: "true if operation is executed successfully",
    }],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    pools::delete(
        &state.db,
        &caller,
        &args.required("id")?,
        args.flag("forced"),
    )
    .await?;
    Ok(Reply::success())
}
