//! `createAffinityGroup` (async): a host affinity or anti-affinity group (strict or non-strict) of an account.

use super::{AFFINITY_GROUP_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::accounts::account_mgmt;
use crate::engine::vms::affinity;

pub static DEF: CommandDef = CommandDef {
    name: "createAffinityGroup",
    description: "Creates an affinity/anti-affinity group",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required("name", ParamKind::String, "name of the affinity group"),
        required(
            "type",
            ParamKind::String,
            "Type of the affinity group from the available affinity/anti-affinity group types",
        ),
        optional(
            "description",
            ParamKind::String,
            "optional description of the affinity group",
        ),
        optional(
            "account",
            ParamKind::String,
            "an account for the affinity group. Must be used with domainId.",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "domainId of the account owning the affinity group",
        ),
    ],
    response_object: "affinitygroup",
    response_fields: AFFINITY_GROUP_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let owner = account_mgmt::acting_for(
        &state.db,
        &caller,
        args.string("account").as_deref(),
        args.string("domainid").as_deref(),
    )
    .await?;
    let group = affinity::create(
        &state.db,
        &caller,
        &owner,
        &args.required("name")?,
        &args.required("type")?,
        args.string("description"),
    )
    .await?;
    let response = responses(&state.db, vec![(group, Vec::new())])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("affinity group vanished".into()))?;
    Reply::object("affinitygroup", &response)
}
