//! Offerings and templates as the API returns them: `serviceoffering`, `diskoffering`, `template`.

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

/// `template` objects (listTemplates, registerTemplate) and `iso` objects (listIsos): one per image and zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateResponse {
    pub id: String,
    pub name: String,
    pub displaytext: String,
    pub ispublic: bool,
    pub isfeatured: bool,
    pub isready: bool,
    pub crosszones: bool,
    pub created: String,
    pub format: String,
    pub templatetype: String,
    pub hypervisor: String,
    pub ostypeid: String,
    pub ostypename: String,
    pub accountid: String,
    pub account: String,
    pub domainid: String,
    pub domain: String,
    pub zoneid: String,
    pub zonename: String,
    pub status: String,
    /// Bytes.
    pub size: i64,
    pub bits: i32,
    pub passwordenabled: bool,
    pub sshkeyenabled: bool,
    pub isextractable: bool,
    pub isdynamicallyscalable: bool,
    pub requireshvm: bool,
    pub directdownload: bool,
    pub deployasis: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    /// Always true for templates; ISOs may not be bootable.
    pub bootable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templatetag: Option<String>,
    pub tags: Vec<String>,
}
