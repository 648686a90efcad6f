//! `createAccount`: a new account and its first user.

use super::{ACCOUNT_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::accounts::account_mgmt::{self, NewAccount};

pub static DEF: CommandDef = CommandDef {
    name: "createAccount",
    description: "Creates an account",
    since: "",
    is_async: false,
    roles: Roles::ADMINS,
    params: &[
        required("username", ParamKind::String, "Unique username."),
        required(
            "password",
            ParamKind::String,
            "Clear text password (Default hashed to SHA256SALT). If you wish to use any other hashing algorithm, you would need to write a custom authentication adapter See Docs section.",
        ),
        required("firstname", ParamKind::String, "firstname"),
        required("lastname", ParamKind::String, "lastname"),
        required("email", ParamKind::String, "email"),
        optional(
            "accounttype",
            ParamKind::Integer,
            "Type of the account.  Specify 0 for user, 1 for root admin, and 2 for domain admin",
        ),
        optional(
            "roleid",
            ParamKind::Uuid,
            "Creates the account under the specified role.",
        ),
        optional(
            "account",
            ParamKind::String,
            "Name of the account to be created. The user will be added to this newly created account. If no account is specified, the username will be used as the account name.",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "Creates the user under the specified domain.",
        ),
        optional(
            "timezone",
            ParamKind::String,
            "Specifies a timezone for this command. For more information on the timezone parameter, see Time Zone Format.",
        ),
        optional(
            "networkdomain",
            ParamKind::String,
            "Network domain for the account's networks",
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
    let account_type = args
        .integer("accounttype")
        .map(|t| {
            i16::try_from(t)
                .map_err(|_| ApiError::invalid_param(args.command(), "accounttype", &t.to_string()))
        })
        .transpose()?;
    let role_id = args.string("roleid");
    if account_type.is_none() && role_id.is_none() {
        return Err(ApiError::param(
            "Neither account type and role ID are not provided",
        ));
    }
    let new = NewAccount {
        username: args.required("username")?,
        password: args.required("password")?,
        firstname: args.required("firstname")?,
        lastname: args.required("lastname")?,
        email: Some(args.required("email")?),
        account_type,
        role_id,
        account_name: args.string("account"),
        domain_id: args.string("domainid"),
        timezone: args.string("timezone"),
        network_domain: args.string("networkdomain"),
    };
    let view = account_mgmt::create(&state.db, &caller, &new).await?;
    Reply::object("account", &to_response(&view, &caller))
}
