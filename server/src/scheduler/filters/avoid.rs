//! Avoid filter: drops hosts in the ExcludeList, directly or through their cluster, pod or zone.

use super::{HostFilter, Miss};
use crate::scheduler::context::PlanContext;

pub(crate) struct Avoided;

impl HostFilter for Avoided {
    fn name(&self) -> &'static str {
        "avoid"
    }

    fn applies(&self, ctx: &PlanContext<'_>) -> bool {
        !(ctx.avoid.hosts.is_empty()
            && ctx.avoid.clusters.is_empty()
            && ctx.avoid.pods.is_empty()
            && ctx.avoid.zones.is_empty())
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let avoid = ctx.avoid;
        let host = ctx.host(host);
        if avoid.hosts.contains(&host.id) {
            Some(Miss::because(
                "in the avoid set (e.g. an earlier start failed there)",
            ))
        } else if avoid.clusters.contains(&host.cluster_id) {
            Some(Miss::because("in an avoided cluster"))
        } else if avoid.pods.contains(&host.pod_id) {
            Some(Miss::because("in an avoided pod"))
        } else if avoid.zones.contains(&host.zone_id) {
            Some(Miss::because("in an avoided zone"))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{filter_hosts, reasons, request, world};
    use crate::scheduler::{Avoid, Settings};

    #[test]
    fn removes_avoided_hosts_clusters_and_pods() {
        let mut snapshot = world(3, 2);
        snapshot.hosts[5].pod_id = 2;
        let avoid = Avoid {
            hosts: [1].into(),
            clusters: [2].into(),
            pods: [2].into(),
            ..Avoid::default()
        };
        let (kept, outcome) = filter_hosts(
            &Avoided,
            &snapshot,
            &request(),
            &avoid,
            &Settings::default(),
        );
        assert_eq!(kept, vec![2, 5]);
        assert_eq!(
            reasons(&outcome),
            vec![
                "1 in the avoid set (e.g. an earlier start failed there)",
                "2 in an avoided cluster",
                "1 in an avoided pod"
            ]
        );
    }

    #[test]
    fn is_skipped_with_an_empty_avoid_set() {
        let snapshot = world(1, 3);
        let (kept, outcome) = filter_hosts(
            &Avoided,
            &snapshot,
            &request(),
            &Avoid::default(),
            &Settings::default(),
        );
        assert_eq!(kept.len(), 3);
        assert_eq!((outcome.before, outcome.after), (3, 3));
    }
}
