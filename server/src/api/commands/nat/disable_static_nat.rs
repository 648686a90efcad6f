//! `disableStaticNat` (async): ends a public address's static NAT (and its firewall rules, as CloudStack does).

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::accounts::SUCCESS_FIELDS;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::network::{public_ips, rules};

pub static DEF: CommandDef = CommandDef {
    name: "disableStaticNat",
    description: "Disables static rule for given IP address",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[required(
        "ipaddressid",
        ParamKind::Uuid,
        "the public IP address ID for which static NAT feature is being disabled",
    )],
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
    rules::disable_static_nat(&state.db, &caller, ip).await?;
    Ok(Reply::success())
}
