//! `listHosts`: hosts by placement, type, status, resource state or hypervisor.

use super::{HOST_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::infra::hosts::{self, HostFilter};
use crate::engine::infra::{clusters, pods, zones};

pub static DEF: CommandDef = CommandDef {
    name: "listHosts",
    description: "Lists hosts.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional("id", ParamKind::Uuid, "the id of the host"),
        optional("name", ParamKind::String, "the name of the host"),
        optional("zoneid", ParamKind::Uuid, "the Zone ID for the host"),
        optional("podid", ParamKind::Uuid, "the Pod ID for the host"),
        optional(
            "clusterid",
            ParamKind::Uuid,
            "lists hosts existing in particular cluster",
        ),
        optional("type", ParamKind::String, "the host type"),
        optional("state", ParamKind::String, "the state of the host"),
        optional(
            "resourcestate",
            ParamKind::String,
            "list hosts by resource state. Resource state represents current state determined by admin of host, value can be one of [Enabled, Disabled, Unmanaged, PrepareForMaintenance, ErrorInMaintenance, Maintenance, Error]",
        ),
        optional(
            "hypervisor",
            ParamKind::String,
            "hypervisor type of host: KVM,Simulator",
        ),
        optional(
            "details",
            ParamKind::List,
            "comma separated list of host details requested, value can be a list of [ min, all, capacity, events, stats]",
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
    response_object: "host",
    response_fields: HOST_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let zone_id = match args.string("zoneid") {
        Some(v) => Some(zones::find(&state.db, &v).await?.id),
        None => None,
    };
    let pod_id = match args.string("podid") {
        Some(v) => Some(pods::find(&state.db, &v).await?.id),
        None => None,
    };
    let cluster_id = match args.string("clusterid") {
        Some(v) => Some(clusters::find(&state.db, &v).await?.id),
        None => None,
    };
    let filter = HostFilter {
        id: args.string("id"),
        name: args.string("name"),
        zone_id,
        pod_id,
        cluster_id,
        host_type: args.string("type"),
        status: args.string("state"),
        resource_state: args.string("resourcestate"),
        hypervisor: args.string("hypervisor"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, hosts) = hosts::list(&state.db, &filter).await?;
    Reply::list("host", count, &responses(&state.db, &hosts).await?)
}
