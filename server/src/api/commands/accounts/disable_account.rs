//! `disableAccount`: disables an account, or locks it when `lock=true`.

use super::{ACCOUNT_FIELDS, account_ref, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::accounts::account_mgmt::{self, DISABLED, LOCKED};

pub static DEF: CommandDef = CommandDef {
    name: "disableAccount",
    description: "Disables an account",
    since: "",
    is_async: true,
    roles: Roles::ADMINS,
    params: &[
        optional("id", ParamKind::Uuid, "Account id"),
        optional("account", ParamKind::String, "Disables specified account."),
        optional(
            "domainid",
            ParamKind::Uuid,
            "Disables specified account in this domain.",
        ),
        required(
            "lock",
            ParamKind::Boolean,
            "If true, only lock the account; else disable the account",
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
    let target = if args.flag("lock") { LOCKED } else { DISABLED };
    let view = account_mgmt::set_state(&state.db, &caller, &account_ref(&args)?, target).await?;
    Reply::object("account", &to_response(&view, &caller))
}
