//! Networking objects as the API returns them: physical networks, providers, offerings, networks, IP ranges.

use serde::{Deserialize, Serialize};

/// `physicalnetwork` objects (createPhysicalNetwork, listPhysicalNetworks, updatePhysicalNetwork).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhysicalNetworkResponse {
    pub id: String,
    pub name: String,
    pub zoneid: String,
    pub zonename: String,
    /// `Enabled` or `Disabled`.
    pub state: String,
    pub broadcastdomainrange: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vlan: Option<String>,
    /// Comma-separated, e.g. `L3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolationmethods: Option<String>,
    /// Comma-separated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub networkspeed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domainid: Option<String>,
}

/// `traffictype` objects (addTrafficType, listTrafficTypes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrafficTypeResponse {
    pub id: String,
    pub traffictype: String,
    pub physicalnetworkid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kvmnetworklabel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xennetworklabel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vmwarenetworklabel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub simulatorlabel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hypervnetworklabel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ovm3networklabel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vlan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolationmethods: Option<String>,
}

/// `networkserviceprovider` objects (listNetworkServiceProviders, updateNetworkServiceProvider).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkServiceProviderResponse {
    pub id: String,
    pub name: String,
    pub physicalnetworkid: String,
    /// `Enabled`, `Disabled` or `Shutdown`.
    pub state: String,
    pub servicelist: Vec<String>,
    pub canenableindividualservice: bool,
    /// `0` unless the provider bridges to another physical network.
    pub destinationphysicalnetworkid: String,
}

/// `virtualrouterelement` objects (listVirtualRouterElements, configureVirtualRouterElement).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VirtualRouterElementResponse {
    pub id: String,
    pub nspid: String,
    pub enabled: bool,
    pub account: String,
    pub domainid: String,
    pub domain: String,
}

/// A provider name inside a `service` entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderName {
    pub name: String,
}

/// A `service` entry of an offering or network: the service and who provides it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceResponse {
    pub name: String,
    pub provider: Vec<ProviderName>,
}

/// `networkoffering` objects (listNetworkOfferings).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkOfferingResponse {
    pub id: String,
    pub name: String,
    pub displaytext: String,
    pub guestiptype: String,
    pub traffictype: String,
    pub isdefault: bool,
    pub specifyvlan: bool,
    pub specifyipranges: bool,
    pub state: String,
    pub availability: String,
    pub service: Vec<ServiceResponse>,
    pub networkrate: i32,
    pub conservemode: bool,
    pub egressdefaultpolicy: bool,
    pub forvpc: bool,
    pub ispersistent: bool,
    pub created: String,
}

/// `network` objects (createNetwork, listNetworks).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkResponse {
    pub id: String,
    pub name: String,
    pub displaytext: String,
    pub zoneid: String,
    pub zonename: String,
    pub networkofferingid: String,
    pub networkofferingname: String,
    pub networkofferingdisplaytext: String,
    pub networkofferingavailability: String,
    pub networkofferingconservemode: bool,
    pub traffictype: String,
    pub guestiptype: String,
    /// Same as `guestiptype`.
    #[serde(rename = "type")]
    pub network_type: String,
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub netmask: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vlan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broadcasturi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physicalnetworkid: Option<String>,
    pub broadcastdomaintype: String,
    pub acltype: String,
    pub specifyipranges: bool,
    pub canusefordeploy: bool,
    pub issystem: bool,
    pub ispersistent: bool,
    pub restartrequired: bool,
    pub related: String,
    pub service: Vec<ServiceResponse>,
    pub domainid: String,
    pub domain: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    pub created: String,
}

/// `vlan` (createVlanIpRange) and `vlaniprange` (listVlanIpRanges) objects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VlanIpRangeResponse {
    pub id: String,
    pub forvirtualnetwork: bool,
    pub zoneid: String,
    /// Broadcast URI, e.g. `vlan://untagged`.
    pub vlan: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub podid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub podname: Option<String>,
    pub gateway: String,
    pub netmask: String,
    pub startip: String,
    pub endip: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub networkid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physicalnetworkid: Option<String>,
    pub forsystemvms: bool,
}
