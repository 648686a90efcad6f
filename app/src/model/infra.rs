//! Infrastructure objects as the API returns them: zones and pods.

use serde::{Deserialize, Serialize};

/// `zone` objects (createZone, listZones, updateZone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneResponse {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub dns1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip6dns1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip6dns2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internaldns1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internaldns2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guestcidraddress: Option<String>,
    /// The zone's network domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    pub networktype: String,
    pub securitygroupsenabled: bool,
    pub allocationstate: String,
    pub zonetoken: String,
    pub dhcpprovider: String,
    pub localstorageenabled: bool,
    pub tags: Vec<String>,
    #[serde(rename = "type")]
    pub zone_type: String,
}

/// `pod` objects (createPod, listPods, updatePod); ranges are lists, as CloudStack 4.x reports them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodResponse {
    pub id: String,
    pub name: String,
    pub zoneid: String,
    pub zonename: String,
    pub gateway: String,
    pub netmask: String,
    pub startip: Vec<String>,
    pub endip: Vec<String>,
    pub forsystemvms: Vec<String>,
    pub vlanid: Vec<String>,
    pub allocationstate: String,
}

/// `cluster` objects (addCluster, listClusters, updateCluster).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterResponse {
    pub id: String,
    pub name: String,
    pub podid: String,
    pub podname: String,
    pub zoneid: String,
    pub zonename: String,
    pub hypervisortype: String,
    pub clustertype: String,
    pub allocationstate: String,
    pub managedstate: String,
    pub cpuovercommitratio: String,
    pub memoryovercommitratio: String,
    pub arch: String,
}

/// `host` objects (addHost, listHosts, updateHost, reconnectHost).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostResponse {
    pub id: String,
    pub name: String,
    /// Connection status: Connecting, Up, Alert, Down.
    pub state: String,
    pub resourcestate: String,
    #[serde(rename = "type")]
    pub host_type: String,
    pub hypervisor: String,
    pub hypervisorversion: String,
    pub ipaddress: String,
    pub zoneid: String,
    pub zonename: String,
    pub podid: String,
    pub podname: String,
    pub clusterid: String,
    pub clustername: String,
    pub clustertype: String,
    pub cpusockets: i32,
    pub cpunumber: i32,
    /// MHz per core.
    pub cpuspeed: i64,
    /// Total MHz times the cluster's CPU overcommit ratio.
    pub cpuwithoverprovisioning: String,
    pub memorytotal: i64,
    pub memorywithoverprovisioning: String,
    pub disksizetotal: i64,
    pub capabilities: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lastpinged: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disconnected: Option<String>,
    pub created: String,
    pub hosttags: String,
    pub islocalstorageactive: bool,
    pub version: String,
    pub arch: String,
}
