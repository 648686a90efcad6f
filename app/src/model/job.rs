//! Async job objects (queryAsyncJobResult, listAsyncJobs) and the immediate `{jobid, id}` answer.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What an async command answers at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobSubmitted {
    pub jobid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// One job's state; `jobresult` holds the result object or `{errorcode, errortext}` once done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AsyncJobResponse {
    pub jobid: String,
    pub accountid: String,
    pub account: String,
    pub userid: String,
    pub domainid: String,
    pub domainpath: String,
    pub cmd: String,
    /// 0 in progress, 1 succeeded, 2 failed.
    pub jobstatus: i16,
    pub jobprocstatus: i32,
    pub jobresultcode: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jobresulttype: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jobresult: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jobinstancetype: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jobinstanceid: Option<String>,
    pub created: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<String>,
    pub managementserverid: String,
}
