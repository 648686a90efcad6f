//! System VMs, alerts, hypervisors and OS types as the API returns them.

use serde::{Deserialize, Serialize};

/// `systemvm` objects (listSystemVms).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemVmResponse {
    pub id: String,
    pub name: String,
    /// `secondarystoragevm` or `consoleproxy`.
    pub systemvmtype: String,
    pub state: String,
    pub zoneid: String,
    pub zonename: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub podid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privateip: Option<String>,
    pub templateid: String,
    pub templatename: String,
    pub dns1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns2: Option<String>,
    pub created: String,
    /// Console proxies only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activeviewersessions: Option<i32>,
}

/// `alert` objects (listAlerts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertResponse {
    pub id: String,
    #[serde(rename = "type")]
    pub alert_type: i16,
    pub name: String,
    pub description: String,
    pub sent: String,
}

/// `ostype` objects (listOsTypes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsTypeResponse {
    pub id: String,
    pub description: String,
    pub oscategoryid: String,
    pub oscategoryname: String,
    pub isuserdefined: bool,
}

/// `oscategory` objects (listOsCategories).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsCategoryResponse {
    pub id: String,
    pub name: String,
}
