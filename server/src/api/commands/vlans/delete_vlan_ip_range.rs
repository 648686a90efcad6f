//! `deleteVlanIpRange`: removes an IP range.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::field;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::network::vlans;

pub static DEF: CommandDef = CommandDef {
    name: "deleteVlanIpRange",
    description: "Deletes a VLAN IP range.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[required(
        "id",
        ParamKind::Uuid,
        "the id of the VLAN IP range",
    )],
    response_object: "",
    response_fields: &[field(
        "success",
        "boolean",
        "true if operation is executed successfully",
    )],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    vlans::delete(&state.db, &caller, &args.required("id")?).await?;
    Ok(Reply::success())
}
