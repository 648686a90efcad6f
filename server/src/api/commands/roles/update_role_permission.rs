//! `updateRolePermission`: a new order for a role's rules, or one rule's permission flipped.

use super::SUCCESS_FIELDS;
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::accounts::roles::{self, PermissionChange};

pub static DEF: CommandDef = CommandDef {
    name: "updateRolePermission",
    description: "Updates a role permission order",
    since: "4.9.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("roleid", ParamKind::Uuid, "ID of the role"),
        optional(
            "ruleorder",
            ParamKind::List,
            "The IDs of all of the role's permission rules, comma separated, in their new order",
        ),
        optional("ruleid", ParamKind::Uuid, "Role permission rule id"),
        optional(
            "permission",
            ParamKind::String,
            "Rule permission, can be: allow or deny",
        ),
    ],
    response_object: "",
    response_fields: SUCCESS_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let order = args.list("ruleorder");
    let change = match (args.string("ruleid"), args.string("permission")) {
        (None, None) if !order.is_empty() => PermissionChange::Reorder(order),
        (Some(rule_id), Some(permission)) if order.is_empty() => PermissionChange::Set {
            rule_id,
            permission,
        },
        (None, None) => {
            return Err(ApiError::param(
                "Either ruleorder, or ruleid and permission must be specified",
            ));
        }
        _ if !order.is_empty() => {
            return Err(ApiError::param(
                "Parameters permission and ruleid must be mentioned together, but ruleorder is mentioned",
            ));
        }
        _ => {
            return Err(ApiError::param(
                "Parameters permission and ruleid must be mentioned together",
            ));
        }
    };
    roles::update_permissions(&state.db, &caller, &args.required("roleid")?, change).await?;
    state.db.forget_cached();
    Ok(Reply::success())
}
