//! Template commands and the `template` object.

pub mod list_templates;

use crate::api::registry::CommandDef;

pub fn all() -> Vec<&'static CommandDef> {
    vec![&list_templates::DEF]
}
