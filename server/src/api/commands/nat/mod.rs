//! Public IP addresses (Elastic IP in a Basic zone) and the network rules on them: associate/disassociate/list
//! addresses, firewall rules, port forwarding and static NAT, and the wire objects they answer (`ipaddress` /
//! `publicipaddress`, `firewallrule`, `portforwardingrule`, `ipforwardingrule`).

pub mod associate_ip_address;
pub mod create_firewall_rule;
pub mod create_port_forwarding_rule;
pub mod delete_firewall_rule;
pub mod delete_port_forwarding_rule;
pub mod disable_static_nat;
pub mod disassociate_ip_address;
pub mod enable_static_nat;
pub mod list_firewall_rules;
pub mod list_ip_forwarding_rules;
pub mod list_port_forwarding_rules;
pub mod list_public_ip_addresses;

use super::events::{PAGE_PARAMS, SCOPE_PARAMS, list_scope};
use super::{cs_date, field};
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::registry::{CommandDef, FieldDef, ParamDef};
use crate::engine::accounts::RoleType;
use crate::engine::network::public_ips::IpView;
use crate::engine::network::rules::{self, RuleFilter, RuleView};
use serde::Serialize;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &associate_ip_address::DEF,
        &create_firewall_rule::DEF,
        &create_port_forwarding_rule::DEF,
        &delete_firewall_rule::DEF,
        &delete_port_forwarding_rule::DEF,
        &disable_static_nat::DEF,
        &disassociate_ip_address::DEF,
        &enable_static_nat::DEF,
        &list_firewall_rules::DEF,
        &list_ip_forwarding_rules::DEF,
        &list_port_forwarding_rules::DEF,
        &list_public_ip_addresses::DEF,
    ]
}

/// The account-scope and paging parameters every list here takes.
const COMMON: [ParamDef; 6] = [
    SCOPE_PARAMS[0],
    SCOPE_PARAMS[1],
    SCOPE_PARAMS[2],
    SCOPE_PARAMS[3],
    PAGE_PARAMS[0],
    PAGE_PARAMS[1],
];

/// The rule filters shared by the three rule lists.
fn rule_filter(args: &Args) -> Result<RuleFilter, crate::api::error::ApiError> {
    Ok(RuleFilter {
        id: args.string("id"),
        ip_id: args.string("ipaddressid"),
        network_id: None,
        vm_id: None,
        scope: list_scope(args),
        page: args.paging()?,
    })
}

pub const IP_FIELDS: &[FieldDef] = &[
    field("id", "string", "public IP address id"),
    field("ipaddress", "string", "public IP address"),
    field(
        "allocated",
        "date",
        "date the public IP address was acquired",
    ),
    field(
        "zoneid",
        "string",
        "the ID of the zone the public IP address belongs to",
    ),
    field(
        "zonename",
        "string",
        "the name of the zone the public IP address belongs to",
    ),
    field(
        "issourcenat",
        "boolean",
        "true if the IP address is a source nat address, false otherwise",
    ),
    field(
        "account",
        "string",
        "the account the public IP address is associated with",
    ),
    field(
        "domainid",
        "string",
        "the domain ID the public IP address is associated with",
    ),
    field(
        "domain",
        "string",
        "the domain the public IP address is associated with",
    ),
    field(
        "forvirtualnetwork",
        "boolean",
        "the virtual network for the IP address",
    ),
    field(
        "vlanid",
        "string",
        "the ID of the VLAN associated with the IP address. This parameter is visible to ROOT admins only",
    ),
    field(
        "vlanname",
        "string",
        "the VLAN associated with the IP address",
    ),
    field(
        "isstaticnat",
        "boolean",
        "true if this ip is for static nat, false otherwise",
    ),
    field(
        "issystem",
        "boolean",
        "true if this ip is system ip (was allocated as a part of deployVm or createLbRule)",
    ),
    field(
        "virtualmachineid",
        "string",
        "virtual machine id the ip address is assigned to (not null only for static nat Ip)",
    ),
    field(
        "virtualmachinename",
        "string",
        "virtual machine name the ip address is assigned to (not null only for static nat Ip)",
    ),
    field(
        "virtualmachinedisplayname",
        "string",
        "virtual machine display name the ip address is assigned to (not null only for static nat Ip)",
    ),
    field(
        "vmipaddress",
        "string",
        "virtual machine (dnat) ip address (not null only for static nat Ip)",
    ),
    field(
        "associatednetworkid",
        "string",
        "the ID of the Network associated with the IP address",
    ),
    field(
        "associatednetworkname",
        "string",
        "the name of the Network associated with the IP address",
    ),
    field(
        "networkid",
        "string",
        "the ID of the Network where ip belongs to",
    ),
    field(
        "state",
        "string",
        "State of the ip address. Can be: Allocating, Allocated, Releasing and Free",
    ),
    field(
        "physicalnetworkid",
        "string",
        "the physical network this belongs to",
    ),
    field(
        "isportable",
        "boolean",
        "is public IP portable across the zones",
    ),
    field(
        "fordisplay",
        "boolean",
        "is public ip for display to the regular user",
    ),
];

/// The wire `ipaddress` / `publicipaddress` object (CloudStack's IPAddressResponse).
#[derive(Clone, Debug, Serialize)]
pub struct IpAddressResponse {
    pub id: String,
    pub ipaddress: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocated: Option<String>,
    pub zoneid: String,
    pub zonename: String,
    pub issourcenat: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domainid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    pub forvirtualnetwork: bool,
    /// Root admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vlanid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vlanname: Option<String>,
    pub isstaticnat: bool,
    pub issystem: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtualmachineid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtualmachinename: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtualmachinedisplayname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vmipaddress: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associatednetworkid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associatednetworkname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub networkid: Option<String>,
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub physicalnetworkid: Option<String>,
    pub isportable: bool,
    pub fordisplay: bool,
}

pub fn ip_response(caller: &Caller, v: &IpView) -> IpAddressResponse {
    let static_nat = v.vm.as_ref().filter(|_| v.ip.is_static_nat);
    let network = v.network.as_ref();
    IpAddressResponse {
        id: v.ip.uuid.clone(),
        ipaddress: v.ip.address.clone(),
        allocated: v.ip.allocated.map(cs_date),
        zoneid: v.zone.0.clone(),
        zonename: v.zone.1.clone(),
        issourcenat: false,
        account: v.account.clone(),
        domainid: v.domain.as_ref().map(|d| d.0.clone()),
        domain: v.domain.as_ref().map(|d| d.1.clone()),
        forvirtualnetwork: v.vlan.as_ref().is_none_or(|r| r.for_virtual_network),
        vlanid: v
            .vlan
            .as_ref()
            .filter(|_| caller.role_type == RoleType::Admin)
            .map(|r| r.uuid.clone()),
        vlanname: v.vlan.as_ref().map(|r| r.vlan_tag.clone()),
        isstaticnat: v.ip.is_static_nat,
        issystem: false,
        virtualmachineid: static_nat.map(|vm| vm.uuid.clone()),
        virtualmachinename: static_nat.map(|vm| vm.name.clone()),
        virtualmachinedisplayname: static_nat.map(|vm| vm.display_name.clone()),
        vmipaddress: v.ip.vm_ip.clone().filter(|_| v.ip.is_static_nat),
        associatednetworkid: network.map(|n| n.0.clone()),
        associatednetworkname: network.map(|n| n.1.clone()),
        // Nimbus keeps no separate Public network: the guest network the address serves stands in.
        networkid: network.map(|n| n.0.clone()),
        state: v.ip.state.clone(),
        physicalnetworkid: v.physical_network_uuid.clone(),
        isportable: false,
        fordisplay: true,
    }
}

pub const FIREWALL_FIELDS: &[FieldDef] = &[
    field("id", "string", "the ID of the firewall rule"),
    field("protocol", "string", "the protocol of the firewall rule"),
    field(
        "startport",
        "integer",
        "the starting port of firewall rule's port range",
    ),
    field(
        "endport",
        "integer",
        "the ending port of firewall rule's port range",
    ),
    field(
        "ipaddressid",
        "string",
        "the public ip address id for the firewall rule",
    ),
    field(
        "ipaddress",
        "string",
        "the public ip address for the firewall rule",
    ),
    field("networkid", "string", "the network id of the firewall rule"),
    field("state", "string", "the state of the rule"),
    field(
        "cidrlist",
        "string",
        "the cidr list to forward traffic from. Multiple entries are separated by a single comma character (,).",
    ),
    field("icmptype", "integer", "type of the icmp message being sent"),
    field("icmpcode", "integer", "error code for this icmp message"),
    field(
        "traffictype",
        "string",
        "the traffic type for the firewall rule",
    ),
    field(
        "fordisplay",
        "boolean",
        "is rule for display to the regular user",
    ),
];

/// The wire `firewallrule` object (CloudStack's FirewallResponse).
#[derive(Clone, Debug, Serialize)]
pub struct FirewallResponse {
    pub id: String,
    pub protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startport: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endport: Option<i32>,
    pub ipaddressid: String,
    pub ipaddress: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub networkid: Option<String>,
    pub state: String,
    pub cidrlist: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icmptype: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icmpcode: Option<i32>,
    pub traffictype: &'static str,
    pub fordisplay: bool,
}

pub fn firewall_response(v: &RuleView) -> FirewallResponse {
    FirewallResponse {
        id: v.rule.uuid.clone(),
        protocol: v.rule.protocol.clone(),
        startport: v.rule.start_port,
        endport: v.rule.end_port,
        ipaddressid: v.ip_uuid.clone(),
        ipaddress: v.ip_address.clone(),
        networkid: v.network_uuid.clone(),
        state: v.rule.state.clone(),
        cidrlist: rules::cidrs_of(&v.rule).join(","),
        icmptype: v.rule.icmp_type,
        icmpcode: v.rule.icmp_code,
        traffictype: "Ingress",
        fordisplay: true,
    }
}

pub const PORT_FORWARDING_FIELDS: &[FieldDef] = &[
    field("id", "string", "the ID of the port forwarding rule"),
    field(
        "privateport",
        "string",
        "the starting port of port forwarding rule's private port range",
    ),
    field(
        "privateendport",
        "string",
        "the ending port of port forwarding rule's private port range",
    ),
    field(
        "protocol",
        "string",
        "the protocol of the port forwarding rule",
    ),
    field(
        "publicport",
        "string",
        "the starting port of port forwarding rule's public port range",
    ),
    field(
        "publicendport",
        "string",
        "the ending port of port forwarding rule's public port range",
    ),
    field(
        "virtualmachineid",
        "string",
        "the VM ID for the port forwarding rule",
    ),
    field(
        "virtualmachinename",
        "string",
        "the VM name for the port forwarding rule",
    ),
    field(
        "virtualmachinedisplayname",
        "string",
        "the VM display name for the port forwarding rule",
    ),
    field(
        "ipaddressid",
        "string",
        "the public ip address id for the port forwarding rule",
    ),
    field(
        "ipaddress",
        "string",
        "the public ip address for the port forwarding rule",
    ),
    field("state", "string", "the state of the rule"),
    field(
        "cidrlist",
        "string",
        "the cidr list to forward traffic from. Multiple entries are separated by a single comma character (,).",
    ),
    field(
        "vmguestip",
        "string",
        "the vm ip address for the port forwarding rule",
    ),
    field(
        "networkid",
        "string",
        "the id of the guest network the port forwarding rule belongs to",
    ),
    field(
        "fordisplay",
        "boolean",
        "is firewall for display to the regular user",
    ),
];

/// The wire `portforwardingrule` object (CloudStack's FirewallRuleResponse: ports are strings there).
#[derive(Clone, Debug, Serialize)]
pub struct PortForwardingResponse {
    pub id: String,
    pub privateport: String,
    pub privateendport: String,
    pub protocol: String,
    pub publicport: String,
    pub publicendport: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtualmachineid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtualmachinename: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtualmachinedisplayname: Option<String>,
    pub ipaddressid: String,
    pub ipaddress: String,
    pub state: String,
    pub cidrlist: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vmguestip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub networkid: Option<String>,
    pub fordisplay: bool,
}

fn port_text(p: Option<i32>) -> String {
    p.map(|p| p.to_string()).unwrap_or_default()
}

pub fn port_forwarding_response(v: &RuleView) -> PortForwardingResponse {
    PortForwardingResponse {
        id: v.rule.uuid.clone(),
        privateport: port_text(v.rule.dest_start_port),
        privateendport: port_text(v.rule.dest_end_port),
        protocol: v.rule.protocol.clone(),
        publicport: port_text(v.rule.start_port),
        publicendport: port_text(v.rule.end_port),
        virtualmachineid: v.vm.as_ref().map(|vm| vm.uuid.clone()),
        virtualmachinename: v.vm.as_ref().map(|vm| vm.name.clone()),
        virtualmachinedisplayname: v.vm.as_ref().map(|vm| vm.display_name.clone()),
        ipaddressid: v.ip_uuid.clone(),
        ipaddress: v.ip_address.clone(),
        state: v.rule.state.clone(),
        cidrlist: rules::cidrs_of(&v.rule).join(","),
        vmguestip: v.rule.vm_ip.clone(),
        networkid: v.network_uuid.clone(),
        fordisplay: true,
    }
}

pub const IP_FORWARDING_FIELDS: &[FieldDef] = &[
    field("id", "string", "the ID of the port forwarding rule"),
    field(
        "protocol",
        "string",
        "the protocol of the port forwarding rule",
    ),
    field(
        "virtualmachineid",
        "string",
        "the VM ID for the port forwarding rule",
    ),
    field(
        "virtualmachinename",
        "string",
        "the VM name for the port forwarding rule",
    ),
    field(
        "virtualmachinedisplayname",
        "string",
        "the VM display name for the port forwarding rule",
    ),
    field(
        "ipaddressid",
        "string",
        "the public ip address id for the port forwarding rule",
    ),
    field(
        "ipaddress",
        "string",
        "the public ip address for the port forwarding rule",
    ),
    field("startport", "integer", "the start port of the rule"),
    field("endport", "integer", "the end port of the rule"),
    field("state", "string", "state of the ip forwarding rule"),
    field(
        "vmguestip",
        "string",
        "the vm ip address the static NAT forwards to",
    ),
];

/// The wire `ipforwardingrule` object: one static NAT mapping (every port of the address to the VM).
#[derive(Clone, Debug, Serialize)]
pub struct IpForwardingResponse {
    pub id: String,
    pub protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtualmachineid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtualmachinename: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtualmachinedisplayname: Option<String>,
    pub ipaddressid: String,
    pub ipaddress: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startport: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endport: Option<i32>,
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vmguestip: Option<String>,
}

pub fn ip_forwarding_response(v: &RuleView) -> IpForwardingResponse {
    IpForwardingResponse {
        id: v.rule.uuid.clone(),
        protocol: v.rule.protocol.clone(),
        virtualmachineid: v.vm.as_ref().map(|vm| vm.uuid.clone()),
        virtualmachinename: v.vm.as_ref().map(|vm| vm.name.clone()),
        virtualmachinedisplayname: v.vm.as_ref().map(|vm| vm.display_name.clone()),
        ipaddressid: v.ip_uuid.clone(),
        ipaddress: v.ip_address.clone(),
        startport: v.rule.start_port,
        endport: v.rule.end_port,
        state: v.rule.state.clone(),
        vmguestip: v.rule.vm_ip.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::commands::assert_declared;
    use crate::db::entity::{firewall_rule, public_ip_address, vlan, vm_instance};
    use crate::engine::accounts::RoleType;

    fn caller() -> Caller {
        Caller {
            user_id: 1,
            user_uuid: "u".into(),
            username: "admin".into(),
            account_id: 1,
            account_uuid: "a".into(),
            account_name: "admin".into(),
            account_type: 1,
            domain_id: 1,
            domain_uuid: "d".into(),
            domain_path: "/".into(),
            role_id: None,
            role_type: RoleType::Admin,
            enabled: true,
        }
    }

    fn vm() -> vm_instance::Model {
        let t = chrono::NaiveDateTime::default();
        vm_instance::Model {
            id: 7,
            uuid: "vm".into(),
            name: "web".into(),
            instance_name: "i-2-7-VM".into(),
            display_name: "Web".into(),
            vm_type: "User".into(),
            state: "Running".into(),
            account_id: 1,
            domain_id: 1,
            user_id: 1,
            zone_id: 1,
            pod_id: None,
            cluster_id: None,
            host_id: None,
            last_host_id: None,
            template_id: 1,
            service_offering_id: None,
            cpu_cores: 1,
            cpu_speed_mhz: 500,
            memory_bytes: 1,
            private_ip: None,
            public_ip: None,
            disk_offering_id: None,
            guest_os_id: None,
            hypervisor: None,
            ha_enabled: false,
            user_data: None,
            key_pair: None,
            power_state: "PowerOn".into(),
            reserved_host_id: None,
            stopped_at: None,
            display_vm: true,
            group_name: None,
            network_id: None,
            update_count: 0,
            created: t,
            updated: t,
            removed: None,
        }
    }

    fn rule(purpose: &str) -> RuleView {
        RuleView {
            rule: firewall_rule::Model {
                id: 1,
                uuid: "r".into(),
                ip_address_id: 1,
                purpose: purpose.into(),
                protocol: "tcp".into(),
                start_port: Some(22),
                end_port: Some(22),
                icmp_type: None,
                icmp_code: None,
                cidr_list: "0.0.0.0/0".into(),
                state: "Active".into(),
                account_id: 1,
                domain_id: 1,
                network_id: 1,
                vm_id: Some(7),
                vm_ip: Some("172.16.0.10".into()),
                dest_start_port: Some(22),
                dest_end_port: Some(22),
                related_rule_id: None,
                is_system: false,
                created: chrono::NaiveDateTime::default(),
            },
            ip_uuid: "ip".into(),
            ip_address: "203.0.113.5".into(),
            network_uuid: Some("n".into()),
            vm: Some(vm()),
        }
    }

    #[test]
    fn every_declared_field_is_serialized() {
        let t = chrono::NaiveDateTime::default();
        let view = IpView {
            ip: public_ip_address::Model {
                id: 1,
                uuid: "ip".into(),
                zone_id: 1,
                vlan_id: 1,
                address: "203.0.113.5".into(),
                state: "Allocated".into(),
                account_id: Some(1),
                domain_id: Some(1),
                network_id: Some(1),
                allocated: Some(t),
                is_static_nat: true,
                vm_id: Some(7),
                vm_ip: Some("172.16.0.10".into()),
            },
            zone: ("z".into(), "Z1".into()),
            vlan: Some(vlan::Model {
                id: 1,
                uuid: "v".into(),
                vlan_tag: "vlan://untagged".into(),
                gateway: "203.0.113.1".into(),
                netmask: "255.255.255.0".into(),
                start_ip: "203.0.113.5".into(),
                end_ip: "203.0.113.9".into(),
                zone_id: 1,
                pod_id: None,
                network_id: None,
                physical_network_id: Some(1),
                for_virtual_network: true,
                for_system_vms: false,
                created: t,
            }),
            physical_network_uuid: Some("p".into()),
            account: Some("admin".into()),
            domain: Some(("d".into(), "ROOT".into())),
            network: Some(("n".into(), "guest".into())),
            vm: Some(vm()),
        };
        assert_declared(IP_FIELDS, ip_response(&caller(), &view));
        let mut fw = rule(rules::FIREWALL);
        fw.rule.icmp_type = Some(-1);
        fw.rule.icmp_code = Some(-1);
        assert_declared(FIREWALL_FIELDS, firewall_response(&fw));
        assert_declared(
            PORT_FORWARDING_FIELDS,
            port_forwarding_response(&rule(rules::PORT_FORWARDING)),
        );
        assert_declared(
            IP_FORWARDING_FIELDS,
            ip_forwarding_response(&rule(rules::STATIC_NAT)),
        );
    }
}
