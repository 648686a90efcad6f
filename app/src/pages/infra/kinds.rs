//! What the console knows about each infrastructure object: its list command, columns and actions.

use serde_json::Value;

/// An infrastructure object type, named by its URL segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Zones,
    Pods,
    Clusters,
    Hosts,
    Primary,
    Secondary,
    SystemVms,
}

/// A column: heading and the object field shown (as a badge for states).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub title: &'static str,
    pub field: &'static str,
    pub badge: bool,
}

const fn col(title: &'static str, field: &'static str) -> Column {
    Column {
        title,
        field,
        badge: false,
    }
}

const fn badge(title: &'static str, field: &'static str) -> Column {
    Column {
        title,
        field,
        badge: true,
    }
}

/// An action on one object: a command with the object's id (plus fixed parameters), when `shown` says so.
#[derive(Clone, Copy, Debug)]
pub struct Action {
    pub label: &'static str,
    pub command: &'static str,
    pub extra: &'static [(&'static str, &'static str)],
    /// Destructive: asks for confirmation, and the object is gone afterwards.
    pub deletes: bool,
    pub shown: fn(&Value) -> bool,
}

fn field<'a>(item: &'a Value, name: &str) -> &'a str {
    item.get(name).and_then(Value::as_str).unwrap_or("")
}

fn always(_: &Value) -> bool {
    true
}
fn allocation_enabled(v: &Value) -> bool {
    field(v, "allocationstate") == "Enabled"
}
fn allocation_disabled(v: &Value) -> bool {
    field(v, "allocationstate") == "Disabled"
}
fn host_switchable(v: &Value) -> bool {
    matches!(field(v, "resourcestate"), "Enabled" | "Disabled")
}
fn host_enabled(v: &Value) -> bool {
    field(v, "resourcestate") == "Enabled"
}
fn host_disabled(v: &Value) -> bool {
    field(v, "resourcestate") == "Disabled"
}
fn host_in_maintenance(v: &Value) -> bool {
    matches!(
        field(v, "resourcestate"),
        "PrepareForMaintenance"
            | "Maintenance"
            | "ErrorInMaintenance"
            | "ErrorInPrepareForMaintenance"
    )
}
fn pool_up(v: &Value) -> bool {
    field(v, "state") == "Up"
}
fn pool_in_maintenance(v: &Value) -> bool {
    matches!(
        field(v, "state"),
        "Maintenance" | "PrepareForMaintenance" | "ErrorInMaintenance"
    )
}

const fn act(
    label: &'static str,
    command: &'static str,
    extra: &'static [(&'static str, &'static str)],
    shown: fn(&Value) -> bool,
) -> Action {
    Action {
        label,
        command,
        extra,
        deletes: false,
        shown,
    }
}

const fn delete(label: &'static str, command: &'static str) -> Action {
    Action {
        label,
        command,
        extra: &[],
        deletes: true,
        shown: always,
    }
}

const ZONES_COLUMNS: &[Column] = &[
    col("Name", "name"),
    col("Network", "networktype"),
    badge("Allocation", "allocationstate"),
    col("DNS", "dns1"),
];
const PODS_COLUMNS: &[Column] = &[
    col("Name", "name"),
    col("Zone", "zonename"),
    col("Gateway", "gateway"),
    col("Netmask", "netmask"),
    badge("Allocation", "allocationstate"),
];
const CLUSTERS_COLUMNS: &[Column] = &[
    col("Name", "name"),
    col("Zone", "zonename"),
    col("Pod", "podname"),
    col("Hypervisor", "hypervisortype"),
    badge("Allocation", "allocationstate"),
];
const HOSTS_COLUMNS: &[Column] = &[
    col("Name", "name"),
    badge("State", "state"),
    badge("Resource state", "resourcestate"),
    col("Cluster", "clustername"),
    col("IP", "ipaddress"),
    col("Hypervisor", "hypervisor"),
];
const PRIMARY_COLUMNS: &[Column] = &[
    col("Name", "name"),
    badge("State", "state"),
    col("Type", "type"),
    col("Scope", "scope"),
    col("Zone", "zonename"),
    col("Path", "path"),
];
const SECONDARY_COLUMNS: &[Column] = &[
    col("Name", "name"),
    col("URL", "url"),
    col("Protocol", "protocol"),
    col("Zone", "zonename"),
];
const SYSTEMVMS_COLUMNS: &[Column] = &[
    col("Name", "name"),
    col("Type", "systemvmtype"),
    badge("State", "state"),
    col("Zone", "zonename"),
    col("Host", "hostname"),
    col("IP", "privateip"),
];
const ZONES_ACTIONS: &[Action] = &[
    act(
        "Enable",
        "updateZone",
        &[("allocationstate", "Enabled")],
        allocation_disabled,
    ),
    act(
        "Disable",
        "updateZone",
        &[("allocationstate", "Disabled")],
        allocation_enabled,
    ),
    delete("Delete zone", "deleteZone"),
];
const PODS_ACTIONS: &[Action] = &[
    act(
        "Enable",
        "updatePod",
        &[("allocationstate", "Enabled")],
        allocation_disabled,
    ),
    act(
        "Disable",
        "updatePod",
        &[("allocationstate", "Disabled")],
        allocation_enabled,
    ),
    delete("Delete pod", "deletePod"),
];
const CLUSTERS_ACTIONS: &[Action] = &[
    act(
        "Enable",
        "updateCluster",
        &[("allocationstate", "Enabled")],
        allocation_disabled,
    ),
    act(
        "Disable",
        "updateCluster",
        &[("allocationstate", "Disabled")],
        allocation_enabled,
    ),
    delete("Delete cluster", "deleteCluster"),
];
const HOSTS_ACTIONS: &[Action] = &[
    act(
        "Prepare for maintenance",
        "prepareHostForMaintenance",
        &[],
        host_switchable,
    ),
    act(
        "Cancel maintenance",
        "cancelHostMaintenance",
        &[],
        host_in_maintenance,
    ),
    act(
        "Enable",
        "updateHost",
        &[("allocationstate", "Enable")],
        host_disabled,
    ),
    act(
        "Disable",
        "updateHost",
        &[("allocationstate", "Disable")],
        host_enabled,
    ),
    act("Reconnect", "reconnectHost", &[], host_switchable),
    delete("Delete host", "deleteHost"),
];
const PRIMARY_ACTIONS: &[Action] = &[
    act(
        "Enable maintenance",
        "enableStorageMaintenance",
        &[],
        pool_up,
    ),
    act(
        "Cancel maintenance",
        "cancelStorageMaintenance",
        &[],
        pool_in_maintenance,
    ),
    delete("Delete primary storage", "deleteStoragePool"),
];
const SECONDARY_ACTIONS: &[Action] = &[delete("Delete secondary storage", "deleteImageStore")];
const SYSTEMVMS_ACTIONS: &[Action] = &[delete("Destroy system VM", "destroySystemVm")];

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Zones,
        Kind::Pods,
        Kind::Clusters,
        Kind::Hosts,
        Kind::Primary,
        Kind::Secondary,
        Kind::SystemVms,
    ];

    pub fn from_slug(slug: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn slug(self) -> &'static str {
        match self {
            Kind::Zones => "zones",
            Kind::Pods => "pods",
            Kind::Clusters => "clusters",
            Kind::Hosts => "hosts",
            Kind::Primary => "primary",
            Kind::Secondary => "secondary",
            Kind::SystemVms => "systemvms",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Kind::Zones => "Zones",
            Kind::Pods => "Pods",
            Kind::Clusters => "Clusters",
            Kind::Hosts => "Hosts",
            Kind::Primary => "Primary storage",
            Kind::Secondary => "Secondary storage",
            Kind::SystemVms => "System VMs",
        }
    }

    /// The list command, the item key of its answer, and fixed parameters.
    pub fn list(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    ) {
        match self {
            Kind::Zones => ("listZones", "zone", &[]),
            Kind::Pods => ("listPods", "pod", &[]),
            Kind::Clusters => ("listClusters", "cluster", &[]),
            Kind::Hosts => ("listHosts", "host", &[("type", "Routing")]),
            Kind::Primary => ("listStoragePools", "storagepool", &[]),
            Kind::Secondary => ("listImageStores", "imagestore", &[]),
            Kind::SystemVms => ("listSystemVms", "systemvm", &[]),
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Kind::Zones => ZONES_COLUMNS,
            Kind::Pods => PODS_COLUMNS,
            Kind::Clusters => CLUSTERS_COLUMNS,
            Kind::Hosts => HOSTS_COLUMNS,
            Kind::Primary => PRIMARY_COLUMNS,
            Kind::Secondary => SECONDARY_COLUMNS,
            Kind::SystemVms => SYSTEMVMS_COLUMNS,
        }
    }

    /// Whether the list offers the object's non-destructive actions on each row (hosts: enable, disable, maintenance).
    pub fn row_actions(self) -> bool {
        matches!(self, Kind::Hosts)
    }

    pub fn actions(self) -> &'static [Action] {
        match self {
            Kind::Zones => ZONES_ACTIONS,
            Kind::Pods => PODS_ACTIONS,
            Kind::Clusters => CLUSTERS_ACTIONS,
            Kind::Hosts => HOSTS_ACTIONS,
            Kind::Primary => PRIMARY_ACTIONS,
            Kind::Secondary => SECONDARY_ACTIONS,
            Kind::SystemVms => SYSTEMVMS_ACTIONS,
        }
    }
}

/// A field of an object as text (numbers and booleans too), for tables and details.
pub fn text_of(item: &Value, name: &str) -> String {
    match item.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn slugs_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_slug(kind.slug()), Some(kind));
        }
        assert_eq!(Kind::from_slug("nope"), None);
    }

    #[test]
    fn host_actions_follow_the_resource_state() {
        let shown = |state: &str| -> Vec<&str> {
            let host = json!({"resourcestate": state});
            Kind::Hosts
                .actions()
                .iter()
                .filter(|a| (a.shown)(&host))
                .map(|a| a.label)
                .collect()
        };
        assert!(shown("Enabled").contains(&"Prepare for maintenance"));
        assert!(!shown("Enabled").contains(&"Cancel maintenance"));
        assert!(shown("Maintenance").contains(&"Cancel maintenance"));
        assert!(!shown("Maintenance").contains(&"Prepare for maintenance"));
    }

    #[test]
    fn text_of_prints_any_json() {
        let v = json!({"a": "x", "n": 3, "b": true});
        assert_eq!(text_of(&v, "a"), "x");
        assert_eq!(text_of(&v, "n"), "3");
        assert_eq!(text_of(&v, "b"), "true");
        assert_eq!(text_of(&v, "missing"), "");
    }
}
