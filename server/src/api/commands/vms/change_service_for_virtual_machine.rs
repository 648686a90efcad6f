//! `changeServiceForVirtualMachine` (sync): a stopped VM gets another service offering (or custom sizes).

use super::{VM_FIELDS, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::db::entity::vm_instance;
use crate::engine::vms::{self, deploy, lifecycle};

pub static DEF: CommandDef = CommandDef {
    name: "changeServiceForVirtualMachine",
    description: "Changes the service offering for a virtual machine. The virtual machine must be in a \"Stopped\" state for this command to take effect.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "The ID of the virtual machine"),
        required(
            "serviceofferingid",
            ParamKind::Uuid,
            "the service offering ID to apply to the virtual machine",
        ),
        optional(
            "details",
            ParamKind::Map,
            "name value pairs of custom parameters for cpu, memory and cpunumber. example details[i].name=value",
        ),
    ],
    response_object: "virtualmachine",
    response_fields: VM_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

/// Shared with scaleVirtualMachine: resolve the offering and sizes, then change a stopped VM.
pub async fn change(
    state: &AppState,
    caller: &Caller,
    args: &Args,
) -> Result<vm_instance::Model, ApiError> {
    let vm = vms::find_for(&state.db, caller, &args.required("id")?, "id").await?;
    let offering_uuid = args.required("serviceofferingid")?;
    let offering = crate::engine::offerings::find_service(&state.db, &offering_uuid)
        .await
        .ok()
        .filter(|o| !o.is_system)
        .ok_or_else(|| {
            ApiError::param(format!(
                "Invalid parameter serviceofferingid: unable to find service offering {offering_uuid}"
            ))
        })?;
    let mut custom = deploy::DeployRequest::default();
    for entry in args.map("details") {
        for (k, v) in entry {
            let number = v.trim().parse::<i64>().ok();
            match k.to_ascii_lowercase().as_str() {
                "cpunumber" => custom.custom_cpu_number = number,
                "cpuspeed" => custom.custom_cpu_speed = number,
                "memory" => custom.custom_memory_mb = number,
                _ => {}
            }
        }
    }
    let sizes = deploy::sizes(&offering, &custom)?;
    Ok(lifecycle::change_offering(&state.db, caller, vm, &offering, sizes).await?)
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let vm = change(&state, &caller, &args).await?;
    reply_one(&state, &caller, vm).await
}
