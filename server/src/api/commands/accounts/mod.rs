//! Account commands and the `account` response object.

use crate::api::registry::CommandDef;

pub fn all() -> Vec<&'static CommandDef> {
    vec![]
}
