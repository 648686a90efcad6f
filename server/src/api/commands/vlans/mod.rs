//! VLAN IP range commands and the `vlan` / `vlaniprange` object.

pub mod create_vlan_ip_range;
pub mod delete_vlan_ip_range;
pub mod list_vlan_ip_ranges;

use super::field;
use crate::api::registry::{CommandDef, FieldDef};
use crate::engine::network::vlans::RangeView;
use app::model::network::VlanIpRangeResponse;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &create_vlan_ip_range::DEF,
        &delete_vlan_ip_range::DEF,
        &list_vlan_ip_ranges::DEF,
    ]
}

pub const VLAN_FIELDS: &[FieldDef] = &[
    field("id", "string", "the ID of the VLAN IP range"),
    field(
        "forvirtualnetwork",
        "boolean",
        "the virtual network for the VLAN IP range",
    ),
    field("zoneid", "string", "the Zone ID of the VLAN IP range"),
    field("vlan", "string", "the ID or VID of the VLAN."),
    field("podid", "string", "the Pod ID for the VLAN IP range"),
    field("podname", "string", "the Pod name for the VLAN IP range"),
    field("gateway", "string", "the gateway of the VLAN IP range"),
    field("netmask", "string", "the netmask of the VLAN IP range"),
    field("startip", "string", "the start ip of the VLAN IP range"),
    field("endip", "string", "the end ip of the VLAN IP range"),
    field("networkid", "string", "the network id of vlan range"),
    field(
        "physicalnetworkid",
        "string",
        "the physical network this belongs to",
    ),
    field(
        "forsystemvms",
        "boolean",
        "indicates whether VLAN IP range is dedicated to system vms or not",
    ),
];

pub fn to_response(v: &RangeView) -> VlanIpRangeResponse {
    VlanIpRangeResponse {
        id: v.vlan.uuid.clone(),
        forvirtualnetwork: v.vlan.for_virtual_network,
        zoneid: v.zone_uuid.clone(),
        vlan: v.vlan.vlan_tag.clone(),
        podid: v.pod.as_ref().map(|(id, _)| id.clone()),
        podname: v.pod.as_ref().map(|(_, name)| name.clone()),
        gateway: v.vlan.gateway.clone(),
        netmask: v.vlan.netmask.clone(),
        startip: v.vlan.start_ip.clone(),
        endip: v.vlan.end_ip.clone(),
        networkid: v.network_uuid.clone(),
        physicalnetworkid: v.physical_network_uuid.clone(),
        forsystemvms: v.vlan.for_system_vms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::commands::assert_declared;
    use crate::db::entity::vlan;

    #[test]
    fn declared_fields_match_the_serialized_object() {
        let view = RangeView {
            vlan: vlan::Model {
                id: 1,
                uuid: "v".into(),
                vlan_tag: "vlan://untagged".into(),
                gateway: "10.0.0.1".into(),
                netmask: "255.255.255.0".into(),
                start_ip: "10.0.0.2".into(),
                end_ip: "10.0.0.9".into(),
                zone_id: 1,
                pod_id: Some(1),
                network_id: Some(1),
                physical_network_id: Some(1),
                for_virtual_network: false,
                for_system_vms: false,
                created: chrono::Utc::now().naive_utc(),
            },
            zone_uuid: "z".into(),
            pod: Some(("p".into(), "POD0".into())),
            network_uuid: Some("n".into()),
            physical_network_uuid: Some("pn".into()),
        };
        assert_declared(VLAN_FIELDS, to_response(&view));
    }
}
