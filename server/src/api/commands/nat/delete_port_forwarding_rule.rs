//! `deletePortForwardingRule` (async): removes a port forwarding rule and the firewall rule opened for it.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::accounts::SUCCESS_FIELDS;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::network::rules;

pub static DEF: CommandDef = CommandDef {
    name: "deletePortForwardingRule",
    description: "Deletes a port forwarding rule",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[required(
        "id",
        ParamKind::Uuid,
        "the ID of the port forwarding rule",
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
        rules::PORT_FORWARDING,
        "id",
    )
    .await?;
    rules::delete_port_forwarding(&state.db, &caller, rule).await?;
    Ok(Reply::success())
}
