//! `lockUser`: sets a user's state to locked.

use super::{USER_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::accounts::users;

pub static DEF: CommandDef = CommandDef {
    name: "lockUser",
    description: "Locks a user account",
    since: "",
    is_async: false,
    roles: Roles::ADMINS,
    params: &[required("id", ParamKind::Uuid, "the ID of the user")],
    response_object: "user",
    response_fields: USER_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let view = users::set_state(&state.db, &caller, &args.required("id")?, "locked").await?;
    Reply::object("user", &to_response(&view, &caller))
}
