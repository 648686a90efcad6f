//! Starting a VM somewhere: plan on a fresh snapshot, claim, ask the driver, and on a failed start avoid that host
//! and plan again (`start.retry`); a lost claim race simply plans again.

use super::claims::{self, Lost, Target};
use super::snapshot::{ClaimedRoom, SnapshotCache};
use super::{affinity, snapshot, state};
use crate::db::Db;
use crate::db::entity::{
    host, nic, service_offering, storage_pool, user_ip_address, vm_instance, vm_template, volume,
};
use crate::engine::EngineError;
use crate::engine::infra::hosts::host_ref;
use crate::engine::settings::{self, ScopeRef};
use crate::hypervisor::{Drivers, Hypervisor, VmSpec};
use crate::scheduler::{self, Avoid, PlannerKind, VmRequest};
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::Instant;

/// Placement constraints from the command (admin only): pod, cluster or host.
#[derive(Clone, Copy, Debug, Default)]
pub struct Pins {
    pub pod_id: Option<i64>,
    pub cluster_id: Option<i64>,
    pub host_id: Option<i64>,
}

/// How often a claim may lose a race before the start gives up (each loss re-plans on fresh data).
const MAX_LOST_RACES: usize = 100;

/// The scheduler's view of what the VM needs.
async fn request(
    db: &Db,
    vm: &vm_instance::Model,
    vm_nic: Option<&nic::Model>,
    pins: Pins,
    is_admin: bool,
) -> Result<VmRequest, EngineError> {
    let offering = match vm.service_offering_id {
        Some(id) => service_offering::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let template = vm_template::Entity::find_by_id(vm.template_id)
        .one(db)
        .await?;
    let unplaced: Vec<volume::Model> = volume::Entity::find()
        .filter(volume::Column::VmId.eq(vm.id))
        .filter(volume::Column::Removed.is_null())
        .all(db)
        .await?;
    let unplaced_bytes: i64 = unplaced
        .iter()
        .filter(|v| v.pool_id.is_none())
        .map(|v| v.size_bytes)
        .sum();
    let mut pins = pins;
    // A VM that already has an address or placed volumes must come back where they are reachable.
    if pins.pod_id.is_none() && pins.cluster_id.is_none() && pins.host_id.is_none() {
        if let Some(address_id) = vm_nic.and_then(|n| n.ip_address_id)
            && let Some(address) = user_ip_address::Entity::find_by_id(address_id)
                .one(db)
                .await?
        {
            pins.pod_id = address.pod_id;
        }
        for placed in unplaced.iter().filter_map(|v| v.pool_id) {
            if let Some(pool) = storage_pool::Entity::find_by_id(placed).one(db).await?
                && pool.scope == "CLUSTER"
            {
                pins.cluster_id = pool.cluster_id;
            }
        }
    }
    Ok(VmRequest {
        cpu_cores: u32::try_from(vm.cpu_cores).unwrap_or(0),
        cpu_speed_mhz: u64::try_from(vm.cpu_speed_mhz).unwrap_or(0),
        memory_bytes: u64::try_from(vm.memory_bytes).unwrap_or(0),
        hypervisor: vm.hypervisor.clone().filter(|h| !h.is_empty()),
        requires_hvm: template.as_ref().is_some_and(|t| t.requires_hvm),
        host_tags: offering
            .as_ref()
            .map(|o| snapshot::tags(&o.host_tags))
            .unwrap_or_default(),
        storage_tags: offering
            .as_ref()
            .map(|o| snapshot::tags(&o.storage_tags))
            .unwrap_or_default(),
        root_disk_bytes: u64::try_from(unplaced_bytes).unwrap_or(0),
        account_id: vm.account_id,
        is_admin,
        zone_id: vm.zone_id,
        pod_id: pins.pod_id,
        cluster_id: pins.cluster_id,
        host_id: pins.host_id,
        affinity_groups: affinity::for_placement(db, vm.id).await?,
        last_host_id: vm.last_host_id,
        reserved_on_last_host: vm.reserved_host_id.is_some()
            && vm.reserved_host_id == vm.last_host_id,
        planner: offering
            .as_ref()
            .and_then(|o| o.deployment_planner.as_deref())
            .filter(|p| !p.is_empty())
            .and_then(|p| p.parse::<PlannerKind>().ok()),
    })
}

fn floor(value: f64) -> i64 {
    value.floor() as i64
}

/// Places and starts a VM that is in state Starting. On success it is Running on its host; on failure it is
/// still Starting, holding nothing new, and the error says why (533 with the per-filter explanation when
/// nothing fits).
pub async fn start(
    db: &Db,
    drivers: &Drivers,
    snapshots: &SnapshotCache,
    vm: vm_instance::Model,
    pins: Pins,
    is_admin: bool,
) -> Result<vm_instance::Model, EngineError> {
    let attempts = settings::cached_integer(db, "start.retry", ScopeRef::Global)
        .await?
        .max(1);
    let mut rng = StdRng::from_os_rng();
    let mut avoid = Avoid::default();
    let mut vm = vm;
    let mut failures: Vec<String> = Vec::new();
    let mut lost_races = 0usize;
    let vm_nic = nic_of(db, vm.id).await?;
    let network_id = match (&vm_nic, vm.network_id) {
        (Some(n), _) => n.network_id,
        (None, Some(network)) => network,
        (None, None) => {
            return Err(EngineError::InvalidState(format!(
                "VM {} has no guest network",
                vm.uuid
            )));
        }
    };
    let mut request = request(db, &vm, vm_nic.as_ref(), pins, is_admin).await?;
    // Set when the next plan must see rows read after this moment (a lost claim, a failed start).
    let mut read_after: Option<Instant> = None;
    loop {
        let planned = Instant::now();
        let (outcome, read_at) = snapshots
            .with_snapshot(
                db,
                vm.zone_id,
                vm.account_id,
                read_after,
                &request,
                |snap, plan_settings| {
                    scheduler::plan(snap, &request, &avoid, plan_settings, &mut rng).map(|p| {
                        let host = snap.hosts.iter().find(|h| h.id == p.host_id);
                        let cluster = snap.clusters.iter().find(|c| c.id == p.cluster_id);
                        let pool = snap.pools.iter().find(|x| x.id == p.pool_id);
                        host.zip(cluster).map(|(h, c)| Target {
                            host_id: p.host_id,
                            pod_id: p.pod_id,
                            cluster_id: p.cluster_id,
                            pool_id: p.pool_id,
                            cpu_limit_mhz: floor(h.cpu_total_mhz() as f64 * c.cpu_overcommit),
                            memory_limit_bytes: floor(h.memory_bytes as f64 * c.memory_overcommit),
                            pool_limit_bytes: pool
                                .map_or(0, |x| floor(x.capacity_bytes as f64 * x.overprovision)),
                            network_id,
                        })
                    })
                },
            )
            .await?;
        let target = match outcome {
            Ok(Some(target)) => target,
            Ok(None) => {
                return Err(EngineError::Internal(
                    "placement outside its snapshot".into(),
                ));
            }
            // Nothing fits in a snapshot read before this attempt: look at the rows again before saying so.
            Err(_) if read_at < planned => {
                read_after = Some(planned);
                continue;
            }
            Err(no) => {
                let mut text = no.to_string();
                if !failures.is_empty() {
                    text.push_str(&format!("; earlier starts failed: {}", failures.join("; ")));
                }
                return Err(EngineError::InsufficientCapacity { explanation: text });
            }
        };
        let now = chrono::Utc::now().naive_utc();
        let claiming = Instant::now();
        let (claimed, placed) = match claims::claim(db, &vm, &target, now).await? {
            Ok(done) => done,
            Err(Lost::Addresses { pod_id }) => {
                failures.push(format!("no free guest IP address in pod {pod_id}"));
                avoid.pods.insert(pod_id);
                continue;
            }
            Err(Lost::Host | Lost::Pool) => {
                read_after = Some(Instant::now());
                lost_races += 1;
                if lost_races > MAX_LOST_RACES {
                    return Err(EngineError::Conflict(
                        "capacity kept changing while the VM was being placed; try again".into(),
                    ));
                }
                continue;
            }
        };
        snapshots.record_claim(
            vm.zone_id,
            ClaimedRoom {
                host_id: target.host_id,
                cpu_mhz: u64::try_from(placed.cpu_mhz()).unwrap_or(0),
                memory_bytes: u64::try_from(placed.memory_bytes).unwrap_or(0),
                pool: claimed
                    .placed_on_pool
                    .as_ref()
                    .map(|(pool, bytes, _)| (*pool, u64::try_from(*bytes).unwrap_or(0))),
            },
        );
        tracing::debug!(
            vm = %placed.uuid,
            plan_ms = (claiming - planned).as_secs_f64() * 1000.0,
            claim_ms = claiming.elapsed().as_secs_f64() * 1000.0,
            snapshot_age_ms = planned.saturating_duration_since(read_at).as_secs_f64() * 1000.0,
            "placed"
        );
        vm = placed;
        let host_model = host::Entity::find_by_id(target.host_id)
            .one(db)
            .await?
            .ok_or_else(|| EngineError::Internal("claimed host vanished".into()))?;
        let spec = VmSpec {
            instance_name: vm.instance_name.clone(),
            cpu_cores: u32::try_from(vm.cpu_cores).unwrap_or(0),
            cpu_speed_mhz: u64::try_from(vm.cpu_speed_mhz).unwrap_or(0),
            memory_bytes: u64::try_from(vm.memory_bytes).unwrap_or(0),
        };
        let started = match Hypervisor::parse(&host_model.hypervisor) {
            Some(hv) => match drivers.get(hv) {
                Ok(driver) => driver
                    .start_vm(&host_ref(&host_model), &spec)
                    .await
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            },
            None => Err(format!("unknown hypervisor {}", host_model.hypervisor)),
        };
        match started {
            Ok(()) => {
                return state::transition(
                    db,
                    &vm,
                    state::VmEvent::OperationSucceeded,
                    vec![
                        (vm_instance::Column::PowerState, Expr::value("PowerOn")),
                        (
                            vm_instance::Column::StoppedAt,
                            Expr::value(Option::<chrono::NaiveDateTime>::None),
                        ),
                    ],
                    chrono::Utc::now().naive_utc(),
                )
                .await;
            }
            Err(reason) => {
                tracing::info!(vm = %vm.uuid, host = %host_model.name, %reason, "start failed; trying another host");
                vm = claims::undo(db, &vm, &claimed).await?;
                // The claim is given back; the next plan reads the rows again.
                read_after = Some(Instant::now());
                request = self::request(db, &vm, nic_of(db, vm.id).await?.as_ref(), pins, is_admin)
                    .await?;
                failures.push(format!("host {}: {reason}", host_model.name));
                avoid.hosts.insert(target.host_id);
                if failures.len() as i64 >= attempts {
                    return Err(EngineError::ResourceUnavailable(format!(
                        "Unable to start VM {}: {} attempt(s) failed: {}",
                        vm.uuid,
                        failures.len(),
                        failures.join("; ")
                    )));
                }
            }
        }
    }
}

/// The VM's NIC, once it has one (its first start made it).
async fn nic_of(db: &Db, vm_id: i64) -> Result<Option<nic::Model>, EngineError> {
    Ok(nic::Entity::find()
        .filter(nic::Column::VmId.eq(vm_id))
        .one(db)
        .await?)
}

/// A host for a running VM to move to (migration, maintenance), planned like a start but never `avoid_host`.
pub async fn choose_other_host(
    db: &Db,
    vm: &vm_instance::Model,
    pins: Pins,
    avoid_host: i64,
) -> Result<i64, EngineError> {
    let mut request = request(db, vm, nic_of(db, vm.id).await?.as_ref(), pins, true).await?;
    // The VM's own use is already counted on its current host; on another it needs room like a new start.
    request.last_host_id = None;
    request.reserved_on_last_host = false;
    let (snap, plan_settings) = snapshot::load(db, vm.zone_id, vm.account_id).await?;
    let mut avoid = Avoid::default();
    avoid.hosts.insert(avoid_host);
    let mut rng = StdRng::from_os_rng();
    scheduler::plan(&snap, &request, &avoid, &plan_settings, &mut rng)
        .map(|p| p.host_id)
        .map_err(|no| EngineError::InsufficientCapacity {
            explanation: no.to_string(),
        })
}
