//! `detachVolume` (async): a data volume leaves its VM, named by id or by virtualmachineid + deviceid.

use super::{VOLUME_FIELDS, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::vms::volumes;

pub static DEF: CommandDef = CommandDef {
    name: "detachVolume",
    description: "Detaches a disk volume from a virtual machine.",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "the ID of the disk volume"),
        optional(
            "deviceid",
            ParamKind::Long,
            "the device ID on the virtual machine where volume is detached from",
        ),
        optional(
            "virtualmachineid",
            ParamKind::Uuid,
            "the ID of the virtual machine where the volume is detached from",
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
    let db = &state.db;
    let volume = match (
        args.string("id"),
        args.string("virtualmachineid"),
        args.integer("deviceid"),
    ) {
        (Some(id), None, None) => volumes::find_for(db, &caller, &id, "id").await?,
        (None, Some(vm), Some(device)) => volumes::find_at_device(db, &caller, &vm, device).await?,
        (None, None, None) => {
            return Err(ApiError::param(
                "Invalid parameter id: give either id, or virtualmachineid and deviceid",
            ));
        }
        (None, Some(_), None) => {
            return Err(ApiError::param(
                "Invalid parameter deviceid: required with virtualmachineid when id is not given",
            ));
        }
        (None, None, Some(_)) => {
            return Err(ApiError::param(
                "Invalid parameter virtualmachineid: required with deviceid when id is not given",
            ));
        }
        (Some(_), _, _) => {
            return Err(ApiError::param(
                "Invalid parameter id: give either id, or virtualmachineid and deviceid, not both",
            ));
        }
    };
    let volume = volumes::detach(db, &caller, volume).await?;
    reply_one(&state, &caller, volume).await
}
