//! Primary storage pools: cluster- or zone-wide, with tags, capacity and maintenance states.

use super::{DEFAULT_CAPACITY_BYTES, Location, details_json, free_bytes, parse_url, prepare_dir};
use crate::db::entity::{storage_pool, vm_instance, volume};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use crate::engine::infra::{clusters, pods, zones};
use crate::hypervisor::Hypervisor;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::BTreeMap;

/// The URL schemes a primary pool may use.
const SCHEMES: &[&str] = &["nfs", "file", "sharedmountpoint", "presetup"];

/// StoragePoolStatus values Nimbus moves pools through.
pub const UP: &str = "Up";
pub const DISABLED: &str = "Disabled";
pub const PREPARE_FOR_MAINTENANCE: &str = "PrepareForMaintenance";
pub const MAINTENANCE: &str = "Maintenance";

fn invalid(name: &str, reason: impl Into<String>) -> EngineError {
    EngineError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    }
}

/// createStoragePool's fields.
#[derive(Clone, Debug, Default)]
pub struct NewPool {
    pub name: String,
    pub url: String,
    pub zone_uuid: String,
    pub pod_uuid: Option<String>,
    pub cluster_uuid: Option<String>,
    pub scope: Option<String>,
    pub hypervisor: Option<String>,
    pub tags: Vec<String>,
    pub provider: Option<String>,
    pub capacity_bytes: Option<i64>,
    pub details: Vec<BTreeMap<String, String>>,
    pub managed: bool,
}

/// The type name CloudStack reports for a location.
fn pool_type(loc: &Location) -> &'static str {
    match loc {
        Location::Nfs { .. } => "NetworkFilesystem",
        Location::Local { .. } => "Filesystem",
        Location::SharedMountPoint { .. } => "SharedMountPoint",
        Location::PreSetup { .. } => "PreSetup",
    }
}

fn normalize_tags(tags: &[String]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for t in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !seen.contains(&t) {
            seen.push(t);
        }
    }
    seen.join(",")
}

/// createStoragePool: validates placement and URL, prepares a local directory, records the pool `Up`.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    p: NewPool,
) -> Result<storage_pool::Model, EngineError> {
    if p.name.trim().is_empty() {
        return Err(invalid("name", "must not be blank"));
    }
    let zone = zones::find(db, &p.zone_uuid).await?;
    let provider = match p.provider.as_deref() {
        None => "DefaultPrimary",
        Some(v) if v.eq_ignore_ascii_case("DefaultPrimary") => "DefaultPrimary",
        Some(v) => {
            return Err(invalid(
                "provider",
                format!("{v} is not a known primary storage provider (DefaultPrimary)"),
            ));
        }
    };
    let scope = match p.scope.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("cluster") => "CLUSTER",
        Some("zone") => "ZONE",
        None if p.cluster_uuid.is_some() => "CLUSTER",
        None => {
            return Err(invalid(
                "clusterid",
                "is required for a cluster-wide pool; pass scope=zone and hypervisor for a zone-wide one",
            ));
        }
        Some(other) => {
            return Err(invalid("scope", format!("{other} is not cluster or zone")));
        }
    };
    let pod = match &p.pod_uuid {
        Some(uuid) => {
            let pod = pods::find(db, uuid).await?;
            if pod.zone_id != zone.id {
                return Err(invalid(
                    "podid",
                    format!("pod {} is not in zone {}", pod.name, zone.name),
                ));
            }
            Some(pod)
        }
        None => None,
    };
    let (pod_id, cluster_id, hypervisor) = if scope == "CLUSTER" {
        let uuid = p
            .cluster_uuid
            .as_deref()
            .ok_or_else(|| invalid("clusterid", "is required for a cluster-wide pool"))?;
        let cluster = clusters::find(db, uuid).await?;
        if cluster.zone_id != zone.id {
            return Err(invalid(
                "clusterid",
                format!("cluster {} is not in zone {}", cluster.name, zone.name),
            ));
        }
        if let Some(pod) = &pod
            && cluster.pod_id != pod.id
        {
            return Err(invalid(
                "clusterid",
                format!("cluster {} is not in pod {}", cluster.name, pod.name),
            ));
        }
        if let Some(h) = &p.hypervisor
            && !h.eq_ignore_ascii_case(&cluster.hypervisor)
        {
            return Err(invalid(
                "hypervisor",
                format!(
                    "{h} does not match the {} hypervisor of cluster {}",
                    cluster.hypervisor, cluster.name
                ),
            ));
        }
        (Some(cluster.pod_id), Some(cluster.id), cluster.hypervisor)
    } else {
        let h = p.hypervisor.as_deref().ok_or_else(|| {
            invalid(
                "hypervisor",
                "is required for a zone-wide pool (KVM, Simulator or Any)",
            )
        })?;
        let h = if h.eq_ignore_ascii_case("Any") {
            "Any".to_string()
        } else {
            Hypervisor::parse(h)
                .ok_or_else(|| {
                    invalid(
                        "hypervisor",
                        format!("{h} cannot use zone-wide storage (KVM, Simulator or Any)"),
                    )
                })?
                .as_str()
                .to_string()
        };
        (None, None, h)
    };
    let loc = parse_url("url", &p.url, SCHEMES)?;
    let url = loc.url();
    let clash: Vec<String> = storage_pool::Entity::find()
        .filter(storage_pool::Column::ZoneId.eq(zone.id))
        .filter(storage_pool::Column::Url.eq(url.as_str()))
        .filter(storage_pool::Column::Removed.is_null())
        .select_only()
        .column(storage_pool::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    if let Some(other) = clash.first() {
        return Err(invalid(
            "url",
            format!(
                "{url} is already used by storage pool {other} in zone {}",
                zone.name
            ),
        ));
    }
    if let Some(c) = p.capacity_bytes
        && c <= 0
    {
        return Err(invalid("capacitybytes", format!("{c} must be positive")));
    }
    let (host_address, path) = match &loc {
        Location::Local { path } => {
            prepare_dir("url", path, &[])?;
            ("localhost".to_string(), path.clone())
        }
        Location::Nfs { host, path }
        | Location::SharedMountPoint { host, path }
        | Location::PreSetup { host, path } => (host.clone(), path.clone()),
    };
    let capacity = p.capacity_bytes.unwrap_or_else(|| match &loc {
        Location::Local { path } => free_bytes(path).unwrap_or(DEFAULT_CAPACITY_BYTES),
        _ => DEFAULT_CAPACITY_BYTES,
    });
    let created = storage_pool::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(p.name),
        zone_id: Set(zone.id),
        pod_id: Set(pod_id),
        cluster_id: Set(cluster_id),
        scope: Set(scope.into()),
        pool_type: Set(pool_type(&loc).into()),
        host_address: Set(host_address),
        path: Set(path),
        url: Set(url),
        state: Set(UP.into()),
        hypervisor: Set(Some(hypervisor)),
        provider: Set(provider.into()),
        tags: Set(normalize_tags(&p.tags)),
        capacity_bytes: Set(capacity),
        used_bytes: Set(0),
        managed: Set(p.managed),
        details: Set(details_json(&p.details)),
        created: Set(chrono::Utc::now().naive_utc()),
        removed: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    events::about(
        db,
        caller,
        "STORAGE.POOL.CREATE",
        "StoragePool",
        &created.uuid,
        format!("created storage pool {}", created.name),
    )
    .await?;
    Ok(created)
}

/// The live pool with `uuid`, or 431 naming it.
pub async fn find<C: ConnectionTrait>(
    db: &C,
    uuid: &str,
) -> Result<storage_pool::Model, EngineError> {
    storage_pool::Entity::find()
        .filter(storage_pool::Column::Uuid.eq(uuid))
        .filter(storage_pool::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("storage pool with id {uuid}"),
        })
}

/// Filters of listStoragePools (internal ids already resolved).
#[derive(Clone, Debug, Default)]
pub struct PoolFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub zone_id: Option<i64>,
    pub pod_id: Option<i64>,
    pub cluster_id: Option<i64>,
    pub scope: Option<String>,
    pub ip_address: Option<String>,
    pub path: Option<String>,
    pub state: Option<String>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

/// listStoragePools: live pools matching `f`, oldest first, and how many match in all.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &PoolFilter,
) -> Result<(u64, Vec<storage_pool::Model>), EngineError> {
    let mut q = storage_pool::Entity::find().filter(storage_pool::Column::Removed.is_null());
    if let Some(id) = &f.id {
        q = q.filter(storage_pool::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &f.name {
        q = q.filter(storage_pool::Column::Name.eq(name.as_str()));
    }
    if let Some(z) = f.zone_id {
        q = q.filter(storage_pool::Column::ZoneId.eq(z));
    }
    if let Some(p) = f.pod_id {
        q = q.filter(storage_pool::Column::PodId.eq(p));
    }
    if let Some(c) = f.cluster_id {
        q = q.filter(storage_pool::Column::ClusterId.eq(c));
    }
    if let Some(s) = &f.scope {
        let s = s.to_ascii_uppercase();
        if s != "CLUSTER" && s != "ZONE" {
            return Err(invalid("scope", format!("{s} is not CLUSTER or ZONE")));
        }
        q = q.filter(storage_pool::Column::Scope.eq(s));
    }
    if let Some(ip) = &f.ip_address {
        q = q.filter(storage_pool::Column::HostAddress.eq(ip.as_str()));
    }
    if let Some(path) = &f.path {
        q = q.filter(storage_pool::Column::Path.eq(path.as_str()));
    }
    if let Some(state) = &f.state {
        q = q.filter(storage_pool::Column::State.eq(state.as_str()));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(storage_pool::Column::Name.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(storage_pool::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}

/// updateStoragePool's fields.
#[derive(Clone, Debug, Default)]
pub struct PoolUpdate {
    pub name: Option<String>,
    pub tags: Option<Vec<String>>,
    pub capacity_bytes: Option<i64>,
    pub enabled: Option<bool>,
}

/// updateStoragePool: name, tags, capacity, and enabling (Up) or disabling (Disabled) outside maintenance.
pub async fn update<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    u: PoolUpdate,
) -> Result<storage_pool::Model, EngineError> {
    let current = find(db, uuid).await?;
    if let Some(c) = u.capacity_bytes
        && c < current.used_bytes.max(1)
    {
        return Err(invalid(
            "capacitybytes",
            format!(
                "{c} is less than the {} bytes the pool already uses",
                current.used_bytes.max(1)
            ),
        ));
    }
    if u.enabled.is_some() && current.state != UP && current.state != DISABLED {
        return Err(EngineError::InvalidState(format!(
            "Storage pool {} cannot be enabled or disabled while it is in state {}",
            current.name, current.state
        )));
    }
    let mut row = current.into_active_model();
    if let Some(name) = u.name {
        if name.trim().is_empty() {
            return Err(invalid("name", "must not be blank"));
        }
        row.name = Set(name);
    }
    if let Some(tags) = u.tags {
        row.tags = Set(normalize_tags(&tags));
    }
    if let Some(c) = u.capacity_bytes {
        row.capacity_bytes = Set(c);
    }
    if let Some(enabled) = u.enabled {
        row.state = Set(if enabled { UP } else { DISABLED }.into());
    }
    let updated = row.update(db).await?;
    events::about(
        db,
        caller,
        "STORAGE.POOL.UPDATE",
        "StoragePool",
        &updated.uuid,
        format!(
            "updated storage pool {} (state {})",
            updated.name, updated.state
        ),
    )
    .await?;
    Ok(updated)
}

/// deleteStoragePool: marks the pool removed; its directory, if local, stays on disk.
/// `forced` would also drop the pool's volumes once volumes exist; none can yet.
pub async fn delete<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    _forced: bool,
) -> Result<(), EngineError> {
    let current = find(db, uuid).await?;
    let volumes = live_volumes_on(db, current.id).await?;
    if volumes > 0 {
        return Err(EngineError::ResourceInUse(format!(
            "Cannot delete storage pool {}: {volumes} volume(s) are still on it",
            current.name
        )));
    }
    let name = current.name.clone();
    let mut row = current.into_active_model();
    row.state = Set("Removed".into());
    row.removed = Set(Some(chrono::Utc::now().naive_utc()));
    row.update(db).await?;
    events::about(
        db,
        caller,
        "STORAGE.POOL.DELETE",
        "StoragePool",
        uuid,
        format!("deleted storage pool {name}"),
    )
    .await
}

async fn set_state<C: ConnectionTrait>(
    db: &C,
    pool: storage_pool::Model,
    state: &str,
) -> Result<storage_pool::Model, EngineError> {
    let mut row = pool.into_active_model();
    row.state = Set(state.into());
    Ok(row.update(db).await?)
}

/// Volumes (not removed) placed on the pool.
async fn live_volumes_on<C: ConnectionTrait>(db: &C, pool_id: i64) -> Result<u64, EngineError> {
    Ok(volume::Entity::find()
        .filter(volume::Column::PoolId.eq(pool_id))
        .filter(volume::Column::Removed.is_null())
        .count(db)
        .await?)
}

/// enableStorageMaintenance: Up/Disabled → PrepareForMaintenance → Maintenance. Volumes are not moved yet, so a
/// pool that running VMs use is refused (stop them first); otherwise it reaches Maintenance at once.
pub async fn enter_maintenance<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<storage_pool::Model, EngineError> {
    let pool = find(db, uuid).await?;
    if pool.state != UP && pool.state != DISABLED {
        return Err(EngineError::InvalidState(format!(
            "Primary storage with id {uuid} is not ready for migration, as the status is:{}",
            pool.state
        )));
    }
    let in_use = vm_instance::Entity::find()
        .filter(
            vm_instance::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(volume::Column::VmId)
                    .from(volume::Entity)
                    .and_where(volume::Column::PoolId.eq(pool.id))
                    .and_where(volume::Column::Removed.is_null())
                    .to_owned(),
            ),
        )
        .filter(vm_instance::Column::State.is_in(["Starting", "Running", "Stopping", "Migrating"]))
        .count(db)
        .await?;
    if in_use > 0 {
        return Err(EngineError::ResourceInUse(format!(
            "Storage pool {} holds volumes of {in_use} running VM(s): stop them before maintenance",
            pool.name
        )));
    }
    let pool = set_state(db, pool, PREPARE_FOR_MAINTENANCE).await?;
    events::about(
        db,
        caller,
        "MAINT.PREPARE.PS",
        "StoragePool",
        uuid,
        format!("preparing storage pool {} for maintenance", pool.name),
    )
    .await?;
    let pool = set_state(db, pool, MAINTENANCE).await?;
    events::about(
        db,
        caller,
        "MAINT.PS",
        "StoragePool",
        uuid,
        format!("storage pool {} is in maintenance", pool.name),
    )
    .await?;
    Ok(pool)
}

/// cancelStorageMaintenance: PrepareForMaintenance/Maintenance/ErrorInMaintenance → Up.
pub async fn cancel_maintenance<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<storage_pool::Model, EngineError> {
    let pool = find(db, uuid).await?;
    if !matches!(
        pool.state.as_str(),
        PREPARE_FOR_MAINTENANCE | MAINTENANCE | "ErrorInMaintenance"
    ) {
        return Err(EngineError::InvalidState(format!(
            "Primary storage with id {uuid} is not ready to complete migration, as the status is:{}",
            pool.state
        )));
    }
    let pool = set_state(db, pool, UP).await?;
    events::about(
        db,
        caller,
        "MAINT.CANCEL.PS",
        "StoragePool",
        uuid,
        format!("cancelled maintenance of storage pool {}", pool.name),
    )
    .await?;
    Ok(pool)
}

/// What holds pools: a cluster, a pod, or (zone-wide pools) a zone.
#[derive(Clone, Copy, Debug)]
pub enum Holder {
    Cluster(i64),
    Pod(i64),
    /// Zone-wide pools only; cluster pools are reached through their clusters.
    ZoneWide(i64),
}

/// Names of the live pools `holder` still holds (what blocks deleting it).
pub async fn names_in<C: ConnectionTrait>(
    db: &C,
    holder: Holder,
) -> Result<Vec<String>, EngineError> {
    let q = storage_pool::Entity::find().filter(storage_pool::Column::Removed.is_null());
    let q = match holder {
        Holder::Cluster(id) => q.filter(storage_pool::Column::ClusterId.eq(id)),
        Holder::Pod(id) => q.filter(storage_pool::Column::PodId.eq(id)),
        Holder::ZoneWide(id) => q
            .filter(storage_pool::Column::ZoneId.eq(id))
            .filter(storage_pool::Column::Scope.eq("ZONE")),
    };
    Ok(q.order_by_asc(storage_pool::Column::Id)
        .select_only()
        .column(storage_pool::Column::Name)
        .into_tuple()
        .all(db)
        .await?)
}

/// Every live pool, for capacity accounting.
pub async fn all_live<C: ConnectionTrait>(db: &C) -> Result<Vec<storage_pool::Model>, EngineError> {
    Ok(storage_pool::Entity::find()
        .filter(storage_pool::Column::Removed.is_null())
        .order_by_asc(storage_pool::Column::Id)
        .all(db)
        .await?)
}
