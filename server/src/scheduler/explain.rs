//! The no-capacity error: how many hosts each filter removed and why, rendered as one sentence for the 533 text.

use super::filters;
use std::fmt;

/// What one filter did: hosts before and after it, and its reasons with the number of hosts each removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterOutcome {
    pub filter: &'static str,
    pub before: usize,
    pub after: usize,
    /// (reason, hosts), in the order the reasons were first met ("lack host tag ssd", 3).
    pub reasons: Vec<(String, usize)>,
}

/// No host (or no pool) can take the VM. Maps to CloudStack error 533 (InsufficientServerCapacityException, or
/// InsufficientStorageCapacity when [`NoCapacity::storage_only`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoCapacity {
    /// Hosts in the snapshot.
    pub hosts_considered: usize,
    /// Every filter that ran, in order (filters after the one that removed the last host do not run).
    pub outcomes: Vec<FilterOutcome>,
}

impl NoCapacity {
    /// The filter that removed the last remaining hosts.
    pub fn emptied_by(&self) -> Option<&'static str> {
        self.outcomes
            .iter()
            .find(|outcome| outcome.before > 0 && outcome.after == 0)
            .map(|outcome| outcome.filter)
    }

    /// Hosts were left for the VM but none reached a pool that fits the root disk (cserrorcode 4340).
    pub fn storage_only(&self) -> bool {
        self.emptied_by() == Some(filters::STORAGE)
    }

    /// How many hosts a filter removed (0 when it did not run).
    pub fn removed_by(&self, filter: &str) -> usize {
        self.outcomes
            .iter()
            .filter(|outcome| outcome.filter == filter)
            .map(|outcome| outcome.before - outcome.after)
            .sum()
    }
}

impl fmt::Display for NoCapacity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unable to create a deployment for the VM: ")?;
        match self.hosts_considered {
            0 => return f.write_str("there are no hosts to consider"),
            1 => f.write_str("1 host considered")?,
            n => write!(f, "{n} hosts considered")?,
        }
        let mut separator = ": ";
        for outcome in &self.outcomes {
            for (reason, count) in &outcome.reasons {
                write!(f, "{separator}{count} {reason}")?;
                separator = ", ";
            }
        }
        if separator == ": " {
            f.write_str(", none could be placed")?;
        }
        Ok(())
    }
}

impl std::error::Error for NoCapacity {}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(
        filter: &'static str,
        before: usize,
        after: usize,
        reasons: &[(&str, usize)],
    ) -> FilterOutcome {
        FilterOutcome {
            filter,
            before,
            after,
            reasons: reasons
                .iter()
                .map(|(reason, count)| (reason.to_string(), *count))
                .collect(),
        }
    }

    #[test]
    fn renders_every_reason_with_its_count() {
        let no = NoCapacity {
            hosts_considered: 12,
            outcomes: vec![
                outcome("pinning", 12, 12, &[]),
                outcome("host_state", 12, 8, &[("in maintenance", 4)]),
                outcome("host_tags", 8, 5, &[("lack host tag ssd", 3)]),
                outcome(
                    "memory_capacity",
                    5,
                    0,
                    &[("lack memory (need 4096 MiB, largest free 2048 MiB)", 5)],
                ),
            ],
        };
        assert_eq!(
            no.to_string(),
            "Unable to create a deployment for the VM: 12 hosts considered: 4 in maintenance, 3 lack host tag ssd, \
             5 lack memory (need 4096 MiB, largest free 2048 MiB)"
        );
        assert_eq!(no.emptied_by(), Some("memory_capacity"));
        assert!(!no.storage_only());
        assert_eq!(no.removed_by("host_state"), 4);
        assert_eq!(no.removed_by("storage"), 0);
    }

    #[test]
    fn says_so_when_there_is_nothing_to_consider() {
        let no = NoCapacity {
            hosts_considered: 0,
            outcomes: Vec::new(),
        };
        assert_eq!(
            no.to_string(),
            "Unable to create a deployment for the VM: there are no hosts to consider"
        );
        assert_eq!(no.emptied_by(), None);
    }

    #[test]
    fn storage_only_when_storage_removed_the_last_hosts() {
        let no = NoCapacity {
            hosts_considered: 1,
            outcomes: vec![outcome("storage", 1, 0, &[("in cluster C1, …", 1)])],
        };
        assert!(no.storage_only());
        assert_eq!(
            no.to_string(),
            "Unable to create a deployment for the VM: 1 host considered: 1 in cluster C1, …"
        );
    }
}
