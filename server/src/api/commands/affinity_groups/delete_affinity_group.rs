//! `deleteAffinityGroup` (async): by id, or by name in the caller's (or the given) account; refused while VMs use it.

use super::AFFINITY_GROUP_FIELDS;
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::accounts::account_mgmt::{self, AccountRef};
use crate::engine::vms::affinity;

pub static DEF: CommandDef = CommandDef {
    name: "deleteAffinityGroup",
    description: "Deletes affinity group",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        optional(
            "id",
            ParamKind::Uuid,
            "The ID of the affinity group. Mutually exclusive with name parameter",
        ),
        optional(
            "name",
            ParamKind::String,
            "The name of the affinity group. Mutually exclusive with ID parameter",
        ),
        optional(
            "account",
            ParamKind::String,
            "the account of the affinity group. Must be specified with domain ID",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "the domain ID of account owning the affinity group",
        ),
    ],
    response_object: "success",
    response_fields: AFFINITY_GROUP_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let id = args.string("id");
    let name = args.string("name");
    if id.is_some() && name.is_some() {
        return Err(ApiError::param(
            "Invalid parameter name: cannot be combined with id",
        ));
    }
    let owner_id = match args.string("account") {
        Some(account) => {
            account_mgmt::find_for(
                &state.db,
                &caller,
                &AccountRef::Name {
                    name: account,
                    domain_id: args.string("domainid"),
                },
            )
            .await?
            .0
            .id
        }
        None => caller.account_id,
    };
    let param = if id.is_some() { "id" } else { "name" };
    let group = affinity::find(
        &state.db,
        &caller,
        owner_id,
        id.as_deref(),
        name.as_deref(),
        param,
    )
    .await?;
    affinity::delete(&state.db, &caller, &group).await?;
    Ok(Reply::success())
}
