//! `deleteFirewallRule` (async): removes an ingress firewall rule.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::accounts::SUCCESS_FIELDS;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::network::rules;

pub static DEF: CommandDef = CommandDef {
    name: "deleteFirewallRule",
    description: "Deletes a firewall rule",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[required(
        "id",
        ParamKind::Uuid,
        "the ID of the firewall rule",
    )],
    response_object: "success",
    response_fields: SUCCESS_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let rule = rules::find_for(
        &state.db,
        &caller,
        &args.required("id")?,
        rules::FIREWALL,
        "id",
    )
    .await?;
    rules::delete_firewall(&state.db, &caller, rule).await?;
    Ok(Reply::success())
}
