//! Settings and capabilities: listConfigurations, updateConfiguration, listCapabilities.

use crate::api::registry::CommandDef;

pub fn all() -> Vec<&'static CommandDef> {
    vec![]
}
