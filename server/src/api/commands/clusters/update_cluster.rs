//! `updateCluster`: name, allocation state and overcommit ratios.

use super::{CLUSTER_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::infra::clusters;

pub static DEF: CommandDef = CommandDef {
    name: "updateCluster",
    description: "Updates an existing cluster",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("id", ParamKind::Uuid, "the ID of the Cluster"),
        optional("clustername", ParamKind::String, "the cluster name"),
        optional(
            "allocationstate",
            ParamKind::String,
            "Allocation state of this cluster for allocation of new resources",
        ),
        optional(
            "cpuovercommitratio",
            ParamKind::String,
            "value of the cpu overcommit ratio, defaults to 1",
        ),
        optional(
            "memoryovercommitratio",
            ParamKind::String,
            "value of the default memory overcommit ratio, defaults to 1",
        ),
    ],
    response_object: "cluster",
    response_fields: CLUSTER_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

fn ratio(args: &Args, name: &str) -> Result<Option<f64>, ApiError> {
    args.string(name)
        .map(|v| {
            v.parse::<f64>()
                .map_err(|_| ApiError::invalid_param("updateCluster", name, &v))
        })
        .transpose()
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let cluster = clusters::update(
        &state.db,
        &caller,
        &args.required("id")?,
        args.string("clustername"),
        args.string("allocationstate"),
        ratio(&args, "cpuovercommitratio")?,
        ratio(&args, "memoryovercommitratio")?,
    )
    .await?;
    // The cluster's overcommit ratios are settings.
    state.db.forget_cached();
    let response = responses(&state.db, &[cluster])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("cluster vanished".into()))?;
    Reply::object("cluster", &response)
}
