//! Host commands and the `host` response object.

pub mod add_host;
pub mod cancel_host_maintenance;
pub mod delete_host;
pub mod list_hosts;
pub mod prepare_host_for_maintenance;
pub mod reconnect_host;
pub mod update_host;

use super::cs_date;
use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::{cluster, host, pod, zone};
use crate::engine::EngineError;
use app::model::infra::HostResponse;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &add_host::DEF,
        &cancel_host_maintenance::DEF,
        &delete_host::DEF,
        &list_hosts::DEF,
        &prepare_host_for_maintenance::DEF,
        &reconnect_host::DEF,
        &update_host::DEF,
    ]
}

pub const HOST_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "the ID of the host",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the name of the host",
    },
    FieldDef {
        name: "state",
        kind: "status",
        description: "the state of the host",
    },
    FieldDef {
        name: "resourcestate",
        kind: "string",
        description: "the resource state of the host",
    },
    FieldDef {
        name: "type",
        kind: "type",
        description: "the host type",
    },
    FieldDef {
        name: "hypervisor",
        kind: "string",
        description: "the host hypervisor",
    },
    FieldDef {
        name: "hypervisorversion",
        kind: "string",
        description: "the hypervisor version",
    },
    FieldDef {
        name: "ipaddress",
        kind: "string",
        description: "the IP address of the host",
    },
    FieldDef {
        name: "zoneid",
        kind: "string",
        description: "the Zone ID of the host",
    },
    FieldDef {
        name: "zonename",
        kind: "string",
        description: "the Zone name of the host",
    },
    FieldDef {
        name: "podid",
        kind: "string",
        description: "the Pod ID of the host",
    },
    FieldDef {
        name: "podname",
        kind: "string",
        description: "the Pod name of the host",
    },
    FieldDef {
        name: "clusterid",
        kind: "string",
        description: "the cluster ID of the host",
    },
    FieldDef {
        name: "clustername",
        kind: "string",
        description: "the cluster name of the host",
    },
    FieldDef {
        name: "clustertype",
        kind: "string",
        description: "the cluster type of the cluster that host belongs to",
    },
    FieldDef {
        name: "cpusockets",
        kind: "integer",
        description: "the number of CPU sockets on the host",
    },
    FieldDef {
        name: "cpunumber",
        kind: "integer",
        description: "the CPU number of the host",
    },
    FieldDef {
        name: "cpuspeed",
        kind: "long",
        description: "the CPU speed of the host",
    },
    FieldDef {
        name: "cpuwithoverprovisioning",
        kind: "string",
        description: "the amount of the host's CPU after applying the cpu.overprovisioning.factor",
    },
    FieldDef {
        name: "memorytotal",
        kind: "long",
        description: "the memory total of the host",
    },
    FieldDef {
        name: "memorywithoverprovisioning",
        kind: "string",
        description: "the amount of the host's memory after applying the mem.overprovisioning.factor",
    },
    FieldDef {
        name: "disksizetotal",
        kind: "long",
        description: "the total disk size of the host",
    },
    FieldDef {
        name: "capabilities",
        kind: "string",
        description: "capabilities of the host",
    },
    FieldDef {
        name: "lastpinged",
        kind: "date",
        description: "the date and time the host was last pinged",
    },
    FieldDef {
        name: "disconnected",
        kind: "date",
        description: "true if the host is disconnected. False otherwise.",
    },
    FieldDef {
        name: "created",
        kind: "date",
        description: "the date and time the host was created",
    },
    FieldDef {
        name: "hosttags",
        kind: "string",
        description: "comma-separated list of tags for the host",
    },
    FieldDef {
        name: "islocalstorageactive",
        kind: "boolean",
        description: "true if local storage is active, false otherwise",
    },
    FieldDef {
        name: "version",
        kind: "string",
        description: "the host version",
    },
    FieldDef {
        name: "arch",
        kind: "string",
        description: "CPU Arch of the host",
    },
];

/// Hosts with their zone, pod and cluster, for responses.
pub async fn responses<C: ConnectionTrait>(
    db: &C,
    hosts: &[host::Model],
) -> Result<Vec<HostResponse>, EngineError> {
    async fn by_id<C: ConnectionTrait, E, M>(
        db: &C,
        ids: Vec<i64>,
        id_col: E::Column,
        key: fn(&M) -> i64,
    ) -> Result<HashMap<i64, M>, EngineError>
    where
        E: EntityTrait<Model = M>,
        M: sea_orm::FromQueryResult + Sized + Send + Sync,
    {
        Ok(E::find()
            .filter(id_col.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (key(&m), m))
            .collect())
    }
    let zones = by_id::<_, zone::Entity, _>(
        db,
        hosts.iter().map(|h| h.zone_id).collect(),
        zone::Column::Id,
        |z| z.id,
    )
    .await?;
    let pods = by_id::<_, pod::Entity, _>(
        db,
        hosts.iter().map(|h| h.pod_id).collect(),
        pod::Column::Id,
        |p| p.id,
    )
    .await?;
    let clusters = by_id::<_, cluster::Entity, _>(
        db,
        hosts.iter().map(|h| h.cluster_id).collect(),
        cluster::Column::Id,
        |c| c.id,
    )
    .await?;
    hosts
        .iter()
        .map(|h| {
            let (z, p, c) = match (
                zones.get(&h.zone_id),
                pods.get(&h.pod_id),
                clusters.get(&h.cluster_id),
            ) {
                (Some(z), Some(p), Some(c)) => (z, p, c),
                _ => {
                    return Err(EngineError::Internal(format!(
                        "host {} lost its zone, pod or cluster",
                        h.uuid
                    )));
                }
            };
            let cpu_total = h.cpu_speed_mhz as f64 * f64::from(h.cpu_cores);
            Ok(HostResponse {
                id: h.uuid.clone(),
                name: h.name.clone(),
                state: h.status.clone(),
                resourcestate: h.resource_state.clone(),
                host_type: h.host_type.clone(),
                hypervisor: h.hypervisor.clone(),
                hypervisorversion: h.hypervisor_version.clone(),
                ipaddress: h.private_ip.clone(),
                zoneid: z.uuid.clone(),
                zonename: z.name.clone(),
                podid: p.uuid.clone(),
                podname: p.name.clone(),
                clusterid: c.uuid.clone(),
                clustername: c.name.clone(),
                clustertype: c.cluster_type.clone(),
                cpusockets: h.cpu_sockets,
                cpunumber: h.cpu_cores,
                cpuspeed: h.cpu_speed_mhz,
                cpuwithoverprovisioning: format!("{}", cpu_total * c.cpu_overcommit_ratio),
                memorytotal: h.memory_bytes,
                memorywithoverprovisioning: format!(
                    "{}",
                    h.memory_bytes as f64 * c.memory_overcommit_ratio
                ),
                disksizetotal: h.local_storage_bytes,
                capabilities: h.capabilities.clone(),
                lastpinged: h.last_pinged.map(cs_date),
                disconnected: h.disconnected.map(cs_date),
                created: cs_date(h.created),
                hosttags: h.tags.clone(),
                islocalstorageactive: false,
                version: env!("CARGO_PKG_VERSION").into(),
                arch: c.arch.clone(),
            })
        })
        .collect()
}
