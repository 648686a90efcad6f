//! Host-tag filter: a host must carry every host tag of the offering (§7.4).

use super::{HostFilter, Miss, MissGroup};
use crate::scheduler::context::PlanContext;

pub(crate) struct HostTags;

impl HostFilter for HostTags {
    fn name(&self) -> &'static str {
        "host_tags"
    }

    fn applies(&self, ctx: &PlanContext<'_>) -> bool {
        !ctx.request.host_tags.is_empty()
    }

    fn check(&self, ctx: &PlanContext<'_>, host: usize) -> Option<Miss> {
        let host = ctx.host(host);
        ctx.request
            .host_tags
            .iter()
            .position(|tag| !host.tags.iter().any(|have| have == tag))
            .map(|missing| Miss::about("lack host tag", missing as i64))
    }

    fn explain(&self, ctx: &PlanContext<'_>, group: &MissGroup) -> String {
        let tag = usize::try_from(group.subject)
            .ok()
            .and_then(|index| ctx.request.host_tags.get(index))
            .map_or("?", String::as_str);
        format!("lack host tag {tag}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{filter_default, reasons, request, world};

    #[test]
    fn keeps_hosts_carrying_every_tag_and_names_the_first_missing() {
        let mut snapshot = world(1, 4);
        snapshot.hosts[0].tags = vec!["ssd".into(), "gpu".into()];
        snapshot.hosts[1].tags = vec!["gpu".into()];
        snapshot.hosts[2].tags = vec!["ssd".into()];
        let mut request = request();
        request.host_tags = vec!["ssd".into(), "gpu".into()];
        let (kept, outcome) = filter_default(&HostTags, &snapshot, &request);
        assert_eq!(kept, vec![1]);
        assert_eq!(
            reasons(&outcome),
            vec!["2 lack host tag ssd", "1 lack host tag gpu"]
        );
    }

    #[test]
    fn untagged_offerings_take_any_host() {
        let mut snapshot = world(1, 2);
        snapshot.hosts[0].tags = vec!["ssd".into()];
        let (kept, _) = filter_default(&HostTags, &snapshot, &request());
        assert_eq!(kept, vec![1, 2]);
    }
}
