//! Topology as data: a declarative TOML/JSON description of zones with their guest network, pods with IP ranges,
//! clusters, hosts and storage, applied through the same engine functions the API uses, step by step and
//! idempotently (what exists by name, URL or address is kept).

use crate::db::Db;
use crate::db::entity::{cluster, host, network, pod, zone};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::infra::hosts::NewHost;
use crate::engine::infra::{clusters, hosts, pods, zones};
use crate::engine::network::{guest, offerings, physical, providers, traffic, vlans};
use crate::engine::storage::{image_stores, pools};
use crate::hypervisor::Drivers;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use std::path::Path;

/// The whole file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topology {
    #[serde(default)]
    pub zones: Vec<ZoneSpec>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneSpec {
    pub name: String,
    #[serde(default = "basic")]
    pub networktype: String,
    pub dns1: String,
    pub dns2: Option<String>,
    pub internaldns1: Option<String>,
    pub internaldns2: Option<String>,
    pub domain: Option<String>,
    #[serde(default)]
    pub securitygroupenabled: bool,
    #[serde(default)]
    pub localstorageenabled: bool,
    /// Enable the zone once everything in it is built (Marvin does the same).
    #[serde(default)]
    pub enabled: bool,
    /// The basic zone's physical network, providers and shared guest network (Marvin's steps 3–6).
    pub guest_network: Option<GuestNetworkSpec>,
    #[serde(default)]
    pub secondary_storage: Vec<StoreSpec>,
    #[serde(default)]
    pub pods: Vec<PodSpec>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuestNetworkSpec {
    pub name: String,
    /// Defaults to DefaultSharedNetworkOfferingWithSGService in security-group zones, else DefaultSharedNetworkOffering.
    pub offering: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreSpec {
    pub name: String,
    /// `nfs://server/path`, or a local directory (`/path`, `file:///path`).
    pub url: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeSpec {
    pub gateway: String,
    pub netmask: String,
    pub startip: String,
    pub endip: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolSpec {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

fn basic() -> String {
    "Basic".into()
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PodSpec {
    pub name: String,
    pub gateway: String,
    pub netmask: String,
    pub startip: String,
    pub endip: Option<String>,
    /// Guest IP ranges of the zone's guest network in this pod.
    #[serde(default)]
    pub guest_ranges: Vec<RangeSpec>,
    #[serde(default)]
    pub clusters: Vec<ClusterSpec>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSpec {
    pub name: String,
    #[serde(default = "simulator")]
    pub hypervisor: String,
    /// Hosts by URL.
    #[serde(default)]
    pub hosts: Vec<HostSpec>,
    /// Many hosts at once: `url` with `{n}` replaced by 0..count (benchmark topologies).
    pub hostgen: Option<HostGen>,
    /// Cluster-scoped primary storage.
    #[serde(default)]
    pub primary_storage: Vec<PoolSpec>,
}

fn simulator() -> String {
    "Simulator".into()
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostSpec {
    pub url: String,
    #[serde(default)]
    pub hosttags: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostGen {
    pub count: usize,
    pub url: String,
    #[serde(default)]
    pub hosttags: Vec<String>,
}

/// Why a topology could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum TopologyError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a valid topology: {reason}")]
    Parse { path: String, reason: String },
    #[error("{step}: {source}")]
    Step { step: String, source: EngineError },
}

/// Reads TOML (or JSON for `.json` files).
pub fn load(path: &Path) -> Result<Topology, TopologyError> {
    let text = std::fs::read_to_string(path).map_err(|source| TopologyError::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse(&text, path.extension().is_some_and(|e| e == "json")).map_err(|reason| {
        TopologyError::Parse {
            path: path.display().to_string(),
            reason,
        }
    })
}

pub fn parse(text: &str, json: bool) -> Result<Topology, String> {
    if json {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

/// What applying did, one line per step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub created: usize,
    pub kept: usize,
    pub lines: Vec<String>,
}

impl Report {
    fn created(&mut self, what: String) {
        self.created += 1;
        self.lines.push(format!("created {what}"));
    }

    fn kept(&mut self, what: String) {
        self.kept += 1;
        self.lines.push(format!("exists  {what}"));
    }
}

/// Builds everything in `topology` that does not exist yet, as `caller`; `progress` sees each step as it happens.
pub async fn apply(
    db: &Db,
    drivers: &Drivers,
    caller: &Caller,
    topology: &Topology,
    mut progress: impl FnMut(&str),
) -> Result<Report, TopologyError> {
    let mut report = Report::default();
    let step = |what: &str, source: EngineError| TopologyError::Step {
        step: what.to_string(),
        source,
    };
    for z in &topology.zones {
        let what = format!("zone {}", z.name);
        let existing = zone::Entity::find()
            .filter(zone::Column::Name.eq(z.name.as_str()))
            .filter(zone::Column::Removed.is_null())
            .one(db)
            .await
            .map_err(|e| step(&what, e.into()))?;
        let zone = match existing {
            Some(found) => {
                report.kept(what.clone());
                found
            }
            None => {
                let fields = zones::ZoneFields {
                    name: Some(z.name.clone()),
                    dns1: Some(z.dns1.clone()),
                    dns2: z.dns2.clone(),
                    internal_dns1: z.internaldns1.clone(),
                    internal_dns2: z.internaldns2.clone(),
                    network_domain: z.domain.clone(),
                    network_type: Some(z.networktype.clone()),
                    security_group_enabled: Some(z.securitygroupenabled),
                    local_storage_enabled: Some(z.localstorageenabled),
                    ..Default::default()
                };
                let created = zones::create(db, caller, fields)
                    .await
                    .map_err(|e| step(&what, e))?;
                report.created(what.clone());
                created
            }
        };
        progress(report.lines.last().map_or("", String::as_str));
        let guest = match &z.guest_network {
            Some(spec) => {
                let network =
                    ensure_guest_network(db, caller, &zone, z, spec, &mut report, &mut progress)
                        .await?;
                progress(report.lines.last().map_or("", String::as_str));
                Some(network)
            }
            None => None,
        };
        for store in &z.secondary_storage {
            ensure_store(db, caller, &zone, store, &mut report).await?;
            progress(report.lines.last().map_or("", String::as_str));
        }
        for p in &z.pods {
            let pod = ensure_pod(db, caller, &zone, p, &mut report).await?;
            progress(report.lines.last().map_or("", String::as_str));
            for range in &p.guest_ranges {
                let network = guest.as_ref().ok_or_else(|| TopologyError::Step {
                    step: format!("guest range {} in pod {}", range.startip, p.name),
                    source: EngineError::InvalidParameter {
                        name: "guest_network".into(),
                        reason: format!(
                            "zone {} needs a guest_network for its pods' guest ranges",
                            z.name
                        ),
                    },
                })?;
                ensure_range(db, caller, &zone, &pod, network, range, &mut report).await?;
                progress(report.lines.last().map_or("", String::as_str));
            }
            for c in &p.clusters {
                let cluster = ensure_cluster(db, caller, &zone, &pod, c, &mut report).await?;
                progress(report.lines.last().map_or("", String::as_str));
                let mut specs: Vec<HostSpec> = c.hosts.clone();
                if let Some(generated) = &c.hostgen {
                    specs.extend((0..generated.count).map(|n| HostSpec {
                        url: generated.url.replace("{n}", &n.to_string()),
                        hosttags: generated.hosttags.clone(),
                    }));
                }
                for h in &specs {
                    ensure_host(db, drivers, caller, &zone, &pod, &cluster, h, &mut report).await?;
                    progress(report.lines.last().map_or("", String::as_str));
                }
                for pool in &c.primary_storage {
                    ensure_pool(db, caller, &zone, &pod, &cluster, pool, &mut report).await?;
                    progress(report.lines.last().map_or("", String::as_str));
                }
            }
        }
        if z.enabled && zone.allocation_state != "Enabled" {
            let fields = zones::ZoneFields {
                allocation_state: Some("Enabled".into()),
                ..Default::default()
            };
            zones::update(db, caller, &zone.uuid, fields)
                .await
                .map_err(|e| step(&format!("enabling zone {}", z.name), e))?;
            report.created(format!("zone {} enabled", z.name));
            progress(report.lines.last().map_or("", String::as_str));
        }
    }
    Ok(report)
}

/// Marvin's steps 3–6: physical network with Guest and Management traffic, the virtual router (and security group)
/// providers enabled, the physical network enabled, and the shared guest network.
async fn ensure_guest_network(
    db: &Db,
    caller: &Caller,
    zone: &zone::Model,
    z: &ZoneSpec,
    spec: &GuestNetworkSpec,
    report: &mut Report,
    progress: &mut impl FnMut(&str),
) -> Result<network::Model, TopologyError> {
    let what = format!("guest network {}/{}", zone.name, spec.name);
    let err = |step: &str, source: EngineError| TopologyError::Step {
        step: format!("{what}: {step}"),
        source,
    };
    if let Some(found) = guest::in_zone(db, zone.id)
        .await
        .map_err(|e| err("lookup", e))?
        .into_iter()
        .find(|n| n.name == spec.name)
    {
        report.kept(what);
        return Ok(found);
    }
    let physical = match physical::in_zone(db, zone.id)
        .await
        .map_err(|e| err("lookup", e))?
        .into_iter()
        .next()
    {
        Some(found) => found,
        None => {
            let fields = physical::PhysicalNetworkFields {
                name: Some(format!("PhysicalNetworkIn{}Zone", z.networktype)),
                ..Default::default()
            };
            let created = physical::create(db, caller, &zone.uuid, fields)
                .await
                .map_err(|e| err("physical network", e))?;
            for traffic_type in ["Guest", "Management"] {
                let fields = traffic::TrafficFields {
                    traffic_type: traffic_type.into(),
                    ..Default::default()
                };
                traffic::add(db, caller, &created.uuid, fields)
                    .await
                    .map_err(|e| err("traffic type", e))?;
            }
            report.created(format!(
                "physical network {}/{} (Guest, Management)",
                zone.name, created.name
            ));
            progress(report.lines.last().map_or("", String::as_str));
            created
        }
    };
    let mut wanted = vec!["VirtualRouter"];
    if z.securitygroupenabled {
        wanted.push("SecurityGroupProvider");
    }
    for name in wanted {
        let filter = providers::ProviderFilter {
            physical_network_id: Some(physical.uuid.clone()),
            name: Some(name.into()),
            ..Default::default()
        };
        let (_, found) = providers::list(db, &filter)
            .await
            .map_err(|e| err("providers", e))?;
        for provider in found.into_iter().filter(|p| p.state != "Enabled") {
            if name == "VirtualRouter" {
                let elements = providers::ElementFilter {
                    nsp_id: Some(provider.uuid.clone()),
                    ..Default::default()
                };
                for (element, _) in providers::list_elements(db, &elements)
                    .await
                    .map_err(|e| err("elements", e))?
                    .1
                {
                    providers::configure_element(db, caller, &element.uuid, true)
                        .await
                        .map_err(|e| err("virtual router element", e))?;
                }
            }
            providers::update(db, caller, &provider.uuid, Some("Enabled"), &[])
                .await
                .map_err(|e| err(name, e))?;
        }
    }
    if physical.state != "Enabled" {
        let fields = physical::PhysicalNetworkFields {
            state: Some("Enabled".into()),
            ..Default::default()
        };
        physical::update(db, caller, &physical.uuid, fields)
            .await
            .map_err(|e| err("enabling the physical network", e))?;
    }
    let offering_name = spec.offering.clone().unwrap_or_else(|| {
        if z.securitygroupenabled {
            "DefaultSharedNetworkOfferingWithSGService"
        } else {
            "DefaultSharedNetworkOffering"
        }
        .into()
    });
    let filter = offerings::OfferingFilter {
        name: Some(offering_name.clone()),
        ..Default::default()
    };
    let offering = offerings::list(db, &filter)
        .await
        .map_err(|e| err("offering", e))?
        .1
        .into_iter()
        .next()
        .ok_or_else(|| {
            err(
                "offering",
                EngineError::NotFound {
                    what: format!("network offering {offering_name}"),
                },
            )
        })?;
    let fields = guest::NetworkFields {
        name: spec.name.clone(),
        display_text: spec.name.clone(),
        network_offering_id: offering.uuid.clone(),
        physical_network_id: Some(physical.uuid.clone()),
        gateway: None,
        netmask: None,
        start_ip: None,
        end_ip: None,
        vlan: None,
    };
    let created = guest::create(db, caller, &zone.uuid, fields)
        .await
        .map_err(|e| err("network", e))?;
    report.created(what);
    Ok(created)
}

async fn ensure_store(
    db: &Db,
    caller: &Caller,
    zone: &zone::Model,
    spec: &StoreSpec,
    report: &mut Report,
) -> Result<(), TopologyError> {
    let what = format!("secondary storage {}/{}", zone.name, spec.name);
    let err = |source: EngineError| TopologyError::Step {
        step: what.clone(),
        source,
    };
    let exists = image_stores::names_in_zone(db, zone.id)
        .await
        .map_err(err)?
        .contains(&spec.name);
    if exists {
        report.kept(what);
        return Ok(());
    }
    let new = image_stores::NewImageStore {
        provider: "NFS".into(),
        name: Some(spec.name.clone()),
        url: Some(spec.url.clone()),
        zone_uuid: Some(zone.uuid.clone()),
        details: Vec::new(),
    };
    image_stores::add(db, caller, new).await.map_err(err)?;
    report.created(what);
    Ok(())
}

async fn ensure_range(
    db: &Db,
    caller: &Caller,
    zone: &zone::Model,
    pod: &pod::Model,
    network: &network::Model,
    spec: &RangeSpec,
    report: &mut Report,
) -> Result<(), TopologyError> {
    let what = format!(
        "guest range {}-{} in pod {}/{}",
        spec.startip, spec.endip, zone.name, pod.name
    );
    let err = |source: EngineError| TopologyError::Step {
        step: what.clone(),
        source,
    };
    let exists = vlans::in_network(db, network.id)
        .await
        .map_err(err)?
        .iter()
        .any(|r| r.start_ip == spec.startip);
    if exists {
        report.kept(what);
        return Ok(());
    }
    let fields = vlans::RangeFields {
        zone_id: Some(zone.uuid.clone()),
        pod_id: Some(pod.uuid.clone()),
        network_id: Some(network.uuid.clone()),
        physical_network_id: None,
        gateway: Some(spec.gateway.clone()),
        netmask: Some(spec.netmask.clone()),
        start_ip: Some(spec.startip.clone()),
        end_ip: Some(spec.endip.clone()),
        vlan: None,
        for_virtual_network: false,
        for_system_vms: false,
    };
    vlans::create(db, caller, fields).await.map_err(err)?;
    report.created(what);
    Ok(())
}

async fn ensure_pool(
    db: &Db,
    caller: &Caller,
    zone: &zone::Model,
    pod: &pod::Model,
    cluster: &cluster::Model,
    spec: &PoolSpec,
    report: &mut Report,
) -> Result<(), TopologyError> {
    let what = format!(
        "primary storage {}/{}/{}",
        zone.name, cluster.name, spec.name
    );
    let err = |source: EngineError| TopologyError::Step {
        step: what.clone(),
        source,
    };
    let filter = pools::PoolFilter {
        name: Some(spec.name.clone()),
        cluster_id: Some(cluster.id),
        ..Default::default()
    };
    if pools::list(db, &filter).await.map_err(err)?.0 > 0 {
        report.kept(what);
        return Ok(());
    }
    let new = pools::NewPool {
        name: spec.name.clone(),
        url: spec.url.clone(),
        zone_uuid: zone.uuid.clone(),
        pod_uuid: Some(pod.uuid.clone()),
        cluster_uuid: Some(cluster.uuid.clone()),
        scope: None,
        hypervisor: None,
        tags: spec.tags.clone(),
        provider: None,
        capacity_bytes: None,
        details: Vec::new(),
        managed: false,
    };
    pools::create(db, caller, new).await.map_err(err)?;
    report.created(what);
    Ok(())
}

async fn ensure_pod(
    db: &Db,
    caller: &Caller,
    zone: &zone::Model,
    p: &PodSpec,
    report: &mut Report,
) -> Result<pod::Model, TopologyError> {
    let what = format!("pod {}/{}", zone.name, p.name);
    let err = |source: EngineError| TopologyError::Step {
        step: what.clone(),
        source,
    };
    let existing = pod::Entity::find()
        .filter(pod::Column::ZoneId.eq(zone.id))
        .filter(pod::Column::Name.eq(p.name.as_str()))
        .filter(pod::Column::Removed.is_null())
        .one(db)
        .await
        .map_err(|e| err(e.into()))?;
    if let Some(found) = existing {
        report.kept(what);
        return Ok(found);
    }
    let fields = pods::PodFields {
        name: Some(p.name.clone()),
        gateway: Some(p.gateway.clone()),
        netmask: Some(p.netmask.clone()),
        start_ip: Some(p.startip.clone()),
        end_ip: p.endip.clone(),
        allocation_state: None,
    };
    let created = pods::create(db, caller, &zone.uuid, fields)
        .await
        .map_err(err)?;
    report.created(what);
    Ok(created)
}

async fn ensure_cluster(
    db: &Db,
    caller: &Caller,
    zone: &zone::Model,
    pod: &pod::Model,
    c: &ClusterSpec,
    report: &mut Report,
) -> Result<cluster::Model, TopologyError> {
    let what = format!("cluster {}/{}/{}", zone.name, pod.name, c.name);
    let err = |source: EngineError| TopologyError::Step {
        step: what.clone(),
        source,
    };
    let existing = cluster::Entity::find()
        .filter(cluster::Column::PodId.eq(pod.id))
        .filter(cluster::Column::Name.eq(c.name.as_str()))
        .filter(cluster::Column::Removed.is_null())
        .one(db)
        .await
        .map_err(|e| err(e.into()))?;
    if let Some(found) = existing {
        report.kept(what);
        return Ok(found);
    }
    let new = clusters::NewCluster {
        name: c.name.clone(),
        zone_uuid: zone.uuid.clone(),
        pod_uuid: pod.uuid.clone(),
        hypervisor: c.hypervisor.clone(),
        ..Default::default()
    };
    let created = clusters::create(db, caller, new).await.map_err(err)?;
    report.created(what);
    Ok(created)
}

#[allow(clippy::too_many_arguments)] // the host's whole placement, spelled out
async fn ensure_host(
    db: &Db,
    drivers: &Drivers,
    caller: &Caller,
    zone: &zone::Model,
    pod: &pod::Model,
    cluster: &cluster::Model,
    h: &HostSpec,
    report: &mut Report,
) -> Result<(), TopologyError> {
    let what = format!("host {}", h.url);
    let err = |source: EngineError| TopologyError::Step {
        step: what.clone(),
        source,
    };
    let existing = host::Entity::find()
        .filter(host::Column::Url.eq(h.url.as_str()))
        .filter(host::Column::Removed.is_null())
        .one(db)
        .await
        .map_err(|e| err(e.into()))?;
    if existing.is_some() {
        report.kept(what);
        return Ok(());
    }
    let new = NewHost {
        zone_uuid: zone.uuid.clone(),
        pod_uuid: pod.uuid.clone(),
        cluster_uuid: Some(cluster.uuid.clone()),
        cluster_name: None,
        hypervisor: cluster.hypervisor.clone(),
        url: h.url.clone(),
        tags: h.hosttags.clone(),
        allocation_state: None,
    };
    hosts::add(db, drivers, caller, new, chrono::Utc::now().naive_utc())
        .await
        .map_err(err)?;
    report.created(what);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json_describe_the_same_tree_and_typos_are_refused() {
        let toml_text = r#"
            [[zones]]
            name = "Z"
            dns1 = "8.8.8.8"
            [[zones.pods]]
            name = "P"
            gateway = "10.0.0.1"
            netmask = "255.255.255.0"
            startip = "10.0.0.2"
            [[zones.pods.clusters]]
            name = "C"
            hostgen = { count = 3, url = "http://sim/c/h{n}" }
        "#;
        let t = parse(toml_text, false).unwrap();
        assert_eq!(t.zones[0].networktype, "Basic");
        assert_eq!(t.zones[0].pods[0].clusters[0].hypervisor, "Simulator");
        assert_eq!(
            t.zones[0].pods[0].clusters[0]
                .hostgen
                .as_ref()
                .unwrap()
                .count,
            3
        );
        let json = r#"{"zones":[{"name":"Z","dns1":"8.8.8.8","pods":[]}]}"#;
        assert_eq!(parse(json, true).unwrap().zones[0].name, "Z");
        let typo = parse(
            "[[zones]]\nname = \"Z\"\ndns1 = \"8.8.8.8\"\ndsn2 = \"1.1.1.1\"\n",
            false,
        )
        .unwrap_err();
        assert!(typo.contains("dsn2"), "{typo}");
    }
}
