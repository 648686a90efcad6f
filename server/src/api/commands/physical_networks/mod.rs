//! Physical network and traffic type commands and their `physicalnetwork` / `traffictype` objects.

pub mod add_traffic_type;
pub mod create_physical_network;
pub mod delete_physical_network;
pub mod list_physical_networks;
pub mod list_traffic_types;
pub mod update_physical_network;

use super::field;
use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::{domain, physical_network, physical_network_traffic_type, zone};
use crate::engine::EngineError;
use app::model::network::{PhysicalNetworkResponse, TrafficTypeResponse};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &add_traffic_type::DEF,
        &create_physical_network::DEF,
        &delete_physical_network::DEF,
        &list_physical_networks::DEF,
        &list_traffic_types::DEF,
        &update_physical_network::DEF,
    ]
}

pub const PHYSICAL_NETWORK_FIELDS: &[FieldDef] = &[
    field("id", "string", "the uuid of the physical network"),
    field("name", "string", "name of the physical network"),
    field("zoneid", "string", "zone id of the physical network"),
    field("zonename", "string", "zone name of the physical network"),
    field("state", "string", "state of the physical network"),
    field(
        "broadcastdomainrange",
        "string",
        "Broadcast domain range of the physical network",
    ),
    field("vlan", "string", "the vlan of the physical network"),
    field("isolationmethods", "string", "isolation methods"),
    field("tags", "string", "comma separated tag"),
    field(
        "networkspeed",
        "string",
        "the speed of the physical network",
    ),
    field(
        "domainid",
        "string",
        "the domain id of the physical network owner",
    ),
];

pub const TRAFFIC_TYPE_FIELDS: &[FieldDef] = &[
    field("id", "string", "id of the network provider"),
    field(
        "traffictype",
        "string",
        "the trafficType to be added to the physical network",
    ),
    field(
        "physicalnetworkid",
        "string",
        "the physical network this belongs to",
    ),
    field(
        "kvmnetworklabel",
        "string",
        "The network name label of the physical device dedicated to this traffic on a KVM host",
    ),
    field(
        "xennetworklabel",
        "string",
        "The network name label of the physical device dedicated to this traffic on a XenServer host",
    ),
    field(
        "vmwarenetworklabel",
        "string",
        "The network name label of the physical device dedicated to this traffic on a VMware host",
    ),
    field(
        "simulatorlabel",
        "string",
        "The network name label of the physical device dedicated to this traffic on a Simulator host",
    ),
    field(
        "hypervnetworklabel",
        "string",
        "The network name label of the physical device dedicated to this traffic on a HyperV host",
    ),
    field(
        "ovm3networklabel",
        "string",
        "The network name of the physical device dedicated to this traffic on an OVM3 host",
    ),
    field(
        "vlan",
        "string",
        "The VLAN id to be used for Management traffic by VMware host",
    ),
    field(
        "isolationmethods",
        "string",
        "isolation method for the traffic type",
    ),
];

pub fn to_response(
    p: &physical_network::Model,
    z: &zone::Model,
    domain_uuid: Option<String>,
) -> PhysicalNetworkResponse {
    PhysicalNetworkResponse {
        id: p.uuid.clone(),
        name: p.name.clone(),
        zoneid: z.uuid.clone(),
        zonename: z.name.clone(),
        state: p.state.clone(),
        broadcastdomainrange: p.broadcast_domain_range.clone(),
        vlan: p.vlan.clone(),
        isolationmethods: p.isolation_methods.clone(),
        tags: p.tags.clone(),
        networkspeed: p.speed.clone(),
        domainid: domain_uuid,
    }
}

/// Physical networks with their zones and domains, for responses.
pub async fn responses<C: ConnectionTrait>(
    db: &C,
    rows: &[physical_network::Model],
) -> Result<Vec<PhysicalNetworkResponse>, EngineError> {
    let zones: HashMap<i64, zone::Model> = zone::Entity::find()
        .filter(zone::Column::Id.is_in(rows.iter().map(|p| p.zone_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z))
        .collect();
    let domains: HashMap<i64, String> = domain::Entity::find()
        .filter(
            domain::Column::Id.is_in(rows.iter().filter_map(|p| p.domain_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.uuid))
        .collect();
    rows.iter()
        .map(|p| {
            zones
                .get(&p.zone_id)
                .map(|z| to_response(p, z, p.domain_id.and_then(|d| domains.get(&d).cloned())))
                .ok_or_else(|| {
                    EngineError::Internal(format!("physical network {} has no zone", p.uuid))
                })
        })
        .collect()
}

pub fn traffic_response(
    t: &physical_network_traffic_type::Model,
    physical_network_uuid: &str,
) -> TrafficTypeResponse {
    TrafficTypeResponse {
        id: t.uuid.clone(),
        traffictype: t.traffic_type.clone(),
        physicalnetworkid: physical_network_uuid.to_string(),
        kvmnetworklabel: t.kvm_label.clone(),
        xennetworklabel: t.xen_label.clone(),
        vmwarenetworklabel: t.vmware_label.clone(),
        simulatorlabel: t.simulator_label.clone(),
        hypervnetworklabel: t.hyperv_label.clone(),
        ovm3networklabel: t.ovm3_label.clone(),
        vlan: t.vlan.clone(),
        isolationmethods: t.isolation_method.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::commands::assert_declared;

    #[test]
    fn declared_fields_match_the_serialized_objects() {
        let now = chrono::Utc::now().naive_utc();
        let some = || Some("x".to_string());
        let p = physical_network::Model {
            id: 1,
            uuid: "p".into(),
            name: "n".into(),
            zone_id: 1,
            domain_id: Some(1),
            vlan: some(),
            speed: some(),
            isolation_methods: some(),
            tags: some(),
            broadcast_domain_range: "Pod".into(),
            state: "Disabled".into(),
            created: now,
        };
        let z = zone::Model {
            id: 1,
            uuid: "z".into(),
            name: "n".into(),
            description: None,
            dns1: "8.8.8.8".into(),
            dns2: None,
            ip6_dns1: None,
            ip6_dns2: None,
            internal_dns1: None,
            internal_dns2: None,
            guest_cidr: None,
            network_domain: None,
            domain_id: None,
            network_type: "Basic".into(),
            security_group_enabled: true,
            local_storage_enabled: false,
            allocation_state: "Enabled".into(),
            zone_token: "t".into(),
            dhcp_provider: "VirtualRouter".into(),
            created: now,
            removed: None,
        };
        assert_declared(PHYSICAL_NETWORK_FIELDS, to_response(&p, &z, some()));
        let t = physical_network_traffic_type::Model {
            id: 1,
            uuid: "t".into(),
            physical_network_id: 1,
            traffic_type: "Guest".into(),
            kvm_label: some(),
            xen_label: some(),
            vmware_label: some(),
            simulator_label: some(),
            hyperv_label: some(),
            ovm3_label: some(),
            vlan: some(),
            isolation_method: some(),
        };
        assert_declared(TRAFFIC_TYPE_FIELDS, traffic_response(&t, "p"));
    }
}
