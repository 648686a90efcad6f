//! `addCluster`: a cluster of one hypervisor type in a pod (answered as a list, as CloudStack does).

use super::{CLUSTER_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::infra::clusters::{self, NewCluster};

pub static DEF: CommandDef = CommandDef {
    name: "addCluster",
    description: "Adds a new cluster",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("clustername", ParamKind::String, "the cluster name"),
        required("zoneid", ParamKind::Uuid, "the Zone ID for the cluster"),
        required("podid", ParamKind::Uuid, "the Pod ID for the host"),
        required(
            "hypervisor",
            ParamKind::String,
            "hypervisor type of the cluster: Simulator, KVM",
        ),
        required(
            "clustertype",
            ParamKind::String,
            "type of the cluster: CloudManaged, ExternalManaged",
        ),
        optional(
            "allocationstate",
            ParamKind::String,
            "Allocation state of this cluster for allocation of new resources",
        ),
        optional(
            "arch",
            ParamKind::String,
            "the CPU arch of the cluster. Valid options are: x86_64, aarch64",
        ),
        optional("url", ParamKind::String, "the URL (used by VMware only)"),
        optional(
            "username",
            ParamKind::String,
            "the username for the cluster (VMware only)",
        ),
        optional(
            "password",
            ParamKind::String,
            "the password for the host (VMware only)",
        ),
    ],
    response_object: "cluster",
    response_fields: CLUSTER_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let new = NewCluster {
        name: args.required("clustername")?,
        zone_uuid: args.required("zoneid")?,
        pod_uuid: args.required("podid")?,
        hypervisor: args.required("hypervisor")?,
        cluster_type: args.string("clustertype"),
        allocation_state: args.string("allocationstate"),
        arch: args.string("arch"),
    };
    let cluster = clusters::create(&state.db, &caller, new).await?;
    // The cluster's overcommit ratios are settings.
    state.db.forget_cached();
    Reply::list("cluster", 1, &responses(&state.db, &[cluster]).await?)
}
