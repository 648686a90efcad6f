//! `listStoragePools`: primary storage by zone, pod, cluster, scope or state.

use super::{STORAGE_POOL_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::infra::{clusters, pods, zones};
use crate::engine::storage::pools::{self, PoolFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listStoragePools",
    description: "Lists storage pools.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional("id", ParamKind::Uuid, "the ID of the storage pool"),
        optional("name", ParamKind::String, "the name of the storage pool"),
        optional(
            "zoneid",
            ParamKind::Uuid,
            "the Zone ID for the storage pool",
        ),
        optional("podid", ParamKind::Uuid, "the Pod ID for the storage pool"),
        optional(
            "clusterid",
            ParamKind::Uuid,
            "list storage pools belongig to the specific cluster",
        ),
        optional(
            "scope",
            ParamKind::String,
            "the scope of the storage pool: CLUSTER or ZONE",
        ),
        optional(
            "ipaddress",
            ParamKind::String,
            "the IP address for the storage pool",
        ),
        optional("path", ParamKind::String, "the storage pool path"),
        optional(
            "status",
            ParamKind::String,
            "the status of the storage pool",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        optional(
            "page",
            ParamKind::Integer,
            "the page number of the result set",
        ),
        optional(
            "pagesize",
            ParamKind::Integer,
            "the number of items per page",
        ),
    ],
    response_object: "storagepool",
    response_fields: STORAGE_POOL_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let zone_id = match args.string("zoneid") {
        Some(z) => Some(zones::find(&state.db, &z).await?.id),
        None => None,
    };
    let pod_id = match args.string("podid") {
        Some(p) => Some(pods::find(&state.db, &p).await?.id),
        None => None,
    };
    let cluster_id = match args.string("clusterid") {
        Some(c) => Some(clusters::find(&state.db, &c).await?.id),
        None => None,
    };
    let filter = PoolFilter {
        id: args.string("id"),
        name: args.string("name"),
        zone_id,
        pod_id,
        cluster_id,
        scope: args.string("scope"),
        ip_address: args.string("ipaddress"),
        path: args.string("path"),
        state: args.string("status"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, found) = pools::list(&state.db, &filter).await?;
    Reply::list("storagepool", count, &responses(&state.db, &found).await?)
}
