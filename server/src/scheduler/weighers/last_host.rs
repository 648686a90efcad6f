//! Last-host weigher: a restarting VM goes back to its last host when that host passed every filter (§7.2 step 6).

use super::HostWeigher;
use crate::scheduler::context::PlanContext;

pub(crate) struct LastHost;

impl HostWeigher for LastHost {
    fn weight(&self, ctx: &PlanContext<'_>) -> f64 {
        if ctx.request.last_host_id.is_some() {
            ctx.settings.weights.last_host
        } else {
            0.0
        }
    }

    fn raw_scores(&self, ctx: &PlanContext<'_>, hosts: &[u32], out: &mut Vec<f64>) {
        let last = ctx.request.last_host_id;
        out.extend(
            hosts
                .iter()
                .map(|&index| f64::from(u8::from(Some(ctx.host(index as usize).id) == last))),
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
    fn only_the_last_host_scores() {
        let snapshot = world(1, 3);
        let mut request = request();
        let (weight, _) = weigh(&LastHost, &snapshot, &request, &Settings::default());
        assert_eq!(weight, 0.0, "a first start has no last host");
        request.last_host_id = Some(2);
        let (weight, scores) = weigh(&LastHost, &snapshot, &request, &Settings::default());
        assert_eq!(weight, 100.0);
        assert_eq!(scores, vec![0.0, 1.0, 0.0]);
    }
}
