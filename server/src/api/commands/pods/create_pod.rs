//! `createPod`: a pod in a zone with its reserved system IP range.

use super::{POD_FIELDS, with_zones};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::infra::pods::{self, PodFields};

pub static DEF: CommandDef = CommandDef {
    name: "createPod",
    description: "Creates a new Pod.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("name", ParamKind::String, "the name of the Pod"),
        required(
            "zoneid",
            ParamKind::Uuid,
            "the Zone ID in which the Pod will be created",
        ),
        required("gateway", ParamKind::String, "the gateway for the Pod"),
        required("netmask", ParamKind::String, "the netmask for the Pod"),
        required(
            "startip",
            ParamKind::String,
            "the starting IP address for the Pod",
        ),
        optional(
            "endip",
            ParamKind::String,
            "the ending IP address for the Pod",
        ),
        optional(
            "allocationstate",
            ParamKind::String,
            "Allocation state of this Pod for allocation of new resources",
        ),
    ],
    response_object: "pod",
    response_fields: POD_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let fields = PodFields {
        name: args.string("name"),
        gateway: args.string("gateway"),
        netmask: args.string("netmask"),
        start_ip: args.string("startip"),
        end_ip: args.string("endip"),
        allocation_state: args.string("allocationstate"),
    };
    let pod = pods::create(&state.db, &caller, &args.required("zoneid")?, fields).await?;
    let response = with_zones(&state.db, vec![pod])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("pod vanished".into()))?;
    Reply::object("pod", &response)
}
