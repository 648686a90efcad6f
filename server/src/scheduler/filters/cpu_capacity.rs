//! CPU-capacity filter: `used + reserved + requested ≤ total × cpuOvercommitRatio`; on the VM's last host its own
//! reserved capacity may be reused (§7.4, §7.2 step 6).

use super::{HostFilter, Miss, MissGroup};
use crate::scheduler::context::PlanContext;

pub(crate) struct CpuCapacity;

/// Whether a host fits `requested` more of a resource, and how much it has free under overcommit.
pub(crate) fn fits(
    total: u64,
    ratio: f64,
    used: u64,
    reserved: u64,
    requested: u64,
    reuses_reservation: bool,
) -> (bool, u64) {
    let allocatable = total as f64 * ratio;
    let free = (allocatable - used.saturating_add(reserved) as f64).max(0.0);
    // The restart path: the capacity kept for this stopped VM covers it (CloudStack checks reserved ≥ requested).
    let fits = (reuses_reservation && reserved >= requested) || free >= requested as f64;
    (fits, free as u64)
}

/// The host is the request's last host and still holds this VM's reservation.
pub(crate) fn reuses_reservation(ctx: &PlanContext<'_>, host_id: i64) -> bool {
    ctx.request.reserved_on_last_host && ctx.request.last_host_id == Some(host_id)
}

impl HostFilter for CpuCapacity {
    fn name(&self) -> &'static str {
        "cpu_capacity"
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let ratio = ctx.cluster_of(host)?.cluster.cpu_overcommit;
        let host = ctx.host(host);
        let (fits, free) = fits(
            host.cpu_total_mhz(),
            ratio,
            host.cpu_used_mhz,
            host.cpu_reserved_mhz,
            ctx.requested_cpu_mhz,
            reuses_reservation(ctx, host.id),
        );
        (!fits).then_some(Miss {
            why: "lack CPU",
            subject: 0,
            amount: free,
        })
    }

    fn explain(&self, ctx: &PlanContext<'_>, group: &MissGroup) -> String {
        format!(
            "lack CPU (need {} MHz, largest free {} MHz)",
            ctx.requested_cpu_mhz, group.largest
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{filter_default, reasons, request, world};

    #[test]
    fn counts_used_and_reserved_against_overcommitted_total() {
        let mut snapshot = world(2, 2);
        // 16000 MHz hosts; the request is 4 × 1000 MHz.
        snapshot.hosts[0].cpu_used_mhz = 12_000;
        snapshot.hosts[1].cpu_used_mhz = 10_000;
        snapshot.hosts[1].cpu_reserved_mhz = 3_000;
        snapshot.hosts[2].cpu_used_mhz = 20_000;
        snapshot.hosts[3].cpu_used_mhz = 28_500;
        snapshot.clusters[1].cpu_overcommit = 2.0;
        let mut request = request();
        request.cpu_cores = 4;
        request.cpu_speed_mhz = 1000;
        let (kept, outcome) = filter_default(&CpuCapacity, &snapshot, &request);
        assert_eq!(kept, vec![1, 3]);
        assert_eq!(
            reasons(&outcome),
            vec!["2 lack CPU (need 4000 MHz, largest free 3500 MHz)"]
        );
    }

    #[test]
    fn the_last_host_may_reuse_this_vms_reservation() {
        let mut snapshot = world(1, 2);
        for host in &mut snapshot.hosts {
            host.cpu_used_mhz = 14_000;
            host.cpu_reserved_mhz = 2_000;
        }
        let mut request = request();
        request.last_host_id = Some(2);
        let (kept, _) = filter_default(&CpuCapacity, &snapshot, &request);
        assert!(kept.is_empty(), "no reservation held for this VM");
        request.reserved_on_last_host = true;
        let (kept, _) = filter_default(&CpuCapacity, &snapshot, &request);
        assert_eq!(kept, vec![2]);
    }
}
