//! Memory-capacity filter: `used + reserved + requested ≤ total × memoryOvercommitRatio`; on the VM's last host its
//! own reserved memory may be reused (§7.4, §7.2 step 6).

use super::cpu_capacity::{fits, reuses_reservation};
use super::{HostFilter, Miss, MissGroup, mib};
use crate::scheduler::context::PlanContext;

pub(crate) struct MemoryCapacity;

impl HostFilter for MemoryCapacity {
    fn name(&self) -> &'static str {
        "memory_capacity"
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let ratio = ctx.cluster_of(host)?.cluster.memory_overcommit;
        let host = ctx.host(host);
        let (fits, free) = fits(
            host.memory_bytes,
            ratio,
            host.memory_used_bytes,
            host.memory_reserved_bytes,
            ctx.request.memory_bytes,
            reuses_reservation(ctx, host.id),
        );
        (!fits).then_some(Miss {
            why: "lack memory",
            subject: 0,
            amount: free,
        })
    }

    fn explain(&self, ctx: &PlanContext<'_>, group: &MissGroup) -> String {
        format!(
            "lack memory (need {} MiB, largest free {} MiB)",
            mib(ctx.request.memory_bytes),
            mib(group.largest)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{GIB, filter_default, reasons, request, world};

    #[test]
    fn counts_used_and_reserved_against_overcommitted_total() {
        let mut snapshot = world(2, 3);
        // 16 GiB hosts; the request is 4 GiB.
        snapshot.hosts[0].memory_used_bytes = 14 * GIB;
        snapshot.hosts[1].memory_used_bytes = 10 * GIB;
        snapshot.hosts[1].memory_reserved_bytes = 4 * GIB;
        snapshot.hosts[2].memory_used_bytes = 12 * GIB;
        snapshot.hosts[3].memory_used_bytes = 30 * GIB;
        snapshot.hosts[4].memory_used_bytes = 20 * GIB;
        snapshot.clusters[1].memory_overcommit = 1.5;
        let mut request = request();
        request.memory_bytes = 4 * GIB;
        let (kept, outcome) = filter_default(&MemoryCapacity, &snapshot, &request);
        assert_eq!(kept, vec![3, 5, 6]);
        assert_eq!(
            reasons(&outcome),
            vec!["3 lack memory (need 4096 MiB, largest free 2048 MiB)"]
        );
    }

    #[test]
    fn the_last_host_may_reuse_this_vms_reservation() {
        let mut snapshot = world(1, 1);
        snapshot.hosts[0].memory_used_bytes = 12 * GIB;
        snapshot.hosts[0].memory_reserved_bytes = 4 * GIB;
        let mut request = request();
        request.memory_bytes = 4 * GIB;
        request.last_host_id = Some(1);
        request.reserved_on_last_host = true;
        let (kept, _) = filter_default(&MemoryCapacity, &snapshot, &request);
        assert_eq!(kept, vec![1]);
    }
}
