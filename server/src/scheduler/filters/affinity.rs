//! Strict affinity filter: host anti-affinity drops hosts running the group's VMs; host affinity keeps only those
//! hosts once the group has a VM somewhere. Non-strict groups are left to the soft-affinity weigher.

use super::{HostFilter, Miss, MissGroup};
use crate::scheduler::AffinityKind;
use crate::scheduler::context::PlanContext;

pub(crate) struct StrictAffinity;

const RUNS_ANTI_MEMBER: &str = "already run a VM of anti-affinity group";
const LACKS_MEMBER: &str = "do not run the VMs of affinity group";

impl HostFilter for StrictAffinity {
    fn name(&self) -> &'static str {
        "affinity"
    }

    fn applies(&self, ctx: &PlanContext<'_>) -> bool {
        ctx.request.affinity_groups.iter().any(|group| group.strict)
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let host_id = ctx.host(host).id;
        for (index, group) in ctx.request.affinity_groups.iter().enumerate() {
            if !group.strict {
                continue;
            }
            let hosts_member = group.member_host_ids.contains(&host_id);
            match group.kind {
                AffinityKind::HostAntiAffinity if hosts_member => {
                    return Some(Miss::about(RUNS_ANTI_MEMBER, index as i64));
                }
                AffinityKind::HostAffinity
                    if !hosts_member && !group.member_host_ids.is_empty() =>
                {
                    return Some(Miss::about(LACKS_MEMBER, index as i64));
                }
                _ => {}
            }
        }
        None
    }

    fn explain(&self, ctx: &PlanContext<'_>, group: &MissGroup) -> String {
        let name = usize::try_from(group.subject)
            .ok()
            .and_then(|index| ctx.request.affinity_groups.get(index))
            .map_or("?", |affinity| affinity.name.as_str());
        format!("{} {name}", group.why)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::AffinityGroup;
    use crate::scheduler::testkit::{filter_default, reasons, request, world};

    fn group(name: &str, kind: AffinityKind, strict: bool, members: &[i64]) -> AffinityGroup {
        AffinityGroup {
            name: name.into(),
            kind,
            strict,
            member_host_ids: members.to_vec(),
        }
    }

    #[test]
    fn strict_anti_affinity_drops_hosts_with_members() {
        let snapshot = world(1, 4);
        let mut request = request();
        request.affinity_groups = vec![group(
            "web",
            AffinityKind::HostAntiAffinity,
            true,
            &[1, 3, 3],
        )];
        let (kept, outcome) = filter_default(&StrictAffinity, &snapshot, &request);
        assert_eq!(kept, vec![2, 4]);
        assert_eq!(
            reasons(&outcome),
            vec!["2 already run a VM of anti-affinity group web"]
        );
    }

    #[test]
    fn strict_affinity_keeps_member_hosts_once_the_group_has_members() {
        let snapshot = world(1, 4);
        let mut request = request();
        request.affinity_groups = vec![group("db", AffinityKind::HostAffinity, true, &[])];
        let (kept, _) = filter_default(&StrictAffinity, &snapshot, &request);
        assert_eq!(kept.len(), 4, "the group's first VM may go anywhere");
        request.affinity_groups[0].member_host_ids = vec![2];
        let (kept, outcome) = filter_default(&StrictAffinity, &snapshot, &request);
        assert_eq!(kept, vec![2]);
        assert_eq!(
            reasons(&outcome),
            vec!["3 do not run the VMs of affinity group db"]
        );
    }

    #[test]
    fn non_strict_groups_filter_nothing() {
        let snapshot = world(1, 2);
        let mut request = request();
        request.affinity_groups = vec![
            group("web", AffinityKind::HostAntiAffinity, false, &[1, 2]),
            group("db", AffinityKind::HostAffinity, false, &[1]),
        ];
        let (kept, _) = filter_default(&StrictAffinity, &snapshot, &request);
        assert_eq!(kept, vec![1, 2]);
    }
}
