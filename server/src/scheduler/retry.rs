//! Start retries (`start.retry`): plan, try to start, and on failure avoid that host and plan again.

use super::explain::NoCapacity;
use super::pipeline::plan;
use super::{Avoid, Placement, Settings, Snapshot, VmRequest};
use rand::Rng;
use std::fmt;

/// A placement whose start failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedStart {
    pub placement: Placement,
    pub error: String,
}

/// Why [`plan_with_retries`] gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryError {
    /// No host is left (the avoid set holds the hosts whose start failed).
    NoCapacity(NoCapacity),
    /// Every allowed attempt was placed but failed to start.
    AttemptsExhausted { attempts: usize, last_error: String },
}

impl fmt::Display for RetryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryError::NoCapacity(no) => no.fmt(f),
            RetryError::AttemptsExhausted {
                attempts,
                last_error,
            } => write!(
                f,
                "Unable to start the VM: {attempts} attempts failed, the last with: {last_error}"
            ),
        }
    }
}

impl std::error::Error for RetryError {}

/// What happened across the attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retried {
    /// The placement that started, or why none did.
    pub result: Result<Placement, RetryError>,
    /// Failed starts, in order.
    pub failed_starts: Vec<FailedStart>,
    /// The avoid set at the end (the input plus every failed host).
    pub avoid: Avoid,
}

impl Retried {
    /// How many times `start` was called.
    pub fn attempts(&self) -> usize {
        self.failed_starts.len() + usize::from(self.result.is_ok())
    }
}

/// Plans and calls `start` on the placement, up to `max_attempts` times (CloudStack's `start.retry`, default 10);
/// each failed host joins the avoid set before planning again.
pub fn plan_with_retries<R: Rng + ?Sized>(
    snapshot: &Snapshot,
    request: &VmRequest,
    avoid: &Avoid,
    settings: &Settings,
    rng: &mut R,
    max_attempts: usize,
    mut start: impl FnMut(&Placement) -> Result<(), String>,
) -> Retried {
    let mut avoid = avoid.clone();
    let mut failed_starts: Vec<FailedStart> = Vec::new();
    while failed_starts.len() < max_attempts {
        let placement = match plan(snapshot, request, &avoid, settings, rng) {
            Ok(placement) => placement,
            Err(no) => {
                return Retried {
                    result: Err(RetryError::NoCapacity(no)),
                    failed_starts,
                    avoid,
                };
            }
        };
        match start(&placement) {
            Ok(()) => {
                return Retried {
                    result: Ok(placement),
                    failed_starts,
                    avoid,
                };
            }
            Err(error) => {
                avoid.hosts.insert(placement.host_id);
                failed_starts.push(FailedStart { placement, error });
            }
        }
    }
    let last_error = failed_starts
        .last()
        .map(|failed| failed.error.clone())
        .unwrap_or_default();
    Retried {
        result: Err(RetryError::AttemptsExhausted {
            attempts: failed_starts.len(),
            last_error,
        }),
        failed_starts,
        avoid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::AllocationAlgorithm;
    use crate::scheduler::testkit::{request, rng, world};

    fn first_fit() -> Settings {
        Settings {
            allocation_algorithm: AllocationAlgorithm::FirstFit,
            ..Settings::default()
        }
    }

    #[test]
    fn avoids_each_host_whose_start_failed() {
        let snapshot = world(1, 4);
        let mut tried = Vec::new();
        let retried = plan_with_retries(
            &snapshot,
            &request(),
            &Avoid::default(),
            &first_fit(),
            &mut rng(),
            10,
            |placement| {
                tried.push(placement.host_id);
                if placement.host_id <= 2 {
                    Err(format!("agent on h{} did not answer", placement.host_id))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(tried, vec![1, 2, 3]);
        assert_eq!(retried.attempts(), 3);
        assert_eq!(retried.result.as_ref().map(|p| p.host_id), Ok(3));
        assert_eq!(retried.avoid.hosts, [1, 2].into());
        assert_eq!(retried.failed_starts[1].error, "agent on h2 did not answer");
    }

    #[test]
    fn stops_after_max_attempts() {
        let snapshot = world(1, 4);
        let retried = plan_with_retries(
            &snapshot,
            &request(),
            &Avoid::default(),
            &first_fit(),
            &mut rng(),
            2,
            |_| Err("boom".to_string()),
        );
        assert_eq!(retried.attempts(), 2);
        assert_eq!(
            retried.result.unwrap_err().to_string(),
            "Unable to start the VM: 2 attempts failed, the last with: boom"
        );
    }

    #[test]
    fn runs_out_of_hosts_with_an_explanation() {
        let snapshot = world(1, 2);
        let retried = plan_with_retries(
            &snapshot,
            &request(),
            &Avoid::default(),
            &first_fit(),
            &mut rng(),
            10,
            |_| Err("boom".to_string()),
        );
        assert_eq!(retried.attempts(), 2);
        assert_eq!(
            retried.result.unwrap_err().to_string(),
            "Unable to create a deployment for the VM: 2 hosts considered: \
             2 in the avoid set (e.g. an earlier start failed there)"
        );
    }
}
