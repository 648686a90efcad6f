//! Instances (user VMs): the list, one VM's detail with its actions, and the deploy form.

pub mod deploy;
pub mod detail;
pub mod list;

/// States a VM passes through on its own; pages showing one refresh until it settles.
pub fn is_transitional(state: &str) -> bool {
    matches!(state, "Starting" | "Stopping" | "Migrating" | "Expunging")
}

/// How often a page showing a VM in a transitional state asks again (milliseconds).
pub const POLL_MS: i32 = 2000;

/// The VM states the list can be filtered by (CloudStack's names).
pub const STATES: &[&str] = &[
    "Running",
    "Stopped",
    "Starting",
    "Stopping",
    "Migrating",
    "Error",
    "Destroyed",
    "Expunging",
];

/// The first NIC's IP address, or nothing.
pub fn first_ip(vm: &crate::model::vm::VirtualMachineResponse) -> String {
    vm.nic
        .first()
        .and_then(|n| n.ipaddress.clone())
        .unwrap_or_default()
}

/// "Page p of n": how many pages `count` items fill at `size` per page (at least one).
pub fn page_count(count: u64, size: u64) -> u64 {
    count.div_ceil(size.max(1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitional_states_are_the_moving_ones() {
        assert!(is_transitional("Starting"));
        assert!(is_transitional("Expunging"));
        assert!(!is_transitional("Running"));
        assert!(!is_transitional("Destroyed"));
    }

    #[test]
    fn pages_cover_the_count() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
        assert_eq!(page_count(10_000, 50), 200);
    }
}
