//! `updateNetworkServiceProvider` (async): enable, disable or shut down a provider, or choose its services.

use super::{PROVIDER_FIELDS, provider_responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::network::providers;

pub static DEF: CommandDef = CommandDef {
    name: "updateNetworkServiceProvider",
    description: "Updates a network serviceProvider of a physical network",
    since: "3.0.0",
    is_async: true,
    roles: Roles::ADMIN,
    params: &[
        required("id", ParamKind::Uuid, "network service provider id"),
        optional(
            "state",
            ParamKind::String,
            "Enabled/Disabled/Shutdown the physical network service provider",
        ),
        optional(
            "servicelist",
            ParamKind::List,
            "the list of services to be enabled for this physical network service provider",
        ),
    ],
    response_object: "networkserviceprovider",
    response_fields: PROVIDER_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let row = providers::update(
        &state.db,
        &caller,
        &args.required("id")?,
        args.string("state").as_deref(),
        &args.list("servicelist"),
    )
    .await?;
    let response = provider_responses(&state.db, &[row])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("provider vanished".into()))?;
    Reply::object("networkserviceprovider", &response)
}
