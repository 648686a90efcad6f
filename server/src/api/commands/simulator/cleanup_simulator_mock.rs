//! `cleanupSimulatorMock`: removes a mock.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;

pub static DEF: CommandDef = CommandDef {
    name: "cleanupSimulatorMock",
    description: "cleanup simulator mock",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[required("id", ParamKind::Long, "id of the configured mock")],
    response_object: "",
    response_fields: &[FieldDef {
        name: "success",
        kind: "boolean",
        description: "true if operation is executed successfully",
    }],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let id = args.integer("id").unwrap_or_default();
    let removed = u64::try_from(id).is_ok_and(|id| state.drivers.simulator.cleanup(id));
    if !removed {
        return Err(EngineError::NotFound {
            what: format!("simulator mock with id {id}"),
        }
        .into());
    }
    Ok(Reply::success())
}
