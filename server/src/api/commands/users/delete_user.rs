//! `deleteUser`: removes a user.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::accounts::SUCCESS_FIELDS;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::accounts::users;

pub static DEF: CommandDef = CommandDef {
    name: "deleteUser",
    description: "Deletes a user for an account",
    since: "",
    is_async: false,
    roles: Roles::ADMINS,
    params: &[required(
        "id",
        ParamKind::Uuid,
        "id of the user to be deleted",
    )],
    response_object: "",
    response_fields: SUCCESS_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    users::delete(&state.db, &caller, &args.required("id")?).await?;
    Ok(Reply::success())
}
