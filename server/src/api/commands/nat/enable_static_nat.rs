//! `enableStaticNat` (sync): every port of a public address goes to a VM of the same account and zone.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::accounts::SUCCESS_FIELDS;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::network::{public_ips, rules};
use crate::engine::vms;

pub static DEF: CommandDef = CommandDef {
    name: "enableStaticNat",
    description: "Enables static NAT for given IP address",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required(
            "ipaddressid",
            ParamKind::Uuid,
            "the public IP address ID for which static NAT feature is being enabled",
        ),
        required(
            "virtualmachineid",
            ParamKind::Uuid,
            "the ID of the virtual machine for enabling static NAT feature",
        ),
    ],
    response_object: "success",
    response_fields: SUCCESS_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let ip = public_ips::find_for(
        &state.db,
        &caller,
        &args.required("ipaddressid")?,
        "ipaddressid",
    )
    .await?;
    let vm = vms::find_for(
        &state.db,
        &caller,
        &args.required("virtualmachineid")?,
        "virtualmachineid",
    )
    .await?;
    rules::enable_static_nat(&state.db, &caller, ip, vm).await?;
    Ok(Reply::success())
}
