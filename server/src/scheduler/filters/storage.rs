//! Storage filter: keeps a host only if a pool its cluster reaches (cluster-scoped or zone-wide) has room for the
//! root disk under overprovisioning and carries the storage tags (§7.6; the pool itself is chosen later).

use super::{HostFilter, Miss, MissGroup, gib};
use crate::scheduler::context::PlanContext;

pub(crate) struct Storage;

pub(crate) const NAME: &str = "storage";

impl HostFilter for Storage {
    fn name(&self) -> &'static str {
        NAME
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let facts = ctx.cluster_of(host)?;
        facts.suitable_pools.is_empty().then_some(Miss {
            why: "no pool",
            subject: facts.cluster.id,
            amount: facts.largest_pool_room,
        })
    }

    fn explain(&self, ctx: &PlanContext<'_>, group: &MissGroup) -> String {
        let tags = if ctx.request.storage_tags.is_empty() {
            String::new()
        } else {
            format!(" tagged {}", ctx.request.storage_tags.join(","))
        };
        let room = if group.largest > 0 {
            format!("largest free {}", gib(group.largest))
        } else {
            "none usable".to_string()
        };
        format!(
            "in cluster {}, which reaches no storage pool{tags} with room for a {} root disk ({room})",
            ctx.cluster_name(group.subject),
            gib(ctx.request.root_disk_bytes)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::PoolScope;
    use crate::scheduler::testkit::{GIB, filter_default, pool, reasons, request, world};

    #[test]
    fn keeps_hosts_of_clusters_that_reach_a_fitting_pool() {
        let mut snapshot = world(3, 2);
        snapshot.pools = vec![
            pool(1, PoolScope::Cluster(1)),
            pool(2, PoolScope::Cluster(2)),
        ];
        snapshot.pools[1].capacity_bytes = 10 * GIB; // 8.5 GiB allocatable under the 0.85 threshold
        let (kept, outcome) = filter_default(&Storage, &snapshot, &request());
        assert_eq!(kept, vec![1, 2]);
        assert_eq!(
            reasons(&outcome),
            vec![
                "2 in cluster C2, which reaches no storage pool with room for a 10 GiB root disk (largest free 8.5 GiB)",
                "2 in cluster C3, which reaches no storage pool with room for a 10 GiB root disk (none usable)"
            ]
        );
    }

    #[test]
    fn zone_wide_pools_serve_every_cluster_and_tags_must_match() {
        let mut snapshot = world(2, 1);
        snapshot.pools = vec![pool(1, PoolScope::Zone)];
        let mut request = request();
        let (kept, _) = filter_default(&Storage, &snapshot, &request);
        assert_eq!(kept, vec![1, 2]);
        request.storage_tags = vec!["ssd".into()];
        let (kept, outcome) = filter_default(&Storage, &snapshot, &request);
        assert!(kept.is_empty());
        assert_eq!(
            reasons(&outcome)[0],
            "1 in cluster C1, which reaches no storage pool tagged ssd with room for a 10 GiB root disk (none usable)"
        );
        snapshot.pools[0].tags = vec!["ssd".into(), "fast".into()];
        let (kept, _) = filter_default(&Storage, &snapshot, &request);
        assert_eq!(kept, vec![1, 2]);
    }

    #[test]
    fn overprovisioning_stretches_a_pool() {
        let mut snapshot = world(1, 1);
        snapshot.pools = vec![pool(1, PoolScope::Zone)];
        snapshot.pools[0].capacity_bytes = 100 * GIB;
        snapshot.pools[0].allocated_bytes = 80 * GIB;
        let (kept, _) = filter_default(&Storage, &snapshot, &request());
        assert!(kept.is_empty(), "85 − 80 = 5 GiB left");
        snapshot.pools[0].overprovision = 2.0;
        let (kept, _) = filter_default(&Storage, &snapshot, &request());
        assert_eq!(kept, vec![1], "170 − 80 GiB left");
    }
}
