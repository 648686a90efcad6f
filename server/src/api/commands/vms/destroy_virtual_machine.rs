//! `destroyVirtualMachine` (async): stops the VM and marks it Destroyed (recoverable until expunged), or expunges it.

use super::{VM_FIELDS, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::vms::{self, lifecycle};

pub static DEF: CommandDef = CommandDef {
    name: "destroyVirtualMachine",
    description: "Destroys a virtual machine.",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "The ID of the virtual machine"),
        optional(
            "expunge",
            ParamKind::Boolean,
            "If true is passed, the vm is expunged immediately. False by default.",
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
    let expunge = args.flag("expunge");
    if expunge && !caller.is_root_admin() && !vms::user_may_expunge(&state.db, &caller).await? {
        return Err(ApiError::param(
            "Invalid parameter expunge: only admins may expunge a VM at destroy (allow.user.expunge.recover.vm is false)",
        ));
    }
    let vm = lifecycle::destroy(&state.db, &state.drivers, &caller, vm, expunge).await?;
    reply_one(&state, &caller, vm).await
}
