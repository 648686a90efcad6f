//! `deleteIso` (async): removes an ISO's copy in one zone, or everywhere, and its files.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::field;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::templates::{ImageKind, images};

pub static DEF: CommandDef = CommandDef {
    name: "deleteIso",
    description: "Deletes an ISO file.",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "the ID of the ISO file"),
        optional(
            "zoneid",
            ParamKind::Uuid,
            "the ID of the zone of the ISO file; without it the ISO goes from every zone",
        ),
        optional(
            "forced",
            ParamKind::Boolean,
            "Force delete an ISO even while virtual machines use it.",
        ),
    ],
    response_object: "",
    response_fields: &[field(
        "success",
        "boolean",
        "true if operation is executed successfully",
    )],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    images::delete(
        &state.db,
        &caller,
        ImageKind::Iso,
        &args.required("id")?,
        args.string("zoneid").as_deref(),
        args.flag("forced"),
    )
    .await?;
    Ok(Reply::success())
}
