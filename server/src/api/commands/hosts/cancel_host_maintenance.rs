//! `cancelHostMaintenance` (async): takes a host out of maintenance (resource state Enabled).

use super::{HOST_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::infra::host_maintenance;

pub static DEF: CommandDef = CommandDef {
    name: "cancelHostMaintenance",
    description: "Cancels host maintenance.",
    since: "",
    is_async: true,
    roles: Roles::ADMIN,
    params: &[required("id", ParamKind::Uuid, "the host ID")],
    response_object: "host",
    response_fields: HOST_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let host = host_maintenance::cancel(&state.db, &caller, &args.required("id")?).await?;
    let response = responses(&state.db, &[host])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("host vanished".into()))?;
    Reply::object("host", &response)
}
