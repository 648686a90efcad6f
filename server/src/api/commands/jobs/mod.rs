//! Async job queries.

pub mod query_async_job_result;

use crate::api::registry::CommandDef;

pub fn all() -> Vec<&'static CommandDef> {
    vec![&query_async_job_result::DEF]
}
