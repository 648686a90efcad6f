//! CPU-capability filter: a host needs at least the offering's core count and per-core speed (§7.4).

use super::{HostFilter, Miss, MissGroup};
use crate::scheduler::context::PlanContext;

pub(crate) struct CpuCapability;

const FEW_CORES: &str = "few cores";
const SLOW_CORES: &str = "slow cores";

impl HostFilter for CpuCapability {
    fn name(&self) -> &'static str {
        "cpu_capability"
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let host = ctx.host(host);
        if host.cpu_cores < ctx.request.cpu_cores {
            Some(Miss {
                why: FEW_CORES,
                subject: 0,
                amount: u64::from(host.cpu_cores),
            })
        } else if host.cpu_speed_mhz < ctx.request.cpu_speed_mhz {
            Some(Miss {
                why: SLOW_CORES,
                subject: 0,
                amount: host.cpu_speed_mhz,
            })
        } else {
            None
        }
    }

    fn explain(&self, ctx: &PlanContext<'_>, group: &MissGroup) -> String {
        if group.why == FEW_CORES {
            format!(
                "have fewer than {} CPU cores (most {})",
                ctx.request.cpu_cores, group.largest
            )
        } else {
            format!(
                "have CPU cores slower than {} MHz (fastest {} MHz)",
                ctx.request.cpu_speed_mhz, group.largest
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{filter_default, reasons, request, world};

    #[test]
    fn needs_enough_cores_and_fast_enough_cores() {
        let mut snapshot = world(1, 4);
        snapshot.hosts[0].cpu_cores = 2;
        snapshot.hosts[1].cpu_cores = 3;
        snapshot.hosts[2].cpu_speed_mhz = 1800;
        let mut request = request();
        request.cpu_cores = 4;
        request.cpu_speed_mhz = 1900;
        let (kept, outcome) = filter_default(&CpuCapability, &snapshot, &request);
        assert_eq!(kept, vec![4]);
        assert_eq!(
            reasons(&outcome),
            vec![
                "2 have fewer than 4 CPU cores (most 3)",
                "1 have CPU cores slower than 1900 MHz (fastest 1800 MHz)"
            ]
        );
    }
}
