//! `deleteVolume` (sync): a detached volume gives its pool space back and disappears.

use super::VOLUME_FIELDS;
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::vms::volumes;

pub static DEF: CommandDef = CommandDef {
    name: "deleteVolume",
    description: "Deletes a detached disk volume.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[required("id", ParamKind::Uuid, "The ID of the disk volume")],
    response_object: "success",
    response_fields: VOLUME_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let volume = volumes::find_for(&state.db, &caller, &args.required("id")?, "id").await?;
    volumes::delete(&state.db, &caller, volume).await?;
    Ok(Reply::success())
}
