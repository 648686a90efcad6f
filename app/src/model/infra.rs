//! Infrastructure objects as the API returns them: zones, pods, clusters, hosts, storage and capacity.

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
    /// With `showcapacities=true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Vec<CapacityResponse>>,
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
    /// With `showcapacities=true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Vec<CapacityResponse>>,
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
    /// With `showcapacities=true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Vec<CapacityResponse>>,
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

/// `storagepool` objects (createStoragePool, listStoragePools, updateStoragePool, maintenance jobs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoragePoolResponse {
    pub id: String,
    pub name: String,
    pub zoneid: String,
    pub zonename: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub podid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub podname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clusterid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clustername: Option<String>,
    pub ipaddress: String,
    pub path: String,
    pub created: String,
    /// NetworkFilesystem, Filesystem, SharedMountPoint, PreSetup.
    #[serde(rename = "type")]
    pub pool_type: String,
    pub state: String,
    /// `CLUSTER` or `ZONE`.
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hypervisor: Option<String>,
    pub disksizetotal: i64,
    pub disksizeallocated: i64,
    pub disksizeused: i64,
    /// Comma-separated storage tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<String>,
    pub istagarule: bool,
    pub provider: String,
    pub overprovisionfactor: String,
    pub managed: bool,
}

/// `imagestore` objects (addImageStore, listImageStores; `secondarystorage` for addSecondaryStorage).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageStoreResponse {
    pub id: String,
    pub name: String,
    pub url: String,
    /// `nfs` or `file`.
    pub protocol: String,
    pub providername: String,
    /// `ZONE` (or `REGION`).
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zoneid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zonename: Option<String>,
    pub readonly: bool,
    pub disksizetotal: i64,
    pub disksizeused: i64,
}

/// `capacity` items (listCapacity, and `capacity[]` inside zones, pods and clusters with showcapacities).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapacityResponse {
    /// Capacity type number (0 memory, 1 CPU, 2 storage, 3 allocated storage, 6 secondary storage).
    #[serde(rename = "type")]
    pub capacity_type: i16,
    pub name: String,
    pub zoneid: String,
    pub zonename: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub podid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub podname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clusterid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clustername: Option<String>,
    pub capacitytotal: i64,
    pub capacityused: i64,
    pub capacityallocated: i64,
    /// Percent used, `##.##`.
    pub percentused: String,
}
