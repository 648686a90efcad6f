//! Event objects as listEvents returns them.

use serde::{Deserialize, Serialize};

/// `event` objects (listEvents).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventResponse {
    pub id: String,
    pub username: String,
    #[serde(rename = "type")]
    pub event_type: String,
    /// INFO, WARN or ERROR.
    pub level: String,
    pub description: String,
    pub account: String,
    pub domainid: String,
    pub domain: String,
    pub created: String,
    /// Created, Scheduled, Started or Completed.
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parentid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resourceid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resourcetype: Option<String>,
}
