//! Primary storage commands and the `storagepool` response object.

pub mod cancel_storage_maintenance;
pub mod create_storage_pool;
pub mod delete_storage_pool;
pub mod enable_storage_maintenance;
pub mod list_storage_pools;
pub mod update_storage_pool;

use super::cs_date;
use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::{cluster, pod, storage_pool, zone};
use crate::engine::EngineError;
use crate::engine::capacity;
use app::model::infra::StoragePoolResponse;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &cancel_storage_maintenance::DEF,
        &create_storage_pool::DEF,
        &delete_storage_pool::DEF,
        &enable_storage_maintenance::DEF,
        &list_storage_pools::DEF,
        &update_storage_pool::DEF,
    ]
}

pub const STORAGE_POOL_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "the ID of the storage pool",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the name of the storage pool",
    },
    FieldDef {
        name: "zoneid",
        kind: "string",
        description: "the Zone ID of the storage pool",
    },
    FieldDef {
        name: "zonename",
        kind: "string",
        description: "the Zone name of the storage pool",
    },
    FieldDef {
        name: "podid",
        kind: "string",
        description: "the Pod ID of the storage pool",
    },
    FieldDef {
        name: "podname",
        kind: "string",
        description: "the Pod name of the storage pool",
    },
    FieldDef {
        name: "clusterid",
        kind: "string",
        description: "the ID of the cluster for the storage pool",
    },
    FieldDef {
        name: "clustername",
        kind: "string",
        description: "the name of the cluster for the storage pool",
    },
    FieldDef {
        name: "ipaddress",
        kind: "string",
        description: "the IP address of the storage pool",
    },
    FieldDef {
        name: "path",
        kind: "string",
        description: "the storage pool path",
    },
    FieldDef {
        name: "created",
        kind: "date",
        description: "the date and time the storage pool was created",
    },
    FieldDef {
        name: "type",
        kind: "string",
        description: "the storage pool type",
    },
    FieldDef {
        name: "state",
        kind: "storagepoolstatus",
        description: "the state of the storage pool",
    },
    FieldDef {
        name: "scope",
        kind: "string",
        description: "the scope of the storage pool",
    },
    FieldDef {
        name: "hypervisor",
        kind: "string",
        description: "the hypervisor type of the storage pool",
    },
    FieldDef {
        name: "disksizetotal",
        kind: "long",
        description: "the total disk size of the storage pool",
    },
    FieldDef {
        name: "disksizeallocated",
        kind: "long",
        description: "the host's currently allocated disk size",
    },
    FieldDef {
        name: "disksizeused",
        kind: "long",
        description: "the host's currently used disk size",
    },
    FieldDef {
        name: "tags",
        kind: "string",
        description: "the tags for the storage pool",
    },
    FieldDef {
        name: "istagarule",
        kind: "boolean",
        description: "whether the storage pool tags are a rule",
    },
    FieldDef {
        name: "provider",
        kind: "string",
        description: "Storage provider for this pool",
    },
    FieldDef {
        name: "overprovisionfactor",
        kind: "string",
        description: "the overprovisionfactor for the storage pool",
    },
    FieldDef {
        name: "managed",
        kind: "boolean",
        description: "whether this pool is managed by its provider",
    },
];

/// Pools with their zone, pod and cluster names and overprovisioning factors, for responses.
pub async fn responses<C: ConnectionTrait>(
    db: &C,
    pools: &[storage_pool::Model],
) -> Result<Vec<StoragePoolResponse>, EngineError> {
    let zones: HashMap<i64, zone::Model> = zone::Entity::find()
        .filter(zone::Column::Id.is_in(pools.iter().map(|p| p.zone_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z))
        .collect();
    let pods: HashMap<i64, pod::Model> = pod::Entity::find()
        .filter(pod::Column::Id.is_in(pools.iter().filter_map(|p| p.pod_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let clusters: HashMap<i64, cluster::Model> = cluster::Entity::find()
        .filter(
            cluster::Column::Id.is_in(
                pools
                    .iter()
                    .filter_map(|p| p.cluster_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut out = Vec::with_capacity(pools.len());
    for p in pools {
        let z = zones.get(&p.zone_id).ok_or_else(|| {
            EngineError::Internal(format!("storage pool {} lost its zone", p.uuid))
        })?;
        let pod = p.pod_id.and_then(|id| pods.get(&id));
        let cluster = p.cluster_id.and_then(|id| clusters.get(&id));
        let factor = capacity::storage_factor(db, p).await?;
        out.push(StoragePoolResponse {
            id: p.uuid.clone(),
            name: p.name.clone(),
            zoneid: z.uuid.clone(),
            zonename: z.name.clone(),
            podid: pod.map(|x| x.uuid.clone()),
            podname: pod.map(|x| x.name.clone()),
            clusterid: cluster.map(|x| x.uuid.clone()),
            clustername: cluster.map(|x| x.name.clone()),
            ipaddress: p.host_address.clone(),
            path: p.path.clone(),
            created: cs_date(p.created),
            pool_type: p.pool_type.clone(),
            state: p.state.clone(),
            scope: p.scope.clone(),
            hypervisor: p.hypervisor.clone(),
            disksizetotal: p.capacity_bytes,
            disksizeallocated: p.allocated_bytes,
            disksizeused: p.used_bytes,
            tags: (!p.tags.is_empty()).then(|| p.tags.clone()),
            istagarule: false,
            provider: p.provider.clone(),
            overprovisionfactor: factor.to_string(),
            managed: p.managed,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_fields_match_the_serialized_object() {
        let r = StoragePoolResponse {
            id: "p".into(),
            name: "n".into(),
            zoneid: "z".into(),
            zonename: "Z".into(),
            podid: Some("p".into()),
            podname: Some("P".into()),
            clusterid: Some("c".into()),
            clustername: Some("C".into()),
            ipaddress: "10.0.0.5".into(),
            path: "/export".into(),
            created: "2026-11-25T00:00:00+0000".into(),
            pool_type: "NetworkFilesystem".into(),
            state: "Up".into(),
            scope: "CLUSTER".into(),
            hypervisor: Some("Simulator".into()),
            disksizetotal: 1,
            disksizeallocated: 0,
            disksizeused: 0,
            tags: Some("ssd".into()),
            istagarule: false,
            provider: "DefaultPrimary".into(),
            overprovisionfactor: "2".into(),
            managed: false,
        };
        let json = serde_json::to_value(&r).unwrap();
        let mut serialized: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = STORAGE_POOL_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
    }
}
