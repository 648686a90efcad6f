//! `deleteRole`: removes a role no account uses; default roles stay.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::accounts::roles;

pub static DEF: CommandDef = CommandDef {
    name: "deleteRole",
    description: "Deletes a role",
    since: "4.9.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[required("id", ParamKind::Uuid, "ID of the role")],
    response_object: "",
    response_fields: super::SUCCESS_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    roles::delete(&state.db, &caller, &args.required("id")?).await?;
    state.db.forget_cached();
    Ok(Reply::success())
}
