//! `resetSSHKeyForVirtualMachine` (async): a stopped VM gets other key pairs of the account.

use super::owner;
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::vms::{VM_FIELDS, reply_one};
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::vms::{self, keypairs};

pub static DEF: CommandDef = CommandDef {
    name: "resetSSHKeyForVirtualMachine",
    description: "Resets the SSH Key for virtual machine. The virtual machine must be in a \"Stopped\" state. [async]",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "The ID of the virtual machine"),
        optional(
            "keypair",
            ParamKind::String,
            "name of the ssh key pair used to login to the virtual machine",
        ),
        optional(
            "keypairs",
            ParamKind::List,
            "names of the ssh key pairs to be used to login to the virtual machine",
        ),
        optional(
            "account",
            ParamKind::String,
            "an optional account for the ssh key. Must be used with domainId.",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "an optional domainId for the virtual machine. If the account parameter is used, domainId must also be used.",
        ),
        optional(
            "projectid",
            ParamKind::Uuid,
            "an optional project for the ssh key (projects are not supported; ignored)",
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
    let owner = owner(&state.db, &caller, &args).await?;
    let vm = vms::find_for(&state.db, &caller, &args.required("id")?, "id").await?;
    // `keypairs` (4.17+) and the older `keypair` add up, as in CloudStack.
    let mut names = args.list("keypairs");
    let param = if names.is_empty() {
        "keypair"
    } else {
        "keypairs"
    };
    names.extend(args.string("keypair"));
    let vm = keypairs::reset_for_vm(&state.db, &caller, &owner, vm, &names, param).await?;
    reply_one(&state, &caller, vm).await
}
