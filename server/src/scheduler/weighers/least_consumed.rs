//! Least-consumed weigher (`firstfitleastconsumed`): prefers hosts with the largest free share of the capacity type
//! that orders clusters (`host.capacityType.to.order.clusters`).

use super::HostWeigher;
use crate::scheduler::context::{Aggregate, PlanContext, cpu_aggregate, memory_aggregate};
use crate::scheduler::{AllocationAlgorithm, CapacityType};

pub(crate) struct LeastConsumed;

impl HostWeigher for LeastConsumed {
    fn weight(&self, ctx: &PlanContext<'_>) -> f64 {
        if ctx.settings.allocation_algorithm == AllocationAlgorithm::FirstFitLeastConsumed {
            ctx.settings.weights.least_consumed
        } else {
            0.0
        }
    }

    fn raw_scores(&self, ctx: &PlanContext<'_>, hosts: &[u32], out: &mut Vec<f64>) {
        out.extend(hosts.iter().map(|&index| {
            let index = index as usize;
            let Some(facts) = ctx.cluster_of(index) else {
                return 0.0;
            };
            let host = ctx.host(index);
            let aggregate: Aggregate = match ctx.settings.order_clusters_by {
                CapacityType::Cpu => cpu_aggregate(host, facts.cluster),
                CapacityType::Memory => memory_aggregate(host, facts.cluster),
            };
            let used = aggregate.utilisation();
            if used.is_finite() { 1.0 - used } else { 0.0 }
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::Settings;
    use crate::scheduler::testkit::{GIB, request, world};
    use crate::scheduler::weighers::test_support::weigh;

    #[test]
    fn prefers_the_freest_host_by_the_ordering_capacity() {
        let mut snapshot = world(1, 3);
        snapshot.hosts[0].cpu_used_mhz = 8_000;
        snapshot.hosts[0].memory_used_bytes = 0;
        snapshot.hosts[1].cpu_used_mhz = 4_000;
        snapshot.hosts[1].memory_used_bytes = 8 * GIB;
        snapshot.hosts[2].cpu_used_mhz = 12_000;
        snapshot.hosts[2].memory_used_bytes = 12 * GIB;
        let mut settings = Settings {
            allocation_algorithm: AllocationAlgorithm::FirstFitLeastConsumed,
            ..Settings::default()
        };
        let (weight, scores) = weigh(&LeastConsumed, &snapshot, &request(), &settings);
        assert_eq!(weight, 1.0);
        assert_eq!(scores, vec![0.5, 1.0, 0.0]);

        settings.order_clusters_by = CapacityType::Memory;
        let (_, scores) = weigh(&LeastConsumed, &snapshot, &request(), &settings);
        assert_eq!(scores, vec![1.0, 1.0 / 3.0, 0.0]);

        settings.allocation_algorithm = AllocationAlgorithm::FirstFit;
        let (weight, _) = weigh(&LeastConsumed, &snapshot, &request(), &settings);
        assert_eq!(weight, 0.0, "only firstfitleastconsumed uses it");
    }
}
