//! `configureVirtualRouterElement` (async): enables or disables a VirtualRouter element.

use super::{ELEMENT_FIELDS, element_responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::network::providers;

pub static DEF: CommandDef = CommandDef {
    name: "configureVirtualRouterElement",
    description: "Configures a virtual router element.",
    since: "",
    is_async: true,
    roles: Roles::ADMIN,
    params: &[
        required(
            "id",
            ParamKind::Uuid,
            "the ID of the virtual router provider",
        ),
        required(
            "enabled",
            ParamKind::Boolean,
            "Enabled/Disabled the service provider",
        ),
    ],
    response_object: "virtualrouterelement",
    response_fields: ELEMENT_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let view = providers::configure_element(
        &state.db,
        &caller,
        &args.required("id")?,
        args.flag("enabled"),
    )
    .await?;
    let response = element_responses(&state.db, &[view])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("element vanished".into()))?;
    Reply::object("virtualrouterelement", &response)
}
