//! Deployment planners and allocation settings: `vm.deployment.planner` orders clusters (§7.3) and
//! `vm.allocation.algorithm` orders hosts and pools inside them (§7.4, §7.6).

use super::context::{Aggregate, ClusterFacts, PlanContext};
use std::fmt;
use std::str::FromStr;

/// `vm.allocation.algorithm`: how hosts (and pools) are ordered inside a cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllocationAlgorithm {
    /// Shuffle (here: a uniform pick among the best-weighed hosts). The default.
    Random,
    /// Snapshot (database) order.
    FirstFit,
    /// Fewest VMs of the account first.
    UserDispersing,
    /// Largest free share of the ordering capacity first.
    FirstFitLeastConsumed,
}

impl AllocationAlgorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            AllocationAlgorithm::Random => "random",
            AllocationAlgorithm::FirstFit => "firstfit",
            AllocationAlgorithm::UserDispersing => "userdispersing",
            AllocationAlgorithm::FirstFitLeastConsumed => "firstfitleastconsumed",
        }
    }
}

/// A setting value the scheduler does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{setting} cannot be {value:?}: expected one of {expected}")]
pub struct UnknownSetting {
    pub setting: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl FromStr for AllocationAlgorithm {
    type Err = UnknownSetting;

    /// Accepts the current values and the legacy `userconcentratedpod_*` spellings (which map to random/firstfit).
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim().to_ascii_lowercase().as_str() {
            "random" | "userconcentratedpod_random" => Ok(AllocationAlgorithm::Random),
            "firstfit" | "userconcentratedpod_firstfit" => Ok(AllocationAlgorithm::FirstFit),
            "userdispersing" => Ok(AllocationAlgorithm::UserDispersing),
            "firstfitleastconsumed" => Ok(AllocationAlgorithm::FirstFitLeastConsumed),
            _ => Err(UnknownSetting {
                setting: "vm.allocation.algorithm",
                value: value.to_string(),
                expected: "random, firstfit, userdispersing, firstfitleastconsumed",
            }),
        }
    }
}

impl fmt::Display for AllocationAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `vm.deployment.planner` (or an offering's `deploymentplanner`): how clusters are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlannerKind {
    /// Least-allocated cluster first. The default.
    FirstFit,
    /// Clusters with fewer of the account's VMs first.
    UserDispersing,
    /// Clusters in pods where the account already has VMs first.
    UserConcentratedPod,
}

impl PlannerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlannerKind::FirstFit => "FirstFitPlanner",
            PlannerKind::UserDispersing => "UserDispersingPlanner",
            PlannerKind::UserConcentratedPod => "UserConcentratedPodPlanner",
        }
    }
}

impl FromStr for PlannerKind {
    type Err = UnknownSetting;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim() {
            "FirstFitPlanner" => Ok(PlannerKind::FirstFit),
            "UserDispersingPlanner" => Ok(PlannerKind::UserDispersing),
            "UserConcentratedPodPlanner" => Ok(PlannerKind::UserConcentratedPod),
            _ => Err(UnknownSetting {
                setting: "vm.deployment.planner",
                value: value.to_string(),
                expected: "FirstFitPlanner, UserDispersingPlanner, UserConcentratedPodPlanner",
            }),
        }
    }
}

impl fmt::Display for PlannerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `host.capacityType.to.order.clusters`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityType {
    Cpu,
    Memory,
}

impl FromStr for CapacityType {
    type Err = UnknownSetting;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim().to_ascii_uppercase().as_str() {
            "CPU" => Ok(CapacityType::Cpu),
            "RAM" | "MEMORY" => Ok(CapacityType::Memory),
            _ => Err(UnknownSetting {
                setting: "host.capacityType.to.order.clusters",
                value: value.to_string(),
                expected: "CPU, RAM",
            }),
        }
    }
}

/// Orders `candidates` (indices into `ctx.clusters`, each with at least one surviving host) by the planner.
/// `first` (the last host's cluster, when the last host survived) goes first (§7.2 step 6).
pub(crate) fn order_clusters(
    ctx: &PlanContext<'_>,
    candidates: &[usize],
    first: Option<usize>,
) -> Vec<usize> {
    let settings = ctx.settings;
    let planner = ctx.request.planner.unwrap_or(settings.planner);
    let capacity = |facts: &ClusterFacts<'_>| match settings.order_clusters_by {
        CapacityType::Cpu => facts.cpu,
        CapacityType::Memory => facts.memory,
    };
    let pods = pod_totals(ctx, capacity);
    let pod_of = |facts: &ClusterFacts<'_>| {
        pods.iter()
            .position(|pod| pod.pod_id == facts.cluster.pod_id)
            .map_or(&POD_NONE, |at| &pods[at])
    };
    let account_total: u64 = ctx
        .clusters
        .iter()
        .map(|facts| facts.account_vm_count)
        .sum();
    // UserDispersingPlanner: with weight 1, pure VM-count order; otherwise a blend with the capacity ratio.
    let weight = settings.user_dispersion_weight;
    let dispersion = |aggregate: Aggregate, account_vms: u64| {
        if weight == 1.0 {
            account_vms as f64
        } else {
            let share = if account_total > 0 {
                account_vms as f64 / account_total as f64
            } else {
                0.0
            };
            aggregate.utilisation() * (1.0 - weight) + share * weight
        }
    };
    // Compared element by element; the first element puts the last host's cluster first.
    let key = |&index: &usize| -> [f64; 5] {
        let facts = &ctx.clusters[index];
        let pod = pod_of(facts);
        let utilisation = capacity(facts).utilisation();
        let last_host_first = if Some(index) == first { 0.0 } else { 1.0 };
        let pod_order = pod.order as f64;
        match planner {
            PlannerKind::FirstFit if settings.apply_allocation_algorithm_to_pods => [
                last_host_first,
                pod.capacity.utilisation(),
                pod_order,
                utilisation,
                0.0,
            ],
            PlannerKind::FirstFit => [last_host_first, utilisation, 0.0, 0.0, 0.0],
            PlannerKind::UserDispersing if settings.apply_allocation_algorithm_to_pods => [
                last_host_first,
                dispersion(pod.capacity, pod.account_vms),
                pod_order,
                dispersion(capacity(facts), facts.account_vm_count),
                utilisation,
            ],
            PlannerKind::UserDispersing => [
                last_host_first,
                dispersion(capacity(facts), facts.account_vm_count),
                utilisation,
                0.0,
                0.0,
            ],
            // Pods holding the account's VMs, most VMs first, each pod's clusters by capacity; then the rest.
            PlannerKind::UserConcentratedPod if pod.account_vms > 0 => [
                last_host_first,
                0.0,
                -(pod.account_vms as f64),
                pod_order,
                utilisation,
            ],
            PlannerKind::UserConcentratedPod => [last_host_first, 1.0, utilisation, 0.0, 0.0],
        }
    };
    let mut keyed: Vec<([f64; 5], usize)> = candidates
        .iter()
        .map(|index| (key(index), *index))
        .collect();
    // Stable: equal keys keep snapshot order.
    keyed.sort_by(|(a, _), (b, _)| {
        a.iter()
            .zip(b)
            .map(|(x, y)| x.total_cmp(y))
            .find(|ordering| ordering.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    keyed.into_iter().map(|(_, index)| index).collect()
}

/// Capacity and account VMs summed per pod; `order` is the pod's first appearance among the clusters.
struct PodTotal {
    pod_id: i64,
    order: usize,
    capacity: Aggregate,
    account_vms: u64,
}

const POD_NONE: PodTotal = PodTotal {
    pod_id: i64::MIN,
    order: usize::MAX,
    capacity: Aggregate {
        committed: 0.0,
        allocatable: 0.0,
    },
    account_vms: 0,
};

fn pod_totals(
    ctx: &PlanContext<'_>,
    capacity: impl Fn(&ClusterFacts<'_>) -> Aggregate,
) -> Vec<PodTotal> {
    let mut pods: Vec<PodTotal> = Vec::new();
    for facts in &ctx.clusters {
        let pod_id = facts.cluster.pod_id;
        let at = match pods.iter().position(|pod| pod.pod_id == pod_id) {
            Some(at) => at,
            None => {
                pods.push(PodTotal {
                    pod_id,
                    order: pods.len(),
                    capacity: Aggregate::default(),
                    account_vms: 0,
                });
                pods.len() - 1
            }
        };
        pods[at].capacity.add(capacity(facts));
        pods[at].account_vms += facts.account_vm_count;
    }
    pods
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{GIB, cluster, host, request, world};
    use crate::scheduler::{Avoid, PodSnapshot, Settings, Snapshot, VmRequest};

    fn order(snapshot: &Snapshot, request: &VmRequest, settings: &Settings) -> Vec<i64> {
        order_with_first(snapshot, request, settings, None)
    }

    fn order_with_first(
        snapshot: &Snapshot,
        request: &VmRequest,
        settings: &Settings,
        first: Option<usize>,
    ) -> Vec<i64> {
        let avoid = Avoid::default();
        let ctx = PlanContext::new(snapshot, request, &avoid, settings);
        let all: Vec<usize> = (0..ctx.clusters.len()).collect();
        order_clusters(&ctx, &all, first)
            .into_iter()
            .map(|index| ctx.clusters[index].cluster.id)
            .collect()
    }

    /// Three clusters of one host: C1 50% CPU, C2 10%, C3 30%; memory the other way round.
    fn three_clusters() -> Snapshot {
        let mut snapshot = world(3, 1);
        for (host, (cpu, memory)) in
            snapshot
                .hosts
                .iter_mut()
                .zip([(8_000, 2 * GIB), (1_600, 12 * GIB), (4_800, 8 * GIB)])
        {
            host.cpu_used_mhz = cpu;
            host.memory_used_bytes = memory;
        }
        snapshot
    }

    #[test]
    fn settings_parse_from_their_cloudstack_values() {
        assert_eq!("random".parse(), Ok(AllocationAlgorithm::Random));
        assert_eq!(
            "userconcentratedpod_firstfit".parse(),
            Ok(AllocationAlgorithm::FirstFit)
        );
        assert_eq!(
            "FirstFitLeastConsumed".parse(),
            Ok(AllocationAlgorithm::FirstFitLeastConsumed)
        );
        assert_eq!(
            "userdispersing".parse(),
            Ok(AllocationAlgorithm::UserDispersing)
        );
        let error = "userconcentratedpodfirst"
            .parse::<AllocationAlgorithm>()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "vm.allocation.algorithm cannot be \"userconcentratedpodfirst\": expected one of random, firstfit, userdispersing, firstfitleastconsumed"
        );
        assert_eq!(
            "UserConcentratedPodPlanner".parse(),
            Ok(PlannerKind::UserConcentratedPod)
        );
        assert_eq!(
            PlannerKind::UserDispersing.to_string(),
            "UserDispersingPlanner"
        );
        assert_eq!("RAM".parse(), Ok(CapacityType::Memory));
        assert!("disk".parse::<CapacityType>().is_err());
    }

    #[test]
    fn first_fit_orders_clusters_least_allocated_first() {
        let snapshot = three_clusters();
        assert_eq!(
            order(&snapshot, &request(), &Settings::default()),
            vec![2, 3, 1]
        );
        let by_memory = Settings {
            order_clusters_by: CapacityType::Memory,
            ..Settings::default()
        };
        assert_eq!(order(&snapshot, &request(), &by_memory), vec![1, 3, 2]);
    }

    #[test]
    fn the_last_hosts_cluster_goes_first() {
        let snapshot = three_clusters();
        assert_eq!(
            order_with_first(&snapshot, &request(), &Settings::default(), Some(0)),
            vec![1, 2, 3]
        );
    }

    #[test]
    fn overcommit_lowers_a_clusters_utilisation() {
        let mut snapshot = three_clusters();
        snapshot.clusters[0].cpu_overcommit = 10.0;
        assert_eq!(
            order(&snapshot, &request(), &Settings::default()),
            vec![1, 2, 3]
        );
    }

    #[test]
    fn user_dispersing_orders_by_the_accounts_vms_per_cluster() {
        let mut snapshot = three_clusters();
        snapshot.hosts[0].account_vm_count = 1;
        snapshot.hosts[1].account_vm_count = 5;
        snapshot.hosts[2].account_vm_count = 1;
        let mut settings = Settings {
            planner: PlannerKind::UserDispersing,
            ..Settings::default()
        };
        // Pure count; the 1–1 tie falls back to capacity (C3 30% before C1 50%).
        assert_eq!(order(&snapshot, &request(), &settings), vec![3, 1, 2]);
        // Weight 0: capacity only.
        settings.user_dispersion_weight = 0.0;
        assert_eq!(order(&snapshot, &request(), &settings), vec![2, 3, 1]);
        // Weight 0.5: C1 0.25+0.07, C2 0.05+0.36, C3 0.15+0.07.
        settings.user_dispersion_weight = 0.5;
        assert_eq!(order(&snapshot, &request(), &settings), vec![3, 1, 2]);
    }

    #[test]
    fn an_offerings_planner_overrides_the_global_one() {
        let mut snapshot = three_clusters();
        snapshot.hosts[1].account_vm_count = 5;
        let mut request = request();
        request.planner = Some(PlannerKind::UserDispersing);
        assert_eq!(
            order(&snapshot, &request, &Settings::default()),
            vec![3, 1, 2]
        );
    }

    /// Pods: P1 holds C1 and C2, P2 holds C3 and C4.
    fn two_pods() -> Snapshot {
        let mut snapshot = world(0, 0);
        snapshot.pods.push(PodSnapshot {
            id: 2,
            name: "P2".into(),
            zone_id: 1,
            allocation_enabled: true,
        });
        snapshot.clusters = vec![cluster(1, 1), cluster(2, 1), cluster(3, 2), cluster(4, 2)];
        snapshot.hosts = (1..=4)
            .map(|id| {
                let mut host = host(id, id);
                host.pod_id = if id <= 2 { 1 } else { 2 };
                host
            })
            .collect();
        // CPU used: C1 10%, C2 90%, C3 40%, C4 45% → P1 50%, P2 42.5%.
        for (host, used) in snapshot.hosts.iter_mut().zip([1_600, 14_400, 6_400, 7_200]) {
            host.cpu_used_mhz = used;
        }
        snapshot
    }

    #[test]
    fn pods_can_be_ordered_before_clusters() {
        let snapshot = two_pods();
        assert_eq!(
            order(&snapshot, &request(), &Settings::default()),
            vec![1, 3, 4, 2]
        );
        let by_pod = Settings {
            apply_allocation_algorithm_to_pods: true,
            ..Settings::default()
        };
        assert_eq!(order(&snapshot, &request(), &by_pod), vec![3, 4, 1, 2]);
    }

    #[test]
    fn user_concentrated_pod_puts_pods_with_the_accounts_vms_first() {
        let mut snapshot = two_pods();
        let settings = Settings {
            planner: PlannerKind::UserConcentratedPod,
            ..Settings::default()
        };
        // No VMs yet: capacity order.
        assert_eq!(order(&snapshot, &request(), &settings), vec![1, 3, 4, 2]);
        snapshot.hosts[3].account_vm_count = 2;
        assert_eq!(order(&snapshot, &request(), &settings), vec![3, 4, 1, 2]);
        // More VMs in P1 now: P1 first, its clusters by capacity, then P2.
        snapshot.hosts[1].account_vm_count = 3;
        assert_eq!(order(&snapshot, &request(), &settings), vec![1, 2, 3, 4]);
    }
}
