//! `updateRole`: renames, retypes or redescribes a role that is not a default one.

use super::{ROLE_FIELDS, ROLE_TYPE_DESCRIPTION, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::accounts::roles::{self, RoleChanges};

pub static DEF: CommandDef = CommandDef {
    name: "updateRole",
    description: "Updates a role",
    since: "4.9.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("id", ParamKind::Uuid, "ID of the role"),
        optional(
            "name",
            ParamKind::String,
            "creates a role with this unique name",
        ),
        optional("type", ParamKind::String, ROLE_TYPE_DESCRIPTION),
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
    let changes = RoleChanges {
        name: args.string("name"),
        role_type: args.string("type"),
        description: args.string("description"),
    };
    let updated = roles::update(&state.db, &caller, &args.required("id")?, changes).await?;
    state.db.forget_cached();
    Reply::object("role", &to_response(&updated))
}
