//! `disassociateIpAddress` (async): releases a public address with its rules and static NAT.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::accounts::SUCCESS_FIELDS;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::network::public_ips;

pub static DEF: CommandDef = CommandDef {
    name: "disassociateIpAddress",
    description: "Disassociates an IP address from the account.",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        optional(
            "id",
            ParamKind::Uuid,
            "the ID of the public IP address to disassociate. Mutually exclusive with the ipaddress parameter",
        ),
        optional(
            "ipaddress",
            ParamKind::String,
            "IP Address to be disassociated. Mutually exclusive with the id parameter",
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
    let ip = match (args.string("id"), args.string("ipaddress")) {
        (Some(_), Some(_)) => {
            return Err(ApiError::param(
                "Invalid parameter id: id parameter is mutually exclusive with ipaddress parameter",
            ));
        }
        (Some(id), None) => public_ips::find_for(&state.db, &caller, &id, "id").await?,
        (None, Some(address)) => {
            public_ips::find_by_address_for(&state.db, &caller, &address).await?
        }
        (None, None) => {
            return Err(ApiError::param(
                "Invalid parameter id: Please specify either IP address or IP address ID",
            ));
        }
    };
    public_ips::disassociate(&state.db, &caller, ip).await?;
    Ok(Reply::success())
}
