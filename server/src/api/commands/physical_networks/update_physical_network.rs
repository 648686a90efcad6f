//! `updatePhysicalNetwork` (async): enable or disable a physical network, change its VLANs, tags or speed.

use super::{PHYSICAL_NETWORK_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::network::physical::{self, PhysicalNetworkFields};

pub static DEF: CommandDef = CommandDef {
    name: "updatePhysicalNetwork",
    description: "Updates a physical network",
    since: "3.0.0",
    is_async: true,
    roles: Roles::ADMIN,
    params: &[
        required("id", ParamKind::Uuid, "physical network id"),
        optional("state", ParamKind::String, "Enabled/Disabled"),
        optional(
            "vlan",
            ParamKind::String,
            "the VLAN for the physical network",
        ),
        optional("tags", ParamKind::List, "Tag the physical network"),
        optional(
            "networkspeed",
            ParamKind::String,
            "the speed for the physical network[1G/10G]",
        ),
    ],
    response_object: "physicalnetwork",
    response_fields: PHYSICAL_NETWORK_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let fields = PhysicalNetworkFields {
        state: args.string("state"),
        vlan: args.string("vlan"),
        tags: args.list("tags"),
        speed: args.string("networkspeed"),
        ..Default::default()
    };
    let row = physical::update(&state.db, &caller, &args.required("id")?, fields).await?;
    let response = responses(&state.db, &[row])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("physical network vanished".into()))?;
    Reply::object("physicalnetwork", &response)
}
