//! Settings and capabilities as the API returns them: listConfigurations, updateConfiguration, listCapabilities.

use serde::{Deserialize, Serialize};

/// `configuration` objects; `scope` is global, zone, cluster, storagepool, account or domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigurationResponse {
    pub category: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub defaultvalue: String,
    pub scope: String,
    pub description: String,
    pub isdynamic: bool,
    /// As the console edits it: String, Number, Decimal, Boolean or Range.
    #[serde(rename = "type")]
    pub value_type: String,
    pub component: String,
}

/// The `capability` object of listCapabilities (CloudStack's `CapabilitiesResponse`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapabilityResponse {
    pub cloudstackversion: String,
    pub securitygroupsenabled: bool,
    pub dynamicrolesenabled: bool,
    pub userpublictemplateenabled: bool,
    /// A string in CloudStack too.
    #[serde(rename = "supportELB")]
    pub support_elb: String,
    pub projectinviterequired: bool,
    pub allowusercreateprojects: bool,
    pub customdiskofferingminsize: i64,
    pub customdiskofferingmaxsize: i64,
    pub regionsecondaryenabled: bool,
    pub kvmsnapshotenabled: bool,
    pub allowuserviewdestroyedvm: bool,
    pub allowuserexpungerecovervm: bool,
    pub allowuserexpungerecovervolume: bool,
    pub allowuserviewalldomainaccounts: bool,
    pub kubernetesserviceenabled: bool,
    pub kubernetesclusterexperimentalfeaturesenabled: bool,
    /// Only when API throttling is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apilimitinterval: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apilimitmax: Option<i64>,
    pub defaultuipagesize: i64,
}
