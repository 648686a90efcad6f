//! Every API command, one file each, grouped by area; `all()` feeds the registry.

pub mod accounts;
pub mod auth;
pub mod capacity;
pub mod clusters;
pub mod config;
pub mod discovery;
pub mod domains;
pub mod events;
pub mod hosts;
pub mod image_stores;
pub mod jobs;
pub mod pods;
pub mod roles;
pub mod simulator;
pub mod storage_pools;
pub mod users;
pub mod zones;

use super::registry::CommandDef;

/// Every command definition (order does not matter; the registry sorts).
pub fn all() -> Vec<&'static CommandDef> {
    [
        accounts::all(),
        auth::all(),
        capacity::all(),
        clusters::all(),
        config::all(),
        discovery::all(),
        domains::all(),
        events::all(),
        hosts::all(),
        image_stores::all(),
        jobs::all(),
        pods::all(),
        roles::all(),
        simulator::all(),
        storage_pools::all(),
        users::all(),
        zones::all(),
    ]
    .concat()
}

/// CloudStack's date format: `yyyy-MM-dd'T'HH:mm:ssZ`, always UTC here.
pub fn cs_date(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+0000").to_string()
}
