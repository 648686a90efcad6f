//! Host filters, one per file: each removes the hosts the VM cannot use and says why, in the order of `ALL`.

mod affinity;
mod allocation_state;
mod avoid;
mod cluster_threshold;
mod cpu_capability;
mod cpu_capacity;
mod guest_limit;
mod host_state;
mod host_tags;
mod hvm;
mod hypervisor;
mod memory_capacity;
mod pinning;
mod storage;

use super::context::PlanContext;

/// Why one host was removed. Misses with the same `why` and `subject` are counted together; `amount` keeps the
/// largest value seen (e.g. the most free memory among the hosts that lacked memory).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Miss {
    pub why: &'static str,
    /// What the reason is about (a cluster id, a tag index…), 0 when nothing.
    pub subject: i64,
    pub amount: u64,
}

impl Miss {
    pub fn because(why: &'static str) -> Self {
        Miss {
            why,
            subject: 0,
            amount: 0,
        }
    }

    pub fn about(why: &'static str, subject: i64) -> Self {
        Miss {
            why,
            subject,
            amount: 0,
        }
    }
}

/// Misses of one kind, summed over hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MissGroup {
    pub why: &'static str,
    pub subject: i64,
    pub count: usize,
    /// The largest `amount` of the group.
    pub largest: u64,
}

pub(crate) trait HostFilter: Sync {
    /// Short stable name, shown in outcomes.
    fn name(&self) -> &'static str;

    /// False when the request makes the filter moot; the pipeline then skips the per-host calls.
    fn applies(&self, _ctx: &PlanContext<'_>) -> bool {
        true
    }

    /// `None` keeps the host (an index into `snapshot.hosts`).
    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss>;

    /// The reason text for a group of misses, without the count ("lack host tag ssd").
    fn explain(&self, _ctx: &PlanContext<'_>, group: &MissGroup) -> String {
        group.why.to_string()
    }
}

/// Every filter, in the order they run. Each host is charged to the first filter that removes it, so the cheap,
/// administrative reasons come first and capacity and storage last.
pub(crate) const ALL: &[&dyn HostFilter] = &[
    &pinning::Pinning,
    &avoid::Avoided,
    &allocation_state::AllocationState,
    &host_state::HostState,
    &hypervisor::Hypervisor,
    &cluster_threshold::ClusterThreshold,
    &guest_limit::GuestLimit,
    &hvm::Hvm,
    &cpu_capability::CpuCapability,
    &host_tags::HostTags,
    &affinity::StrictAffinity,
    &cpu_capacity::CpuCapacity,
    &memory_capacity::MemoryCapacity,
    &storage::Storage,
];

/// The name of the storage filter, so an error can tell storage-only failures apart (cserrorcode 4340).
pub(crate) const STORAGE: &str = storage::NAME;

/// Bytes in MiB, for explanations.
pub(crate) fn mib(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}

/// Bytes in GiB with one decimal, for explanations.
pub(crate) fn gib(bytes: u64) -> String {
    let gib = bytes as f64 / (1024.0 * 1024.0 * 1024.0);
    if gib.fract() == 0.0 {
        format!("{gib:.0} GiB")
    } else {
        format!("{gib:.1} GiB")
    }
}

/// A fraction as a whole percentage ("85%").
pub(crate) fn percent(fraction: f64) -> String {
    format!("{:.0}%", fraction * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_names_are_unique() {
        let mut names: Vec<&str> = ALL.iter().map(|filter| filter.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
    }

    #[test]
    fn units_render_for_people() {
        assert_eq!(mib(4096 * 1024 * 1024), 4096);
        assert_eq!(gib(20 * 1024 * 1024 * 1024), "20 GiB");
        assert_eq!(gib(3 * 512 * 1024 * 1024), "1.5 GiB");
        assert_eq!(percent(0.85), "85%");
        assert_eq!(percent(0.906), "91%");
    }
}
