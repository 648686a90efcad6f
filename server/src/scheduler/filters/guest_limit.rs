//! Guest-limit filter: drops hosts already running their hypervisor's maximum number of guests (§7.4).

use super::{HostFilter, Miss};
use crate::scheduler::context::PlanContext;

pub(crate) struct GuestLimit;

impl HostFilter for GuestLimit {
    fn name(&self) -> &'static str {
        "guest_limit"
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let host = ctx.host(host);
        let limit = host.max_guests?;
        (host.running_vm_count >= limit).then(|| Miss::because("at their hypervisor's guest limit"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{filter_default, reasons, request, world};

    #[test]
    fn drops_full_hosts_only() {
        let mut snapshot = world(1, 3);
        snapshot.hosts[0].max_guests = Some(2);
        snapshot.hosts[0].running_vm_count = 2;
        snapshot.hosts[1].max_guests = Some(2);
        snapshot.hosts[1].running_vm_count = 1;
        snapshot.hosts[2].running_vm_count = 500;
        let (kept, outcome) = filter_default(&GuestLimit, &snapshot, &request());
        assert_eq!(kept, vec![2, 3]);
        assert_eq!(
            reasons(&outcome),
            vec!["1 at their hypervisor's guest limit"]
        );
    }
}
