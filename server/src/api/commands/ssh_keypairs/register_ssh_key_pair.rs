//! `registerSSHKeyPair` (sync): stores a public key under a name for the account.

use super::{KEYPAIR_FIELDS, owner, response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::vms::keypairs;

pub static DEF: CommandDef = CommandDef {
    name: "registerSSHKeyPair",
    description: "Register a public key in a keypair under a certain name",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required("name", ParamKind::String, "Name of the keypair"),
        required(
            "publickey",
            ParamKind::String,
            "Public key material of the keypair",
        ),
        optional(
            "account",
            ParamKind::String,
            "an optional account for the ssh key. Must be used with domainId.",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "an optional domainId for the ssh key. If the account parameter is used, domainId must also be used.",
        ),
    ],
    response_object: "keypair",
    response_fields: KEYPAIR_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let owner = owner(&state.db, &caller, &args).await?;
    let pair = keypairs::register(
        &state.db,
        &caller,
        &owner,
        &args.required("name")?,
        &args.required("publickey")?,
    )
    .await?;
    Reply::object("keypair", &response(&state.db, pair).await?)
}
