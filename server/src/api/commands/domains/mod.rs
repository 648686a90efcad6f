//! Domain commands and the `domain` response object.

use crate::api::registry::CommandDef;

pub fn all() -> Vec<&'static CommandDef> {
    vec![]
}
