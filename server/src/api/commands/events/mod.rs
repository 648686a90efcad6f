//! Event and job listings: listEvents, listAsyncJobs.

use crate::api::registry::CommandDef;

pub fn all() -> Vec<&'static CommandDef> {
    vec![]
}
