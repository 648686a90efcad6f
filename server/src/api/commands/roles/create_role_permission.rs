//! `createRolePermission`: appends an allow/deny rule to the end of a role's rule order.

use super::{PERMISSION_FIELDS, permission_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::accounts::roles;

pub static DEF: CommandDef = CommandDef {
    name: "createRolePermission",
    description: "Adds an API permission to a role",
    since: "4.9.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("roleid", ParamKind::Uuid, "ID of the role"),
        required(
            "rule",
            ParamKind::String,
            "The API name or wildcard rule such as list*",
        ),
        required(
            "permission",
            ParamKind::String,
            "The rule permission, allow or deny. Default: deny.",
        ),
        optional(
            "description",
            ParamKind::String,
            "The description of the role permission",
        ),
    ],
    response_object: "rolepermission",
    response_fields: PERMISSION_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let view = roles::create_permission(
        &state.db,
        &caller,
        &args.required("roleid")?,
        &args.required("rule")?,
        &args.required("permission")?,
        args.string("description"),
    )
    .await?;
    state.db.forget_cached();
    Reply::object("rolepermission", &permission_response(&view))
}
