//! `startVirtualMachine` (async): a stopped VM placed again (its last host first) and started.

use super::{VM_FIELDS, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::vms::{self, lifecycle};

pub static DEF: CommandDef = CommandDef {
    name: "startVirtualMachine",
    description: "Starts a virtual machine.",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "The ID of the virtual machine"),
        optional(
            "hostid",
            ParamKind::Uuid,
            "destination Host ID to deploy the VM to - parameter available for root admin only",
        ),
        optional(
            "clusterid",
            ParamKind::Uuid,
            "destination Cluster ID to deploy the VM to - parameter available for root admin only",
        ),
        optional(
            "podid",
            ParamKind::Uuid,
            "destination Pod ID to deploy the VM to - parameter available for root admin only",
        ),
    ],
    response_object: "virtualmachine",
    response_fields: VM_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let vm = vms::find_for(&state.db, &caller, &args.required("id")?, "id").await?;
    let pins = vms::deploy::pins(
        &state.db,
        &vms::deploy::DeployRequest {
            pod_id: args.string("podid"),
            cluster_id: args.string("clusterid"),
            host_id: args.string("hostid"),
            ..Default::default()
        },
        vm.zone_id,
    )
    .await?;
    if (pins.host_id.is_some() || pins.cluster_id.is_some() || pins.pod_id.is_some())
        && !caller.is_root_admin()
    {
        return Err(ApiError::param(
            "Only root admins may choose the host, cluster or pod (hostid, clusterid, podid)",
        ));
    }
    let vm = lifecycle::start(
        &state.db,
        &state.drivers,
        &state.snapshots,
        &caller,
        vm,
        pins,
    )
    .await?;
    reply_one(&state, &caller, vm).await
}
