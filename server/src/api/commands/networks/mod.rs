//! Guest network commands and the `network` object.

pub mod create_network;
pub mod delete_network;
pub mod list_networks;

use super::network_offerings::service_list;
use super::{cs_date, field};
use crate::api::registry::{CommandDef, FieldDef};
use crate::engine::network::guest::NetworkView;
use app::model::network::NetworkResponse;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &create_network::DEF,
        &delete_network::DEF,
        &list_networks::DEF,
    ]
}

pub const NETWORK_FIELDS: &[FieldDef] = &[
    field("id", "string", "the id of the network"),
    field("name", "string", "the name of the network"),
    field("displaytext", "string", "the displaytext of the network"),
    field("zoneid", "string", "zone id of the network"),
    field(
        "zonename",
        "string",
        "the name of the zone the network belongs to",
    ),
    field(
        "networkofferingid",
        "string",
        "network offering id the network is created from",
    ),
    field(
        "networkofferingname",
        "string",
        "name of the network offering the network is created from",
    ),
    field(
        "networkofferingdisplaytext",
        "string",
        "display text of the network offering the network is created from",
    ),
    field(
        "networkofferingavailability",
        "string",
        "availability of the network offering the network is created from",
    ),
    field(
        "networkofferingconservemode",
        "boolean",
        "true if network offering is ip conserve mode enabled",
    ),
    field("traffictype", "string", "the traffic type of the network"),
    field("guestiptype", "string", "the guest ip type of the network"),
    field("type", "string", "the type of the network"),
    field("state", "string", "state of the network"),
    field("gateway", "string", "the network's gateway"),
    field("netmask", "string", "the network's netmask"),
    field(
        "cidr",
        "string",
        "Cloudstack managed address space, all CloudStack managed VMs get IP address from CIDR",
    ),
    field(
        "vlan",
        "string",
        "The vlan of the network. This parameter is visible to ROOT admins only",
    ),
    field(
        "broadcasturi",
        "string",
        "broadcast uri of the network. This parameter is visible to ROOT admins only",
    ),
    field("physicalnetworkid", "string", "the physical network id"),
    field(
        "broadcastdomaintype",
        "string",
        "Broadcast domain type of the network",
    ),
    field("acltype", "string", "acl type - access type to the network"),
    field(
        "specifyipranges",
        "boolean",
        "true if network supports specifying ip ranges, false otherwise",
    ),
    field(
        "canusefordeploy",
        "boolean",
        "list networks available for vm deployment",
    ),
    field(
        "issystem",
        "boolean",
        "true if network is system, false otherwise",
    ),
    field(
        "ispersistent",
        "boolean",
        "list networks that are persistent",
    ),
    field(
        "restartrequired",
        "boolean",
        "true network requires restart",
    ),
    field(
        "related",
        "string",
        "related to what other network configuration",
    ),
    field("service", "list", "the list of services"),
    field("domainid", "string", "the domain id of the network owner"),
    field("domain", "string", "the domain name of the network owner"),
    field("account", "string", "the owner of the network"),
    field("created", "date", "the date this network was created"),
];

pub fn to_response(v: &NetworkView) -> NetworkResponse {
    let n = &v.network;
    NetworkResponse {
        id: n.uuid.clone(),
        name: n.name.clone(),
        displaytext: n.display_text.clone(),
        zoneid: v.zone.uuid.clone(),
        zonename: v.zone.name.clone(),
        networkofferingid: v.offering.uuid.clone(),
        networkofferingname: v.offering.name.clone(),
        networkofferingdisplaytext: v.offering.display_text.clone(),
        networkofferingavailability: v.offering.availability.clone(),
        networkofferingconservemode: v.offering.conserve_mode,
        traffictype: n.traffic_type.clone(),
        guestiptype: n.guest_type.clone(),
        network_type: n.guest_type.clone(),
        state: n.state.clone(),
        gateway: n.gateway.clone(),
        netmask: n.netmask.clone(),
        cidr: n.cidr.clone(),
        vlan: n
            .broadcast_uri
            .as_deref()
            .map(|u| u.trim_start_matches("vlan://").to_string()),
        broadcasturi: n.broadcast_uri.clone(),
        physicalnetworkid: v.physical_network_uuid.clone(),
        broadcastdomaintype: n.broadcast_domain_type.clone(),
        acltype: n.acl_type.clone(),
        specifyipranges: n.specify_ip_ranges,
        canusefordeploy: true,
        issystem: false,
        ispersistent: false,
        restartrequired: false,
        related: n.uuid.clone(),
        service: service_list(&v.services),
        domainid: v.domain.uuid.clone(),
        domain: v.domain.name.clone(),
        account: v.account.clone(),
        created: cs_date(n.created),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::commands::assert_declared;
    use crate::db::entity::{domain, network, network_offering, zone};

    #[test]
    fn declared_fields_match_the_serialized_object() {
        let now = chrono::Utc::now().naive_utc();
        let some = || Some("x".to_string());
        let view = NetworkView {
            network: network::Model {
                id: 1,
                uuid: "n".into(),
                name: "n".into(),
                display_text: "d".into(),
                zone_id: 1,
                physical_network_id: Some(1),
                network_offering_id: 1,
                traffic_type: "Guest".into(),
                guest_type: "Shared".into(),
                state: "Setup".into(),
                gateway: some(),
                netmask: some(),
                cidr: some(),
                broadcast_domain_type: "Vlan".into(),
                broadcast_uri: Some("vlan://100".into()),
                acl_type: "Domain".into(),
                specify_ip_ranges: true,
                account_id: Some(1),
                domain_id: 1,
                created: now,
            },
            zone: zone::Model {
                id: 1,
                uuid: "z".into(),
                name: "z".into(),
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
            },
            offering: network_offering::Model {
                id: 1,
                uuid: "o".into(),
                name: "o".into(),
                display_text: "d".into(),
                guest_ip_type: "Shared".into(),
                traffic_type: "Guest".into(),
                is_default: true,
                specify_vlan: true,
                specify_ip_ranges: true,
                state: "Enabled".into(),
                availability: "Optional".into(),
                network_rate: None,
                conserve_mode: true,
                egress_default_policy: false,
                for_vpc: false,
                created: now,
            },
            physical_network_uuid: some(),
            services: vec![("Dhcp".into(), "VirtualRouter".into())],
            domain: domain::Model {
                id: 1,
                uuid: "d".into(),
                parent_id: None,
                name: "ROOT".into(),
                path: "/".into(),
                level: 0,
                state: "Active".into(),
                network_domain: None,
                created: now,
                removed: None,
            },
            account: some(),
        };
        let r = to_response(&view);
        assert_eq!(r.vlan.as_deref(), Some("100"));
        assert_declared(NETWORK_FIELDS, r);
    }
}
