//! `deleteAccount`: removes an account and its users.

use super::SUCCESS_FIELDS;
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::accounts::account_mgmt;

pub static DEF: CommandDef = CommandDef {
    name: "deleteAccount",
    description: "Deletes a account, and all users associated with this account",
    since: "",
    is_async: true,
    roles: Roles::ADMINS,
    params: &[required("id", ParamKind::Uuid, "Account id")],
    response_object: "",
    response_fields: SUCCESS_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    account_mgmt::delete(&state.db, &caller, &args.required("id")?).await?;
    Ok(Reply::success())
}
