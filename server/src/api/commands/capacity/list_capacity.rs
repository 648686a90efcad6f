//! `listCapacity`: CPU, memory and storage capacity summed per zone, pod or cluster.

use super::{CAPACITY_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::capacity::{self, CapacityQuery};
use crate::engine::infra::{clusters, pods, zones};

pub static DEF: CommandDef = CommandDef {
    name: "listCapacity",
    description: "Lists all the system wide capacities.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional("zoneid", ParamKind::Uuid, "lists capacity by the Zone ID"),
        optional("podid", ParamKind::Uuid, "lists capacity by the Pod ID"),
        optional(
            "clusterid",
            ParamKind::Uuid,
            "lists capacity by the Cluster ID",
        ),
        optional(
            "type",
            ParamKind::Integer,
            "lists capacity by type* CAPACITY_TYPE_MEMORY = 0* CAPACITY_TYPE_CPU = 1* CAPACITY_TYPE_STORAGE = 2* CAPACITY_TYPE_STORAGE_ALLOCATED = 3* CAPACITY_TYPE_SECONDARY_STORAGE = 6",
        ),
        optional(
            "fetchlatest",
            ParamKind::Boolean,
            "recalculate capacities and fetch the latest (capacities are always computed afresh)",
        ),
        optional(
            "sortby",
            ParamKind::String,
            "Sort the results. Available values: Usage",
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
    response_object: "capacity",
    response_fields: CAPACITY_FIELDS,
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
    let kind = match args.integer("type") {
        Some(t) => Some(
            i16::try_from(t)
                .ok()
                .filter(|t| capacity::type_name(*t) != "UNKNOWN")
                .ok_or_else(|| ApiError::invalid_param(DEF.name, "type", &t.to_string()))?,
        ),
        None => None,
    };
    let by_usage = match args.string("sortby") {
        Some(s) if s.eq_ignore_ascii_case("usage") => true,
        Some(s) => return Err(ApiError::invalid_param(DEF.name, "sortby", &s)),
        None => false,
    };
    let query = CapacityQuery {
        zone_id,
        pod_id,
        cluster_id,
        kind,
    };
    let mut rows = capacity::list(&state.db, &query).await?;
    if by_usage {
        rows.sort_by(|a, b| b.percent_used().total_cmp(&a.percent_used()));
    }
    let count = rows.len() as u64;
    let (offset, limit) = args.paging()?.unwrap_or((0, u64::MAX));
    let items: Vec<_> = rows
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(to_response)
        .collect();
    Reply::list("capacity", count, &items)
}
