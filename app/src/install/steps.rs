//! The basic-zone API sequence (cloudstack-api.md §5.1), one API call per step, with the ids each step yields.

use super::{InstallForm, Section, storage_url};
use serde_json::Value;

/// Ids created or looked up by earlier steps, which later steps need.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreatedIds {
    /// The logged-in admin, whose password the first step changes.
    pub user: Option<String>,
    pub zone: Option<String>,
    pub physical_network: Option<String>,
    pub virtual_router_provider: Option<String>,
    pub virtual_router_element: Option<String>,
    pub security_group_provider: Option<String>,
    pub network_offering: Option<String>,
    pub network: Option<String>,
    pub pod: Option<String>,
    pub cluster: Option<String>,
    pub host: Option<String>,
}

/// One call of the sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    ChangePassword,
    CreateZone,
    CreatePhysicalNetwork,
    AddGuestTraffic,
    AddManagementTraffic,
    ListVirtualRouterProvider,
    ListVirtualRouterElement,
    ConfigureVirtualRouterElement,
    EnableVirtualRouterProvider,
    ListSecurityGroupProvider,
    EnableSecurityGroupProvider,
    EnablePhysicalNetwork,
    ListNetworkOffering,
    CreateGuestNetwork,
    CreatePod,
    CreateGuestIpRange,
    AddCluster,
    AddHost,
    CreatePrimaryStorage,
    AddSecondaryStorage,
    EnableZone,
}

/// The physical network's name, as the CloudStack UI names it in a basic zone.
const PHYSICAL_NETWORK_NAME: &str = "PhysicalNetworkInBasicZone";
const BASIC_OFFERING: &str = "DefaultSharedNetworkOfferingWithSGService";

type Params = Vec<(String, String)>;

fn need(id: &Option<String>, what: &str) -> Result<String, String> {
    id.clone()
        .ok_or_else(|| format!("the {what} of an earlier step is missing"))
}

fn p(pairs: &[(&str, &str)]) -> Params {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect()
}

/// The `id` of `value[key]`, whether it is one object or a list (first item).
pub fn first_id(value: &Value, key: &str) -> Option<String> {
    let item = match value.get(key)? {
        Value::Array(items) => items.first()?,
        other => other,
    };
    item.get("id")?.as_str().map(str::to_string)
}

impl Step {
    pub const ALL: [Step; 21] = [
        Step::ChangePassword,
        Step::CreateZone,
        Step::CreatePhysicalNetwork,
        Step::AddGuestTraffic,
        Step::AddManagementTraffic,
        Step::ListVirtualRouterProvider,
        Step::ListVirtualRouterElement,
        Step::ConfigureVirtualRouterElement,
        Step::EnableVirtualRouterProvider,
        Step::ListSecurityGroupProvider,
        Step::EnableSecurityGroupProvider,
        Step::EnablePhysicalNetwork,
        Step::ListNetworkOffering,
        Step::CreateGuestNetwork,
        Step::CreatePod,
        Step::CreateGuestIpRange,
        Step::AddCluster,
        Step::AddHost,
        Step::CreatePrimaryStorage,
        Step::AddSecondaryStorage,
        Step::EnableZone,
    ];

    pub fn command(self) -> &'static str {
        match self {
            Step::ChangePassword => "updateUser",
            Step::CreateZone => "createZone",
            Step::CreatePhysicalNetwork => "createPhysicalNetwork",
            Step::AddGuestTraffic | Step::AddManagementTraffic => "addTrafficType",
            Step::ListVirtualRouterProvider | Step::ListSecurityGroupProvider => {
                "listNetworkServiceProviders"
            }
            Step::ListVirtualRouterElement => "listVirtualRouterElements",
            Step::ConfigureVirtualRouterElement => "configureVirtualRouterElement",
            Step::EnableVirtualRouterProvider | Step::EnableSecurityGroupProvider => {
                "updateNetworkServiceProvider"
            }
            Step::EnablePhysicalNetwork => "updatePhysicalNetwork",
            Step::ListNetworkOffering => "listNetworkOfferings",
            Step::CreateGuestNetwork => "createNetwork",
            Step::CreatePod => "createPod",
            Step::CreateGuestIpRange => "createVlanIpRange",
            Step::AddCluster => "addCluster",
            Step::AddHost => "addHost",
            Step::CreatePrimaryStorage => "createStoragePool",
            Step::AddSecondaryStorage => "addImageStore",
            Step::EnableZone => "updateZone",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::ChangePassword => "Change the admin password",
            Step::CreateZone => "Create the zone",
            Step::CreatePhysicalNetwork => "Create the physical network",
            Step::AddGuestTraffic => "Add guest traffic",
            Step::AddManagementTraffic => "Add management traffic",
            Step::ListVirtualRouterProvider => "Find the virtual router provider",
            Step::ListVirtualRouterElement => "Find the virtual router element",
            Step::ConfigureVirtualRouterElement => "Enable the virtual router element",
            Step::EnableVirtualRouterProvider => "Enable the virtual router provider",
            Step::ListSecurityGroupProvider => "Find the security group provider",
            Step::EnableSecurityGroupProvider => "Enable the security group provider",
            Step::EnablePhysicalNetwork => "Enable the physical network",
            Step::ListNetworkOffering => "Find the shared network offering",
            Step::CreateGuestNetwork => "Create the guest network",
            Step::CreatePod => "Create the pod",
            Step::CreateGuestIpRange => "Add the guest IP range",
            Step::AddCluster => "Add the cluster",
            Step::AddHost => "Add the host",
            Step::CreatePrimaryStorage => "Add primary storage",
            Step::AddSecondaryStorage => "Add secondary storage",
            Step::EnableZone => "Enable the zone",
        }
    }

    /// Whether the command answers with a job to poll (cloudstack-api.md §4.1).
    pub fn is_async(self) -> bool {
        matches!(
            self,
            Step::CreatePhysicalNetwork
                | Step::AddGuestTraffic
                | Step::AddManagementTraffic
                | Step::ConfigureVirtualRouterElement
                | Step::EnableVirtualRouterProvider
                | Step::EnableSecurityGroupProvider
                | Step::EnablePhysicalNetwork
        )
    }

    /// The wizard page whose fields this step sends, to correct them after a failure.
    pub fn section(self) -> Section {
        match self {
            Step::ChangePassword => Section::Password,
            Step::CreateZone | Step::EnableZone => Section::Zone,
            Step::CreatePod => Section::Pod,
            Step::CreateGuestNetwork | Step::CreateGuestIpRange => Section::Guest,
            Step::AddCluster => Section::Cluster,
            Step::AddHost => Section::Host,
            Step::CreatePrimaryStorage => Section::Primary,
            Step::AddSecondaryStorage => Section::Secondary,
            _ => Section::Summary,
        }
    }

    /// The parameters of this step's call, from the form and what earlier steps created.
    pub fn params(self, form: &InstallForm, ids: &CreatedIds) -> Result<Params, String> {
        let zone = || need(&ids.zone, "zone");
        let physical = || need(&ids.physical_network, "physical network");
        Ok(match self {
            Step::ChangePassword => p(&[
                ("id", &need(&ids.user, "logged-in user")?),
                ("password", &form.new_password),
            ]),
            Step::CreateZone => {
                let mut params = p(&[
                    ("name", form.zone_name.trim()),
                    ("dns1", form.dns1.trim()),
                    ("internaldns1", form.internal_dns1.trim()),
                    ("networktype", "Basic"),
                    ("securitygroupenabled", "true"),
                ]);
                if !form.dns2.trim().is_empty() {
                    params.push(("dns2".into(), form.dns2.trim().into()));
                }
                params
            }
            Step::CreatePhysicalNetwork => p(&[
                ("zoneid", &zone()?),
                ("name", PHYSICAL_NETWORK_NAME),
                ("isolationmethods", "L3"),
            ]),
            Step::AddGuestTraffic => p(&[
                ("physicalnetworkid", &physical()?),
                ("traffictype", "Guest"),
            ]),
            Step::AddManagementTraffic => p(&[
                ("physicalnetworkid", &physical()?),
                ("traffictype", "Management"),
            ]),
            Step::ListVirtualRouterProvider => p(&[
                ("physicalnetworkid", &physical()?),
                ("name", "VirtualRouter"),
            ]),
            Step::ListVirtualRouterElement => p(&[(
                "nspid",
                &need(&ids.virtual_router_provider, "virtual router provider")?,
            )]),
            Step::ConfigureVirtualRouterElement => p(&[
                (
                    "id",
                    &need(&ids.virtual_router_element, "virtual router element")?,
                ),
                ("enabled", "true"),
            ]),
            Step::EnableVirtualRouterProvider => p(&[
                (
                    "id",
                    &need(&ids.virtual_router_provider, "virtual router provider")?,
                ),
                ("state", "Enabled"),
            ]),
            Step::ListSecurityGroupProvider => p(&[
                ("physicalnetworkid", &physical()?),
                ("name", "SecurityGroupProvider"),
            ]),
            Step::EnableSecurityGroupProvider => p(&[
                (
                    "id",
                    &need(&ids.security_group_provider, "security group provider")?,
                ),
                ("state", "Enabled"),
            ]),
            Step::EnablePhysicalNetwork => p(&[("id", &physical()?), ("state", "Enabled")]),
            Step::ListNetworkOffering => p(&[("name", BASIC_OFFERING)]),
            Step::CreateGuestNetwork => p(&[
                ("zoneid", &zone()?),
                ("name", "defaultGuestNetwork"),
                ("displaytext", "defaultGuestNetwork"),
                (
                    "networkofferingid",
                    &need(&ids.network_offering, "network offering")?,
                ),
            ]),
            Step::CreatePod => p(&[
                ("zoneid", &zone()?),
                ("name", form.pod_name.trim()),
                ("gateway", form.pod_gateway.trim()),
                ("netmask", form.pod_netmask.trim()),
                ("startip", form.pod_start.trim()),
                ("endip", end_or_start(&form.pod_end, &form.pod_start)),
            ]),
            Step::CreateGuestIpRange => p(&[
                ("zoneid", &zone()?),
                ("podid", &need(&ids.pod, "pod")?),
                ("networkid", &need(&ids.network, "guest network")?),
                ("gateway", form.guest_gateway.trim()),
                ("netmask", form.guest_netmask.trim()),
                ("startip", form.guest_start.trim()),
                ("endip", end_or_start(&form.guest_end, &form.guest_start)),
                ("forvirtualnetwork", "false"),
            ]),
            Step::AddCluster => p(&[
                ("zoneid", &zone()?),
                ("podid", &need(&ids.pod, "pod")?),
                ("clustername", form.cluster_name.trim()),
                ("clustertype", "CloudManaged"),
                ("hypervisor", form.hypervisor.wire()),
            ]),
            Step::AddHost => p(&[
                ("zoneid", &zone()?),
                ("podid", &need(&ids.pod, "pod")?),
                ("clusterid", &need(&ids.cluster, "cluster")?),
                ("hypervisor", form.hypervisor.wire()),
                ("url", form.host_url.trim()),
                ("username", form.host_username.trim()),
                ("password", &form.host_password),
            ]),
            Step::CreatePrimaryStorage => p(&[
                ("zoneid", &zone()?),
                ("podid", &need(&ids.pod, "pod")?),
                ("clusterid", &need(&ids.cluster, "cluster")?),
                ("name", form.primary_name.trim()),
                (
                    "url",
                    &storage_url(form.primary_kind, &form.primary_server, &form.primary_path),
                ),
            ]),
            Step::AddSecondaryStorage => p(&[
                ("zoneid", &zone()?),
                ("provider", "NFS"),
                ("name", &secondary_name(form)),
                (
                    "url",
                    &storage_url(
                        form.secondary_kind,
                        &form.secondary_server,
                        &form.secondary_path,
                    ),
                ),
            ]),
            Step::EnableZone => p(&[("id", &zone()?), ("allocationstate", "Enabled")]),
        })
    }

    /// Takes the ids this step's answer (the response object, or the job result) carries.
    pub fn record(self, answer: &Value, ids: &mut CreatedIds) -> Result<(), String> {
        let take =
            |key: &str| first_id(answer, key).ok_or_else(|| format!("the answer has no {key}"));
        match self {
            Step::CreateZone => ids.zone = Some(take("zone")?),
            Step::CreatePhysicalNetwork => ids.physical_network = Some(take("physicalnetwork")?),
            Step::ListVirtualRouterProvider => {
                ids.virtual_router_provider = Some(take("networkserviceprovider")?)
            }
            Step::ListVirtualRouterElement => {
                ids.virtual_router_element = Some(take("virtualrouterelement")?)
            }
            Step::ListSecurityGroupProvider => {
                ids.security_group_provider = Some(take("networkserviceprovider")?)
            }
            Step::ListNetworkOffering => ids.network_offering = Some(take("networkoffering")?),
            Step::CreateGuestNetwork => ids.network = Some(take("network")?),
            Step::CreatePod => ids.pod = Some(take("pod")?),
            Step::AddCluster => ids.cluster = Some(take("cluster")?),
            Step::AddHost => ids.host = Some(take("host")?),
            _ => {}
        }
        Ok(())
    }
}

fn end_or_start<'a>(end: &'a str, start: &'a str) -> &'a str {
    if end.trim().is_empty() {
        start.trim()
    } else {
        end.trim()
    }
}

/// Secondary storage is named after the zone, as the UI does when the admin gives no name.
fn secondary_name(form: &InstallForm) -> String {
    format!("{}-secondary", form.zone_name.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lookup<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn steps_refuse_to_run_before_their_inputs_exist() {
        let form = InstallForm::default();
        let err = Step::CreatePod
            .params(&form, &CreatedIds::default())
            .unwrap_err();
        assert!(err.contains("zone"));
    }

    #[test]
    fn the_sequence_threads_ids_through() {
        let form = InstallForm::default();
        let mut ids = CreatedIds::default();
        Step::CreateZone
            .record(&json!({"zone": {"id": "z1", "name": "Zone1"}}), &mut ids)
            .unwrap();
        Step::AddCluster
            .record(&json!({"count": 1, "cluster": [{"id": "c1"}]}), &mut ids)
            .unwrap();
        ids.pod = Some("p1".into());
        let host = Step::AddHost.params(&form, &ids).unwrap();
        assert_eq!(lookup(&host, "zoneid"), Some("z1"));
        assert_eq!(lookup(&host, "clusterid"), Some("c1"));
        assert_eq!(lookup(&host, "url"), Some("http://sim/c0/h0"));
        assert_eq!(lookup(&host, "hypervisor"), Some("Simulator"));
    }

    #[test]
    fn guest_range_is_untagged_and_not_for_virtual_networks() {
        let ids = CreatedIds {
            zone: Some("z".into()),
            pod: Some("p".into()),
            network: Some("n".into()),
            ..CreatedIds::default()
        };
        let params = Step::CreateGuestIpRange
            .params(&InstallForm::default(), &ids)
            .unwrap();
        assert_eq!(lookup(&params, "forvirtualnetwork"), Some("false"));
        assert_eq!(lookup(&params, "vlan"), None);
    }

    #[test]
    fn missing_ids_in_answers_are_reported() {
        let mut ids = CreatedIds::default();
        assert!(
            Step::ListVirtualRouterProvider
                .record(&json!({}), &mut ids)
                .is_err()
        );
        assert!(Step::EnableZone.record(&json!({}), &mut ids).is_ok());
    }

    #[test]
    fn every_step_has_a_distinct_label() {
        let mut labels: Vec<&str> = Step::ALL.iter().map(|s| s.label()).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), Step::ALL.len());
    }
}
