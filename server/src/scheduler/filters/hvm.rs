//! HVM filter: when the template needs hardware virtualisation, drops hosts whose capabilities lack "hvm" (§7.4).

use super::{HostFilter, Miss};
use crate::scheduler::context::PlanContext;

pub(crate) struct Hvm;

impl HostFilter for Hvm {
    fn name(&self) -> &'static str {
        "hvm"
    }

    fn applies(&self, ctx: &PlanContext<'_>) -> bool {
        ctx.request.requires_hvm
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        (ctx.request.requires_hvm && !ctx.host(host).hvm).then(|| Miss::because("lack HVM support"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{filter_default, reasons, request, world};

    #[test]
    fn drops_non_hvm_hosts_only_for_hvm_templates() {
        let mut snapshot = world(1, 2);
        snapshot.hosts[0].hvm = false;
        let mut request = request();
        let (kept, _) = filter_default(&Hvm, &snapshot, &request);
        assert_eq!(kept, vec![1, 2]);
        request.requires_hvm = true;
        let (kept, outcome) = filter_default(&Hvm, &snapshot, &request);
        assert_eq!(kept, vec![2]);
        assert_eq!(reasons(&outcome), vec!["1 lack HVM support"]);
    }
}
