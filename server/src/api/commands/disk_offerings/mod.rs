//! Disk offering commands and the `diskoffering` object.

pub mod create_disk_offering;
pub mod delete_disk_offering;
pub mod list_disk_offerings;

use super::cs_date;
use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::disk_offering;
use app::model::offering::DiskOfferingResponse;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &create_disk_offering::DEF,
        &delete_disk_offering::DEF,
        &list_disk_offerings::DEF,
    ]
}

pub const DISK_OFFERING_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "unique ID of the disk offering",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the name of the disk offering",
    },
    FieldDef {
        name: "displaytext",
        kind: "string",
        description: "an alternate display text of the disk offering.",
    },
    FieldDef {
        name: "disksize",
        kind: "long",
        description: "the size of the disk offering in GB",
    },
    FieldDef {
        name: "iscustomized",
        kind: "boolean",
        description: "true if disk offering uses custom size, false otherwise",
    },
    FieldDef {
        name: "storagetype",
        kind: "string",
        description: "the storage type for this disk offering",
    },
    FieldDef {
        name: "tags",
        kind: "string",
        description: "the tags for the disk offering",
    },
    FieldDef {
        name: "provisioningtype",
        kind: "string",
        description: "provisioning type used to create volumes.",
    },
    FieldDef {
        name: "miniops",
        kind: "long",
        description: "the min iops of the disk offering",
    },
    FieldDef {
        name: "maxiops",
        kind: "long",
        description: "the max iops of the disk offering",
    },
    FieldDef {
        name: "created",
        kind: "date",
        description: "the date this disk offering was created",
    },
];

pub fn to_response(o: &disk_offering::Model) -> DiskOfferingResponse {
    DiskOfferingResponse {
        id: o.uuid.clone(),
        name: o.name.clone(),
        displaytext: o.display_text.clone(),
        disksize: o.disk_size_gb.unwrap_or(0),
        iscustomized: o.is_customized,
        storagetype: o.storage_type.clone(),
        tags: (!o.tags.is_empty()).then(|| o.tags.clone()),
        provisioningtype: o.provisioning_type.clone(),
        miniops: o.min_iops,
        maxiops: o.max_iops,
        created: cs_date(o.created),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_fields_match_the_serialized_object() {
        let o = disk_offering::Model {
            id: 1,
            uuid: "u".into(),
            name: "n".into(),
            display_text: "d".into(),
            disk_size_gb: Some(5),
            is_customized: false,
            storage_type: "shared".into(),
            tags: "t".into(),
            provisioning_type: "thin".into(),
            min_iops: Some(1),
            max_iops: Some(2),
            domain_id: None,
            zone_id: None,
            is_default: true,
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
        let mut declared: Vec<&str> = DISK_OFFERING_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
    }
}
