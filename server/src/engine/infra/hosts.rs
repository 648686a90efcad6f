//! Hosts: adding them through their hypervisor driver, the connect/ping loop that keeps their status, and admin state.

use super::net::{self, Range};
use super::{clusters, pods, zones};
use crate::db::entity::{cluster, host, vm_instance};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events::{self, EventRecord};
use crate::hypervisor::{DriverError, Drivers, HostRef, Hypervisor};
use chrono::NaiveDateTime;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};
use std::collections::HashSet;

fn invalid(name: &str, reason: impl Into<String>) -> EngineError {
    EngineError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    }
}

/// addHost's fields.
#[derive(Clone, Debug, Default)]
pub struct NewHost {
    pub zone_uuid: String,
    pub pod_uuid: String,
    pub cluster_uuid: Option<String>,
    pub cluster_name: Option<String>,
    pub hypervisor: String,
    pub url: String,
    pub tags: Vec<String>,
    pub allocation_state: Option<String>,
}

/// How often hosts are pinged and when silence turns into Alert (×`timeout_factor`) and Down (×2 that).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PingPolicy {
    pub interval_secs: u64,
    pub timeout_factor: f64,
}

impl PingPolicy {
    /// The current `ping.interval` and `ping.timeout` settings (read each round, so changes apply without a restart).
    pub async fn from_settings<C: ConnectionTrait>(db: &C) -> Result<PingPolicy, EngineError> {
        use crate::engine::settings::{self, ScopeRef};
        let interval = settings::integer(db, "ping.interval", ScopeRef::Global).await?;
        let factor = settings::float(db, "ping.timeout", ScopeRef::Global).await?;
        Ok(PingPolicy {
            interval_secs: u64::try_from(interval).unwrap_or(1).max(1),
            timeout_factor: if factor.is_finite() && factor > 0.0 {
                factor
            } else {
                2.5
            },
        })
    }
}

impl Default for PingPolicy {
    /// CloudStack's `ping.interval` (60 s) and `ping.timeout` (2.5).
    fn default() -> Self {
        PingPolicy {
            interval_secs: 60,
            timeout_factor: 2.5,
        }
    }
}

pub fn host_ref(h: &host::Model) -> HostRef {
    HostRef {
        zone_id: h.zone_id,
        pod_id: h.pod_id,
        cluster_id: h.cluster_id,
        host_id: h.id,
        url: h.url.clone(),
        guid: h.guid.clone(),
    }
}

fn driver_error(e: DriverError) -> EngineError {
    match e {
        DriverError::BadUrl(reason) => invalid("url", reason),
        DriverError::Unreachable(reason) => {
            invalid("url", format!("the host did not answer: {reason}"))
        }
        DriverError::Failed { command, message } => {
            invalid("url", format!("{command} failed: {message}"))
        }
    }
}

/// addHost: checks the placement and URL, lets the driver discover the host, stores it Connecting and
/// completes the first contact so a healthy host is Up when the call returns.
pub async fn add<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    drivers: &Drivers,
    caller: &Caller,
    h: NewHost,
    now: NaiveDateTime,
) -> Result<host::Model, EngineError> {
    let zone = zones::find(db, &h.zone_uuid).await?;
    let pod = pods::find(db, &h.pod_uuid).await?;
    if pod.zone_id != zone.id {
        return Err(invalid(
            "podid",
            format!("pod {} is not in zone {}", pod.name, zone.name),
        ));
    }
    let hypervisor = Hypervisor::parse(&h.hypervisor).ok_or_else(|| {
        invalid(
            "hypervisor",
            format!(
                "{} is not a supported hypervisor (Simulator, KVM)",
                h.hypervisor
            ),
        )
    })?;
    let cluster = match (&h.cluster_uuid, &h.cluster_name) {
        (Some(uuid), _) => clusters::find(db, uuid).await?,
        (None, Some(name)) => match cluster::Entity::find()
            .filter(cluster::Column::PodId.eq(pod.id))
            .filter(cluster::Column::Name.eq(name.as_str()))
            .filter(cluster::Column::Removed.is_null())
            .one(db)
            .await?
        {
            Some(c) => c,
            None => {
                let new = clusters::NewCluster {
                    name: name.clone(),
                    zone_uuid: zone.uuid.clone(),
                    pod_uuid: pod.uuid.clone(),
                    hypervisor: hypervisor.as_str().into(),
                    ..Default::default()
                };
                clusters::create(db, caller, new).await?
            }
        },
        (None, None) => {
            return Err(invalid(
                "clusterid",
                "must specify cluster Id when adding host",
            ));
        }
    };
    if cluster.pod_id != pod.id {
        return Err(invalid(
            "clusterid",
            format!("cluster {} is not in pod {}", cluster.name, pod.name),
        ));
    }
    if !cluster.hypervisor.eq_ignore_ascii_case(hypervisor.as_str()) {
        return Err(invalid(
            "hypervisor",
            format!(
                "cannot add a {hypervisor} host to cluster {} of hypervisor {}",
                cluster.name, cluster.hypervisor
            ),
        ));
    }
    let already = host::Entity::find()
        .filter(host::Column::Url.eq(h.url.as_str()))
        .filter(host::Column::Removed.is_null())
        .one(db)
        .await?;
    if let Some(existing) = already {
        return Err(invalid(
            "url",
            format!("{} is already added as host {}", h.url, existing.name),
        ));
    }
    let allocation = match &h.allocation_state {
        Some(v) => zones::allocation_state("allocationstate", v)?,
        None => "Enabled".into(),
    };
    if hypervisor == Hypervisor::Kvm {
        crate::hypervisor::kvm::preflight(&h.url)
            .await
            .map_err(driver_error)?;
    }
    let driver = drivers.get(hypervisor).map_err(driver_error)?;
    let probe = HostRef {
        zone_id: zone.id,
        pod_id: pod.id,
        cluster_id: cluster.id,
        host_id: 0,
        url: h.url.clone(),
        guid: String::new(),
    };
    let report = driver.connect(&probe).await.map_err(driver_error)?;
    if !report.running_vms.is_empty() {
        // Install trap Q1: CloudStack expects an empty host; VMs it does not know would be overwritten or lost.
        return Err(invalid(
            "url",
            format!(
                "the host already runs {} VM(s) that this cloud does not manage ({}): stop or move them before adding it",
                report.running_vms.len(),
                report.running_vms.join(", ")
            ),
        ));
    }
    let private_ip = free_pod_address(db, &pod).await?;
    // The host row and its event land together or not at all.
    let txn = db.begin().await?;
    let inserted = host::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(report.name),
        host_type: Set("Routing".into()),
        status: Set("Connecting".into()),
        resource_state: Set(if allocation == "Enabled" {
            "Enabled"
        } else {
            "Disabled"
        }
        .into()),
        hypervisor: Set(hypervisor.as_str().into()),
        hypervisor_version: Set(report.hypervisor_version),
        url: Set(h.url.clone()),
        guid: Set(report.guid),
        private_ip: Set(private_ip),
        zone_id: Set(zone.id),
        pod_id: Set(pod.id),
        cluster_id: Set(cluster.id),
        cpu_sockets: Set(i32::try_from(report.cpu_sockets).unwrap_or(i32::MAX)),
        cpu_cores: Set(i32::try_from(report.cpu_cores).unwrap_or(i32::MAX)),
        cpu_speed_mhz: Set(i64::try_from(report.cpu_speed_mhz).unwrap_or(i64::MAX)),
        memory_bytes: Set(i64::try_from(report.memory_bytes).unwrap_or(i64::MAX)),
        local_storage_bytes: Set(i64::try_from(report.local_storage_bytes).unwrap_or(i64::MAX)),
        capabilities: Set(report.capabilities.join(",")),
        tags: Set(h
            .tags
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(",")),
        last_pinged: Set(None),
        disconnected: Set(None),
        msid: Set(None),
        created: Set(now),
        removed: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    events::record(
        &txn,
        caller,
        EventRecord {
            event_type: "HOST.ADD",
            description: format!("added host {} ({})", inserted.name, inserted.url),
            resource_type: Some("Host"),
            resource_id: Some(&inserted.uuid),
        },
    )
    .await?;
    txn.commit().await?;
    // First contact: a healthy host answers and is Up; otherwise the ping loop keeps trying.
    let answered = driver.ping(&host_ref(&inserted)).await.is_ok();
    if answered {
        mark_up(db, &[inserted.id], now).await?;
    }
    // A Simulator zone gets the cross-zone built-in templates once it has a host (CloudStack's postDiscovery).
    if hypervisor == Hypervisor::Simulator {
        crate::engine::templates::associate_cross_zone(db, zone.id, hypervisor.as_str()).await?;
    }
    find_by_id(db, inserted.id).await
}

/// The first address of the pod's reserved range that no host or system VM uses yet.
pub(crate) async fn free_pod_address<C: ConnectionTrait>(
    db: &C,
    pod: &crate::db::entity::pod::Model,
) -> Result<String, EngineError> {
    let range = net::ipv4(&pod.start_ip)
        .zip(net::ipv4(&pod.end_ip))
        .and_then(|(s, e)| Range::new(s, e))
        .ok_or_else(|| EngineError::Internal(format!("pod {} has an invalid range", pod.uuid)))?;
    let used: HashSet<String> = host::Entity::find()
        .filter(host::Column::PodId.eq(pod.id))
        .filter(host::Column::Removed.is_null())
        .select_only()
        .column(host::Column::PrivateIp)
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let vm_ips: Vec<Option<String>> = vm_instance::Entity::find()
        .filter(vm_instance::Column::PodId.eq(pod.id))
        .filter(vm_instance::Column::Removed.is_null())
        .select_only()
        .column(vm_instance::Column::PrivateIp)
        .into_tuple()
        .all(db)
        .await?;
    let used: HashSet<String> = used
        .into_iter()
        .chain(vm_ips.into_iter().flatten())
        .collect();
    (u32::from(range.start)..=u32::from(range.end))
        .map(|n| std::net::Ipv4Addr::from(n).to_string())
        .find(|ip| !used.contains(ip))
        .ok_or_else(|| EngineError::InsufficientCapacity {
            explanation: format!(
                "pod {} has no free address left in {}-{}",
                pod.name, pod.start_ip, pod.end_ip
            ),
        })
}

async fn mark_up<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
    now: NaiveDateTime,
) -> Result<(), EngineError> {
    if ids.is_empty() {
        return Ok(());
    }
    host::Entity::update_many()
        .col_expr(host::Column::Status, Expr::value("Up"))
        .col_expr(host::Column::LastPinged, Expr::value(now))
        .col_expr(
            host::Column::Disconnected,
            Expr::value(Option::<NaiveDateTime>::None),
        )
        .filter(host::Column::Id.is_in(ids.to_vec()))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn find_by_id<C: ConnectionTrait>(db: &C, id: i64) -> Result<host::Model, EngineError> {
    host::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("host {id}"),
        })
}

pub async fn find<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<host::Model, EngineError> {
    host::Entity::find()
        .filter(host::Column::Uuid.eq(uuid))
        .filter(host::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("host with id {uuid}"),
        })
}

/// What one ping round changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PingRound {
    pub answered: usize,
    pub alert: Vec<String>,
    pub down: Vec<String>,
}

/// Pings every host once at `now`: answers refresh `last_pinged` (and bring the host Up); silence longer than
/// the policy allows turns a host Alert, then Down. Writes only what changed, in batches.
pub async fn ping_round<C: ConnectionTrait>(
    db: &C,
    drivers: &Drivers,
    policy: PingPolicy,
    now: NaiveDateTime,
) -> Result<PingRound, EngineError> {
    let hosts = host::Entity::find()
        .filter(host::Column::Removed.is_null())
        .filter(host::Column::HostType.eq("Routing"))
        .all(db)
        .await?;
    let alert_after = chrono::Duration::milliseconds(
        (policy.interval_secs as f64 * policy.timeout_factor * 1000.0) as i64,
    );
    let down_after = alert_after * 2;
    let mut answered = Vec::new();
    let mut round = PingRound::default();
    for h in &hosts {
        let ok = match Hypervisor::parse(&h.hypervisor).map(|hv| drivers.get(hv)) {
            Some(Ok(driver)) => driver.ping(&host_ref(h)).await.is_ok(),
            _ => false,
        };
        if ok {
            answered.push(h.id);
            continue;
        }
        let silent_for = now - h.last_pinged.unwrap_or(h.created);
        let next = if silent_for > down_after {
            "Down"
        } else if silent_for > alert_after {
            "Alert"
        } else {
            continue;
        };
        if h.status != next {
            host::Entity::update_many()
                .col_expr(host::Column::Status, Expr::value(next))
                .col_expr(host::Column::Disconnected, Expr::value(Some(now)))
                .filter(host::Column::Id.eq(h.id))
                .exec(db)
                .await?;
            tracing::warn!(host = %h.name, status = next, "host stopped answering pings");
        }
        if next == "Down" {
            round.down.push(h.uuid.clone());
        } else {
            round.alert.push(h.uuid.clone());
        }
    }
    round.answered = answered.len();
    for chunk in answered.chunks(500) {
        mark_up(db, chunk, now).await?;
    }
    Ok(round)
}

/// Filters of listHosts.
#[derive(Clone, Debug, Default)]
pub struct HostFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub zone_id: Option<i64>,
    pub pod_id: Option<i64>,
    pub cluster_id: Option<i64>,
    pub host_type: Option<String>,
    pub status: Option<String>,
    pub resource_state: Option<String>,
    pub hypervisor: Option<String>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &HostFilter,
) -> Result<(u64, Vec<host::Model>), EngineError> {
    let mut q = host::Entity::find().filter(host::Column::Removed.is_null());
    if let Some(id) = &f.id {
        q = q.filter(host::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &f.name {
        q = q.filter(host::Column::Name.eq(name.as_str()));
    }
    if let Some(z) = f.zone_id {
        q = q.filter(host::Column::ZoneId.eq(z));
    }
    if let Some(p) = f.pod_id {
        q = q.filter(host::Column::PodId.eq(p));
    }
    if let Some(c) = f.cluster_id {
        q = q.filter(host::Column::ClusterId.eq(c));
    }
    if let Some(t) = &f.host_type {
        q = q.filter(host::Column::HostType.eq(t.as_str()));
    }
    if let Some(s) = &f.status {
        q = q.filter(host::Column::Status.eq(s.as_str()));
    }
    if let Some(s) = &f.resource_state {
        q = q.filter(host::Column::ResourceState.eq(s.as_str()));
    }
    if let Some(h) = &f.hypervisor {
        let h = Hypervisor::parse(h)
            .map(|h| h.as_str().to_string())
            .unwrap_or_else(|| h.clone());
        q = q.filter(host::Column::Hypervisor.eq(h));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(host::Column::Name.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(host::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}

/// updateHost: `allocationstate` Enable/Disable and host tags.
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    allocation: Option<String>,
    tags: Option<Vec<String>>,
) -> Result<host::Model, EngineError> {
    let txn = db.begin().await?;
    let done = update_in(&txn, caller, uuid, allocation, tags).await?;
    txn.commit().await?;
    Ok(done)
}

async fn update_in<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    allocation: Option<String>,
    tags: Option<Vec<String>>,
) -> Result<host::Model, EngineError> {
    let current = find(db, uuid).await?;
    let mut row = current.clone().into_active_model();
    if let Some(a) = allocation {
        let next = match a.to_ascii_lowercase().as_str() {
            "enable" | "enabled" => "Enabled",
            "disable" | "disabled" => "Disabled",
            _ => {
                return Err(invalid(
                    "allocationstate",
                    format!("{a} is not Enable or Disable"),
                ));
            }
        };
        if !matches!(current.resource_state.as_str(), "Enabled" | "Disabled") {
            return Err(EngineError::InvalidState(format!(
                "host {} is in resource state {}; only Enabled and Disabled hosts can be switched",
                current.name, current.resource_state
            )));
        }
        row.resource_state = Set(next.into());
    }
    if let Some(t) = tags {
        row.tags = Set(t
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(","));
    }
    let updated = row.update(db).await?;
    events::about(
        db,
        caller,
        "HOST.UPDATE",
        "Host",
        &updated.uuid,
        format!("updated host {}", updated.name),
    )
    .await?;
    Ok(updated)
}

/// deleteHost: a host in Maintenance or Disabled, or not answering, or any host with `forced`.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    forced: bool,
) -> Result<(), EngineError> {
    let txn = db.begin().await?;
    delete_in(&txn, caller, uuid, forced).await?;
    txn.commit().await?;
    Ok(())
}

async fn delete_in<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    forced: bool,
) -> Result<(), EngineError> {
    let current = find(db, uuid).await?;
    let idle = matches!(current.resource_state.as_str(), "Maintenance" | "Disabled")
        || matches!(current.status.as_str(), "Down" | "Disconnected" | "Alert");
    if !idle && !forced {
        return Err(EngineError::InvalidState(format!(
            "Host {} is {} and {}: put it in maintenance or disable it first, or delete with forced=true",
            current.name, current.status, current.resource_state
        )));
    }
    let active = vm_instance::Entity::find()
        .filter(vm_instance::Column::HostId.eq(current.id))
        .filter(vm_instance::Column::Removed.is_null())
        .filter(vm_instance::Column::VmType.eq("User"))
        .count(db)
        .await?;
    if active > 0 {
        return Err(EngineError::ResourceInUse(format!(
            "Host {} still has {active} VM(s): migrate or stop them first (prepareHostForMaintenance moves them)",
            current.name
        )));
    }
    let name = current.name.clone();
    let mut row = current.into_active_model();
    row.status = Set("Removed".into());
    row.removed = Set(Some(chrono::Utc::now().naive_utc()));
    row.update(db).await?;
    events::about(
        db,
        caller,
        "HOST.DELETE",
        "Host",
        uuid,
        format!("deleted host {name}"),
    )
    .await
}

/// reconnectHost: connect again (capacity refreshed from the driver), then ping.
pub async fn reconnect<C: ConnectionTrait>(
    db: &C,
    drivers: &Drivers,
    caller: &Caller,
    uuid: &str,
    now: NaiveDateTime,
) -> Result<host::Model, EngineError> {
    let current = find(db, uuid).await?;
    let hypervisor = Hypervisor::parse(&current.hypervisor).ok_or_else(|| {
        EngineError::Internal(format!(
            "host {} has unknown hypervisor {}",
            current.uuid, current.hypervisor
        ))
    })?;
    let driver = drivers.get(hypervisor).map_err(driver_error)?;
    let target = host_ref(&current);
    let report = driver.connect(&target).await.map_err(|e| {
        EngineError::ResourceUnavailable(format!("host {} did not reconnect: {e}", current.name))
    })?;
    let mut row = current.clone().into_active_model();
    row.status = Set("Connecting".into());
    row.cpu_cores = Set(i32::try_from(report.cpu_cores).unwrap_or(i32::MAX));
    row.cpu_speed_mhz = Set(i64::try_from(report.cpu_speed_mhz).unwrap_or(i64::MAX));
    row.memory_bytes = Set(i64::try_from(report.memory_bytes).unwrap_or(i64::MAX));
    row.update(db).await?;
    if driver.ping(&target).await.is_ok() {
        mark_up(db, &[current.id], now).await?;
    }
    events::about(
        db,
        caller,
        "HOST.RECONNECT",
        "Host",
        uuid,
        format!("reconnected host {}", current.name),
    )
    .await?;
    find_by_id(db, current.id).await
}
