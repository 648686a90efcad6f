//! Service offering commands and the `serviceoffering` object.

pub mod create_service_offering;
pub mod delete_service_offering;
pub mod list_service_offerings;
pub mod update_service_offering;

use super::cs_date;
use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::service_offering;
use app::model::offering::ServiceOfferingResponse;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &create_service_offering::DEF,
        &delete_service_offering::DEF,
        &list_service_offerings::DEF,
        &update_service_offering::DEF,
    ]
}

pub const SERVICE_OFFERING_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "the id of the service offering",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the name of the service offering",
    },
    FieldDef {
        name: "displaytext",
        kind: "string",
        description: "an alternate display text of the service offering.",
    },
    FieldDef {
        name: "cpunumber",
        kind: "integer",
        description: "the number of CPU",
    },
    FieldDef {
        name: "cpuspeed",
        kind: "integer",
        description: "the clock rate CPU speed in Mhz",
    },
    FieldDef {
        name: "memory",
        kind: "integer",
        description: "the memory in MB",
    },
    FieldDef {
        name: "created",
        kind: "date",
        description: "the date this service offering was created",
    },
    FieldDef {
        name: "storagetype",
        kind: "string",
        description: "the storage type for this service offering",
    },
    FieldDef {
        name: "offerha",
        kind: "boolean",
        description: "the ha support in the service offering",
    },
    FieldDef {
        name: "limitcpuuse",
        kind: "boolean",
        description: "restrict the CPU usage to committed service offering",
    },
    FieldDef {
        name: "isvolatile",
        kind: "boolean",
        description: "true if the vm needs to be volatile, i.e., on every reboot of vm from API root disk is discarded and creates a new root disk",
    },
    FieldDef {
        name: "tags",
        kind: "string",
        description: "the tags for the service offering",
    },
    FieldDef {
        name: "hosttags",
        kind: "string",
        description: "the host tag for the service offering",
    },
    FieldDef {
        name: "issystem",
        kind: "boolean",
        description: "is this a system vm offering",
    },
    FieldDef {
        name: "defaultuse",
        kind: "boolean",
        description: "is this a  default system vm offering",
    },
    FieldDef {
        name: "systemvmtype",
        kind: "string",
        description: "is this a the systemvm type for system vm offering",
    },
    FieldDef {
        name: "deploymentplanner",
        kind: "string",
        description: "deployment strategy used to deploy VM.",
    },
    FieldDef {
        name: "iscustomized",
        kind: "boolean",
        description: "is true if the offering is customized",
    },
    FieldDef {
        name: "provisioningtype",
        kind: "string",
        description: "provisioning type used to create volumes. Valid values are thin, sparse, fat.",
    },
    FieldDef {
        name: "serviceofferingdetails",
        kind: "map",
        description: "additional key/value details tied with this service offering",
    },
];

fn tags(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

pub fn to_response(o: &service_offering::Model) -> ServiceOfferingResponse {
    let mut details = std::collections::BTreeMap::new();
    for (key, value) in [
        ("mincpunumber", o.min_cpu_number),
        ("maxcpunumber", o.max_cpu_number),
        ("minmemory", o.min_memory_mb),
        ("maxmemory", o.max_memory_mb),
    ] {
        if let Some(v) = value {
            details.insert(key.to_string(), v.to_string());
        }
    }
    ServiceOfferingResponse {
        id: o.uuid.clone(),
        name: o.name.clone(),
        displaytext: o.display_text.clone(),
        cpunumber: o.cpu_number,
        cpuspeed: o.cpu_speed,
        memory: o.memory_mb,
        created: cs_date(o.created),
        storagetype: o.storage_type.clone(),
        offerha: o.offer_ha,
        limitcpuuse: o.limit_cpu_use,
        isvolatile: o.is_volatile,
        tags: tags(&o.storage_tags),
        hosttags: tags(&o.host_tags),
        issystem: o.is_system,
        defaultuse: o.default_use,
        systemvmtype: o.system_vm_type.clone(),
        deploymentplanner: o.deployment_planner.clone(),
        iscustomized: o.cpu_number.is_none() || o.cpu_speed.is_none() || o.memory_mb.is_none(),
        provisioningtype: o.provisioning_type.clone(),
        serviceofferingdetails: details,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_fields_match_the_serialized_object() {
        let o = service_offering::Model {
            id: 1,
            uuid: "u".into(),
            name: "n".into(),
            display_text: "d".into(),
            cpu_number: Some(1),
            cpu_speed: Some(1),
            memory_mb: Some(1),
            min_cpu_number: Some(1),
            max_cpu_number: Some(2),
            min_memory_mb: None,
            max_memory_mb: None,
            storage_type: "shared".into(),
            offer_ha: false,
            limit_cpu_use: false,
            is_volatile: false,
            storage_tags: "a".into(),
            host_tags: "b".into(),
            is_system: false,
            system_vm_type: Some("x".into()),
            default_use: false,
            deployment_planner: Some("p".into()),
            provisioning_type: "thin".into(),
            domain_id: None,
            zone_id: None,
            is_default: false,
            created: chrono::Utc::now().naive_utc(),
            removed: None,
        };
        let json = serde_json::to_value(to_response(&o)).unwrap();
        let mut serialized: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = SERVICE_OFFERING_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
    }
}
