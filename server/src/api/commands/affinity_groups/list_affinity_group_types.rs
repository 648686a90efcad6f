//! `listAffinityGroupTypes`: the group types the scheduler understands.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::field;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, Roles};
use crate::api::reply::Reply;
use crate::engine::vms::affinity::TYPES;
use serde::Serialize;

pub static DEF: CommandDef = CommandDef {
    name: "listAffinityGroupTypes",
    description: "Lists affinity group types available",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[],
    response_object: "affinityGroupType",
    response_fields: TYPE_FIELDS,
    exec: Exec::Run(handler),
};

const TYPE_FIELDS: &[FieldDef] = &[field("type", "string", "the type of the affinity group")];

#[derive(Serialize)]
struct TypeResponse {
    #[serde(rename = "type")]
    group_type: &'static str,
}

fn handler(_state: AppState, _caller: Caller, _args: Args) -> CommandFuture {
    Box::pin(async move {
        let types: Vec<TypeResponse> = TYPES
            .iter()
            .map(|(name, _, _)| TypeResponse { group_type: name })
            .collect();
        Reply::list("affinityGroupType", types.len() as u64, &types)
    })
}
