//! `destroySystemVm` (async): stops and removes a secondary-storage VM or console proxy.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::systemvms;
use serde_json::json;

pub static DEF: CommandDef = CommandDef {
    name: "destroySystemVm",
    description: "Destroys a system virtual machine.",
    since: "",
    is_async: true,
    roles: Roles::ADMIN,
    params: &[required(
        "id",
        ParamKind::Uuid,
        "The ID of the system virtual machine",
    )],
    response_object: "systemvm",
    response_fields: &[
        FieldDef {
            name: "id",
            kind: "string",
            description: "the ID of the system VM",
        },
        FieldDef {
            name: "name",
            kind: "string",
            description: "the name of the system VM",
        },
        FieldDef {
            name: "state",
            kind: "string",
            description: "the state of the system VM",
        },
    ],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let gone =
        systemvms::destroy(&state.db, &state.drivers, &caller, &args.required("id")?).await?;
    Reply::object(
        "systemvm",
        &json!({ "id": gone.uuid, "name": gone.name, "state": gone.state }),
    )
}
