//! `querySimulatorMock`: a mock's scope, remaining count and hits.

use super::{MOCK_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;

pub static DEF: CommandDef = CommandDef {
    name: "querySimulatorMock",
    description: "query simulator mock",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[required("id", ParamKind::Long, "id of the configured mock")],
    response_object: "mock",
    response_fields: MOCK_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let id = args.integer("id").unwrap_or_default();
    let mock = u64::try_from(id)
        .ok()
        .and_then(|id| state.drivers.simulator.query(id))
        .ok_or_else(|| EngineError::NotFound {
            what: format!("simulator mock with id {id}"),
        })?;
    Reply::object("mock", &to_response(&mock))
}
