//! `attachVolume` (async): a data volume joins a VM, placed on a pool the VM reaches once the VM has storage.

use super::{VOLUME_FIELDS, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::vms::{self, volumes};

pub static DEF: CommandDef = CommandDef {
    name: "attachVolume",
    description: "Attaches a disk volume to a virtual machine.",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "the ID of the disk volume"),
        required(
            "virtualmachineid",
            ParamKind::Uuid,
            "the ID of the virtual machine",
        ),
        optional(
            "deviceid",
            ParamKind::Long,
            "The ID of the device to map the volume to the guest OS (1 and up; default: the lowest free one).",
        ),
    ],
    response_object: "volume",
    response_fields: VOLUME_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let volume = volumes::find_for(&state.db, &caller, &args.required("id")?, "id").await?;
    let vm = vms::find_for(
        &state.db,
        &caller,
        &args.required("virtualmachineid")?,
        "virtualmachineid",
    )
    .await?;
    let volume = volumes::attach(&state.db, &caller, volume, vm, args.integer("deviceid")).await?;
    reply_one(&state, &caller, volume).await
}
