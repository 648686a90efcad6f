//! One placement's working state: the inputs plus per-cluster facts computed once (capacity sums, reachable pools).

use super::{
    Avoid, ClusterSnapshot, HostSnapshot, PodSnapshot, Settings, Snapshot, VmRequest, ZoneSnapshot,
    pools,
};

/// Allocated and allocatable amounts summed over a cluster's enabled hosts (§7.3 threshold and ordering).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Aggregate {
    /// Σ (used + reserved).
    pub committed: f64,
    /// Σ total × overcommit ratio.
    pub allocatable: f64,
}

impl Aggregate {
    /// Share allocated; infinite when nothing is allocatable (such a cluster counts as full).
    pub fn utilisation(&self) -> f64 {
        if self.allocatable > 0.0 {
            self.committed / self.allocatable
        } else {
            f64::INFINITY
        }
    }

    /// Share allocated once `extra` more is allocated.
    pub fn utilisation_with(&self, extra: f64) -> f64 {
        if self.allocatable > 0.0 {
            (self.committed + extra) / self.allocatable
        } else {
            f64::INFINITY
        }
    }

    pub fn add(&mut self, other: Aggregate) {
        self.committed += other.committed;
        self.allocatable += other.allocatable;
    }
}

/// What the filters and planners need to know about one cluster.
#[derive(Debug)]
pub(crate) struct ClusterFacts<'a> {
    pub cluster: &'a ClusterSnapshot,
    pub pod: Option<&'a PodSnapshot>,
    pub zone: Option<&'a ZoneSnapshot>,
    pub cpu: Aggregate,
    pub memory: Aggregate,
    /// Running VMs of the requesting account in the cluster.
    pub account_vm_count: u64,
    /// Indices (into `snapshot.pools`) of pools reachable from the cluster that can take the root disk.
    pub suitable_pools: Vec<usize>,
    /// The most room any reachable, tag-matching pool has left (for the explanation).
    pub largest_pool_room: u64,
}

pub(crate) struct PlanContext<'a> {
    pub snapshot: &'a Snapshot,
    pub request: &'a VmRequest,
    pub avoid: &'a Avoid,
    pub settings: &'a Settings,
    /// Parallel to `snapshot.clusters`.
    pub clusters: Vec<ClusterFacts<'a>>,
    /// For each host, the index of its cluster in `clusters`, or `None` when the snapshot lacks it.
    host_cluster: Vec<Option<u32>>,
    pub requested_cpu_mhz: u64,
}

impl<'a> PlanContext<'a> {
    pub fn new(
        snapshot: &'a Snapshot,
        request: &'a VmRequest,
        avoid: &'a Avoid,
        settings: &'a Settings,
    ) -> Self {
        let mut clusters: Vec<ClusterFacts<'a>> = snapshot
            .clusters
            .iter()
            .map(|cluster| ClusterFacts {
                cluster,
                pod: snapshot.pods.iter().find(|pod| pod.id == cluster.pod_id),
                zone: snapshot
                    .zones
                    .iter()
                    .find(|zone| zone.id == cluster.zone_id),
                cpu: Aggregate::default(),
                memory: Aggregate::default(),
                account_vm_count: 0,
                suitable_pools: Vec::new(),
                largest_pool_room: 0,
            })
            .collect();
        // Sorted (id, index) pairs: a binary search per host is cheaper than hashing, and hosts usually come grouped
        // by cluster so the last answer is tried first.
        let mut by_id: Vec<(i64, u32)> = snapshot
            .clusters
            .iter()
            .enumerate()
            .map(|(index, cluster)| (cluster.id, index as u32))
            .collect();
        by_id.sort_unstable();
        let mut host_cluster = Vec::with_capacity(snapshot.hosts.len());
        let mut last: Option<(i64, u32)> = None;
        for host in &snapshot.hosts {
            let index = match last {
                Some((id, index)) if id == host.cluster_id => Some(index),
                _ => by_id
                    .binary_search_by_key(&host.cluster_id, |&(id, _)| id)
                    .ok()
                    .map(|at| by_id[at].1),
            };
            if let Some(index) = index {
                last = Some((host.cluster_id, index));
                let facts = &mut clusters[index as usize];
                facts.account_vm_count += u64::from(host.account_vm_count);
                if host.resource_state == super::ResourceState::Enabled {
                    facts.cpu.add(cpu_aggregate(host, facts.cluster));
                    facts.memory.add(memory_aggregate(host, facts.cluster));
                }
            }
            host_cluster.push(index);
        }
        let pool_fits = pools::fitting_pools(snapshot, request, avoid, settings);
        for facts in &mut clusters {
            let (suitable, room) = pools::reachable_from(snapshot, facts.cluster, &pool_fits);
            facts.suitable_pools = suitable;
            facts.largest_pool_room = room;
        }
        PlanContext {
            snapshot,
            request,
            avoid,
            settings,
            clusters,
            host_cluster,
            requested_cpu_mhz: request.cpu_mhz(),
        }
    }

    pub fn host(&self, host: usize) -> &'a HostSnapshot {
        &self.snapshot.hosts[host]
    }

    /// Index into `clusters` of the host's cluster.
    pub fn cluster_index_of(&self, host: usize) -> Option<usize> {
        self.host_cluster[host].map(|index| index as usize)
    }

    pub fn cluster_of(&self, host: usize) -> Option<&ClusterFacts<'a>> {
        self.cluster_index_of(host)
            .map(|index| &self.clusters[index])
    }

    pub fn cluster_name(&self, cluster_id: i64) -> String {
        self.snapshot
            .clusters
            .iter()
            .find(|cluster| cluster.id == cluster_id)
            .map_or_else(|| format!("#{cluster_id}"), |cluster| cluster.name.clone())
    }

    pub fn pod_name(&self, pod_id: i64) -> String {
        self.snapshot
            .pods
            .iter()
            .find(|pod| pod.id == pod_id)
            .map_or_else(|| format!("#{pod_id}"), |pod| pod.name.clone())
    }

    pub fn zone_name(&self, zone_id: i64) -> String {
        self.snapshot
            .zones
            .iter()
            .find(|zone| zone.id == zone_id)
            .map_or_else(|| format!("#{zone_id}"), |zone| zone.name.clone())
    }

    pub fn host_name(&self, host_id: i64) -> String {
        self.snapshot
            .hosts
            .iter()
            .find(|host| host.id == host_id)
            .map_or_else(|| format!("#{host_id}"), |host| host.name.clone())
    }
}

pub(crate) fn cpu_aggregate(host: &HostSnapshot, cluster: &ClusterSnapshot) -> Aggregate {
    Aggregate {
        committed: host.cpu_used_mhz.saturating_add(host.cpu_reserved_mhz) as f64,
        allocatable: host.cpu_total_mhz() as f64 * cluster.cpu_overcommit,
    }
}

pub(crate) fn memory_aggregate(host: &HostSnapshot, cluster: &ClusterSnapshot) -> Aggregate {
    Aggregate {
        committed: host
            .memory_used_bytes
            .saturating_add(host.memory_reserved_bytes) as f64,
        allocatable: host.memory_bytes as f64 * cluster.memory_overcommit,
    }
}
