//! `scaleVirtualMachine` (async): a stopped VM gets another service offering (or custom sizes).

use super::{VM_FIELDS, change_service_for_virtual_machine::change, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;

pub static DEF: CommandDef = CommandDef {
    name: "scaleVirtualMachine",
    description: "Scales the virtual machine to a new service offering. This command also considers the volume size in the service offering or disk offering linked to the new service offering and apply all characteristics to the root volume.",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "The ID of the virtual machine"),
        required(
            "serviceofferingid",
            ParamKind::Uuid,
            "the ID of the service offering for the virtual machine",
        ),
        optional(
            "details",
            ParamKind::Map,
            "name value pairs of custom parameters for cpu,memory and cpunumber. example details[i].name=value",
        ),
    ],
    response_object: "virtualmachine",
    response_fields: VM_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let vm = change(&state, &caller, &args).await?;
    reply_one(&state, &caller, vm).await
}
