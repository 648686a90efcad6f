//! `lockAccount`: sets an account's state to locked.

use super::{ACCOUNT_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::accounts::account_mgmt::{self, AccountRef, LOCKED};

pub static DEF: CommandDef = CommandDef {
    name: "lockAccount",
    description: "This deprecated function used to locks an account. Look for the API DisableAccount instead",
    since: "",
    is_async: false,
    roles: Roles::ADMINS,
    params: &[
        required("account", ParamKind::String, "Locks the specified account."),
        required(
            "domainid",
            ParamKind::Uuid,
            "Locks the specified account on this domain.",
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
    let target = AccountRef::Name {
        name: args.required("account")?,
        domain_id: Some(args.required("domainid")?),
    };
    let view = account_mgmt::set_state(&state.db, &caller, &target, LOCKED).await?;
    Reply::object("account", &to_response(&view, &caller))
}
