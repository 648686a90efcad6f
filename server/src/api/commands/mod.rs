//! Every API command, one file each, grouped by area; `all()` feeds the registry.

pub mod auth;
pub mod discovery;
pub mod jobs;
pub mod users;

use super::registry::CommandDef;

/// Every command definition (order does not matter; the registry sorts).
pub fn all() -> Vec<&'static CommandDef> {
    [auth::all(), discovery::all(), jobs::all(), users::all()].concat()
}

/// CloudStack's date format: `yyyy-MM-dd'T'HH:mm:ssZ`, always UTC here.
pub fn cs_date(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+0000").to_string()
}
