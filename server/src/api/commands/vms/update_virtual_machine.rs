//! `updateVirtualMachine` (sync): display name, group, HA flag, user data, display flag.

use super::{VM_FIELDS, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::vms::{self, lifecycle};

pub static DEF: CommandDef = CommandDef {
    name: "updateVirtualMachine",
    description: "Updates properties of a virtual machine.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "The ID of the virtual machine"),
        optional("displayname", ParamKind::String, "user generated name"),
        optional("group", ParamKind::String, "group of the virtual machine"),
        optional(
            "haenable",
            ParamKind::Boolean,
            "true if high-availability is enabled for the virtual machine, false otherwise",
        ),
        optional(
            "userdata",
            ParamKind::String,
            "an optional binary data that can be sent to the virtual machine upon a successful deployment, base64 encoded",
        ),
        optional(
            "displayvm",
            ParamKind::Boolean,
            "an optional field, whether to the display the vm to the end user or not.",
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
    let vm = vms::find_for(&state.db, &caller, &args.required("id")?, "id").await?;
    let update = lifecycle::VmUpdate {
        display_name: args.string("displayname"),
        group: args.sent("group"),
        ha_enabled: args.boolean("haenable"),
        user_data: args.string("userdata"),
        display_vm: args.boolean("displayvm"),
    };
    let vm = lifecycle::update(&state.db, &caller, vm, update).await?;
    reply_one(&state, &caller, vm).await
}
