//! Hypervisor filter: keeps hosts running the hypervisor the VM needs, when it needs one.

use super::{HostFilter, Miss, MissGroup};
use crate::scheduler::context::PlanContext;

pub(crate) struct Hypervisor;

impl HostFilter for Hypervisor {
    fn name(&self) -> &'static str {
        "hypervisor"
    }

    fn applies(&self, ctx: &PlanContext<'_>) -> bool {
        ctx.request.hypervisor.is_some()
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let wanted = ctx.request.hypervisor.as_deref()?;
        let host = ctx.host(host);
        (!host.hypervisor.eq_ignore_ascii_case(wanted)).then(|| Miss::because("wrong hypervisor"))
    }

    fn explain(&self, ctx: &PlanContext<'_>, _group: &MissGroup) -> String {
        let wanted = ctx.request.hypervisor.as_deref().unwrap_or_default();
        format!("not {wanted} hosts")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{filter_default, reasons, request, world};

    #[test]
    fn keeps_hosts_of_the_requested_hypervisor() {
        let mut snapshot = world(1, 3);
        snapshot.hosts[0].hypervisor = "Simulator".into();
        let mut request = request();
        request.hypervisor = Some("kvm".into());
        let (kept, outcome) = filter_default(&Hypervisor, &snapshot, &request);
        assert_eq!(kept, vec![2, 3]);
        assert_eq!(reasons(&outcome), vec!["1 not kvm hosts"]);

        request.hypervisor = None;
        let (kept, _) = filter_default(&Hypervisor, &snapshot, &request);
        assert_eq!(kept.len(), 3);
    }
}
