//! `resizeVolume` (async): a new size or disk offering; a placed volume's growth is claimed on its pool.

use super::{VOLUME_FIELDS, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::vms::volumes;

pub static DEF: CommandDef = CommandDef {
    name: "resizeVolume",
    description: "Resizes a volume",
    since: "4.2.0",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "the ID of the disk volume"),
        optional(
            "size",
            ParamKind::Long,
            "New volume size in GiB (customised disk offerings and ROOT volumes)",
        ),
        optional("diskofferingid", ParamKind::Uuid, "new disk offering id"),
        optional("shrinkok", ParamKind::Boolean, "Verify OK to Shrink"),
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
    let request = volumes::ResizeRequest {
        size_gb: args.integer("size"),
        disk_offering_id: args.string("diskofferingid"),
        shrink_ok: args.flag("shrinkok"),
    };
    let volume = volumes::resize(&state.db, &caller, volume, &request).await?;
    reply_one(&state, &caller, volume).await
}
