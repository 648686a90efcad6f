//! `updateStoragePool`: name, tags, capacity, and enabling or disabling a pool.

use super::{STORAGE_POOL_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::storage::pools::{self, PoolUpdate};

pub static DEF: CommandDef = CommandDef {
    name: "updateStoragePool",
    description: "Updates a storage pool.",
    since: "3.0.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("id", ParamKind::Uuid, "the Id of the storage pool"),
        optional(
            "name",
            ParamKind::String,
            "Change the name of the storage pool",
        ),
        optional(
            "tags",
            ParamKind::List,
            "comma-separated list of tags for the storage pool",
        ),
        optional(
            "capacitybytes",
            ParamKind::Long,
            "bytes CloudStack can provision from this storage pool",
        ),
        optional(
            "enabled",
            ParamKind::Boolean,
            "false to disable the pool for allocation of new volumes, true to enable it back",
        ),
    ],
    response_object: "storagepool",
    response_fields: STORAGE_POOL_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let update = PoolUpdate {
        name: args.string("name"),
        // `tags=` (empty) clears the tags, as CloudStack does.
        tags: args.sent("tags").map(|_| args.list("tags")),
        capacity_bytes: args.integer("capacitybytes"),
        enabled: args.boolean("enabled"),
    };
    let pool = pools::update(&state.db, &caller, &args.required("id")?, update).await?;
    let response = responses(&state.db, &[pool])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("storage pool vanished".into()))?;
    Reply::object("storagepool", &response)
}
