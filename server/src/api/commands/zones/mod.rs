//! Zone commands and the `zone` response object.

pub mod create_zone;
pub mod delete_zone;
pub mod list_zones;
pub mod update_zone;

use crate::api::args::Args;
use crate::api::registry::{CommandDef, FieldDef, ParamDef, ParamKind, optional};
use crate::db::entity::zone;
use crate::engine::infra::zones::ZoneFields;
use app::model::infra::ZoneResponse;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &create_zone::DEF,
        &delete_zone::DEF,
        &list_zones::DEF,
        &update_zone::DEF,
    ]
}

/// Parameters createZone and updateZone share.
pub const ZONE_PARAMS: [ParamDef; 12] = [
    optional(
        "description",
        ParamKind::String,
        "the description of the zone",
    ),
    optional("dns2", ParamKind::String, "the second DNS for the Zone"),
    optional(
        "ip6dns1",
        ParamKind::String,
        "the first DNS for IPv6 network in the Zone",
    ),
    optional(
        "ip6dns2",
        ParamKind::String,
        "the second DNS for IPv6 network in the Zone",
    ),
    optional(
        "internaldns1",
        ParamKind::String,
        "the first internal DNS for the Zone",
    ),
    optional(
        "internaldns2",
        ParamKind::String,
        "the second internal DNS for the Zone",
    ),
    optional(
        "guestcidraddress",
        ParamKind::String,
        "the guest CIDR address for the Zone",
    ),
    optional(
        "domain",
        ParamKind::String,
        "Network domain name for the networks in the zone",
    ),
    optional(
        "securitygroupenabled",
        ParamKind::Boolean,
        "true if network is security group enabled, false otherwise",
    ),
    optional(
        "localstorageenabled",
        ParamKind::Boolean,
        "true if local storage offering enabled, false otherwise",
    ),
    optional(
        "allocationstate",
        ParamKind::String,
        "Allocation state of this Zone for allocation of new resources",
    ),
    optional(
        "ispublic",
        ParamKind::Boolean,
        "true if the zone is public (unused: every zone is public)",
    ),
];

/// The shared fields read from `args` (createZone adds name/dns1/networktype).
pub fn fields(args: &Args) -> ZoneFields {
    ZoneFields {
        name: args.string("name"),
        description: args.string("description"),
        dns1: args.string("dns1"),
        dns2: args.string("dns2"),
        ip6_dns1: args.string("ip6dns1"),
        ip6_dns2: args.string("ip6dns2"),
        internal_dns1: args.string("internaldns1"),
        internal_dns2: args.string("internaldns2"),
        guest_cidr: args.string("guestcidraddress"),
        network_domain: args.sent("domain"),
        network_type: None,
        security_group_enabled: args.boolean("securitygroupenabled"),
        local_storage_enabled: args.boolean("localstorageenabled"),
        allocation_state: args.string("allocationstate"),
    }
}

pub const ZONE_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "Zone id",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "Zone name",
    },
    FieldDef {
        name: "description",
        kind: "string",
        description: "Zone description",
    },
    FieldDef {
        name: "dns1",
        kind: "string",
        description: "the first DNS for the Zone",
    },
    FieldDef {
        name: "dns2",
        kind: "string",
        description: "the second DNS for the Zone",
    },
    FieldDef {
        name: "ip6dns1",
        kind: "string",
        description: "the first IPv6 DNS for the Zone",
    },
    FieldDef {
        name: "ip6dns2",
        kind: "string",
        description: "the second IPv6 DNS for the Zone",
    },
    FieldDef {
        name: "internaldns1",
        kind: "string",
        description: "the first internal DNS for the Zone",
    },
    FieldDef {
        name: "internaldns2",
        kind: "string",
        description: "the second internal DNS for the Zone",
    },
    FieldDef {
        name: "guestcidraddress",
        kind: "string",
        description: "the guest CIDR address for the Zone",
    },
    FieldDef {
        name: "domain",
        kind: "string",
        description: "Network domain name for the networks in the zone",
    },
    FieldDef {
        name: "networktype",
        kind: "string",
        description: "the network type of the zone; can be Basic or Advanced",
    },
    FieldDef {
        name: "securitygroupsenabled",
        kind: "boolean",
        description: "true if security groups support is enabled, false otherwise",
    },
    FieldDef {
        name: "allocationstate",
        kind: "string",
        description: "the allocation state of the cluster",
    },
    FieldDef {
        name: "zonetoken",
        kind: "string",
        description: "Zone Token",
    },
    FieldDef {
        name: "dhcpprovider",
        kind: "string",
        description: "the dhcp Provider for the Zone",
    },
    FieldDef {
        name: "localstorageenabled",
        kind: "boolean",
        description: "true if local storage offering enabled, false otherwise",
    },
    FieldDef {
        name: "tags",
        kind: "set",
        description: "the list of resource tags associated with zone.",
    },
    FieldDef {
        name: "type",
        kind: "string",
        description: "The type of the zone - core or edge",
    },
    FieldDef {
        name: "capacity",
        kind: "list",
        description: "the capacity, with showcapacities=true",
    },
];

pub fn to_response(z: &zone::Model) -> ZoneResponse {
    ZoneResponse {
        id: z.uuid.clone(),
        name: z.name.clone(),
        description: z.description.clone(),
        dns1: z.dns1.clone(),
        dns2: z.dns2.clone(),
        ip6dns1: z.ip6_dns1.clone(),
        ip6dns2: z.ip6_dns2.clone(),
        internaldns1: z.internal_dns1.clone(),
        internaldns2: z.internal_dns2.clone(),
        guestcidraddress: z.guest_cidr.clone(),
        domain: z.network_domain.clone(),
        networktype: z.network_type.clone(),
        securitygroupsenabled: z.security_group_enabled,
        allocationstate: z.allocation_state.clone(),
        zonetoken: z.zone_token.clone(),
        dhcpprovider: z.dhcp_provider.clone(),
        localstorageenabled: z.local_storage_enabled,
        tags: Vec::new(),
        zone_type: "Core".into(),
        capacity: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_fields_match_the_serialized_object() {
        let now = chrono::Utc::now().naive_utc();
        let z = zone::Model {
            id: 1,
            uuid: "z".into(),
            name: "n".into(),
            description: Some("d".into()),
            dns1: "8.8.8.8".into(),
            dns2: Some("x".into()),
            ip6_dns1: Some("x".into()),
            ip6_dns2: Some("x".into()),
            internal_dns1: Some("x".into()),
            internal_dns2: Some("x".into()),
            guest_cidr: Some("x".into()),
            network_domain: Some("x".into()),
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
        let mut response = to_response(&z);
        response.capacity = Some(Vec::new());
        let json = serde_json::to_value(response).unwrap();
        let mut serialized: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = ZONE_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
    }
}
