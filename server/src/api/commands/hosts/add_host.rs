//! `addHost`: discovers a host through its hypervisor driver and connects it (answered as a list).

use super::{HOST_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::infra::hosts::{self, NewHost};

pub static DEF: CommandDef = CommandDef {
    name: "addHost",
    description: "Adds a new host.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("zoneid", ParamKind::Uuid, "the Zone ID for the host"),
        required("podid", ParamKind::Uuid, "the Pod ID for the host"),
        required("url", ParamKind::String, "the host URL"),
        required(
            "hypervisor",
            ParamKind::String,
            "hypervisor type of the host",
        ),
        optional("clusterid", ParamKind::Uuid, "the cluster ID for the host"),
        optional(
            "clustername",
            ParamKind::String,
            "the cluster name for the host",
        ),
        optional(
            "username",
            ParamKind::String,
            "the username for the host; required to be passed for hypervisors other than VMware",
        ),
        optional(
            "password",
            ParamKind::String,
            "the password for the host; required to be passed for hypervisors other than VMware",
        ),
        optional(
            "hosttags",
            ParamKind::List,
            "list of tags to be added to the host",
        ),
        optional(
            "allocationstate",
            ParamKind::String,
            "Allocation state of this Host for allocation of new resources",
        ),
    ],
    response_object: "host",
    response_fields: HOST_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let new = NewHost {
        zone_uuid: args.required("zoneid")?,
        pod_uuid: args.required("podid")?,
        cluster_uuid: args.string("clusterid"),
        cluster_name: args.string("clustername"),
        hypervisor: args.required("hypervisor")?,
        url: args.required("url")?,
        tags: args.list("hosttags"),
        allocation_state: args.string("allocationstate"),
    };
    let host = hosts::add(
        &state.db,
        &state.drivers,
        &caller,
        new,
        chrono::Utc::now().naive_utc(),
    )
    .await?;
    Reply::list("host", 1, &responses(&state.db, &[host]).await?)
}
