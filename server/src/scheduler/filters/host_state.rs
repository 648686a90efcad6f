//! Host-state filter: keeps hosts that are Up and whose resource state is Enabled (FirstFitAllocator, §7.4).

use super::{HostFilter, Miss};
use crate::scheduler::context::PlanContext;
use crate::scheduler::{HostStatus, ResourceState};

pub(crate) struct HostState;

impl HostFilter for HostState {
    fn name(&self) -> &'static str {
        "host_state"
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let host = ctx.host(host);
        // Maintenance says more than the status an agent in maintenance usually has, so it is reported first.
        if host.resource_state != ResourceState::Enabled {
            Some(Miss::because(host.resource_state.describe()))
        } else if host.status != HostStatus::Up {
            Some(Miss::because(host.status.describe()))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{filter_default, reasons, request, world};

    #[test]
    fn keeps_up_and_enabled_hosts_and_names_the_others() {
        let mut snapshot = world(1, 6);
        snapshot.hosts[0].resource_state = ResourceState::Maintenance;
        snapshot.hosts[0].status = HostStatus::Disconnected;
        snapshot.hosts[1].resource_state = ResourceState::Maintenance;
        snapshot.hosts[2].status = HostStatus::Down;
        snapshot.hosts[3].resource_state = ResourceState::Disabled;
        snapshot.hosts[4].resource_state = ResourceState::PrepareForMaintenance;
        let (kept, outcome) = filter_default(&HostState, &snapshot, &request());
        assert_eq!(kept, vec![6]);
        assert_eq!(
            reasons(&outcome),
            vec![
                "2 in maintenance",
                "1 down",
                "1 disabled",
                "1 preparing for maintenance"
            ]
        );
        assert_eq!((outcome.before, outcome.after), (6, 1));
    }
}
