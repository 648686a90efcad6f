//! Cluster-threshold filter: drops clusters whose CPU or memory allocation, with this VM, would pass the cluster's
//! disable threshold (`cluster.threshold.enabled`, §7.3).

use super::{HostFilter, Miss, MissGroup, percent};
use crate::scheduler::context::{Aggregate, PlanContext};

pub(crate) struct ClusterThreshold;

const CPU: &str = "CPU";
const MEMORY: &str = "memory";

impl HostFilter for ClusterThreshold {
    fn name(&self) -> &'static str {
        "cluster_threshold"
    }

    fn applies(&self, ctx: &PlanContext<'_>) -> bool {
        ctx.settings.cluster_threshold_enabled
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let facts = ctx.cluster_of(host)?;
        let cluster = facts.cluster;
        if facts.cpu.utilisation_with(ctx.requested_cpu_mhz as f64) > cluster.cpu_disable_threshold
        {
            Some(Miss::about(CPU, cluster.id))
        } else if facts
            .memory
            .utilisation_with(ctx.request.memory_bytes as f64)
            > cluster.memory_disable_threshold
        {
            Some(Miss::about(MEMORY, cluster.id))
        } else {
            None
        }
    }

    fn explain(&self, ctx: &PlanContext<'_>, group: &MissGroup) -> String {
        let Some(facts) = ctx
            .clusters
            .iter()
            .find(|facts| facts.cluster.id == group.subject)
        else {
            return format!("in a cluster above its {} disable threshold", group.why);
        };
        let (aggregate, extra, threshold): (Aggregate, f64, f64) = if group.why == CPU {
            (
                facts.cpu,
                ctx.requested_cpu_mhz as f64,
                facts.cluster.cpu_disable_threshold,
            )
        } else {
            (
                facts.memory,
                ctx.request.memory_bytes as f64,
                facts.cluster.memory_disable_threshold,
            )
        };
        let with_vm = aggregate.utilisation_with(extra);
        let allocated = if with_vm.is_finite() {
            format!("{} allocated with this VM", percent(with_vm))
        } else {
            "it has no allocatable capacity".to_string()
        };
        format!(
            "in cluster {}, above its {} disable threshold {}: {allocated}",
            facts.cluster.name,
            group.why,
            percent(threshold)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{GIB, filter_default, filter_hosts, reasons, request, world};
    use crate::scheduler::{Avoid, Settings};

    #[test]
    fn drops_clusters_that_would_pass_their_thresholds() {
        // Two hosts per cluster: 2 × 16000 MHz, 2 × 16 GiB.
        let mut snapshot = world(3, 2);
        // C1: 28000 MHz used + 1000 requested = 90.6% > 85%.
        snapshot.hosts[0].cpu_used_mhz = 16_000;
        snapshot.hosts[1].cpu_used_mhz = 12_000;
        // C2: 27 GiB + 1 GiB of 32 = 87.5% memory.
        snapshot.hosts[2].memory_used_bytes = 14 * GIB;
        snapshot.hosts[3].memory_reserved_bytes = 13 * GIB;
        let mut request = request();
        request.cpu_cores = 2;
        let (kept, outcome) = filter_default(&ClusterThreshold, &snapshot, &request);
        assert_eq!(kept, vec![5, 6]);
        assert_eq!(
            reasons(&outcome),
            vec![
                "2 in cluster C1, above its CPU disable threshold 85%: 91% allocated with this VM",
                "2 in cluster C2, above its memory disable threshold 85%: 88% allocated with this VM"
            ]
        );
    }

    #[test]
    fn overcommit_and_per_cluster_thresholds_count() {
        let mut snapshot = world(1, 1);
        snapshot.hosts[0].cpu_used_mhz = 15_000;
        let (kept, _) = filter_default(&ClusterThreshold, &snapshot, &request());
        assert!(kept.is_empty());
        snapshot.clusters[0].cpu_overcommit = 2.0;
        let (kept, _) = filter_default(&ClusterThreshold, &snapshot, &request());
        assert_eq!(kept, vec![1], "15500 of 32000 MHz");
        snapshot.clusters[0].cpu_overcommit = 1.0;
        snapshot.clusters[0].cpu_disable_threshold = 1.0;
        let (kept, _) = filter_default(&ClusterThreshold, &snapshot, &request());
        assert_eq!(kept, vec![1], "15500 of 16000 MHz is under 100%");
    }

    #[test]
    fn can_be_turned_off() {
        let mut snapshot = world(1, 1);
        snapshot.hosts[0].cpu_used_mhz = 15_900;
        let settings = Settings {
            cluster_threshold_enabled: false,
            ..Settings::default()
        };
        let (kept, _) = filter_hosts(
            &ClusterThreshold,
            &snapshot,
            &request(),
            &Avoid::default(),
            &settings,
        );
        assert_eq!(kept, vec![1]);
    }
}
