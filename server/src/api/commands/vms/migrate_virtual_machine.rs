//! `migrateVirtualMachine` (async): a running VM moves to another host of its cluster, capacity checked.

use super::{VM_FIELDS, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::vms::{self, lifecycle};

pub static DEF: CommandDef = CommandDef {
    name: "migrateVirtualMachine",
    description: "Attempts Migration of a VM to a different host or Root volume of the vm to a different storage pool",
    since: "",
    is_async: true,
    roles: Roles::ADMIN,
    params: &[
        required(
            "virtualmachineid",
            ParamKind::Uuid,
            "the ID of the virtual machine",
        ),
        optional(
            "hostid",
            ParamKind::Uuid,
            "Destination Host ID to migrate VM to; chosen by the scheduler when absent",
        ),
        optional(
            "autoselect",
            ParamKind::Boolean,
            "Automatically select a destination host which do not require storage migration, if hostId and storageId are not specified. false by default",
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
    let vm = vms::find_for(
        &state.db,
        &caller,
        &args.required("virtualmachineid")?,
        "virtualmachineid",
    )
    .await?;
    let target = match args.string("hostid") {
        Some(uuid) => Some(
            crate::engine::infra::hosts::find(&state.db, &uuid)
                .await
                .map_err(|_| {
                    ApiError::param(format!(
                        "Invalid parameter hostid: unable to find host {uuid}"
                    ))
                })?,
        ),
        None => None,
    };
    let vm = lifecycle::migrate(&state.db, &state.drivers, &caller, vm, target).await?;
    reply_one(&state, &caller, vm).await
}
