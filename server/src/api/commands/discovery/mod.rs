//! Discovery: what the API offers (listApis).

pub mod list_apis;

use crate::api::registry::CommandDef;

pub fn all() -> Vec<&'static CommandDef> {
    vec![&list_apis::DEF]
}
