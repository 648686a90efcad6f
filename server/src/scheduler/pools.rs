//! The primary storage pool allocator for the root disk (§7.6): which pools fit, which a cluster reaches, which wins.

use super::context::ClusterFacts;
use super::planners::AllocationAlgorithm;
use super::{Avoid, ClusterSnapshot, PoolScope, PoolSnapshot, Settings, Snapshot, VmRequest};
use rand::Rng;

/// How one pool fares for this request, before asking which cluster reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PoolFit {
    /// Usable, tags match, and `room` bytes are left (≥ the root disk).
    Fits { room: u64 },
    /// Usable and tags match, but only `room` bytes are left.
    TooFull { room: u64 },
    /// Unavailable, avoided, or missing a storage tag.
    Unusable,
}

/// Bytes a pool can still allocate: `capacity × overprovision × allocated-disable-threshold − allocated`.
pub(crate) fn room(pool: &PoolSnapshot, settings: &Settings) -> u64 {
    let allocatable =
        pool.capacity_bytes as f64 * pool.overprovision * settings.pool_allocated_disable_threshold;
    (allocatable - pool.allocated_bytes as f64).max(0.0) as u64
}

/// Judges every pool of the snapshot once; the result is parallel to `snapshot.pools`.
pub(crate) fn fitting_pools(
    snapshot: &Snapshot,
    request: &VmRequest,
    avoid: &Avoid,
    settings: &Settings,
) -> Vec<PoolFit> {
    snapshot
        .pools
        .iter()
        .map(|pool| {
            let usable = pool.available
                && !avoid.pools.contains(&pool.id)
                && request
                    .storage_tags
                    .iter()
                    .all(|tag| pool.tags.iter().any(|have| have == tag));
            if !usable {
                return PoolFit::Unusable;
            }
            let room = room(pool, settings);
            if room >= request.root_disk_bytes {
                PoolFit::Fits { room }
            } else {
                PoolFit::TooFull { room }
            }
        })
        .collect()
}

/// Pools the cluster's hosts reach that fit (indices into `snapshot.pools`), and the largest room among reachable
/// usable pools whether or not it suffices.
pub(crate) fn reachable_from(
    snapshot: &Snapshot,
    cluster: &ClusterSnapshot,
    fits: &[PoolFit],
) -> (Vec<usize>, u64) {
    let mut suitable = Vec::new();
    let mut largest_room = 0;
    for (index, (pool, fit)) in snapshot.pools.iter().zip(fits).enumerate() {
        let reachable = match pool.scope {
            PoolScope::Cluster(cluster_id) => cluster_id == cluster.id,
            PoolScope::Zone => pool.zone_id == cluster.zone_id,
        };
        let hypervisor_ok = pool
            .hypervisor
            .as_deref()
            .is_none_or(|only| only.eq_ignore_ascii_case(&cluster.hypervisor));
        if !reachable || !hypervisor_ok {
            continue;
        }
        match *fit {
            PoolFit::Fits { room } => {
                suitable.push(index);
                largest_room = largest_room.max(room);
            }
            PoolFit::TooFull { room } => largest_room = largest_room.max(room),
            PoolFit::Unusable => {}
        }
    }
    (suitable, largest_room)
}

/// Picks the root-disk pool among the cluster's suitable pools: cluster-scoped pools before zone-wide ones (the
/// cluster allocator runs first), then by `vm.allocation.algorithm`.
pub(crate) fn choose<R: Rng + ?Sized>(
    snapshot: &Snapshot,
    facts: &ClusterFacts<'_>,
    settings: &Settings,
    rng: &mut R,
) -> Option<i64> {
    let pools = &snapshot.pools;
    let is_cluster_scoped = |index: &&usize| matches!(pools[**index].scope, PoolScope::Cluster(_));
    let cluster_scoped: Vec<usize> = facts
        .suitable_pools
        .iter()
        .filter(is_cluster_scoped)
        .copied()
        .collect();
    let candidates = if cluster_scoped.is_empty() {
        facts.suitable_pools.clone()
    } else {
        cluster_scoped
    };
    if candidates.is_empty() {
        return None;
    }
    let chosen = match settings.allocation_algorithm {
        AllocationAlgorithm::Random => candidates[rng.random_range(0..candidates.len())],
        AllocationAlgorithm::FirstFit => candidates[0],
        AllocationAlgorithm::UserDispersing => *candidates
            .iter()
            .min_by_key(|&&index| pools[index].account_volume_count)?,
        AllocationAlgorithm::FirstFitLeastConsumed => *candidates
            .iter()
            // max_by returns the last maximum; reverse so ties keep snapshot order.
            .rev()
            .max_by(|&&a, &&b| free_share(&pools[a]).total_cmp(&free_share(&pools[b])))?,
    };
    Some(pools[chosen].id)
}

/// Share of the pool not yet allocated (STORAGE_ALLOCATED), under overprovisioning.
fn free_share(pool: &PoolSnapshot) -> f64 {
    let allocatable = pool.capacity_bytes as f64 * pool.overprovision;
    if allocatable > 0.0 {
        1.0 - pool.allocated_bytes as f64 / allocatable
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::context::PlanContext;
    use crate::scheduler::testkit::{GIB, pool, request, rng, world};

    fn chosen(snapshot: &Snapshot, settings: &Settings) -> Option<i64> {
        let request = request();
        let avoid = Avoid::default();
        let ctx = PlanContext::new(snapshot, &request, &avoid, settings);
        choose(snapshot, &ctx.clusters[0], settings, &mut rng())
    }

    #[test]
    fn room_applies_overprovisioning_and_the_allocated_threshold() {
        let mut big = pool(1, PoolScope::Zone);
        big.capacity_bytes = 100 * GIB;
        big.allocated_bytes = 150 * GIB;
        big.overprovision = 2.0;
        // 100 × 2 × 0.85 = 170 GiB allocatable, 150 allocated.
        assert_eq!(room(&big, &Settings::default()), 20 * GIB);
        big.allocated_bytes = 300 * GIB;
        assert_eq!(room(&big, &Settings::default()), 0);
    }

    #[test]
    fn pools_need_every_storage_tag_availability_and_room() {
        let mut snapshot = world(1, 1);
        snapshot.pools = vec![
            pool(1, PoolScope::Zone),
            pool(2, PoolScope::Zone),
            pool(3, PoolScope::Zone),
        ];
        snapshot.pools[0].tags = vec!["ssd".into()];
        snapshot.pools[1].available = false;
        snapshot.pools[2].capacity_bytes = GIB;
        let mut request = request();
        request.storage_tags = vec!["ssd".into()];
        let fits = fitting_pools(&snapshot, &request, &Avoid::default(), &Settings::default());
        assert!(matches!(fits[0], PoolFit::Fits { .. }));
        assert_eq!(fits[1], PoolFit::Unusable);
        assert_eq!(fits[2], PoolFit::Unusable, "untagged");
        request.storage_tags.clear();
        let fits = fitting_pools(&snapshot, &request, &Avoid::default(), &Settings::default());
        assert!(matches!(fits[2], PoolFit::TooFull { .. }));
        let avoid = Avoid {
            pools: [1].into(),
            ..Avoid::default()
        };
        assert_eq!(
            fitting_pools(&snapshot, &request, &avoid, &Settings::default())[0],
            PoolFit::Unusable
        );
    }

    #[test]
    fn a_cluster_reaches_its_own_pools_and_zone_wide_ones_of_its_hypervisor() {
        let mut snapshot = world(2, 1);
        snapshot.pools = vec![
            pool(1, PoolScope::Cluster(1)),
            pool(2, PoolScope::Cluster(2)),
            pool(3, PoolScope::Zone),
            pool(4, PoolScope::Zone),
        ];
        snapshot.pools[3].hypervisor = Some("VMware".into());
        let fits = fitting_pools(
            &snapshot,
            &request(),
            &Avoid::default(),
            &Settings::default(),
        );
        let (suitable, _) = reachable_from(&snapshot, &snapshot.clusters[0], &fits);
        assert_eq!(suitable, vec![0, 2]);
    }

    #[test]
    fn cluster_scoped_pools_come_before_zone_wide_ones() {
        let mut snapshot = world(1, 1);
        snapshot.pools = vec![pool(1, PoolScope::Zone), pool(2, PoolScope::Cluster(1))];
        let settings = Settings {
            allocation_algorithm: AllocationAlgorithm::FirstFit,
            ..Settings::default()
        };
        assert_eq!(chosen(&snapshot, &settings), Some(2));
    }

    #[test]
    fn the_allocation_algorithm_orders_pools() {
        let mut snapshot = world(1, 1);
        snapshot.pools = vec![
            pool(1, PoolScope::Zone),
            pool(2, PoolScope::Zone),
            pool(3, PoolScope::Zone),
        ];
        snapshot.pools[0].account_volume_count = 5;
        snapshot.pools[0].allocated_bytes = 10 * GIB;
        snapshot.pools[1].account_volume_count = 1;
        snapshot.pools[1].allocated_bytes = 300 * GIB;
        snapshot.pools[2].account_volume_count = 3;
        let with = |algorithm| Settings {
            allocation_algorithm: algorithm,
            ..Settings::default()
        };
        assert_eq!(
            chosen(&snapshot, &with(AllocationAlgorithm::FirstFit)),
            Some(1)
        );
        assert_eq!(
            chosen(&snapshot, &with(AllocationAlgorithm::UserDispersing)),
            Some(2)
        );
        assert_eq!(
            chosen(&snapshot, &with(AllocationAlgorithm::FirstFitLeastConsumed)),
            Some(3)
        );
        let mut seen = std::collections::BTreeSet::new();
        let request = request();
        let avoid = Avoid::default();
        let settings = with(AllocationAlgorithm::Random);
        let ctx = PlanContext::new(&snapshot, &request, &avoid, &settings);
        let mut rng = rng();
        for _ in 0..50 {
            seen.extend(choose(&snapshot, &ctx.clusters[0], &settings, &mut rng));
        }
        assert_eq!(seen.len(), 3, "random spreads over every pool");
    }
}
