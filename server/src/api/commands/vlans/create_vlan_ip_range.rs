//! `createVlanIpRange`: an IP range for a pod's guests (basic zone) or a public range.

use super::{VLAN_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::network::vlans::{self, RangeFields};

pub static DEF: CommandDef = CommandDef {
    name: "createVlanIpRange",
    description: "Creates a VLAN IP range.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional(
            "zoneid",
            ParamKind::Uuid,
            "the Zone ID of the VLAN IP range",
        ),
        optional(
            "podid",
            ParamKind::Uuid,
            "optional parameter. Have to be specified for Direct Untagged vlan only.",
        ),
        optional("networkid", ParamKind::Uuid, "the network id"),
        optional(
            "physicalnetworkid",
            ParamKind::Uuid,
            "the physical network id",
        ),
        optional(
            "gateway",
            ParamKind::String,
            "the gateway of the VLAN IP range",
        ),
        optional(
            "netmask",
            ParamKind::String,
            "the netmask of the VLAN IP range",
        ),
        optional(
            "startip",
            ParamKind::String,
            "the beginning IP address in the VLAN IP range",
        ),
        optional(
            "endip",
            ParamKind::String,
            "the ending IP address in the VLAN IP range",
        ),
        optional(
            "vlan",
            ParamKind::String,
            "the ID or VID of the VLAN. If not specified, will be defaulted to the vlan of the network or if vlan of the network is null - to Untagged",
        ),
        optional(
            "forvirtualnetwork",
            ParamKind::Boolean,
            "true if VLAN is of Virtual type, false if Direct",
        ),
        optional(
            "forsystemvms",
            ParamKind::Boolean,
            "true if IP range is set to system vms, false if not",
        ),
    ],
    response_object: "vlan",
    response_fields: VLAN_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let fields = RangeFields {
        zone_id: args.string("zoneid"),
        pod_id: args.string("podid"),
        network_id: args.string("networkid"),
        physical_network_id: args.string("physicalnetworkid"),
        gateway: args.string("gateway"),
        netmask: args.string("netmask"),
        start_ip: args.string("startip"),
        end_ip: args.string("endip"),
        vlan: args.string("vlan"),
        // CloudStack's default is true: basic-zone guest ranges must say false.
        for_virtual_network: args.boolean("forvirtualnetwork").unwrap_or(true),
        for_system_vms: args.flag("forsystemvms"),
    };
    let created = vlans::create(&state.db, &caller, fields).await?;
    let view = vlans::views(&state.db, vec![created])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("range vanished".into()))?;
    Reply::object("vlan", &to_response(&view))
}
