//! Soft-affinity weigher: for non-strict groups, each VM of an affinity group on a host raises it and each VM of an
//! anti-affinity group lowers it (CloudStack's non-strict host (anti-)affinity priorities).

use super::HostWeigher;
use crate::scheduler::AffinityKind;
use crate::scheduler::context::PlanContext;

pub(crate) struct SoftAffinity;

impl HostWeigher for SoftAffinity {
    fn weight(&self, ctx: &PlanContext<'_>) -> f64 {
        if ctx
            .request
            .affinity_groups
            .iter()
            .any(|group| !group.strict)
        {
            ctx.settings.weights.soft_affinity
        } else {
            0.0
        }
    }

    fn raw_scores(&self, ctx: &PlanContext<'_>, hosts: &[u32], out: &mut Vec<f64>) {
        // (host id, ±1 per member VM), sorted so each host is a binary search away.
        let mut deltas: Vec<(i64, f64)> = ctx
            .request
            .affinity_groups
            .iter()
            .filter(|group| !group.strict)
            .flat_map(|group| {
                let delta = match group.kind {
                    AffinityKind::HostAffinity => 1.0,
                    AffinityKind::HostAntiAffinity => -1.0,
                };
                group
                    .member_host_ids
                    .iter()
                    .map(move |&host_id| (host_id, delta))
            })
            .collect();
        deltas.sort_unstable_by_key(|&(host_id, _)| host_id);
        out.extend(hosts.iter().map(|&index| {
            let host_id = ctx.host(index as usize).id;
            let start = deltas.partition_point(|&(id, _)| id < host_id);
            deltas[start..]
                .iter()
                .take_while(|&&(id, _)| id == host_id)
                .map(|&(_, delta)| delta)
                .sum::<f64>()
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{request, world};
    use crate::scheduler::weighers::test_support::weigh;
    use crate::scheduler::{AffinityGroup, Settings};

    #[test]
    fn anti_affinity_members_lower_and_affinity_members_raise_a_host() {
        let snapshot = world(1, 4);
        let mut request = request();
        request.affinity_groups = vec![
            AffinityGroup {
                name: "web".into(),
                kind: AffinityKind::HostAntiAffinity,
                strict: false,
                member_host_ids: vec![1, 1, 2],
            },
            AffinityGroup {
                name: "cache".into(),
                kind: AffinityKind::HostAffinity,
                strict: false,
                member_host_ids: vec![3],
            },
        ];
        let (weight, scores) = weigh(&SoftAffinity, &snapshot, &request, &Settings::default());
        assert_eq!(weight, 10.0);
        // Raw: −2, −1, +1, 0.
        assert_eq!(scores, vec![0.0, 1.0 / 3.0, 1.0, 2.0 / 3.0]);
    }

    #[test]
    fn strict_groups_are_left_to_the_filter() {
        let snapshot = world(1, 2);
        let mut request = request();
        request.affinity_groups = vec![AffinityGroup {
            name: "web".into(),
            kind: AffinityKind::HostAntiAffinity,
            strict: true,
            member_host_ids: vec![1],
        }];
        let (weight, _) = weigh(&SoftAffinity, &snapshot, &request, &Settings::default());
        assert_eq!(weight, 0.0);
    }
}
