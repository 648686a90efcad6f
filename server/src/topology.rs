//! Topology as data: a declarative TOML/JSON description of zones, pods, clusters and hosts, applied through the
//! same engine functions the API uses, step by step and idempotently (what exists by name is kept).

use crate::db::entity::{cluster, host, pod, zone};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::infra::hosts::NewHost;
use crate::engine::infra::{clusters, hosts, pods, zones};
use crate::hypervisor::Drivers;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
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
    #[serde(default)]
    pub pods: Vec<PodSpec>,
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
    db: &DatabaseConnection,
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
        for p in &z.pods {
            let pod = ensure_pod(db, caller, &zone, p, &mut report).await?;
            progress(report.lines.last().map_or("", String::as_str));
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

async fn ensure_pod(
    db: &DatabaseConnection,
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
    db: &DatabaseConnection,
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
    db: &DatabaseConnection,
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
