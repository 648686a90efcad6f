//! `listClusters`: clusters by zone, pod, hypervisor or state.

use super::{CLUSTER_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::capacity;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::capacity::CapacityQuery;
use crate::engine::infra::clusters::{self, ClusterFilter};
use crate::engine::infra::{pods, zones};

pub static DEF: CommandDef = CommandDef {
    name: "listClusters",
    description: "Lists clusters.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional("id", ParamKind::Uuid, "lists clusters by the cluster ID"),
        optional(
            "name",
            ParamKind::String,
            "lists clusters by the cluster name",
        ),
        optional("zoneid", ParamKind::Uuid, "lists clusters by Zone ID"),
        optional("podid", ParamKind::Uuid, "lists clusters by Pod ID"),
        optional(
            "hypervisor",
            ParamKind::String,
            "lists clusters by hypervisor type",
        ),
        optional(
            "allocationstate",
            ParamKind::String,
            "lists clusters by allocation state",
        ),
        optional(
            "showcapacities",
            ParamKind::Boolean,
            "flag to display the capacity of the clusters",
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
    response_object: "cluster",
    response_fields: CLUSTER_FIELDS,
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
    let filter = ClusterFilter {
        id: args.string("id"),
        name: args.string("name"),
        zone_id,
        pod_id,
        hypervisor: args.string("hypervisor"),
        allocation_state: args.string("allocationstate"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, clusters) = clusters::list(&state.db, &filter).await?;
    let mut items = responses(&state.db, &clusters).await?;
    if args.flag("showcapacities") {
        for (item, c) in items.iter_mut().zip(&clusters) {
            let query = CapacityQuery {
                zone_id: Some(c.zone_id),
                pod_id: Some(c.pod_id),
                cluster_id: Some(c.id),
                kind: None,
            };
            item.capacity = Some(capacity::embedded(&state.db, query).await?);
        }
    }
    Reply::list("cluster", count, &items)
}
