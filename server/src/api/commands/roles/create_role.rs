//! `createRole`: a new role of a type, or a copy of an existing role and its rules.

use super::{ROLE_FIELDS, ROLE_TYPE_DESCRIPTION, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::accounts::roles::{self, NewRole};

pub static DEF: CommandDef = CommandDef {
    name: "createRole",
    description: "Creates a role",
    since: "4.9.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required(
            "name",
            ParamKind::String,
            "Creates a role with this unique name",
        ),
        optional("type", ParamKind::String, ROLE_TYPE_DESCRIPTION),
        optional(
            "roleid",
            ParamKind::Uuid,
            "ID of the role to be cloned from. Either roleid or type must be passed in",
        ),
        optional(
            "description",
            ParamKind::String,
            "The description of the role",
        ),
    ],
    response_object: "role",
    response_fields: ROLE_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let new = NewRole {
        name: args.required("name")?,
        role_type: args.string("type"),
        clone_from: args.string("roleid"),
        description: args.string("description"),
    };
    let created = roles::create(&state.db, &caller, new).await?;
    state.db.forget_cached();
    Reply::object("role", &to_response(&created))
}
