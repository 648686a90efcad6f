//! Reads one zone's hosts, clusters, pods and pools, and the placement settings, into the scheduler's snapshot.

use crate::db::entity::{cluster, host, pod, storage_pool, vm_instance, volume, zone};
use crate::engine::EngineError;
use crate::engine::capacity;
use crate::engine::settings::{Preloaded, ScopeRef};
use crate::scheduler::{
    AllocationAlgorithm, ClusterSnapshot, HostSnapshot, HostStatus, PlannerKind, PodSnapshot,
    PoolScope, PoolSnapshot, ResourceState, Settings, Snapshot, VmRequest, ZoneSnapshot,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// VM states that hold capacity on their host (and count as "running" for dispersion).
pub const ACTIVE_STATES: [&str; 4] = ["Starting", "Running", "Stopping", "Migrating"];

const SETTING_NAMES: [&str; 11] = [
    "vm.allocation.algorithm",
    "vm.deployment.planner",
    "cluster.threshold.enabled",
    "apply.allocation.algorithm.to.pods",
    "vm.user.dispersion.weight",
    "allow.admin.vm.on.disabled.resources",
    "pool.storage.allocated.capacity.disablethreshold",
    "cluster.cpu.allocated.capacity.disablethreshold",
    "cluster.memory.allocated.capacity.disablethreshold",
    "storage.overprovisioning.factor",
    "host.capacityType.to.order.clusters",
];

fn setting_error(e: crate::scheduler::UnknownSetting) -> EngineError {
    EngineError::InvalidState(e.to_string())
}

/// The global placement settings.
pub fn settings(values: &Preloaded) -> Result<Settings, EngineError> {
    let g = ScopeRef::Global;
    Ok(Settings {
        allocation_algorithm: values
            .value("vm.allocation.algorithm", g)?
            .parse()
            .map_err(setting_error)?,
        planner: values
            .value("vm.deployment.planner", g)?
            .parse()
            .map_err(setting_error)?,
        cluster_threshold_enabled: values.boolean("cluster.threshold.enabled", g)?,
        order_clusters_by: values
            .value("host.capacityType.to.order.clusters", g)?
            .parse()
            .map_err(setting_error)?,
        apply_allocation_algorithm_to_pods: values
            .boolean("apply.allocation.algorithm.to.pods", g)?,
        user_dispersion_weight: values.float("vm.user.dispersion.weight", g)?,
        allow_admin_vm_on_disabled_resources: values
            .boolean("allow.admin.vm.on.disabled.resources", g)?,
        pool_allocated_disable_threshold: values
            .float("pool.storage.allocated.capacity.disablethreshold", g)?,
        ..Settings::default()
    })
}

fn host_status(value: &str) -> HostStatus {
    match value {
        "Up" => HostStatus::Up,
        "Connecting" => HostStatus::Connecting,
        "Disconnected" => HostStatus::Disconnected,
        "Down" => HostStatus::Down,
        "Alert" => HostStatus::Alert,
        "Rebalancing" => HostStatus::Rebalancing,
        "Creating" => HostStatus::Creating,
        _ => HostStatus::Error,
    }
}

fn resource_state(value: &str) -> ResourceState {
    match value {
        "Enabled" => ResourceState::Enabled,
        "Disabled" => ResourceState::Disabled,
        "PrepareForMaintenance" => ResourceState::PrepareForMaintenance,
        "Maintenance" => ResourceState::Maintenance,
        "ErrorInMaintenance" | "ErrorInPrepareForMaintenance" => ResourceState::ErrorInMaintenance,
        _ => ResourceState::Creating,
    }
}

/// A comma-separated tag column as a list (host tags, storage tags).
pub(super) fn tags(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn unsigned(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// Zone `zone_id` as the scheduler sees it, with per-host and per-pool counts for `account_id`.
pub async fn load<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
    account_id: i64,
) -> Result<(Snapshot, Settings), EngineError> {
    let (mut snapshot, settings) = load_zone(db, zone_id).await?;
    add_account_counts(db, &mut snapshot, zone_id, account_id).await?;
    Ok((snapshot, settings))
}

/// Whether a plan for `request` reads the per-account counts (the user-dispersing and user-concentrated ways).
pub fn uses_account_counts(settings: &Settings, request: &VmRequest) -> bool {
    settings.allocation_algorithm == AllocationAlgorithm::UserDispersing
        || matches!(
            request.planner.unwrap_or(settings.planner),
            PlannerKind::UserDispersing | PlannerKind::UserConcentratedPod
        )
}

/// How many active VMs (of `account_id`, or of everyone) each host of zone `zone_id` runs.
async fn active_vms_per_host<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
    account_id: Option<i64>,
) -> Result<HashMap<i64, u32>, EngineError> {
    let mut q = vm_instance::Entity::find()
        .select_only()
        .column(vm_instance::Column::HostId)
        .column_as(vm_instance::Column::Id.count(), "n")
        .filter(vm_instance::Column::ZoneId.eq(zone_id))
        .filter(vm_instance::Column::State.is_in(ACTIVE_STATES));
    if let Some(account) = account_id {
        q = q.filter(vm_instance::Column::AccountId.eq(account));
    }
    Ok(q.group_by(vm_instance::Column::HostId)
        .into_tuple::<(Option<i64>, i64)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(host, n)| Some((host?, u32::try_from(n).unwrap_or(u32::MAX))))
        .collect())
}

/// Fills in how many of `account_id`'s active VMs each host runs and how many of its volumes each pool holds.
pub async fn add_account_counts<C: ConnectionTrait>(
    db: &C,
    snapshot: &mut Snapshot,
    zone_id: i64,
    account_id: i64,
) -> Result<(), EngineError> {
    let account_running = active_vms_per_host(db, zone_id, Some(account_id)).await?;
    let account_volumes: HashMap<i64, u32> = volume::Entity::find()
        .select_only()
        .column(volume::Column::PoolId)
        .column_as(volume::Column::Id.count(), "n")
        .filter(volume::Column::ZoneId.eq(zone_id))
        .filter(volume::Column::AccountId.eq(account_id))
        .filter(volume::Column::Removed.is_null())
        .group_by(volume::Column::PoolId)
        .into_tuple::<(Option<i64>, i64)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(pool, n)| Some((pool?, u32::try_from(n).unwrap_or(u32::MAX))))
        .collect();
    for h in &mut snapshot.hosts {
        h.account_vm_count = account_running.get(&h.id).copied().unwrap_or(0);
    }
    for p in &mut snapshot.pools {
        p.account_volume_count = account_volumes.get(&p.id).copied().unwrap_or(0);
    }
    Ok(())
}

/// Zone `zone_id` as the scheduler sees it, without per-account counts (all zero).
pub async fn load_zone<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
) -> Result<(Snapshot, Settings), EngineError> {
    let values = Preloaded::load(db, &SETTING_NAMES).await?;
    let settings = settings(&values)?;
    let zones: Vec<ZoneSnapshot> = zone::Entity::find_by_id(zone_id)
        .filter(zone::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|z| ZoneSnapshot {
            id: z.id,
            name: z.name,
            allocation_enabled: z.allocation_state == "Enabled",
        })
        .collect();
    let pods = pod::Entity::find()
        .filter(pod::Column::ZoneId.eq(zone_id))
        .filter(pod::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| PodSnapshot {
            id: p.id,
            name: p.name,
            zone_id: p.zone_id,
            allocation_enabled: p.allocation_state == "Enabled",
        })
        .collect();
    let mut clusters = Vec::new();
    for c in cluster::Entity::find()
        .filter(cluster::Column::ZoneId.eq(zone_id))
        .filter(cluster::Column::Removed.is_null())
        .all(db)
        .await?
    {
        let at = ScopeRef::Cluster {
            id: c.id,
            zone: c.zone_id,
        };
        clusters.push(ClusterSnapshot {
            id: c.id,
            name: c.name,
            pod_id: c.pod_id,
            zone_id: c.zone_id,
            hypervisor: c.hypervisor,
            allocation_enabled: c.allocation_state == "Enabled",
            cpu_overcommit: c.cpu_overcommit_ratio,
            memory_overcommit: c.memory_overcommit_ratio,
            cpu_disable_threshold: values
                .float("cluster.cpu.allocated.capacity.disablethreshold", at)?,
            memory_disable_threshold: values
                .float("cluster.memory.allocated.capacity.disablethreshold", at)?,
        });
    }

    let running = active_vms_per_host(db, zone_id, None).await?;
    let hosts = host::Entity::find()
        .filter(host::Column::ZoneId.eq(zone_id))
        .filter(host::Column::Removed.is_null())
        .filter(host::Column::HostType.eq("Routing"))
        .all(db)
        .await?
        .into_iter()
        .map(|h| HostSnapshot {
            id: h.id,
            hvm: h.capabilities.split(',').any(|c| c.trim() == "hvm"),
            tags: tags(&h.tags),
            status: host_status(&h.status),
            resource_state: resource_state(&h.resource_state),
            cpu_cores: u32::try_from(h.cpu_cores).unwrap_or(0),
            cpu_speed_mhz: unsigned(h.cpu_speed_mhz),
            memory_bytes: unsigned(h.memory_bytes),
            cpu_used_mhz: unsigned(h.cpu_used_mhz),
            cpu_reserved_mhz: unsigned(h.cpu_reserved_mhz),
            memory_used_bytes: unsigned(h.memory_used_bytes),
            memory_reserved_bytes: unsigned(h.memory_reserved_bytes),
            running_vm_count: running.get(&h.id).copied().unwrap_or(0),
            account_vm_count: 0,
            max_guests: None,
            name: h.name,
            zone_id: h.zone_id,
            pod_id: h.pod_id,
            cluster_id: h.cluster_id,
            hypervisor: h.hypervisor,
        })
        .collect();

    let mut pools = Vec::new();
    for p in storage_pool::Entity::find()
        .filter(storage_pool::Column::ZoneId.eq(zone_id))
        .filter(storage_pool::Column::Removed.is_null())
        .all(db)
        .await?
    {
        let overprovision = if capacity::overprovisioned(&p.pool_type) {
            values.float(
                "storage.overprovisioning.factor",
                ScopeRef::StoragePool {
                    id: p.id,
                    zone: p.zone_id,
                },
            )?
        } else {
            1.0
        };
        let scope = match (p.scope.as_str(), p.cluster_id) {
            ("ZONE", _) | (_, None) => PoolScope::Zone,
            (_, Some(cluster)) => PoolScope::Cluster(cluster),
        };
        pools.push(PoolSnapshot {
            id: p.id,
            zone_id: p.zone_id,
            scope,
            capacity_bytes: unsigned(p.capacity_bytes),
            allocated_bytes: unsigned(p.allocated_bytes),
            overprovision,
            tags: tags(&p.tags),
            available: p.state == "Up",
            hypervisor: p.hypervisor.filter(|h| !h.is_empty() && h != "Any"),
            account_volume_count: 0,
            name: p.name,
        });
    }
    Ok((
        Snapshot {
            zones,
            pods,
            clusters,
            hosts,
            pools,
        },
        settings,
    ))
}

/// How long a cached zone snapshot serves placements before it is read again.
const CACHE_AGE: Duration = Duration::from_secs(1);

/// Zone snapshots shared by the placements of this management server, so a burst of deploys does not re-read
/// every host row each time. A cached snapshot may be stale: claims are guarded updates in the database, so
/// staleness costs at most a lost claim (after which the zone is read again), never a double booking. A
/// placement that finds nothing always re-plans on fresh rows before it answers 533.
#[derive(Clone, Default)]
pub struct SnapshotCache {
    zones: Arc<Mutex<HashMap<i64, Cached>>>,
    /// One reader of the database at a time: placements that find the snapshot stale wait for the one reading it
    /// instead of all reading the same rows at once.
    reading: Arc<tokio::sync::Mutex<()>>,
}

struct Cached {
    snapshot: Snapshot,
    settings: Settings,
    loaded: Instant,
}

/// The host and pool room a successful claim took, applied to the cached snapshot.
#[derive(Clone, Copy, Debug)]
pub struct ClaimedRoom {
    pub host_id: i64,
    pub cpu_mhz: u64,
    pub memory_bytes: u64,
    pub pool: Option<(i64, u64)>,
}

impl SnapshotCache {
    /// Runs `plan` on zone `zone_id`'s snapshot: the cached one while it is younger than [`CACHE_AGE`] and, with
    /// `read_after`, read after that moment; with the account's counts filled in when the planner reads them.
    /// Also returns when the snapshot was read.
    pub async fn with_snapshot<C: ConnectionTrait, T>(
        &self,
        db: &C,
        zone_id: i64,
        account_id: i64,
        read_after: Option<Instant>,
        request: &VmRequest,
        plan: impl FnOnce(&Snapshot, &Settings) -> T,
    ) -> Result<(T, Instant), EngineError> {
        if !self.is_current(zone_id, read_after) {
            let _reading = self.reading.lock().await;
            // Someone else may have read it while this placement waited.
            if !self.is_current(zone_id, read_after) {
                let (snapshot, settings) = load_zone(db, zone_id).await?;
                self.lock().insert(
                    zone_id,
                    Cached {
                        snapshot,
                        settings,
                        loaded: Instant::now(),
                    },
                );
            }
        }
        let (copy_for_account, loaded) = {
            let zones = self.lock();
            let cached = zones
                .get(&zone_id)
                .ok_or_else(|| EngineError::Internal("zone snapshot vanished".into()))?;
            if !uses_account_counts(&cached.settings, request) {
                return Ok((plan(&cached.snapshot, &cached.settings), cached.loaded));
            }
            (
                (cached.snapshot.clone(), cached.settings.clone()),
                cached.loaded,
            )
        };
        let (mut snapshot, settings) = copy_for_account;
        add_account_counts(db, &mut snapshot, zone_id, account_id).await?;
        Ok((plan(&snapshot, &settings), loaded))
    }

    /// Counts a claim this server made in the cached snapshot, so the next placement sees it at once. A reservation
    /// the claim turned into use stays counted too: the host looks fuller than it is until the next read, never emptier.
    pub fn record_claim(&self, zone_id: i64, room: ClaimedRoom) {
        let mut zones = self.lock();
        let Some(cached) = zones.get_mut(&zone_id) else {
            return;
        };
        if let Some(h) = cached
            .snapshot
            .hosts
            .iter_mut()
            .find(|h| h.id == room.host_id)
        {
            h.cpu_used_mhz += room.cpu_mhz;
            h.memory_used_bytes += room.memory_bytes;
            h.running_vm_count = h.running_vm_count.saturating_add(1);
        }
        if let Some((pool_id, bytes)) = room.pool
            && let Some(p) = cached.snapshot.pools.iter_mut().find(|p| p.id == pool_id)
        {
            p.allocated_bytes += bytes;
        }
    }

    fn is_current(&self, zone_id: i64, read_after: Option<Instant>) -> bool {
        self.lock().get(&zone_id).is_some_and(|c| {
            c.loaded.elapsed() < CACHE_AGE && read_after.is_none_or(|after| c.loaded >= after)
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Cached>> {
        // A panic while holding the lock cannot leave a half-updated snapshot that matters: it is only a cache.
        self.zones
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
