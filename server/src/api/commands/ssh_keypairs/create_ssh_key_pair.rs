//! `createSSHKeyPair` (sync): generates an RSA key pair, stores its public half and answers the private key once.

use super::{KEYPAIR_FIELDS, owner, response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::field;
use crate::api::error::ApiError;
use crate::api::registry::{
    CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, optional, required,
};
use crate::api::reply::Reply;
use crate::engine::vms::keypairs;
use serde::Serialize;

pub static DEF: CommandDef = CommandDef {
    name: "createSSHKeyPair",
    description: "Create a new keypair and returns the private key",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required("name", ParamKind::String, "Name of the keypair"),
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
        optional(
            "projectid",
            ParamKind::Uuid,
            "an optional project for the ssh key (projects are not supported; ignored)",
        ),
    ],
    response_object: "keypair",
    response_fields: CREATED_FIELDS,
    exec: Exec::Run(handler),
};

const CREATED_FIELDS: &[FieldDef] = &[
    KEYPAIR_FIELDS[0],
    KEYPAIR_FIELDS[1],
    KEYPAIR_FIELDS[2],
    KEYPAIR_FIELDS[3],
    KEYPAIR_FIELDS[4],
    KEYPAIR_FIELDS[5],
    field("privatekey", "string", "Private key"),
];

/// The `keypair` object with the private key, which this answer is the only place to see.
#[derive(Serialize)]
struct CreatedKeyPair {
    #[serde(flatten)]
    pair: super::KeyPairResponse,
    privatekey: String,
}

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let owner = owner(&state.db, &caller, &args).await?;
    let (pair, privatekey) = keypairs::create(&state.db, &owner, &args.required("name")?).await?;
    Reply::object(
        "keypair",
        &CreatedKeyPair {
            pair: response(&state.db, pair).await?,
            privatekey,
        },
    )
}
