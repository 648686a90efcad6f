//! `enableStorageMaintenance` (async): puts a primary storage pool into maintenance.

use super::{STORAGE_POOL_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::storage::pools;

pub static DEF: CommandDef = CommandDef {
    name: "enableStorageMaintenance",
    description: "Puts storage pool into maintenance state",
    since: "",
    is_async: true,
    roles: Roles::ADMIN,
    params: &[required("id", ParamKind::Uuid, "Primary storage ID")],
    response_object: "storagepool",
    response_fields: STORAGE_POOL_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let pool = pools::enter_maintenance(&state.db, &caller, &args.required("id")?).await?;
    let response = responses(&state.db, &[pool])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("storage pool vanished".into()))?;
    Reply::object("storagepool", &response)
}
