//! `deleteHost`: removes a host that is in maintenance, disabled or gone (or any host with `forced`).

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{
    CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, optional, required,
};
use crate::api::reply::Reply;
use crate::engine::infra::hosts;

pub static DEF: CommandDef = CommandDef {
    name: "deleteHost",
    description: "Deletes a host.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("id", ParamKind::Uuid, "the host ID"),
        optional(
            "forced",
            ParamKind::Boolean,
            "Force delete the host. All HA enabled vms running on the host will be put to HA; HA disabled ones will be stopped",
        ),
        optional(
            "forcedestroylocalstorage",
            ParamKind::Boolean,
            "Force destroy local storage on this host. All VMs created on this local storage will be destroyed",
        ),
    ],
    response_object: "",
    response_fields: &[FieldDef {
        name: "success",
        kind: "boolean",
        description: "true if operation is executed successfully",
    }],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    hosts::delete(
        &state.db,
        &caller,
        &args.required("id")?,
        args.flag("forced"),
    )
    .await?;
    Ok(Reply::success())
}
