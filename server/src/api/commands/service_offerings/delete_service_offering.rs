//! `deleteServiceOffering`: removes an offering from new use.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::offerings;

pub static DEF: CommandDef = CommandDef {
    name: "deleteServiceOffering",
    description: "Deletes a service offering.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[required(
        "id",
        ParamKind::Uuid,
        "the ID of the service offering",
    )],
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
    offerings::delete_service(&state.db, &caller, &args.required("id")?).await?;
    Ok(Reply::success())
}
