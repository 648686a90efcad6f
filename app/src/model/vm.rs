//! Virtual machines, their NICs, volumes and affinity groups as the API returns them.

use serde::{Deserialize, Serialize};

/// A VM's network interface (`nic` inside `virtualmachine`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NicResponse {
    pub id: String,
    pub networkid: String,
    pub networkname: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub netmask: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipaddress: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolationuri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broadcasturi: Option<String>,
    pub traffictype: String,
    #[serde(rename = "type")]
    pub nic_type: String,
    pub isdefault: bool,
    pub macaddress: String,
    pub deviceid: String,
    pub virtualmachineid: String,
}

/// An affinity group (`affinitygroup`, also inside `virtualmachine`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffinityGroupResponse {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(rename = "type")]
    pub group_type: String,
    pub account: String,
    pub domainid: String,
    pub domain: String,
    #[serde(
        rename = "virtualmachineIds",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub virtualmachine_ids: Vec<String>,
}

/// `virtualmachine` objects (deployVirtualMachine, listVirtualMachines and every lifecycle command).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VirtualMachineResponse {
    pub id: String,
    pub name: String,
    pub displayname: String,
    /// Root admins only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instancename: Option<String>,
    pub account: String,
    pub userid: String,
    pub username: String,
    pub domainid: String,
    pub domain: String,
    pub created: String,
    pub state: String,
    pub haenable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub zoneid: String,
    pub zonename: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub podid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub podname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clusterid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clustername: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub templateid: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub templatename: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub templatedisplaytext: String,
    pub passwordenabled: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub serviceofferingid: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub serviceofferingname: String,
    /// The ISO a VM deployed from an ISO boots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isoid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isoname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isodisplaytext: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diskofferingid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diskofferingname: Option<String>,
    pub cpunumber: i64,
    pub cpuspeed: i64,
    /// MiB.
    pub memory: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guestosid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ostypeid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub osdisplayname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rootdeviceid: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rootdevicetype: Option<String>,
    pub nic: Vec<NicResponse>,
    pub hypervisor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keypair: Option<String>,
    pub affinitygroup: Vec<AffinityGroupResponse>,
    pub displayvm: bool,
    pub isdynamicallyscalable: bool,
    pub powerstate: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lastupdated: Option<String>,
    /// Only when asked for with `userdata=true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub userdata: Option<String>,
    /// The pending job's id while one runs on the VM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jobid: Option<String>,
}

/// `volume` objects (listVolumes, createVolume, attachVolume, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeResponse {
    pub id: String,
    pub name: String,
    pub zoneid: String,
    pub zonename: String,
    #[serde(rename = "type")]
    pub volume_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deviceid: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtualmachineid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vmname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vmdisplayname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vmstate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vmtype: Option<String>,
    pub provisioningtype: String,
    /// Bytes.
    pub size: i64,
    pub created: String,
    pub state: String,
    pub account: String,
    pub domainid: String,
    pub domain: String,
    pub storagetype: String,
    pub hypervisor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diskofferingid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diskofferingname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diskofferingdisplaytext: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    /// Admins only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storageid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached: Option<String>,
    pub destroyed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serviceofferingid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serviceofferingname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub podid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub podname: Option<String>,
    /// Admins only, like the pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clusterid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clustername: Option<String>,
}
