//! `listSSHKeyPairs`: the key pairs the caller may see.

use super::{KEYPAIR_FIELDS, response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::events::{PAGE_PARAMS, SCOPE_PARAMS, list_scope};
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::accounts::scope;
use crate::engine::vms::keypairs;

pub static DEF: CommandDef = CommandDef {
    name: "listSSHKeyPairs",
    description: "List registered keypairs",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("name", ParamKind::String, "A key pair name to look for"),
        optional(
            "fingerprint",
            ParamKind::String,
            "A public key fingerprint to look for",
        ),
        SCOPE_PARAMS[0],
        SCOPE_PARAMS[1],
        SCOPE_PARAMS[2],
        SCOPE_PARAMS[3],
        PAGE_PARAMS[0],
        PAGE_PARAMS[1],
    ],
    response_object: "sshkeypair",
    response_fields: KEYPAIR_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let accounts = scope::permitted_accounts(&state.db, &caller, &list_scope(&args)).await?;
    let (count, rows) = keypairs::list(
        &state.db,
        accounts,
        args.string("name"),
        args.string("fingerprint"),
        args.paging()?,
    )
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for pair in rows {
        out.push(response(&state.db, pair).await?);
    }
    Reply::list("sshkeypair", count, &out)
}
