//! The placement pipeline: filters in order (recording each outcome), then the planner's cluster order, the best
//! weighed host of the first cluster and its root-disk pool.

use super::context::PlanContext;
use super::explain::{FilterOutcome, NoCapacity};
use super::filters::{self, HostFilter, Miss, MissGroup};
use super::planners::{AllocationAlgorithm, order_clusters};
use super::{Avoid, Placement, Settings, Snapshot, VmRequest, pools, weighers};
use rand::Rng;

/// Chooses a host and a root-disk pool for `request`, or explains per filter why none fits.
///
/// Deterministic for a given `rng` state: `random` is the only algorithm that draws from it.
pub fn plan<R: Rng + ?Sized>(
    snapshot: &Snapshot,
    request: &VmRequest,
    avoid: &Avoid,
    settings: &Settings,
    rng: &mut R,
) -> Result<Placement, NoCapacity> {
    let ctx = PlanContext::new(snapshot, request, avoid, settings);
    let mut survivors: Vec<u32> = (0..snapshot.hosts.len() as u32).collect();
    let mut outcomes = Vec::with_capacity(filters::ALL.len());
    for filter in filters::ALL {
        if survivors.is_empty() {
            break;
        }
        outcomes.push(run_filter(&ctx, *filter, &mut survivors));
    }
    let no_capacity = |outcomes| NoCapacity {
        hosts_considered: snapshot.hosts.len(),
        outcomes,
    };
    if survivors.is_empty() {
        return Err(no_capacity(outcomes));
    }

    // Survivors per cluster; every survivor has a cluster (the allocation-state filter drops the others).
    let mut per_cluster = vec![0usize; ctx.clusters.len()];
    let mut last_host_cluster = None;
    for &host in &survivors {
        if let Some(cluster) = ctx.cluster_index_of(host as usize) {
            per_cluster[cluster] += 1;
            if request.last_host_id == Some(ctx.host(host as usize).id) {
                last_host_cluster = Some(cluster);
            }
        }
    }
    let candidates: Vec<usize> = (0..per_cluster.len())
        .filter(|&cluster| per_cluster[cluster] > 0)
        .collect();
    for cluster in order_clusters(&ctx, &candidates, last_host_cluster) {
        let hosts: Vec<u32> = survivors
            .iter()
            .copied()
            .filter(|&host| ctx.cluster_index_of(host as usize) == Some(cluster))
            .collect();
        let Some(host) = best_host(&ctx, &hosts, rng) else {
            continue;
        };
        let facts = &ctx.clusters[cluster];
        let Some(pool_id) = pools::choose(snapshot, facts, settings, rng) else {
            continue;
        };
        let host = ctx.host(host);
        return Ok(Placement {
            zone_id: facts.cluster.zone_id,
            pod_id: facts.cluster.pod_id,
            cluster_id: facts.cluster.id,
            host_id: host.id,
            pool_id,
        });
    }
    Err(no_capacity(outcomes))
}

/// The host of `hosts` (one cluster's survivors) with the highest combined weight, normalised among them: the first
/// in snapshot order on ties, or a uniform pick among the tied for `random`.
fn best_host<R: Rng + ?Sized>(ctx: &PlanContext<'_>, hosts: &[u32], rng: &mut R) -> Option<usize> {
    let scores = weighers::combined_scores(ctx, hosts);
    let best = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut tied = hosts
        .iter()
        .zip(&scores)
        .filter(|&(_, &score)| score == best)
        .map(|(&host, _)| host as usize);
    if ctx.settings.allocation_algorithm == AllocationAlgorithm::Random {
        let tied: Vec<usize> = tied.collect();
        if tied.is_empty() {
            return None;
        }
        Some(tied[rng.random_range(0..tied.len())])
    } else {
        tied.next()
    }
}

/// Runs one filter over `survivors` (host indices), keeping the hosts it passes, and reports what it removed.
pub(crate) fn run_filter(
    ctx: &PlanContext<'_>,
    filter: &dyn HostFilter,
    survivors: &mut Vec<u32>,
) -> FilterOutcome {
    let before = survivors.len();
    let mut groups: Vec<MissGroup> = Vec::new();
    if filter.applies(ctx) {
        survivors.retain(|&host| match filter.check(ctx, host as usize) {
            None => true,
            Some(miss) => {
                record(&mut groups, miss);
                false
            }
        });
    }
    FilterOutcome {
        filter: filter.name(),
        before,
        after: survivors.len(),
        reasons: groups
            .iter()
            .map(|group| (filter.explain(ctx, group), group.count))
            .collect(),
    }
}

fn record(groups: &mut Vec<MissGroup>, miss: Miss) {
    match groups
        .iter_mut()
        .find(|group| group.why == miss.why && group.subject == miss.subject)
    {
        Some(group) => {
            group.count += 1;
            group.largest = group.largest.max(miss.amount);
        }
        None => groups.push(MissGroup {
            why: miss.why,
            subject: miss.subject,
            count: 1,
            largest: miss.amount,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{GIB, request, rng, world};
    use crate::scheduler::{
        AffinityGroup, AffinityKind, CapacityType, HostStatus, PlannerKind, PoolScope,
        ResourceState,
    };

    fn first_fit() -> Settings {
        Settings {
            allocation_algorithm: AllocationAlgorithm::FirstFit,
            ..Settings::default()
        }
    }

    #[test]
    fn places_on_the_first_host_of_the_least_allocated_cluster() {
        let mut snapshot = world(2, 3);
        snapshot.hosts[0].cpu_used_mhz = 4_000;
        let placement = plan(
            &snapshot,
            &request(),
            &Avoid::default(),
            &first_fit(),
            &mut rng(),
        )
        .unwrap();
        assert_eq!(
            placement,
            Placement {
                zone_id: 1,
                pod_id: 1,
                cluster_id: 2,
                host_id: 4,
                pool_id: 100
            }
        );
    }

    #[test]
    fn explains_per_filter_when_nothing_fits() {
        // 12 hosts: 4 in maintenance, 5 short of memory, 3 without the ssd tag.
        let mut snapshot = world(3, 4);
        snapshot.hosts[0].resource_state = ResourceState::Maintenance;
        snapshot.hosts[1].resource_state = ResourceState::Maintenance;
        snapshot.hosts[2].resource_state = ResourceState::Maintenance;
        snapshot.hosts[3].resource_state = ResourceState::Maintenance;
        for host in &mut snapshot.hosts[4..9] {
            host.tags = vec!["ssd".into()];
            host.memory_used_bytes = 14 * GIB;
        }
        snapshot.hosts[8].memory_used_bytes = 15 * GIB;
        let mut request = request();
        request.memory_bytes = 4 * GIB;
        request.host_tags = vec!["ssd".into()];
        let settings = Settings {
            cluster_threshold_enabled: false,
            ..Settings::default()
        };
        let no = plan(
            &snapshot,
            &request,
            &Avoid::default(),
            &settings,
            &mut rng(),
        )
        .unwrap_err();
        assert_eq!(
            no.to_string(),
            "Unable to create a deployment for the VM: 12 hosts considered: 4 in maintenance, \
             3 lack host tag ssd, 5 lack memory (need 4096 MiB, largest free 2048 MiB)"
        );
        assert_eq!(no.removed_by("host_state"), 4);
        assert_eq!(no.emptied_by(), Some("memory_capacity"));
    }

    #[test]
    fn cluster_thresholds_and_storage_explain_themselves() {
        let mut snapshot = world(2, 1);
        snapshot.hosts[0].cpu_used_mhz = 14_000;
        snapshot.pools = vec![crate::scheduler::testkit::pool(7, PoolScope::Cluster(1))];
        let no = plan(
            &snapshot,
            &request(),
            &Avoid::default(),
            &Settings::default(),
            &mut rng(),
        )
        .unwrap_err();
        assert_eq!(
            no.to_string(),
            "Unable to create a deployment for the VM: 2 hosts considered: \
             1 in cluster C1, above its CPU disable threshold 85%: 91% allocated with this VM, \
             1 in cluster C2, which reaches no storage pool with room for a 10 GiB root disk (none usable)"
        );
        assert!(no.storage_only());
    }

    #[test]
    fn an_empty_zone_says_so() {
        let snapshot = world(0, 0);
        let no = plan(
            &snapshot,
            &request(),
            &Avoid::default(),
            &Settings::default(),
            &mut rng(),
        )
        .unwrap_err();
        assert_eq!(
            no.to_string(),
            "Unable to create a deployment for the VM: there are no hosts to consider"
        );
    }

    #[test]
    fn each_allocation_algorithm_orders_hosts() {
        let mut snapshot = world(1, 3);
        snapshot.hosts[0].account_vm_count = 3;
        snapshot.hosts[0].memory_used_bytes = 2 * GIB;
        snapshot.hosts[1].account_vm_count = 0;
        snapshot.hosts[1].memory_used_bytes = 8 * GIB;
        snapshot.hosts[2].account_vm_count = 1;
        let host_for = |algorithm| {
            let settings = Settings {
                allocation_algorithm: algorithm,
                order_clusters_by: CapacityType::Memory,
                ..Settings::default()
            };
            plan(
                &snapshot,
                &request(),
                &Avoid::default(),
                &settings,
                &mut rng(),
            )
            .unwrap()
            .host_id
        };
        assert_eq!(host_for(AllocationAlgorithm::FirstFit), 1);
        assert_eq!(host_for(AllocationAlgorithm::UserDispersing), 2);
        assert_eq!(host_for(AllocationAlgorithm::FirstFitLeastConsumed), 3);
        let settings = Settings::default();
        let mut rng = rng();
        let spread: std::collections::BTreeSet<i64> = (0..60)
            .map(|_| {
                plan(
                    &snapshot,
                    &request(),
                    &Avoid::default(),
                    &settings,
                    &mut rng,
                )
                .unwrap()
                .host_id
            })
            .collect();
        assert_eq!(spread.len(), 3, "random uses every host");
    }

    #[test]
    fn random_is_deterministic_for_a_seed() {
        let snapshot = world(4, 25);
        let run = || {
            let mut rng = rng();
            (0..20)
                .map(|_| {
                    plan(
                        &snapshot,
                        &request(),
                        &Avoid::default(),
                        &Settings::default(),
                        &mut rng,
                    )
                    .unwrap()
                    .host_id
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn a_restart_returns_to_its_last_host_when_it_fits() {
        let mut snapshot = world(2, 3);
        snapshot.hosts[5].cpu_used_mhz = 8_000; // the last host sits in the busier cluster
        let mut request = request();
        request.last_host_id = Some(6);
        let placement = plan(
            &snapshot,
            &request,
            &Avoid::default(),
            &first_fit(),
            &mut rng(),
        )
        .unwrap();
        assert_eq!(placement.host_id, 6);
        snapshot.hosts[5].status = HostStatus::Disconnected;
        let placement = plan(
            &snapshot,
            &request,
            &Avoid::default(),
            &first_fit(),
            &mut rng(),
        )
        .unwrap();
        assert_eq!(placement.host_id, 1, "falls back to normal planning");
    }

    #[test]
    fn soft_anti_affinity_prefers_hosts_without_members_but_accepts_them() {
        let snapshot = world(1, 2);
        let mut request = request();
        request.affinity_groups = vec![AffinityGroup {
            name: "web".into(),
            kind: AffinityKind::HostAntiAffinity,
            strict: false,
            member_host_ids: vec![1],
        }];
        let placement = plan(
            &snapshot,
            &request,
            &Avoid::default(),
            &first_fit(),
            &mut rng(),
        )
        .unwrap();
        assert_eq!(placement.host_id, 2);
        request.affinity_groups[0].member_host_ids = vec![1, 2];
        let placement = plan(
            &snapshot,
            &request,
            &Avoid::default(),
            &first_fit(),
            &mut rng(),
        )
        .unwrap();
        assert_eq!(
            placement.host_id, 1,
            "every host has a member: still placed"
        );
        request.affinity_groups[0].strict = true;
        let no = plan(
            &snapshot,
            &request,
            &Avoid::default(),
            &first_fit(),
            &mut rng(),
        )
        .unwrap_err();
        assert_eq!(
            no.to_string(),
            "Unable to create a deployment for the VM: 2 hosts considered: 2 already run a VM of anti-affinity group web"
        );
    }

    #[test]
    fn user_concentrated_pod_planner_follows_the_account() {
        let mut snapshot = world(3, 1);
        snapshot.hosts[2].account_vm_count = 1;
        snapshot.hosts[2].cpu_used_mhz = 6_000;
        let settings = Settings {
            planner: PlannerKind::UserConcentratedPod,
            ..first_fit()
        };
        // One pod: every cluster is in a pod with the account's VMs, so capacity decides.
        assert_eq!(
            plan(
                &snapshot,
                &request(),
                &Avoid::default(),
                &settings,
                &mut rng()
            )
            .unwrap()
            .cluster_id,
            1
        );
    }

    #[test]
    fn pinned_host_is_used_only_if_it_passes_the_filters() {
        let mut snapshot = world(2, 2);
        let mut request = request();
        request.host_id = Some(3);
        let placement = plan(
            &snapshot,
            &request,
            &Avoid::default(),
            &first_fit(),
            &mut rng(),
        )
        .unwrap();
        assert_eq!((placement.host_id, placement.cluster_id), (3, 2));
        snapshot.hosts[2].resource_state = ResourceState::Maintenance;
        let no = plan(
            &snapshot,
            &request,
            &Avoid::default(),
            &first_fit(),
            &mut rng(),
        )
        .unwrap_err();
        assert_eq!(
            no.to_string(),
            "Unable to create a deployment for the VM: 4 hosts considered: 3 not the requested host h3, 1 in maintenance"
        );
    }

    #[test]
    fn outcomes_record_every_filter_that_ran() {
        let snapshot = world(1, 2);
        let mut request = request();
        request.cpu_cores = 64;
        let no = plan(
            &snapshot,
            &request,
            &Avoid::default(),
            &Settings::default(),
            &mut rng(),
        )
        .unwrap_err();
        let names: Vec<&str> = no.outcomes.iter().map(|outcome| outcome.filter).collect();
        assert_eq!(
            names,
            vec![
                "pinning",
                "avoid",
                "allocation_state",
                "host_state",
                "hypervisor",
                "cluster_threshold"
            ]
        );
        assert_eq!(
            no.to_string(),
            "Unable to create a deployment for the VM: 2 hosts considered: \
             2 in cluster C1, above its CPU disable threshold 85%: 100% allocated with this VM"
        );
    }

    /// For 1,000 random requests on a random snapshot, a placement never exceeds capacity × ratio on its host or
    /// its pool, and always honours the host-level constraints.
    #[test]
    fn placements_never_exceed_capacity() {
        use rand::{Rng, SeedableRng};
        let mut dice = rand::rngs::StdRng::seed_from_u64(42);
        let mut snapshot = world(8, 25);
        for cluster in &mut snapshot.clusters {
            cluster.cpu_overcommit = [1.0, 1.5, 2.0, 4.0][dice.random_range(0..4)];
            cluster.memory_overcommit = [1.0, 1.0, 1.5][dice.random_range(0..3)];
            cluster.cpu_disable_threshold = [0.85, 0.95, 1.0][dice.random_range(0..3)];
        }
        snapshot
            .pools
            .push(crate::scheduler::testkit::pool(101, PoolScope::Cluster(3)));
        snapshot.pools[0].allocated_bytes = 700 * GIB;
        for host in &mut snapshot.hosts {
            host.cpu_cores = [4, 8, 16, 32][dice.random_range(0..4)];
            host.cpu_speed_mhz = [1800, 2400, 3000][dice.random_range(0..3)];
            host.memory_bytes = [8, 16, 64, 256][dice.random_range(0..4)] * GIB;
            host.cpu_used_mhz = dice.random_range(0..=host.cpu_total_mhz() * 2);
            host.cpu_reserved_mhz = dice.random_range(0..=host.cpu_total_mhz() / 4);
            host.memory_used_bytes = dice.random_range(0..=host.memory_bytes * 3 / 2);
            host.memory_reserved_bytes = dice.random_range(0..=host.memory_bytes / 4);
            if dice.random_bool(0.3) {
                host.tags = vec!["ssd".into()];
            }
            host.account_vm_count = dice.random_range(0..5);
        }
        let algorithms = [
            AllocationAlgorithm::Random,
            AllocationAlgorithm::FirstFit,
            AllocationAlgorithm::UserDispersing,
            AllocationAlgorithm::FirstFitLeastConsumed,
        ];
        let planners = [
            PlannerKind::FirstFit,
            PlannerKind::UserDispersing,
            PlannerKind::UserConcentratedPod,
        ];
        let (mut placed, mut refused) = (0, 0);
        let mut rng = rng();
        for _ in 0..1_000 {
            let mut request = request();
            request.cpu_cores = dice.random_range(1..=32);
            request.cpu_speed_mhz = dice.random_range(250..=2500);
            request.memory_bytes = dice.random_range(1..=256) * GIB;
            request.root_disk_bytes = dice.random_range(1..=1000) * GIB;
            if dice.random_bool(0.2) {
                request.host_tags = vec!["ssd".into()];
            }
            let settings = Settings {
                allocation_algorithm: algorithms[dice.random_range(0..algorithms.len())],
                planner: planners[dice.random_range(0..planners.len())],
                cluster_threshold_enabled: dice.random_bool(0.5),
                ..Settings::default()
            };
            match plan(&snapshot, &request, &Avoid::default(), &settings, &mut rng) {
                Ok(placement) => {
                    placed += 1;
                    let host = snapshot
                        .hosts
                        .iter()
                        .find(|h| h.id == placement.host_id)
                        .unwrap();
                    let cluster = snapshot
                        .clusters
                        .iter()
                        .find(|c| c.id == host.cluster_id)
                        .unwrap();
                    let cpu =
                        (host.cpu_used_mhz + host.cpu_reserved_mhz + request.cpu_mhz()) as f64;
                    assert!(cpu <= host.cpu_total_mhz() as f64 * cluster.cpu_overcommit);
                    let memory = (host.memory_used_bytes
                        + host.memory_reserved_bytes
                        + request.memory_bytes) as f64;
                    assert!(memory <= host.memory_bytes as f64 * cluster.memory_overcommit);
                    assert!(
                        host.cpu_cores >= request.cpu_cores
                            && host.cpu_speed_mhz >= request.cpu_speed_mhz
                    );
                    assert!(request.host_tags.iter().all(|tag| host.tags.contains(tag)));
                    let pool = snapshot
                        .pools
                        .iter()
                        .find(|p| p.id == placement.pool_id)
                        .unwrap();
                    let allocated = (pool.allocated_bytes + request.root_disk_bytes) as f64;
                    assert!(allocated <= pool.capacity_bytes as f64 * pool.overprovision);
                    assert!(match pool.scope {
                        PoolScope::Cluster(id) => id == cluster.id,
                        PoolScope::Zone => pool.zone_id == cluster.zone_id,
                    });
                }
                Err(no) => {
                    refused += 1;
                    assert!(no.to_string().starts_with(
                        "Unable to create a deployment for the VM: 200 hosts considered: "
                    ));
                }
            }
        }
        assert!(
            placed > 100 && refused > 100,
            "placed {placed}, refused {refused}"
        );
    }
}
