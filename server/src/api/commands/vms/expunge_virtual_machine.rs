//! `expungeVirtualMachine` (async): a destroyed VM gives back its addresses and volumes and disappears.

use super::VM_FIELDS;
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::vms::{self, lifecycle};

pub static DEF: CommandDef = CommandDef {
    name: "expungeVirtualMachine",
    description: "Expunge a virtual machine. Once expunged, it cannot be recovered.",
    since: "4.2.1",
    is_async: true,
    roles: Roles::ALL,
    params: &[required(
        "id",
        ParamKind::Uuid,
        "The ID of the virtual machine",
    )],
    response_object: "success",
    response_fields: VM_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let vm = vms::find_for(&state.db, &caller, &args.required("id")?, "id").await?;
    if !caller.is_root_admin() && !vms::user_may_expunge(&state.db, &caller).await? {
        return Err(ApiError::param(
            "Only admins may expunge a VM (allow.user.expunge.recover.vm is false)",
        ));
    }
    if !matches!(vm.state.as_str(), "Destroyed" | "Error" | "Expunging") {
        return Err(EngineError::InvalidState(format!(
            "VM {} is {}: destroy it before expunging",
            vm.uuid, vm.state
        ))
        .into());
    }
    lifecycle::expunge(&state.db, &caller, vm).await?;
    Ok(Reply::success())
}
