//! Hand-built snapshots and requests for the scheduler's unit tests.

use super::context::PlanContext;
use super::filters::HostFilter;
use super::pipeline::run_filter;
use super::*;
use rand::SeedableRng;
use rand::rngs::StdRng;

pub const MIB: u64 = 1024 * 1024;
pub const GIB: u64 = 1024 * MIB;

pub fn rng() -> StdRng {
    StdRng::seed_from_u64(7)
}

/// An idle Up/Enabled KVM host: 8 cores × 2000 MHz, 16 GiB.
pub fn host(id: i64, cluster_id: i64) -> HostSnapshot {
    HostSnapshot {
        id,
        name: format!("h{id}"),
        zone_id: 1,
        pod_id: 1,
        cluster_id,
        status: HostStatus::Up,
        resource_state: ResourceState::Enabled,
        hypervisor: "KVM".into(),
        cpu_cores: 8,
        cpu_speed_mhz: 2000,
        memory_bytes: 16 * GIB,
        cpu_used_mhz: 0,
        cpu_reserved_mhz: 0,
        memory_used_bytes: 0,
        memory_reserved_bytes: 0,
        tags: Vec::new(),
        hvm: true,
        running_vm_count: 0,
        max_guests: None,
        account_vm_count: 0,
    }
}

/// An enabled KVM cluster without overcommit, thresholds at the 0.85 default.
pub fn cluster(id: i64, pod_id: i64) -> ClusterSnapshot {
    ClusterSnapshot {
        id,
        name: format!("C{id}"),
        pod_id,
        zone_id: 1,
        hypervisor: "KVM".into(),
        allocation_enabled: true,
        cpu_overcommit: 1.0,
        memory_overcommit: 1.0,
        cpu_disable_threshold: 0.85,
        memory_disable_threshold: 0.85,
    }
}

/// An available, untagged 1000 GiB pool.
pub fn pool(id: i64, scope: PoolScope) -> PoolSnapshot {
    PoolSnapshot {
        id,
        name: format!("pool{id}"),
        zone_id: 1,
        scope,
        capacity_bytes: 1000 * GIB,
        allocated_bytes: 0,
        overprovision: 1.0,
        tags: Vec::new(),
        available: true,
        hypervisor: None,
        account_volume_count: 0,
    }
}

/// Zone 1 ("Z1") with pod 1 ("P1"), `clusters` clusters C1..Cn of `hosts_per_cluster` hosts each (host ids count
/// from 1 in cluster order) and one zone-wide pool 100.
pub fn world(clusters: i64, hosts_per_cluster: i64) -> Snapshot {
    Snapshot {
        zones: vec![ZoneSnapshot {
            id: 1,
            name: "Z1".into(),
            allocation_enabled: true,
        }],
        pods: vec![PodSnapshot {
            id: 1,
            name: "P1".into(),
            zone_id: 1,
            allocation_enabled: true,
        }],
        clusters: (1..=clusters).map(|id| cluster(id, 1)).collect(),
        hosts: (1..=clusters)
            .flat_map(|cluster_id| {
                (1..=hosts_per_cluster)
                    .map(move |n| host((cluster_id - 1) * hosts_per_cluster + n, cluster_id))
            })
            .collect(),
        pools: vec![pool(100, PoolScope::Zone)],
    }
}

/// 1 core × 500 MHz, 1 GiB, a 10 GiB root disk, zone 1, account 2.
pub fn request() -> VmRequest {
    VmRequest {
        cpu_cores: 1,
        cpu_speed_mhz: 500,
        memory_bytes: GIB,
        hypervisor: None,
        requires_hvm: false,
        host_tags: Vec::new(),
        storage_tags: Vec::new(),
        root_disk_bytes: 10 * GIB,
        account_id: 2,
        is_admin: false,
        zone_id: 1,
        pod_id: None,
        cluster_id: None,
        host_id: None,
        affinity_groups: Vec::new(),
        last_host_id: None,
        reserved_on_last_host: false,
        planner: None,
    }
}

/// Runs one filter over every host of the snapshot: the ids it kept and its outcome.
pub fn filter_hosts(
    filter: &dyn HostFilter,
    snapshot: &Snapshot,
    request: &VmRequest,
    avoid: &Avoid,
    settings: &Settings,
) -> (Vec<i64>, FilterOutcome) {
    let ctx = PlanContext::new(snapshot, request, avoid, settings);
    let mut survivors: Vec<u32> = (0..snapshot.hosts.len() as u32).collect();
    let outcome = run_filter(&ctx, filter, &mut survivors);
    let kept = survivors
        .iter()
        .map(|&index| snapshot.hosts[index as usize].id)
        .collect();
    (kept, outcome)
}

/// [`filter_hosts`] with no avoid set and default settings.
pub fn filter_default(
    filter: &dyn HostFilter,
    snapshot: &Snapshot,
    request: &VmRequest,
) -> (Vec<i64>, FilterOutcome) {
    filter_hosts(
        filter,
        snapshot,
        request,
        &Avoid::default(),
        &Settings::default(),
    )
}

/// The reasons of an outcome as "count reason" strings.
pub fn reasons(outcome: &FilterOutcome) -> Vec<String> {
    outcome
        .reasons
        .iter()
        .map(|(reason, count)| format!("{count} {reason}"))
        .collect()
}
