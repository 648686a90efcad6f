//! Secondary storage commands and the `imagestore` response object.

pub mod add_image_store;
pub mod add_secondary_storage;
pub mod delete_image_store;
pub mod list_image_stores;

use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::{image_store, zone};
use crate::engine::EngineError;
use app::model::infra::ImageStoreResponse;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &add_image_store::DEF,
        &add_secondary_storage::DEF,
        &delete_image_store::DEF,
        &list_image_stores::DEF,
    ]
}

pub const IMAGE_STORE_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "the ID of the image store",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the name of the image store",
    },
    FieldDef {
        name: "url",
        kind: "string",
        description: "the url of the image store",
    },
    FieldDef {
        name: "protocol",
        kind: "string",
        description: "the protocol of the image store",
    },
    FieldDef {
        name: "providername",
        kind: "string",
        description: "the provider name of the image store",
    },
    FieldDef {
        name: "scope",
        kind: "scopetype",
        description: "the scope of the image store",
    },
    FieldDef {
        name: "zoneid",
        kind: "string",
        description: "the Zone ID of the image store",
    },
    FieldDef {
        name: "zonename",
        kind: "string",
        description: "the Zone name of the image store",
    },
    FieldDef {
        name: "readonly",
        kind: "boolean",
        description: "defines if store is read-only",
    },
    FieldDef {
        name: "disksizetotal",
        kind: "long",
        description: "the total disk size of the host",
    },
    FieldDef {
        name: "disksizeused",
        kind: "long",
        description: "the host's currently used disk size",
    },
];

/// Image stores with their zone names, for responses.
pub async fn responses<C: ConnectionTrait>(
    db: &C,
    stores: &[image_store::Model],
) -> Result<Vec<ImageStoreResponse>, EngineError> {
    let zones: HashMap<i64, zone::Model> = zone::Entity::find()
        .filter(zone::Column::Id.is_in(stores.iter().filter_map(|s| s.zone_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z))
        .collect();
    Ok(stores
        .iter()
        .map(|s| {
            let z = s.zone_id.and_then(|id| zones.get(&id));
            to_response(s, z)
        })
        .collect())
}

fn to_response(s: &image_store::Model, z: Option<&zone::Model>) -> ImageStoreResponse {
    ImageStoreResponse {
        id: s.uuid.clone(),
        name: s.name.clone(),
        url: s.url.clone(),
        protocol: s.protocol.clone(),
        providername: s.provider.clone(),
        scope: s.scope.clone(),
        zoneid: z.map(|z| z.uuid.clone()),
        zonename: z.map(|z| z.name.clone()),
        readonly: s.read_only,
        disksizetotal: s.capacity_bytes,
        disksizeused: s.used_bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_fields_match_the_serialized_object() {
        let now = chrono::Utc::now().naive_utc();
        let s = image_store::Model {
            id: 1,
            uuid: "s".into(),
            name: "n".into(),
            zone_id: Some(1),
            url: "nfs://h/p".into(),
            protocol: "nfs".into(),
            provider: "NFS".into(),
            scope: "ZONE".into(),
            local_path: None,
            read_only: false,
            capacity_bytes: 1,
            used_bytes: 0,
            details: "{}".into(),
            created: now,
            removed: None,
        };
        let z = zone::Model {
            id: 1,
            uuid: "z".into(),
            name: "Z".into(),
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
            security_group_enabled: false,
            local_storage_enabled: false,
            allocation_state: "Enabled".into(),
            zone_token: "t".into(),
            dhcp_provider: "VirtualRouter".into(),
            created: now,
            removed: None,
        };
        let json = serde_json::to_value(to_response(&s, Some(&z))).unwrap();
        let mut serialized: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = IMAGE_STORE_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
    }
}
