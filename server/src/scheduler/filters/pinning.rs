//! Pinning filter: keeps only hosts in the requested zone and, when given, the requested pod, cluster and host.

use super::{HostFilter, Miss, MissGroup};
use crate::scheduler::context::PlanContext;

pub(crate) struct Pinning;

const OTHER_ZONE: &str = "outside the requested zone";
const OTHER_POD: &str = "outside the requested pod";
const OTHER_CLUSTER: &str = "outside the requested cluster";
const OTHER_HOST: &str = "not the requested host";

impl HostFilter for Pinning {
    fn name(&self) -> &'static str {
        "pinning"
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let request = ctx.request;
        let host = ctx.host(host);
        if host.zone_id != request.zone_id {
            return Some(Miss::about(OTHER_ZONE, request.zone_id));
        }
        if let Some(pod_id) = request.pod_id.filter(|&pod_id| pod_id != host.pod_id) {
            return Some(Miss::about(OTHER_POD, pod_id));
        }
        if let Some(cluster_id) = request.cluster_id.filter(|&id| id != host.cluster_id) {
            return Some(Miss::about(OTHER_CLUSTER, cluster_id));
        }
        if let Some(host_id) = request.host_id.filter(|&id| id != host.id) {
            return Some(Miss::about(OTHER_HOST, host_id));
        }
        None
    }

    fn explain(&self, ctx: &PlanContext<'_>, group: &MissGroup) -> String {
        let name = match group.why {
            OTHER_ZONE => ctx.zone_name(group.subject),
            OTHER_POD => ctx.pod_name(group.subject),
            OTHER_CLUSTER => ctx.cluster_name(group.subject),
            _ => ctx.host_name(group.subject),
        };
        format!("{} {name}", group.why)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{filter_default, reasons, request, world};

    #[test]
    fn keeps_everything_in_the_zone_when_nothing_is_pinned() {
        let mut snapshot = world(2, 2);
        snapshot.hosts[0].zone_id = 9;
        let (kept, outcome) = filter_default(&Pinning, &snapshot, &request());
        assert_eq!(kept, vec![2, 3, 4]);
        assert_eq!(reasons(&outcome), vec!["1 outside the requested zone Z1"]);
    }

    #[test]
    fn pins_to_pod_cluster_and_host() {
        let mut snapshot = world(3, 2);
        snapshot.hosts[0].pod_id = 2;
        let mut request = request();
        request.pod_id = Some(1);
        let (kept, _) = filter_default(&Pinning, &snapshot, &request);
        assert_eq!(kept, vec![2, 3, 4, 5, 6]);

        request.cluster_id = Some(2);
        let (kept, outcome) = filter_default(&Pinning, &snapshot, &request);
        assert_eq!(kept, vec![3, 4]);
        assert_eq!(
            reasons(&outcome),
            vec![
                "1 outside the requested pod P1",
                "3 outside the requested cluster C2"
            ]
        );

        request.host_id = Some(4);
        let (kept, outcome) = filter_default(&Pinning, &snapshot, &request);
        assert_eq!(kept, vec![4]);
        assert!(reasons(&outcome).contains(&"1 not the requested host h4".to_string()));
    }
}
