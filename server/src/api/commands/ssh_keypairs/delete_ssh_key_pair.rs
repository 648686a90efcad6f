//! `deleteSSHKeyPair` (sync): removes a named key pair of the account.

use super::{KEYPAIR_FIELDS, owner};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::vms::keypairs;

pub static DEF: CommandDef = CommandDef {
    name: "deleteSSHKeyPair",
    description: "Deletes a keypair by name",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required("name", ParamKind::String, "Name of the keypair"),
        optional(
            "account",
            ParamKind::String,
            "the account associated with the keypair. Must be used with the domainId parameter.",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "the domain ID associated with the keypair",
        ),
    ],
    response_object: "success",
    response_fields: KEYPAIR_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let owner = owner(&state.db, &caller, &args).await?;
    keypairs::delete(&state.db, &caller, owner.id, &args.required("name")?).await?;
    Ok(Reply::success())
}
