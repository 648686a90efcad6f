//! `stopVirtualMachine` (async): Running → Stopped; the host keeps the capacity reserved for a while.

use super::{VM_FIELDS, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::vms::{self, lifecycle};

pub static DEF: CommandDef = CommandDef {
    name: "stopVirtualMachine",
    description: "Stops a virtual machine.",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "The ID of the virtual machine"),
        optional(
            "forced",
            ParamKind::Boolean,
            "Force stop the VM (vm is marked as Stopped even when command fails to be send to the backend, otherwise a force poweroff is attempted).",
        ),
    ],
    response_object: "virtualmachine",
    response_fields: VM_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let vm = vms::find_for(&state.db, &caller, &args.required("id")?, "id").await?;
    let vm = lifecycle::stop(&state.db, &state.drivers, &caller, vm, args.flag("forced")).await?;
    reply_one(&state, &caller, vm).await
}
