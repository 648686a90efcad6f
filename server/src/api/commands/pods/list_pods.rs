//! `listPods`: pods, by zone, name or state.

use super::{POD_FIELDS, with_zones};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::capacity;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::capacity::CapacityQuery;
use crate::engine::infra::pods::{self, PodFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listPods",
    description: "Lists all Pods.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional("id", ParamKind::Uuid, "list Pods by ID"),
        optional("name", ParamKind::String, "list Pods by name"),
        optional("zoneid", ParamKind::Uuid, "list Pods by Zone ID"),
        optional(
            "allocationstate",
            ParamKind::String,
            "list pods by allocation state",
        ),
        optional(
            "showcapacities",
            ParamKind::Boolean,
            "flag to display the capacity of the pods",
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
    response_object: "pod",
    response_fields: POD_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let filter = PodFilter {
        id: args.string("id"),
        name: args.string("name"),
        zone_id: args.string("zoneid"),
        allocation_state: args.string("allocationstate"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, pods) = pods::list(&state.db, &filter).await?;
    let places: Vec<(i64, i64)> = pods.iter().map(|p| (p.zone_id, p.id)).collect();
    let mut items = with_zones(&state.db, pods).await?;
    if args.flag("showcapacities") {
        for (item, (zone_id, pod_id)) in items.iter_mut().zip(places) {
            let query = CapacityQuery {
                zone_id: Some(zone_id),
                pod_id: Some(pod_id),
                ..Default::default()
            };
            item.capacity = Some(capacity::embedded(&state.db, query).await?);
        }
    }
    Reply::list("pod", count, &items)
}
