//! Benchmark: one `scheduler::plan` decision over 1,000 and 10,000 hosts (40 clusters), mean/p50/p99 in µs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly on purpose

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use server::scheduler::{
    AffinityGroup, AffinityKind, AllocationAlgorithm, Avoid, ClusterSnapshot, HostSnapshot,
    HostStatus, PodSnapshot, PoolScope, PoolSnapshot, ResourceState, Settings, Snapshot, VmRequest,
    ZoneSnapshot, plan,
};
use std::hint::black_box;
use std::time::{Duration, Instant};

const CLUSTERS: i64 = 40;
const PODS: i64 = 4;
const GIB: u64 = 1024 * 1024 * 1024;

/// One zone of `hosts` hosts over 40 clusters in 4 pods, loaded at random; a pool per cluster and two zone-wide.
fn snapshot(hosts: i64) -> Snapshot {
    let mut dice = StdRng::seed_from_u64(1);
    let clusters = (1..=CLUSTERS)
        .map(|id| ClusterSnapshot {
            id,
            name: format!("C{id}"),
            pod_id: 1 + (id - 1) % PODS,
            zone_id: 1,
            hypervisor: "KVM".into(),
            allocation_enabled: true,
            cpu_overcommit: 2.0,
            memory_overcommit: 1.0,
            cpu_disable_threshold: 0.85,
            memory_disable_threshold: 0.85,
        })
        .collect();
    let hosts = (1..=hosts)
        .map(|id| {
            let cluster_id = 1 + (id - 1) % CLUSTERS;
            let memory_bytes = 256 * GIB;
            HostSnapshot {
                id,
                name: format!("host-{id}"),
                zone_id: 1,
                pod_id: 1 + (cluster_id - 1) % PODS,
                cluster_id,
                status: if dice.random_bool(0.02) {
                    HostStatus::Disconnected
                } else {
                    HostStatus::Up
                },
                resource_state: if dice.random_bool(0.03) {
                    ResourceState::Maintenance
                } else {
                    ResourceState::Enabled
                },
                hypervisor: "KVM".into(),
                cpu_cores: 32,
                cpu_speed_mhz: 2400,
                memory_bytes,
                cpu_used_mhz: dice.random_range(0..=100_000),
                cpu_reserved_mhz: dice.random_range(0..=4_000),
                memory_used_bytes: dice.random_range(0..=memory_bytes * 9 / 10),
                memory_reserved_bytes: dice.random_range(0..=8 * GIB),
                tags: if dice.random_bool(0.25) {
                    vec!["ssd".into()]
                } else {
                    Vec::new()
                },
                hvm: true,
                running_vm_count: dice.random_range(0..60),
                max_guests: Some(100),
                account_vm_count: dice.random_range(0..3),
            }
        })
        .collect();
    let pool = |id: i64, scope| PoolSnapshot {
        id,
        name: format!("pool-{id}"),
        zone_id: 1,
        scope,
        capacity_bytes: 20_000 * GIB,
        allocated_bytes: 9_000 * GIB,
        overprovision: 2.0,
        tags: Vec::new(),
        available: true,
        hypervisor: None,
        account_volume_count: 0,
    };
    let mut pools: Vec<PoolSnapshot> = (1..=CLUSTERS)
        .map(|id| pool(id, PoolScope::Cluster(id)))
        .collect();
    pools.push(pool(1001, PoolScope::Zone));
    pools.push(pool(1002, PoolScope::Zone));
    Snapshot {
        zones: vec![ZoneSnapshot {
            id: 1,
            name: "zone-1".into(),
            allocation_enabled: true,
        }],
        pods: (1..=PODS)
            .map(|id| PodSnapshot {
                id,
                name: format!("pod-{id}"),
                zone_id: 1,
                allocation_enabled: true,
            })
            .collect(),
        clusters,
        hosts,
        pools,
    }
}

fn request() -> VmRequest {
    VmRequest {
        cpu_cores: 4,
        cpu_speed_mhz: 2000,
        memory_bytes: 8 * GIB,
        hypervisor: Some("KVM".into()),
        requires_hvm: true,
        host_tags: vec!["ssd".into()],
        storage_tags: Vec::new(),
        root_disk_bytes: 50 * GIB,
        account_id: 2,
        is_admin: false,
        zone_id: 1,
        pod_id: None,
        cluster_id: None,
        host_id: None,
        affinity_groups: vec![AffinityGroup {
            name: "web".into(),
            kind: AffinityKind::HostAntiAffinity,
            strict: false,
            member_host_ids: (1..=20).map(|n| n * 37).collect(),
        }],
        last_host_id: None,
        reserved_on_last_host: false,
        planner: None,
    }
}

fn measure(
    label: &str,
    snapshot: &Snapshot,
    request: &VmRequest,
    settings: &Settings,
    iterations: usize,
) {
    let avoid = Avoid::default();
    let mut rng = StdRng::seed_from_u64(7);
    for _ in 0..iterations / 10 {
        let _ = black_box(plan(snapshot, request, &avoid, settings, &mut rng));
    }
    let mut times: Vec<Duration> = Vec::with_capacity(iterations);
    let mut placed = 0;
    for _ in 0..iterations {
        let started = Instant::now();
        let result = black_box(plan(snapshot, request, &avoid, settings, &mut rng));
        times.push(started.elapsed());
        placed += usize::from(result.is_ok());
    }
    times.sort_unstable();
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    let mean = times.iter().map(|&d| micros(d)).sum::<f64>() / times.len() as f64;
    let p50 = micros(times[times.len() / 2]);
    let p99 = micros(times[times.len() * 99 / 100]);
    println!(
        "{label:<44} {:>6} hosts  mean {mean:>8.1} µs  p50 {p50:>8.1} µs  p99 {p99:>8.1} µs  ({placed}/{iterations} placed)",
        snapshot.hosts.len()
    );
}

fn main() {
    for (hosts, iterations) in [(1_000, 5_000), (10_000, 1_000)] {
        let snapshot = snapshot(hosts);
        let request = request();
        for algorithm in [
            AllocationAlgorithm::Random,
            AllocationAlgorithm::FirstFit,
            AllocationAlgorithm::UserDispersing,
            AllocationAlgorithm::FirstFitLeastConsumed,
        ] {
            let settings = Settings {
                allocation_algorithm: algorithm,
                ..Settings::default()
            };
            measure(
                &format!("placed, {algorithm}"),
                &snapshot,
                &request,
                &settings,
                iterations,
            );
        }
        let mut impossible = request.clone();
        impossible.memory_bytes = 512 * GIB;
        measure(
            "no capacity (explanation built), random",
            &snapshot,
            &impossible,
            &Settings::default(),
            iterations,
        );
        if hosts == 1_000 {
            let explanation = plan(
                &snapshot,
                &impossible,
                &Avoid::default(),
                &Settings::default(),
                &mut StdRng::seed_from_u64(7),
            );
            println!("  e.g. {}", explanation.unwrap_err());
        }
    }
}
