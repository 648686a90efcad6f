//! `createStoragePool`: primary storage for a cluster or a whole zone (NFS, local path, SharedMountPoint, PreSetup).

use super::{STORAGE_POOL_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::storage::pools::{self, NewPool};

pub static DEF: CommandDef = CommandDef {
    name: "createStoragePool",
    description: "Creates a storage pool.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("name", ParamKind::String, "the name for the storage pool"),
        required(
            "url",
            ParamKind::String,
            "the URL of the storage pool: nfs://server/path, /path or file:///path, SharedMountPoint://host/path, presetup://host/path",
        ),
        required(
            "zoneid",
            ParamKind::Uuid,
            "the Zone ID for the storage pool",
        ),
        optional("podid", ParamKind::Uuid, "the Pod ID for the storage pool"),
        optional(
            "clusterid",
            ParamKind::Uuid,
            "the cluster ID for the storage pool",
        ),
        optional(
            "scope",
            ParamKind::String,
            "the scope of the storage: cluster or zone",
        ),
        optional(
            "hypervisor",
            ParamKind::String,
            "hypervisor type of the hosts in zone that will be attached to this storage pool. KVM, Simulator or Any; required for zone scope",
        ),
        optional("tags", ParamKind::List, "the tags for the storage pool"),
        optional(
            "provider",
            ParamKind::String,
            "the storage provider name (DefaultPrimary)",
        ),
        optional(
            "capacitybytes",
            ParamKind::Long,
            "bytes CloudStack can provision from this storage pool",
        ),
        optional(
            "capacityiops",
            ParamKind::Long,
            "IOPS CloudStack can provision from this storage pool",
        ),
        optional(
            "details",
            ParamKind::Map,
            "the details for the storage pool",
        ),
        optional(
            "managed",
            ParamKind::Boolean,
            "whether the storage should be managed by CloudStack",
        ),
        optional(
            "istagarule",
            ParamKind::Boolean,
            "whether the informed tag is a JS interpretable rule or not",
        ),
    ],
    response_object: "storagepool",
    response_fields: STORAGE_POOL_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let new = NewPool {
        name: args.required("name")?,
        url: args.required("url")?,
        zone_uuid: args.required("zoneid")?,
        pod_uuid: args.string("podid"),
        cluster_uuid: args.string("clusterid"),
        scope: args.string("scope"),
        hypervisor: args.string("hypervisor"),
        tags: args.list("tags"),
        provider: args.string("provider"),
        capacity_bytes: args.integer("capacitybytes"),
        details: args.map("details"),
        managed: args.flag("managed"),
    };
    let pool = pools::create(&state.db, &caller, new).await?;
    let response = responses(&state.db, &[pool])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("storage pool vanished".into()))?;
    Reply::object("storagepool", &response)
}
