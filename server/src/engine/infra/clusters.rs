//! Clusters: hosts of one hypervisor in a pod, with their overcommit ratios.

use super::{pods, zones};
use crate::db::entity::{cluster, host};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use crate::engine::settings::{self, Scope, ScopeRef};
use crate::engine::storage::pools::{self, Holder};
use crate::hypervisor::Hypervisor;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};

/// The settings whose cluster-scoped values are a cluster's overcommit ratios.
const CPU_FACTOR: &str = "cpu.overprovisioning.factor";
const MEM_FACTOR: &str = "mem.overprovisioning.factor";

fn invalid(name: &str, reason: impl Into<String>) -> EngineError {
    EngineError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    }
}

/// addCluster's fields.
#[derive(Clone, Debug, Default)]
pub struct NewCluster {
    pub name: String,
    pub zone_uuid: String,
    pub pod_uuid: String,
    pub hypervisor: String,
    pub cluster_type: Option<String>,
    pub allocation_state: Option<String>,
    pub arch: Option<String>,
}

/// addCluster: a cluster in a pod of the zone; one hypervisor type per cluster.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    c: NewCluster,
) -> Result<cluster::Model, EngineError> {
    let txn = db.begin().await?;
    let done = create_in(&txn, caller, c).await?;
    txn.commit().await?;
    Ok(done)
}

async fn create_in<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    c: NewCluster,
) -> Result<cluster::Model, EngineError> {
    let zone = zones::find(db, &c.zone_uuid).await?;
    let pod = pods::find(db, &c.pod_uuid).await?;
    if pod.zone_id != zone.id {
        return Err(invalid(
            "podid",
            format!("pod {} is not in zone {}", pod.name, zone.name),
        ));
    }
    let hypervisor = Hypervisor::parse(&c.hypervisor).ok_or_else(|| {
        invalid(
            "hypervisor",
            format!(
                "{} is not a supported hypervisor (Simulator, KVM)",
                c.hypervisor
            ),
        )
    })?;
    let cluster_type = match c.cluster_type.as_deref().unwrap_or("CloudManaged") {
        t if t.eq_ignore_ascii_case("CloudManaged") => "CloudManaged",
        t if t.eq_ignore_ascii_case("ExternalManaged") => "ExternalManaged",
        other => {
            return Err(invalid(
                "clustertype",
                format!("{other} is not CloudManaged or ExternalManaged"),
            ));
        }
    };
    let arch = match c.arch.as_deref().unwrap_or("x86_64") {
        a @ ("x86_64" | "aarch64") => a.to_string(),
        other => return Err(invalid("arch", format!("{other} is not x86_64 or aarch64"))),
    };
    if c.name.trim().is_empty() {
        return Err(invalid("clustername", "must not be blank"));
    }
    let taken = cluster::Entity::find()
        .filter(cluster::Column::PodId.eq(pod.id))
        .filter(cluster::Column::Name.eq(c.name.as_str()))
        .filter(cluster::Column::Removed.is_null())
        .count(db)
        .await?;
    if taken > 0 {
        return Err(invalid(
            "clustername",
            format!(
                "a cluster named {} already exists in pod {}",
                c.name, pod.name
            ),
        ));
    }
    let allocation = match &c.allocation_state {
        Some(v) => zones::allocation_state("allocationstate", v)?,
        None => "Enabled".into(),
    };
    // A new cluster takes the global overprovisioning factors as its overcommit ratios.
    let cpu_ratio = settings::float(db, CPU_FACTOR, ScopeRef::Global).await?;
    let memory_ratio = settings::float(db, MEM_FACTOR, ScopeRef::Global).await?;
    let created = cluster::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(c.name),
        zone_id: Set(zone.id),
        pod_id: Set(pod.id),
        hypervisor: Set(hypervisor.as_str().into()),
        cluster_type: Set(cluster_type.into()),
        allocation_state: Set(allocation),
        managed_state: Set("Managed".into()),
        cpu_overcommit_ratio: Set(cpu_ratio),
        memory_overcommit_ratio: Set(memory_ratio),
        arch: Set(arch),
        created: Set(chrono::Utc::now().naive_utc()),
        removed: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // Like CloudStack's cluster details, the cluster-scoped settings hold the ratios from the start.
    for (name, ratio) in [(CPU_FACTOR, cpu_ratio), (MEM_FACTOR, memory_ratio)] {
        settings::store(db, name, Scope::Cluster, created.id, &ratio.to_string()).await?;
    }
    events::about(
        db,
        caller,
        "CLUSTER.CREATE",
        "Cluster",
        &created.uuid,
        format!("created cluster {}", created.name),
    )
    .await?;
    Ok(created)
}

pub async fn find<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<cluster::Model, EngineError> {
    cluster::Entity::find()
        .filter(cluster::Column::Uuid.eq(uuid))
        .filter(cluster::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("cluster with id {uuid}"),
        })
}

/// Filters of listClusters.
#[derive(Clone, Debug, Default)]
pub struct ClusterFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub zone_id: Option<i64>,
    pub pod_id: Option<i64>,
    pub hypervisor: Option<String>,
    pub allocation_state: Option<String>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &ClusterFilter,
) -> Result<(u64, Vec<cluster::Model>), EngineError> {
    let mut q = cluster::Entity::find().filter(cluster::Column::Removed.is_null());
    if let Some(id) = &f.id {
        q = q.filter(cluster::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &f.name {
        q = q.filter(cluster::Column::Name.eq(name.as_str()));
    }
    if let Some(z) = f.zone_id {
        q = q.filter(cluster::Column::ZoneId.eq(z));
    }
    if let Some(p) = f.pod_id {
        q = q.filter(cluster::Column::PodId.eq(p));
    }
    if let Some(h) = &f.hypervisor {
        let h = Hypervisor::parse(h)
            .map(|h| h.as_str().to_string())
            .unwrap_or_else(|| h.clone());
        q = q.filter(cluster::Column::Hypervisor.eq(h));
    }
    if let Some(state) = &f.allocation_state {
        q = q.filter(
            cluster::Column::AllocationState.eq(zones::allocation_state("allocationstate", state)?),
        );
    }
    if let Some(k) = &f.keyword {
        q = q.filter(cluster::Column::Name.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(cluster::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}

/// updateCluster: name, allocation state, overcommit ratios (each ≥ 1, as CloudStack requires).
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    name: Option<String>,
    allocation_state: Option<String>,
    cpu_ratio: Option<f64>,
    memory_ratio: Option<f64>,
) -> Result<cluster::Model, EngineError> {
    let txn = db.begin().await?;
    let done = update_in(
        &txn,
        caller,
        uuid,
        name,
        allocation_state,
        cpu_ratio,
        memory_ratio,
    )
    .await?;
    txn.commit().await?;
    Ok(done)
}

async fn update_in<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    name: Option<String>,
    allocation_state: Option<String>,
    cpu_ratio: Option<f64>,
    memory_ratio: Option<f64>,
) -> Result<cluster::Model, EngineError> {
    let current = find(db, uuid).await?;
    let cluster_id = current.id;
    let mut row = current.into_active_model();
    if let Some(v) = name {
        row.name = Set(v);
    }
    if let Some(v) = allocation_state {
        row.allocation_state = Set(zones::allocation_state("allocationstate", &v)?);
    }
    for (param, value, column) in [
        (
            "cpuovercommitratio",
            cpu_ratio,
            &mut row.cpu_overcommit_ratio,
        ),
        (
            "memoryovercommitratio",
            memory_ratio,
            &mut row.memory_overcommit_ratio,
        ),
    ] {
        if let Some(r) = value {
            if !(r.is_finite() && r >= 1.0) {
                return Err(invalid(
                    param,
                    format!("{r} must be a number of at least 1"),
                ));
            }
            *column = Set(r);
        }
    }
    // The cluster-scoped settings show the same ratios (listConfigurations clusterid=…).
    for (name, value) in [(CPU_FACTOR, cpu_ratio), (MEM_FACTOR, memory_ratio)] {
        if let Some(r) = value {
            settings::store(db, name, Scope::Cluster, cluster_id, &r.to_string()).await?;
        }
    }
    let updated = row.update(db).await?;
    events::about(
        db,
        caller,
        "CLUSTER.UPDATE",
        "Cluster",
        &updated.uuid,
        format!("updated cluster {}", updated.name),
    )
    .await?;
    Ok(updated)
}

/// deleteCluster: only without hosts; the message names them.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let txn = db.begin().await?;
    delete_in(&txn, caller, uuid).await?;
    txn.commit().await?;
    Ok(())
}

async fn delete_in<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let current = find(db, uuid).await?;
    let hosts: Vec<String> = host::Entity::find()
        .filter(host::Column::ClusterId.eq(current.id))
        .filter(host::Column::Removed.is_null())
        .select_only()
        .column(host::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    if !hosts.is_empty() {
        return Err(EngineError::InvalidState(format!(
            "The cluster is not deletable because there are {} hosts in it: {}",
            hosts.len(),
            hosts.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
        )));
    }
    let pools = pools::names_in(db, Holder::Cluster(current.id)).await?;
    if !pools.is_empty() {
        return Err(EngineError::InvalidState(format!(
            "The cluster is not deletable because there are {} primary storage pools in it: {}",
            pools.len(),
            pools.join(", ")
        )));
    }
    let name = current.name.clone();
    let mut row = current.into_active_model();
    row.removed = Set(Some(chrono::Utc::now().naive_utc()));
    row.update(db).await?;
    events::about(
        db,
        caller,
        "CLUSTER.DELETE",
        "Cluster",
        uuid,
        format!("deleted cluster {name}"),
    )
    .await
}

/// Names of the live clusters of pod `pod_id` (what blocks deleting the pod).
pub async fn names_in_pod<C: ConnectionTrait>(
    db: &C,
    pod_id: i64,
) -> Result<Vec<String>, EngineError> {
    Ok(cluster::Entity::find()
        .filter(cluster::Column::PodId.eq(pod_id))
        .filter(cluster::Column::Removed.is_null())
        .select_only()
        .column(cluster::Column::Name)
        .into_tuple()
        .all(db)
        .await?)
}

/// Sets a cluster's overcommit ratio from its cluster-scoped `setting` (updateConfiguration clusterid=…).
pub async fn set_ratio<C: ConnectionTrait>(
    db: &C,
    cluster_id: i64,
    setting: &str,
    ratio: f64,
) -> Result<(), EngineError> {
    let Some(current) = cluster::Entity::find_by_id(cluster_id).one(db).await? else {
        return Err(EngineError::NotFound {
            what: format!("cluster {cluster_id}"),
        });
    };
    let mut row = current.into_active_model();
    match setting {
        CPU_FACTOR => row.cpu_overcommit_ratio = Set(ratio),
        MEM_FACTOR => row.memory_overcommit_ratio = Set(ratio),
        other => {
            return Err(EngineError::Internal(format!(
                "{other} is not a cluster overcommit ratio"
            )));
        }
    }
    row.update(db).await?;
    Ok(())
}
