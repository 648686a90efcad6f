//! Host weighers, one per file: each scores the surviving hosts, the scores are normalised to [0, 1] and summed with
//! the weights of `Settings::weights`; higher is better.

mod last_host;
mod least_consumed;
mod soft_affinity;
mod user_dispersing;

use super::context::PlanContext;

pub(crate) trait HostWeigher: Sync {
    /// This weigher's weight for the request; 0 switches it off.
    fn weight(&self, ctx: &PlanContext<'_>) -> f64;

    /// Raw scores of `hosts` (indices into `snapshot.hosts`), appended to `out` in the same order.
    fn raw_scores(&self, ctx: &PlanContext<'_>, hosts: &[u32], out: &mut Vec<f64>);
}

pub(crate) const ALL: &[&dyn HostWeigher] = &[
    &least_consumed::LeastConsumed,
    &user_dispersing::UserDispersing,
    &soft_affinity::SoftAffinity,
    &last_host::LastHost,
];

/// The combined score of each host in `hosts` (same order): Σ weight × normalised raw score.
pub(crate) fn combined_scores(ctx: &PlanContext<'_>, hosts: &[u32]) -> Vec<f64> {
    let mut total = vec![0.0; hosts.len()];
    let mut raw = Vec::with_capacity(hosts.len());
    for weigher in ALL {
        let weight = weigher.weight(ctx);
        if weight == 0.0 {
            continue;
        }
        raw.clear();
        weigher.raw_scores(ctx, hosts, &mut raw);
        normalise(&mut raw);
        for (sum, score) in total.iter_mut().zip(&raw) {
            *sum += weight * score;
        }
    }
    total
}

/// Maps scores linearly onto [0, 1] (all equal → all 0), as nova's weighers do.
pub(crate) fn normalise(scores: &mut [f64]) {
    let (min, max) = scores
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(min, max), &score| {
            (min.min(score), max.max(score))
        });
    let span = max - min;
    for score in scores.iter_mut() {
        *score = if span > 0.0 {
            (*score - min) / span
        } else {
            0.0
        };
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::HostWeigher;
    use crate::scheduler::context::PlanContext;
    use crate::scheduler::{Avoid, Settings, Snapshot, VmRequest};

    /// The weigher's weight and its normalised scores of every host of the snapshot.
    pub fn weigh(
        weigher: &dyn HostWeigher,
        snapshot: &Snapshot,
        request: &VmRequest,
        settings: &Settings,
    ) -> (f64, Vec<f64>) {
        let avoid = Avoid::default();
        let ctx = PlanContext::new(snapshot, request, &avoid, settings);
        let hosts: Vec<u32> = (0..snapshot.hosts.len() as u32).collect();
        let mut scores = Vec::new();
        weigher.raw_scores(&ctx, &hosts, &mut scores);
        super::normalise(&mut scores);
        (weigher.weight(&ctx), scores)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::testkit::{request, world};
    use crate::scheduler::{AllocationAlgorithm, Avoid, Settings};

    #[test]
    fn normalising_maps_onto_zero_to_one() {
        let mut scores = vec![3.0, -1.0, 1.0];
        normalise(&mut scores);
        assert_eq!(scores, vec![1.0, 0.0, 0.5]);
        let mut flat = vec![2.0, 2.0];
        normalise(&mut flat);
        assert_eq!(flat, vec![0.0, 0.0]);
    }

    #[test]
    fn combined_scores_add_weighted_normalised_scores() {
        let mut snapshot = world(1, 3);
        snapshot.hosts[0].account_vm_count = 4;
        snapshot.hosts[1].account_vm_count = 2;
        let mut request = request();
        request.last_host_id = Some(1);
        let settings = Settings {
            allocation_algorithm: AllocationAlgorithm::UserDispersing,
            ..Settings::default()
        };
        let avoid = Avoid::default();
        let ctx = PlanContext::new(&snapshot, &request, &avoid, &settings);
        // user_dispersing 1 × (0, 0.5, 1) + last_host 100 × (1, 0, 0).
        assert_eq!(combined_scores(&ctx, &[0, 1, 2]), vec![100.0, 0.5, 1.0]);
    }
}
