//! Every API command, one file each, grouped by area; `all()` feeds the registry.

pub mod accounts;
pub mod affinity_groups;
pub mod auth;
pub mod capacity;
pub mod clusters;
pub mod config;
pub mod discovery;
pub mod disk_offerings;
pub mod domains;
pub mod events;
pub mod hosts;
pub mod image_stores;
pub mod jobs;
pub mod nat;
pub mod network_offerings;
pub mod network_providers;
pub mod networks;
pub mod physical_networks;
pub mod pods;
pub mod roles;
pub mod service_offerings;
pub mod simulator;
pub mod ssh_keypairs;
pub mod storage_pools;
pub mod system;
pub mod templates;
pub mod users;
pub mod vlans;
pub mod vms;
pub mod volumes;
pub mod zones;

use super::registry::{CommandDef, FieldDef};

/// Every command definition (order does not matter; the registry sorts).
pub fn all() -> Vec<&'static CommandDef> {
    [
        accounts::all(),
        affinity_groups::all(),
        auth::all(),
        capacity::all(),
        clusters::all(),
        config::all(),
        discovery::all(),
        disk_offerings::all(),
        domains::all(),
        events::all(),
        hosts::all(),
        image_stores::all(),
        jobs::all(),
        nat::all(),
        network_offerings::all(),
        network_providers::all(),
        networks::all(),
        physical_networks::all(),
        pods::all(),
        roles::all(),
        service_offerings::all(),
        simulator::all(),
        ssh_keypairs::all(),
        storage_pools::all(),
        system::all(),
        templates::all(),
        users::all(),
        vlans::all(),
        vms::all(),
        volumes::all(),
        zones::all(),
    ]
    .concat()
}

/// CloudStack's date format: `yyyy-MM-dd'T'HH:mm:ssZ`, always UTC here.
pub fn cs_date(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+0000").to_string()
}

/// Shorthand for one declared response field.
pub const fn field(name: &'static str, kind: &'static str, description: &'static str) -> FieldDef {
    FieldDef {
        name,
        kind,
        description,
    }
}

/// Test helper: the keys `value` serializes to are exactly the declared `fields`.
#[cfg(test)]
pub fn assert_declared(fields: &[FieldDef], value: impl serde::Serialize) {
    let json = serde_json::to_value(value).unwrap();
    let mut serialized: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut declared: Vec<&str> = fields.iter().map(|f| f.name).collect();
    serialized.sort_unstable();
    declared.sort_unstable();
    assert_eq!(serialized, declared);
}
