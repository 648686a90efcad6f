//! `createServiceOffering`: a compute size, or a customised one (with optional bounds).

use super::{SERVICE_OFFERING_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::offerings::{self, NewServiceOffering};

pub static DEF: CommandDef = CommandDef {
    name: "createServiceOffering",
    description: "Creates a service offering.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required(
            "name",
            ParamKind::String,
            "the name of the service offering",
        ),
        optional(
            "displaytext",
            ParamKind::String,
            "The display text of the service offering, defaults to 'name'.",
        ),
        optional(
            "cpunumber",
            ParamKind::Integer,
            "the CPU number of the service offering",
        ),
        optional(
            "cpuspeed",
            ParamKind::Integer,
            "the CPU speed of the service offering in MHz.",
        ),
        optional(
            "memory",
            ParamKind::Integer,
            "the total memory of the service offering in MB",
        ),
        optional(
            "mincpunumber",
            ParamKind::Integer,
            "The minimum number of CPUs to be set with Custom Computer Offering",
        ),
        optional(
            "maxcpunumber",
            ParamKind::Integer,
            "The maximum number of CPUs to be set with Custom Computer Offering",
        ),
        optional(
            "minmemory",
            ParamKind::Integer,
            "The minimum memory size of the custom service offering in MB",
        ),
        optional(
            "maxmemory",
            ParamKind::Integer,
            "The maximum memory size of the custom service offering in MB",
        ),
        optional(
            "storagetype",
            ParamKind::String,
            "the storage type of the service offering. Values are local and shared.",
        ),
        optional(
            "offerha",
            ParamKind::Boolean,
            "the HA for the service offering",
        ),
        optional(
            "limitcpuuse",
            ParamKind::Boolean,
            "restrict the CPU usage to committed service offering",
        ),
        optional(
            "isvolatile",
            ParamKind::Boolean,
            "true if the virtual machine needs to be volatile so that on every reboot of VM, original root disk is dettached then destroyed and a fresh root disk is created and attached to VM",
        ),
        optional(
            "tags",
            ParamKind::List,
            "the tags for this service offering.",
        ),
        optional(
            "hosttags",
            ParamKind::List,
            "the host tag for this service offering.",
        ),
        optional(
            "deploymentplanner",
            ParamKind::String,
            "The deployment planner heuristics used to deploy a VM of this offering. If null, value of global config vm.deployment.planner is used",
        ),
        optional(
            "provisioningtype",
            ParamKind::String,
            "provisioning type used to create volumes. Valid values are thin, sparse, fat.",
        ),
    ],
    response_object: "serviceoffering",
    response_fields: SERVICE_OFFERING_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let new = NewServiceOffering {
        name: args.required("name")?,
        display_text: args.string("displaytext"),
        cpu_number: args.integer("cpunumber"),
        cpu_speed: args.integer("cpuspeed"),
        memory_mb: args.integer("memory"),
        min_cpu_number: args.integer("mincpunumber"),
        max_cpu_number: args.integer("maxcpunumber"),
        min_memory_mb: args.integer("minmemory"),
        max_memory_mb: args.integer("maxmemory"),
        storage_type: args.string("storagetype"),
        offer_ha: args.flag("offerha"),
        limit_cpu_use: args.flag("limitcpuuse"),
        is_volatile: args.flag("isvolatile"),
        storage_tags: args.list("tags"),
        host_tags: args.list("hosttags"),
        deployment_planner: args.string("deploymentplanner"),
        provisioning_type: args.string("provisioningtype"),
    };
    let created = offerings::create_service(&state.db, &caller, new).await?;
    Reply::object("serviceoffering", &to_response(&created))
}
