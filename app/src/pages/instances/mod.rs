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

/// How often the list asks again while nothing moves, so changes made elsewhere (the API, another tab) show up.
pub const IDLE_POLL_MS: i32 = 5000;

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

/// A lifecycle action: its command, the states it applies to, and whether it asks first.
#[derive(Clone, Copy, Debug)]
pub struct VmAction {
    pub label: &'static str,
    pub command: &'static str,
    pub states: &'static [&'static str],
    pub confirm: bool,
}

const ACTIONS: &[VmAction] = &[
    VmAction {
        label: "Start",
        command: "startVirtualMachine",
        states: &["Stopped"],
        confirm: false,
    },
    VmAction {
        label: "Stop",
        command: "stopVirtualMachine",
        states: &["Running"],
        confirm: false,
    },
    VmAction {
        label: "Reboot",
        command: "rebootVirtualMachine",
        states: &["Running"],
        confirm: false,
    },
    VmAction {
        label: "Destroy",
        command: "destroyVirtualMachine",
        states: &["Running", "Stopped", "Error"],
        confirm: true,
    },
    VmAction {
        label: "Recover",
        command: "recoverVirtualMachine",
        states: &["Destroyed"],
        confirm: false,
    },
];

/// The actions offered for a VM in `state`.
pub fn actions_for(state: &str) -> Vec<VmAction> {
    ACTIONS
        .iter()
        .filter(|a| a.states.contains(&state))
        .copied()
        .collect()
}

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

    #[test]
    fn actions_follow_the_state() {
        let names = |s: &str| actions_for(s).iter().map(|a| a.command).collect::<Vec<_>>();
        assert_eq!(
            names("Running"),
            [
                "stopVirtualMachine",
                "rebootVirtualMachine",
                "destroyVirtualMachine"
            ]
        );
        assert_eq!(
            names("Stopped"),
            ["startVirtualMachine", "destroyVirtualMachine"]
        );
        assert_eq!(names("Destroyed"), ["recoverVirtualMachine"]);
        assert!(names("Starting").is_empty());
    }
}
