//! `updateAccount`: renames an account, changes its network domain or its role (same role type).

use super::{ACCOUNT_FIELDS, account_ref, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::accounts::account_mgmt::{self, AccountUpdate};

pub static DEF: CommandDef = CommandDef {
    name: "updateAccount",
    description: "Updates account information for the authenticated user",
    since: "",
    is_async: false,
    roles: Roles::ADMINS,
    params: &[
        optional("id", ParamKind::Uuid, "Account UUID"),
        optional("account", ParamKind::String, "Current account name"),
        optional(
            "domainid",
            ParamKind::Uuid,
            "The UUID of the domain where the account exists",
        ),
        optional("newname", ParamKind::String, "New name for the account"),
        optional(
            "networkdomain",
            ParamKind::String,
            "Network domain for the account's networks; empty string will update domainName with NULL value",
        ),
        optional(
            "roleid",
            ParamKind::Uuid,
            "The UUID of the dynamic role to set for the account",
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
    let update = AccountUpdate {
        target: account_ref(&args)?,
        new_name: args.string("newname"),
        network_domain: args.sent("networkdomain"),
        role_id: args.string("roleid"),
    };
    let view = account_mgmt::update(&state.db, &caller, &update).await?;
    Reply::object("account", &to_response(&view, &caller))
}
