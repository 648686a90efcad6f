//! `listHypervisors`: the hypervisors Nimbus drives, or those of a zone's clusters.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::infra::{clusters, zones};
use crate::hypervisor::Hypervisor;
use serde_json::json;

pub static DEF: CommandDef = CommandDef {
    name: "listHypervisors",
    description: "List hypervisors",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[optional(
        "zoneid",
        ParamKind::Uuid,
        "the zone id for listing hypervisors.",
    )],
    response_object: "hypervisor",
    response_fields: &[FieldDef {
        name: "name",
        kind: "string",
        description: "Hypervisor name",
    }],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let names: Vec<String> = match args.string("zoneid") {
        Some(z) => {
            let zone = zones::find(&state.db, &z).await?;
            let filter = clusters::ClusterFilter {
                zone_id: Some(zone.id),
                page: None,
                ..Default::default()
            };
            let mut found: Vec<String> = clusters::list(&state.db, &filter)
                .await?
                .1
                .into_iter()
                .map(|c| c.hypervisor)
                .collect();
            found.sort();
            found.dedup();
            found
        }
        None => [Hypervisor::Simulator, Hypervisor::Kvm]
            .iter()
            .map(|h| h.as_str().to_string())
            .collect(),
    };
    let items: Vec<_> = names.iter().map(|n| json!({ "name": n })).collect();
    Reply::list("hypervisor", items.len() as u64, &items)
}
