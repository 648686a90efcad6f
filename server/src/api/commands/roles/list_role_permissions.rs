//! `listRolePermissions`: a role's permission rules in evaluation order (or every role's).

use super::{PERMISSION_FIELDS, permission_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::accounts::roles;

pub static DEF: CommandDef = CommandDef {
    name: "listRolePermissions",
    description: "Lists role permissions",
    since: "4.9.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[optional("roleid", ParamKind::Uuid, "ID of the role")],
    response_object: "rolepermission",
    response_fields: PERMISSION_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, _caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let views = roles::list_permissions(&state.db, args.string("roleid").as_deref()).await?;
    let items: Vec<_> = views.iter().map(permission_response).collect();
    Reply::list("rolepermission", items.len() as u64, &items)
}
