//! `recoverVirtualMachine` (sync): a destroyed VM comes back Stopped.

use super::{VM_FIELDS, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::vms::{self, lifecycle};

pub static DEF: CommandDef = CommandDef {
    name: "recoverVirtualMachine",
    description: "Recovers a virtual machine.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[required(
        "id",
        ParamKind::Uuid,
        "The ID of the virtual machine",
    )],
    response_object: "virtualmachine",
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
            "Only admins may recover a VM (allow.user.expunge.recover.vm is false)",
        ));
    }
    let vm = lifecycle::recover(&state.db, &caller, vm).await?;
    reply_one(&state, &caller, vm).await
}
