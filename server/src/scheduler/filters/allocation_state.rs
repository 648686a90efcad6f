//! Allocation-state filter: drops hosts in disabled (or unknown) zones, pods and clusters (§7.2 step 2).

use super::{HostFilter, Miss, MissGroup};
use crate::scheduler::context::PlanContext;

pub(crate) struct AllocationState;

const DISABLED_ZONE: &str = "in disabled zone";
const DISABLED_POD: &str = "in disabled pod";
const DISABLED_CLUSTER: &str = "in disabled cluster";
const UNKNOWN_CLUSTER: &str = "in a cluster missing from the snapshot";

impl HostFilter for AllocationState {
    fn name(&self) -> &'static str {
        "allocation_state"
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let Some(facts) = ctx.cluster_of(host) else {
            return Some(Miss::because(UNKNOWN_CLUSTER));
        };
        if ctx.request.is_admin && ctx.settings.allow_admin_vm_on_disabled_resources {
            return None;
        }
        let cluster = facts.cluster;
        if facts.zone.is_some_and(|zone| !zone.allocation_enabled) {
            Some(Miss::about(DISABLED_ZONE, cluster.zone_id))
        } else if facts.pod.is_some_and(|pod| !pod.allocation_enabled) {
            Some(Miss::about(DISABLED_POD, cluster.pod_id))
        } else if !cluster.allocation_enabled {
            Some(Miss::about(DISABLED_CLUSTER, cluster.id))
        } else {
            None
        }
    }

    fn explain(&self, ctx: &PlanContext<'_>, group: &MissGroup) -> String {
        match group.why {
            DISABLED_ZONE => format!("{} {}", group.why, ctx.zone_name(group.subject)),
            DISABLED_POD => format!("{} {}", group.why, ctx.pod_name(group.subject)),
            DISABLED_CLUSTER => format!("{} {}", group.why, ctx.cluster_name(group.subject)),
            _ => group.why.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{filter_default, filter_hosts, reasons, request, world};
    use crate::scheduler::{Avoid, Settings};

    #[test]
    fn drops_hosts_of_disabled_clusters_and_pods() {
        let mut snapshot = world(3, 1);
        snapshot.clusters[0].allocation_enabled = false;
        snapshot.clusters[2].pod_id = 2;
        snapshot.pods.push(crate::scheduler::PodSnapshot {
            id: 2,
            name: "P2".into(),
            zone_id: 1,
            allocation_enabled: false,
        });
        snapshot.hosts[1].cluster_id = 77;
        let (kept, outcome) = filter_default(&AllocationState, &snapshot, &request());
        assert!(kept.is_empty());
        assert_eq!(
            reasons(&outcome),
            vec![
                "1 in disabled cluster C1",
                "1 in a cluster missing from the snapshot",
                "1 in disabled pod P2"
            ]
        );
    }

    #[test]
    fn a_disabled_zone_blocks_everything_unless_admins_may_use_it() {
        let mut snapshot = world(1, 2);
        snapshot.zones[0].allocation_enabled = false;
        let (kept, outcome) = filter_default(&AllocationState, &snapshot, &request());
        assert!(kept.is_empty());
        assert_eq!(reasons(&outcome), vec!["2 in disabled zone Z1"]);

        let mut admin = request();
        admin.is_admin = true;
        let (kept, _) = filter_default(&AllocationState, &snapshot, &admin);
        assert!(
            kept.is_empty(),
            "CloudStack default: admins avoid disabled resources too"
        );
        let settings = Settings {
            allow_admin_vm_on_disabled_resources: true,
            ..Settings::default()
        };
        let (kept, _) = filter_hosts(
            &AllocationState,
            &snapshot,
            &admin,
            &Avoid::default(),
            &settings,
        );
        assert_eq!(kept, vec![1, 2]);
    }
}
