//! User-dispersing weigher (`userdispersing`): prefers hosts running fewer of the account's VMs.

use super::HostWeigher;
use crate::scheduler::AllocationAlgorithm;
use crate::scheduler::context::PlanContext;

pub(crate) struct UserDispersing;

impl HostWeigher for UserDispersing {
    fn weight(&self, ctx: &PlanContext<'_>) -> f64 {
        if ctx.settings.allocation_algorithm == AllocationAlgorithm::UserDispersing {
            ctx.settings.weights.user_dispersing
        } else {
            0.0
        }
    }

    fn raw_scores(&self, ctx: &PlanContext<'_>, hosts: &[u32], out: &mut Vec<f64>) {
        out.extend(
            hosts
                .iter()
                .map(|&index| -f64::from(ctx.host(index as usize).account_vm_count)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::Settings;
    use crate::scheduler::testkit::{request, world};
    use crate::scheduler::weighers::test_support::weigh;

    #[test]
    fn prefers_hosts_with_fewer_of_the_accounts_vms() {
        let mut snapshot = world(1, 3);
        snapshot.hosts[0].account_vm_count = 4;
        snapshot.hosts[2].account_vm_count = 1;
        let settings = Settings {
            allocation_algorithm: AllocationAlgorithm::UserDispersing,
            ..Settings::default()
        };
        let (weight, scores) = weigh(&UserDispersing, &snapshot, &request(), &settings);
        assert_eq!(weight, 1.0);
        assert_eq!(scores, vec![0.0, 1.0, 0.75]);
        let (weight, _) = weigh(&UserDispersing, &snapshot, &request(), &Settings::default());
        assert_eq!(weight, 0.0, "random does not disperse");
    }
}
