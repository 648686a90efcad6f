//! Offerings as the API returns them: `serviceoffering` (compute sizes) and `diskoffering`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceOfferingResponse {
    pub id: String,
    pub name: String,
    pub displaytext: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpunumber: Option<i32>,
    /// MHz per core.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpuspeed: Option<i32>,
    /// MB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<i32>,
    pub created: String,
    pub storagetype: String,
    pub offerha: bool,
    pub limitcpuuse: bool,
    pub isvolatile: bool,
    /// Storage tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosttags: Option<String>,
    pub issystem: bool,
    pub defaultuse: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systemvmtype: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deploymentplanner: Option<String>,
    pub iscustomized: bool,
    pub provisioningtype: String,
    /// Bounds of a constrained customised offering (mincpunumber, maxcpunumber, minmemory, maxmemory).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub serviceofferingdetails: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiskOfferingResponse {
    pub id: String,
    pub name: String,
    pub displaytext: String,
    /// GB; 0 for a customised offering.
    pub disksize: i64,
    pub iscustomized: bool,
    pub storagetype: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<String>,
    pub provisioningtype: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub miniops: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maxiops: Option<i64>,
    pub created: String,
}
