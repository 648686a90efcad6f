//! `createNetwork`: a guest network from an offering (a basic zone's one shared network).

use super::{NETWORK_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::network::guest::{self, NetworkFields};

pub static DEF: CommandDef = CommandDef {
    name: "createNetwork",
    description: "Creates a network",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required("name", ParamKind::String, "the name of the network"),
        required(
            "displaytext",
            ParamKind::String,
            "the display text of the network",
        ),
        required(
            "networkofferingid",
            ParamKind::Uuid,
            "the network offering ID",
        ),
        required("zoneid", ParamKind::Uuid, "the zone ID for the network"),
        optional(
            "physicalnetworkid",
            ParamKind::Uuid,
            "the physical network ID the network belongs to",
        ),
        optional(
            "gateway",
            ParamKind::String,
            "the gateway of the network. Required for shared networks and isolated networks when it belongs to VPC",
        ),
        optional(
            "netmask",
            ParamKind::String,
            "the netmask of the network. Required for shared networks and isolated networks when it belongs to VPC",
        ),
        optional(
            "startip",
            ParamKind::String,
            "the beginning IP address in the network IP range",
        ),
        optional(
            "endip",
            ParamKind::String,
            "the ending IP address in the network IP range. If not specified, will be defaulted to startIP",
        ),
        optional("vlan", ParamKind::String, "the ID or VID of the network"),
    ],
    response_object: "network",
    response_fields: NETWORK_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let fields = NetworkFields {
        name: args.required("name")?,
        display_text: args.required("displaytext")?,
        network_offering_id: args.required("networkofferingid")?,
        physical_network_id: args.string("physicalnetworkid"),
        gateway: args.string("gateway"),
        netmask: args.string("netmask"),
        start_ip: args.string("startip"),
        end_ip: args.string("endip"),
        vlan: args.string("vlan"),
    };
    let created = guest::create(&state.db, &caller, &args.required("zoneid")?, fields).await?;
    let view = guest::views(&state.db, vec![created])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("network vanished".into()))?;
    Reply::object("network", &to_response(&view))
}
