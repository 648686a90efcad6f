//! Cluster commands and the `cluster` response object.

pub mod add_cluster;
pub mod delete_cluster;
pub mod list_clusters;
pub mod update_cluster;

use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::{cluster, pod, zone};
use crate::engine::EngineError;
use app::model::infra::ClusterResponse;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &add_cluster::DEF,
        &delete_cluster::DEF,
        &list_clusters::DEF,
        &update_cluster::DEF,
    ]
}

pub const CLUSTER_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "the cluster ID",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the cluster name",
    },
    FieldDef {
        name: "podid",
        kind: "string",
        description: "the Pod ID of the cluster",
    },
    FieldDef {
        name: "podname",
        kind: "string",
        description: "the Pod name of the cluster",
    },
    FieldDef {
        name: "zoneid",
        kind: "string",
        description: "the Zone ID of the cluster",
    },
    FieldDef {
        name: "zonename",
        kind: "string",
        description: "the Zone name of the cluster",
    },
    FieldDef {
        name: "hypervisortype",
        kind: "string",
        description: "the hypervisor type of the cluster",
    },
    FieldDef {
        name: "clustertype",
        kind: "string",
        description: "the type of the cluster",
    },
    FieldDef {
        name: "allocationstate",
        kind: "string",
        description: "the allocation state of the cluster",
    },
    FieldDef {
        name: "managedstate",
        kind: "string",
        description: "whether this cluster is managed by cloudstack",
    },
    FieldDef {
        name: "cpuovercommitratio",
        kind: "string",
        description: "The cpu overcommit ratio of the cluster",
    },
    FieldDef {
        name: "memoryovercommitratio",
        kind: "string",
        description: "The memory overcommit ratio of the cluster",
    },
    FieldDef {
        name: "arch",
        kind: "string",
        description: "CPU Arch of the hosts in the cluster",
    },
    FieldDef {
        name: "capacity",
        kind: "list",
        description: "the capacity, with showcapacities=true",
    },
];

/// Clusters with their pod and zone names, for responses.
pub async fn responses<C: ConnectionTrait>(
    db: &C,
    clusters: &[cluster::Model],
) -> Result<Vec<ClusterResponse>, EngineError> {
    let pods: HashMap<i64, pod::Model> = pod::Entity::find()
        .filter(pod::Column::Id.is_in(clusters.iter().map(|c| c.pod_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let zones: HashMap<i64, zone::Model> = zone::Entity::find()
        .filter(zone::Column::Id.is_in(clusters.iter().map(|c| c.zone_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z))
        .collect();
    clusters
        .iter()
        .map(|c| {
            let (p, z) = pods
                .get(&c.pod_id)
                .zip(zones.get(&c.zone_id))
                .ok_or_else(|| {
                    EngineError::Internal(format!("cluster {} lost its pod or zone", c.uuid))
                })?;
            Ok(ClusterResponse {
                id: c.uuid.clone(),
                name: c.name.clone(),
                podid: p.uuid.clone(),
                podname: p.name.clone(),
                zoneid: z.uuid.clone(),
                zonename: z.name.clone(),
                hypervisortype: c.hypervisor.clone(),
                clustertype: c.cluster_type.clone(),
                allocationstate: c.allocation_state.clone(),
                managedstate: c.managed_state.clone(),
                cpuovercommitratio: c.cpu_overcommit_ratio.to_string(),
                memoryovercommitratio: c.memory_overcommit_ratio.to_string(),
                arch: c.arch.clone(),
                capacity: None,
            })
        })
        .collect()
}
