//! Role and role-permission commands.

use crate::api::registry::CommandDef;

pub fn all() -> Vec<&'static CommandDef> {
    vec![]
}
