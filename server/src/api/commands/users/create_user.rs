//! `createUser`: a new user in an existing account.

use super::{USER_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::accounts::users::{self, NewUser};

pub static DEF: CommandDef = CommandDef {
    name: "createUser",
    description: "Creates a user for an account that already exists",
    since: "",
    is_async: false,
    roles: Roles::ADMINS,
    params: &[
        required(
            "account",
            ParamKind::String,
            "Creates the user under the specified account. If no account is specified, the username will be used as the account name.",
        ),
        required("username", ParamKind::String, "Unique username."),
        required(
            "password",
            ParamKind::String,
            "Clear text password (Default hashed to SHA256SALT). If you wish to use any other hashing algorithm, you would need to write a custom authentication adapter See Docs section.",
        ),
        required("firstname", ParamKind::String, "firstname"),
        required("lastname", ParamKind::String, "lastname"),
        optional("email", ParamKind::String, "email"),
        optional(
            "domainid",
            ParamKind::Uuid,
            "Creates the user under the specified domain. Has to be accompanied with the account parameter",
        ),
        optional(
            "timezone",
            ParamKind::String,
            "Specifies a timezone for this command. For more information on the timezone parameter, see Time Zone Format.",
        ),
    ],
    response_object: "user",
    response_fields: USER_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let new = NewUser {
        account_name: args.required("account")?,
        username: args.required("username")?,
        password: args.required("password")?,
        firstname: args.required("firstname")?,
        lastname: args.required("lastname")?,
        email: args.string("email"),
        domain_id: args.string("domainid"),
        timezone: args.string("timezone"),
    };
    let view = users::create(&state.db, &caller, &new).await?;
    Reply::object("user", &to_response(&view, &caller))
}
