//! Pure placement: picks a host and a primary storage pool for one VM from in-memory snapshots (no DB, no async, no HTTP).
//
// Flow (cloudstack-api.md §7): the caller loads a `Snapshot` of one zone, builds a `VmRequest` from the offering,
// template and command, and calls `plan`. Filters (one per file in `filters/`) remove hosts one after another and
// record how many each removed and why; weighers (`weighers/`) score the survivors, normalised to [0, 1]; the planner
// (`planners.rs`, the `vm.deployment.planner` and `vm.allocation.algorithm` settings) orders clusters; the best host of
// the first cluster wins and the pool allocator (`pools.rs`) picks its root-disk pool. When nothing is left the error
// `NoCapacity` explains, filter by filter, where the hosts went. `plan_with_retries` replays a plan with a growing
// avoid set when starting on the chosen host fails (`start.retry`).

mod context;
mod explain;
mod filters;
mod pipeline;
mod planners;
mod pools;
mod retry;
#[cfg(test)]
mod testkit;
mod weighers;

use std::collections::BTreeSet;

pub use explain::{FilterOutcome, NoCapacity};
pub use pipeline::plan;
pub use planners::{AllocationAlgorithm, CapacityType, PlannerKind, UnknownSetting};
pub use retry::{FailedStart, Retried, RetryError, plan_with_retries};

/// Connection state of a host (`host.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostStatus {
    Up,
    Connecting,
    Disconnected,
    Down,
    Alert,
    Error,
    Rebalancing,
    Creating,
}

impl HostStatus {
    /// How an explanation names hosts in this state ("4 disconnected").
    pub fn describe(self) -> &'static str {
        match self {
            HostStatus::Up => "up",
            HostStatus::Connecting => "still connecting",
            HostStatus::Disconnected => "disconnected",
            HostStatus::Down => "down",
            HostStatus::Alert => "in alert state",
            HostStatus::Error => "in error state",
            HostStatus::Rebalancing => "rebalancing",
            HostStatus::Creating => "being created",
        }
    }
}

/// Administrative state of a host (`host.resource_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceState {
    Enabled,
    Disabled,
    PrepareForMaintenance,
    Maintenance,
    ErrorInMaintenance,
    Creating,
}

impl ResourceState {
    /// How an explanation names hosts in this state ("4 in maintenance").
    pub fn describe(self) -> &'static str {
        match self {
            ResourceState::Enabled => "enabled",
            ResourceState::Disabled => "disabled",
            ResourceState::PrepareForMaintenance => "preparing for maintenance",
            ResourceState::Maintenance => "in maintenance",
            ResourceState::ErrorInMaintenance => "in maintenance with errors",
            ResourceState::Creating => "being created",
        }
    }
}

/// One routing host as the scheduler sees it. Capacities are the raw figures of `op_host_capacity`; the cluster's
/// overcommit ratios are applied by the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct HostSnapshot {
    pub id: i64,
    pub name: String,
    pub zone_id: i64,
    pub pod_id: i64,
    pub cluster_id: i64,
    pub status: HostStatus,
    pub resource_state: ResourceState,
    pub hypervisor: String,
    pub cpu_cores: u32,
    /// Speed of one core.
    pub cpu_speed_mhz: u64,
    pub memory_bytes: u64,
    pub cpu_used_mhz: u64,
    /// Kept for recently stopped VMs whose last host this is (§7.5).
    pub cpu_reserved_mhz: u64,
    pub memory_used_bytes: u64,
    pub memory_reserved_bytes: u64,
    /// Host tags (`host_tags`), compared exactly.
    pub tags: Vec<String>,
    /// `capabilities` contains "hvm".
    pub hvm: bool,
    pub running_vm_count: u32,
    /// The hypervisor's max-guests limit, when it has one.
    pub max_guests: Option<u32>,
    /// Running/Starting VMs of the requesting account on this host (request-specific; the loader fills it).
    pub account_vm_count: u32,
}

impl HostSnapshot {
    /// `cores × per-core speed`, the CPU capacity row's total.
    pub fn cpu_total_mhz(&self) -> u64 {
        u64::from(self.cpu_cores).saturating_mul(self.cpu_speed_mhz)
    }
}

/// One cluster with its overcommit ratios and disable thresholds already resolved (cluster details, else globals).
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterSnapshot {
    pub id: i64,
    pub name: String,
    pub pod_id: i64,
    pub zone_id: i64,
    pub hypervisor: String,
    pub allocation_enabled: bool,
    /// `cpuOvercommitRatio` (default 1.0).
    pub cpu_overcommit: f64,
    /// `memoryOvercommitRatio` (default 1.0).
    pub memory_overcommit: f64,
    /// `cluster.cpu.allocated.capacity.disablethreshold` as a fraction (default 0.85).
    pub cpu_disable_threshold: f64,
    /// `cluster.memory.allocated.capacity.disablethreshold` as a fraction (default 0.85).
    pub memory_disable_threshold: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PodSnapshot {
    pub id: i64,
    pub name: String,
    pub zone_id: i64,
    pub allocation_enabled: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ZoneSnapshot {
    pub id: i64,
    pub name: String,
    pub allocation_enabled: bool,
}

/// Which hosts reach a primary storage pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolScope {
    /// Hosts of this cluster.
    Cluster(i64),
    /// Every host of the pool's zone.
    Zone,
}

/// One primary storage pool. `allocated_bytes` is the STORAGE_ALLOCATED figure (sum of volume sizes).
#[derive(Debug, Clone, PartialEq)]
pub struct PoolSnapshot {
    pub id: i64,
    pub name: String,
    pub zone_id: i64,
    pub scope: PoolScope,
    pub capacity_bytes: u64,
    pub allocated_bytes: u64,
    /// `storage.overprovisioning.factor` for this pool (1.0 for pools that cannot be thin-provisioned).
    pub overprovision: f64,
    pub tags: Vec<String>,
    /// Up and not in maintenance or disabled.
    pub available: bool,
    /// The only hypervisor that may use the pool; `None` = any.
    pub hypervisor: Option<String>,
    /// Volumes of the requesting account on this pool (for `userdispersing`).
    pub account_volume_count: u32,
}

/// Everything the scheduler may look at, typically one zone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub zones: Vec<ZoneSnapshot>,
    pub pods: Vec<PodSnapshot>,
    pub clusters: Vec<ClusterSnapshot>,
    pub hosts: Vec<HostSnapshot>,
    pub pools: Vec<PoolSnapshot>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AffinityKind {
    HostAffinity,
    HostAntiAffinity,
}

/// An affinity group the VM belongs to. Strict groups filter hosts; non-strict ones only weigh them.
#[derive(Debug, Clone, PartialEq)]
pub struct AffinityGroup {
    pub name: String,
    pub kind: AffinityKind,
    pub strict: bool,
    /// Hosts running the group's other VMs, once per VM (a host with two members appears twice).
    pub member_host_ids: Vec<i64>,
}

/// What the VM needs and where it may go.
#[derive(Debug, Clone, PartialEq)]
pub struct VmRequest {
    pub cpu_cores: u32,
    pub cpu_speed_mhz: u64,
    pub memory_bytes: u64,
    /// Required hypervisor (template or command); `None` = any.
    pub hypervisor: Option<String>,
    /// The template needs HVM.
    pub requires_hvm: bool,
    /// The offering's host tags; a host must carry all of them.
    pub host_tags: Vec<String>,
    /// The disk offering's tags; the root-disk pool must carry all of them.
    pub storage_tags: Vec<String>,
    pub root_disk_bytes: u64,
    pub account_id: i64,
    /// Owned by an admin: may use disabled zones/pods/clusters when `allow.admin.vm.on.disabled.resources`.
    pub is_admin: bool,
    pub zone_id: i64,
    pub pod_id: Option<i64>,
    pub cluster_id: Option<i64>,
    pub host_id: Option<i64>,
    pub affinity_groups: Vec<AffinityGroup>,
    /// The VM's last host (restart): preferred when it still fits.
    pub last_host_id: Option<i64>,
    /// The last host still holds this VM's capacity as reserved (stopped less than `capacity.skipcounting.hours`).
    pub reserved_on_last_host: bool,
    /// The offering's `deploymentplanner`, overriding `vm.deployment.planner`.
    pub planner: Option<PlannerKind>,
}

impl VmRequest {
    /// Requested CPU: cores × per-core speed (§7.1).
    pub fn cpu_mhz(&self) -> u64 {
        u64::from(self.cpu_cores).saturating_mul(self.cpu_speed_mhz)
    }
}

/// Relative weights of the weighers; each weigher's score is normalised to [0, 1] before weighting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub least_consumed: f64,
    pub user_dispersing: f64,
    /// Non-strict affinity outranks the allocation algorithm (CloudStack sorts by that priority last).
    pub soft_affinity: f64,
    /// The last host outranks everything (§7.2 step 6).
    pub last_host: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            least_consumed: 1.0,
            user_dispersing: 1.0,
            soft_affinity: 10.0,
            last_host: 100.0,
        }
    }
}

/// The global settings that steer placement, with CloudStack's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `vm.allocation.algorithm` (default random).
    pub allocation_algorithm: AllocationAlgorithm,
    /// `vm.deployment.planner` (default FirstFitPlanner).
    pub planner: PlannerKind,
    /// `cluster.threshold.enabled` (default true).
    pub cluster_threshold_enabled: bool,
    /// `host.capacityType.to.order.clusters` (default CPU).
    pub order_clusters_by: CapacityType,
    /// `apply.allocation.algorithm.to.pods` (default false).
    pub apply_allocation_algorithm_to_pods: bool,
    /// `vm.user.dispersion.weight` (default 1).
    pub user_dispersion_weight: f64,
    /// `allow.admin.vm.on.disabled.resources` (default false).
    pub allow_admin_vm_on_disabled_resources: bool,
    /// `pool.storage.allocated.capacity.disablethreshold` (default 0.85).
    pub pool_allocated_disable_threshold: f64,
    pub weights: Weights,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            allocation_algorithm: AllocationAlgorithm::Random,
            planner: PlannerKind::FirstFit,
            cluster_threshold_enabled: true,
            order_clusters_by: CapacityType::Cpu,
            apply_allocation_algorithm_to_pods: false,
            user_dispersion_weight: 1.0,
            allow_admin_vm_on_disabled_resources: false,
            pool_allocated_disable_threshold: 0.85,
            weights: Weights::default(),
        }
    }
}

/// The ExcludeList: resources this placement must not use. Grows across retries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Avoid {
    pub zones: BTreeSet<i64>,
    pub pods: BTreeSet<i64>,
    pub clusters: BTreeSet<i64>,
    pub hosts: BTreeSet<i64>,
    pub pools: BTreeSet<i64>,
}

impl Avoid {
    pub fn is_empty(&self) -> bool {
        self.zones.is_empty()
            && self.pods.is_empty()
            && self.clusters.is_empty()
            && self.hosts.is_empty()
            && self.pools.is_empty()
    }
}

/// Where the VM goes: a host and the pool for its root disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub zone_id: i64,
    pub pod_id: i64,
    pub cluster_id: i64,
    pub host_id: i64,
    pub pool_id: i64,
}

#[cfg(test)]
mod tests {
    /// Every source file of the scheduler, so the purity test sees them all.
    const SOURCES: &[(&str, &str)] = &[
        ("mod.rs", include_str!("mod.rs")),
        ("context.rs", include_str!("context.rs")),
        ("explain.rs", include_str!("explain.rs")),
        ("pipeline.rs", include_str!("pipeline.rs")),
        ("planners.rs", include_str!("planners.rs")),
        ("pools.rs", include_str!("pools.rs")),
        ("retry.rs", include_str!("retry.rs")),
        ("testkit.rs", include_str!("testkit.rs")),
        ("filters/mod.rs", include_str!("filters/mod.rs")),
        ("filters/avoid.rs", include_str!("filters/avoid.rs")),
        ("filters/pinning.rs", include_str!("filters/pinning.rs")),
        (
            "filters/allocation_state.rs",
            include_str!("filters/allocation_state.rs"),
        ),
        (
            "filters/host_state.rs",
            include_str!("filters/host_state.rs"),
        ),
        (
            "filters/hypervisor.rs",
            include_str!("filters/hypervisor.rs"),
        ),
        (
            "filters/cluster_threshold.rs",
            include_str!("filters/cluster_threshold.rs"),
        ),
        (
            "filters/guest_limit.rs",
            include_str!("filters/guest_limit.rs"),
        ),
        ("filters/hvm.rs", include_str!("filters/hvm.rs")),
        (
            "filters/cpu_capability.rs",
            include_str!("filters/cpu_capability.rs"),
        ),
        ("filters/host_tags.rs", include_str!("filters/host_tags.rs")),
        ("filters/affinity.rs", include_str!("filters/affinity.rs")),
        (
            "filters/cpu_capacity.rs",
            include_str!("filters/cpu_capacity.rs"),
        ),
        (
            "filters/memory_capacity.rs",
            include_str!("filters/memory_capacity.rs"),
        ),
        ("filters/storage.rs", include_str!("filters/storage.rs")),
        ("weighers/mod.rs", include_str!("weighers/mod.rs")),
        (
            "weighers/least_consumed.rs",
            include_str!("weighers/least_consumed.rs"),
        ),
        (
            "weighers/user_dispersing.rs",
            include_str!("weighers/user_dispersing.rs"),
        ),
        (
            "weighers/soft_affinity.rs",
            include_str!("weighers/soft_affinity.rs"),
        ),
        (
            "weighers/last_host.rs",
            include_str!("weighers/last_host.rs"),
        ),
    ];

    #[test]
    fn the_scheduler_stays_pure() {
        // Built at run time so this file does not match itself.
        let forbidden: Vec<String> = [
            ["sea", "_orm"],
            ["tok", "io"],
            ["ax", "um"],
            ["crate::", "db"],
            ["crate::", "engine"],
            ["crate::", "api"],
            ["crate::", "hypervisor"],
        ]
        .iter()
        .map(|parts| parts.concat())
        .collect();
        for (file, text) in SOURCES {
            assert!(
                text.starts_with("//! "),
                "{file} must open with one //! line"
            );
            for word in &forbidden {
                assert!(!text.contains(word.as_str()), "{file} mentions {word}");
            }
        }
    }

    #[test]
    fn every_source_file_is_checked() {
        let on_disk = count_rs_files(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/scheduler"
        )));
        assert_eq!(on_disk, SOURCES.len(), "add new files to SOURCES");
    }

    fn count_rs_files(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .map(|path| {
                if path.is_dir() {
                    count_rs_files(&path)
                } else {
                    usize::from(path.extension().is_some_and(|ext| ext == "rs"))
                }
            })
            .sum()
    }
}
