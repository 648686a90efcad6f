//! `updateUser`: names, email, timezone, username and password of a user.

use super::{USER_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::accounts::users::{self, UserUpdate};

pub static DEF: CommandDef = CommandDef {
    name: "updateUser",
    description: "Updates a user account",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "User uuid"),
        optional("username", ParamKind::String, "Unique username"),
        optional("firstname", ParamKind::String, "first name"),
        optional("lastname", ParamKind::String, "last name"),
        optional("email", ParamKind::String, "email"),
        optional(
            "timezone",
            ParamKind::String,
            "Specifies a timezone for this command. For more information on the timezone parameter, see Time Zone Format.",
        ),
        optional(
            "password",
            ParamKind::String,
            "Clear text password (default hashed to SHA256SALT). If you wish to use any other hashing algorithm, you would need to write a custom authentication adapter. Can't be passed when command is executed via integration.api.port",
        )
        .not_on_admin_port(),
        optional(
            "currentpassword",
            ParamKind::String,
            "Current password that was being used by the user. You must inform the current password when updating the password.",
        )
        .not_on_admin_port(),
    ],
    response_object: "user",
    response_fields: USER_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let update = UserUpdate {
        id: args.required("id")?,
        username: args.string("username"),
        firstname: args.string("firstname"),
        lastname: args.string("lastname"),
        email: args.string("email"),
        timezone: args.string("timezone"),
        password: args.string("password"),
        current_password: args.string("currentpassword"),
    };
    let view = users::update(&state.db, &caller, &update).await?;
    Reply::object("user", &to_response(&view, &caller))
}
