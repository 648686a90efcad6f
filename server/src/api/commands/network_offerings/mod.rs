//! Network offering commands and the `networkoffering` object.

pub mod list_network_offerings;

use super::{cs_date, field};
use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::network_offering;
use crate::engine::network::offerings::DEFAULT_NETWORK_RATE;
use app::model::network::{NetworkOfferingResponse, ProviderName, ServiceResponse};

pub fn all() -> Vec<&'static CommandDef> {
    vec![&list_network_offerings::DEF]
}

pub const OFFERING_FIELDS: &[FieldDef] = &[
    field("id", "string", "the id of the network offering"),
    field("name", "string", "the name of the network offering"),
    field(
        "displaytext",
        "string",
        "an alternate display text of the network offering.",
    ),
    field(
        "guestiptype",
        "string",
        "guest type of the network offering, can be Shared or Isolated",
    ),
    field(
        "traffictype",
        "string",
        "the traffic type for the network offering, supported types are Public, Management, Control, Guest, Vlan or Storage.",
    ),
    field(
        "isdefault",
        "boolean",
        "true if network offering is default, false otherwise",
    ),
    field(
        "specifyvlan",
        "boolean",
        "true if network offering supports vlans, false otherwise",
    ),
    field(
        "specifyipranges",
        "boolean",
        "true if network offering supports specifying ip ranges, false otherwise",
    ),
    field(
        "state",
        "string",
        "state of the network offering. Can be Disabled/Enabled/Inactive",
    ),
    field(
        "availability",
        "string",
        "availability of the network offering",
    ),
    field("service", "list", "the list of supported services"),
    field(
        "networkrate",
        "integer",
        "data transfer rate in megabits per second allowed.",
    ),
    field(
        "conservemode",
        "boolean",
        "true if network offering is ip conserve mode enabled",
    ),
    field(
        "egressdefaultpolicy",
        "boolean",
        "true if guest network default egress policy is allow; false if default egress policy is deny",
    ),
    field(
        "forvpc",
        "boolean",
        "true if network offering can be used by VPC networks only",
    ),
    field(
        "ispersistent",
        "boolean",
        "true if network offering supports persistent networks",
    ),
    field(
        "created",
        "date",
        "the date this network offering was created",
    ),
];

/// `service` entries from (service, provider) pairs, one entry per service.
pub fn service_list(pairs: &[(String, String)]) -> Vec<ServiceResponse> {
    let mut out: Vec<ServiceResponse> = Vec::new();
    for (service, provider) in pairs {
        let name = ProviderName {
            name: provider.clone(),
        };
        match out.iter_mut().find(|s| &s.name == service) {
            Some(s) => s.provider.push(name),
            None => out.push(ServiceResponse {
                name: service.clone(),
                provider: vec![name],
            }),
        }
    }
    out
}

pub fn to_response(
    o: &network_offering::Model,
    services: &[(String, String)],
) -> NetworkOfferingResponse {
    NetworkOfferingResponse {
        id: o.uuid.clone(),
        name: o.name.clone(),
        displaytext: o.display_text.clone(),
        guestiptype: o.guest_ip_type.clone(),
        traffictype: o.traffic_type.clone(),
        isdefault: o.is_default,
        specifyvlan: o.specify_vlan,
        specifyipranges: o.specify_ip_ranges,
        state: o.state.clone(),
        availability: o.availability.clone(),
        service: service_list(services),
        networkrate: o.network_rate.unwrap_or(DEFAULT_NETWORK_RATE),
        conservemode: o.conserve_mode,
        egressdefaultpolicy: o.egress_default_policy,
        forvpc: o.for_vpc,
        ispersistent: false,
        created: cs_date(o.created),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::commands::assert_declared;

    #[test]
    fn declared_fields_match_the_serialized_object() {
        let o = network_offering::Model {
            id: 1,
            uuid: "o".into(),
            name: "n".into(),
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
            created: chrono::Utc::now().naive_utc(),
        };
        let r = to_response(&o, &[("Dhcp".into(), "VirtualRouter".into())]);
        assert_eq!(r.networkrate, 200);
        assert_declared(OFFERING_FIELDS, r);
    }
}
