//! `enableAccount`: sets an account's state to enabled.

use super::{ACCOUNT_FIELDS, account_ref, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::accounts::account_mgmt::{self, ENABLED};

pub static DEF: CommandDef = CommandDef {
    name: "enableAccount",
    description: "Enables an account",
    since: "",
    is_async: false,
    roles: Roles::ADMINS,
    params: &[
        optional("id", ParamKind::Uuid, "Account id"),
        optional("account", ParamKind::String, "Enables specified account."),
        optional(
            "domainid",
            ParamKind::Uuid,
            "Enables specified account in this domain.",
        ),
    ],
    response_object: "account",
    response_fields: ACCOUNT_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let view = account_mgmt::set_state(&state.db, &caller, &account_ref(&args)?, ENABLED).await?;
    Reply::object("account", &to_response(&view, &caller))
}
