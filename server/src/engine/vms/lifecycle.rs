//! The VM lifecycle after deploy: start, stop, reboot, destroy, recover, expunge, migrate, resize and update, each a
//! guarded state-machine step with its capacity claim or release, and the background expunger.

use super::claims;
use super::place::{self, Pins};
use super::snapshot::SnapshotCache;
use super::state::{self, VmEvent};
use super::{affinity, deploy, limits};
use crate::db::Db;
use crate::db::entity::{account, cluster, host, service_offering, vm_instance, volume};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use crate::engine::infra::hosts::host_ref;
use crate::engine::settings::{self, ScopeRef};
use crate::hypervisor::{Drivers, Hypervisor, HypervisorDriver};
use chrono::NaiveDateTime;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};
use std::sync::Arc;

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

async fn host_of<C: ConnectionTrait>(db: &C, host_id: i64) -> Result<host::Model, EngineError> {
    host::Entity::find_by_id(host_id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal(format!("host {host_id} vanished")))
}

fn driver_for(
    drivers: &Drivers,
    h: &host::Model,
) -> Result<Arc<dyn HypervisorDriver>, EngineError> {
    let hv = Hypervisor::parse(&h.hypervisor).ok_or_else(|| {
        EngineError::ResourceUnavailable(format!(
            "host {} has unknown hypervisor {}",
            h.name, h.hypervisor
        ))
    })?;
    drivers
        .get(hv)
        .map_err(|e| EngineError::ResourceUnavailable(e.to_string()))
}

async fn event<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    kind: &str,
    vm: &vm_instance::Model,
    what: String,
) -> Result<(), EngineError> {
    events::about(db, caller, kind, "VirtualMachine", &vm.uuid, what).await
}

async fn is_admin_owned<C: ConnectionTrait>(
    db: &C,
    vm: &vm_instance::Model,
) -> Result<bool, EngineError> {
    Ok(account::Entity::find_by_id(vm.account_id)
        .one(db)
        .await?
        .is_some_and(|a| a.account_type == 1))
}

/// startVirtualMachine: Stopped → Starting → Running through the scheduler (the last host first while it still
/// holds the reservation); a failure leaves it Stopped.
pub async fn start(
    db: &Db,
    drivers: &Drivers,
    snapshots: &SnapshotCache,
    caller: &Caller,
    vm: vm_instance::Model,
    pins: Pins,
) -> Result<vm_instance::Model, EngineError> {
    if vm.state == "Running" {
        return Ok(vm);
    }
    let starting = state::transition(db, &vm, VmEvent::StartRequested, vec![], now()).await?;
    let is_admin = is_admin_owned(db, &vm).await?;
    match place::start(db, drivers, snapshots, starting, pins, is_admin).await {
        Ok(running) => {
            event(
                db,
                caller,
                "VM.START",
                &running,
                format!("started VM {}", running.name),
            )
            .await?;
            Ok(running)
        }
        Err(e) => {
            let current = super::reload(db, vm.id).await?;
            state::transition(db, &current, VmEvent::OperationFailed, vec![], now()).await?;
            Err(e)
        }
    }
}

/// stopVirtualMachine: Running → Stopping → Stopped; the host keeps the capacity as reserved for
/// `capacity.skipcounting.hours`. `forced` stops it in Nimbus even when the host fails to.
pub async fn stop(
    db: &Db,
    drivers: &Drivers,
    caller: &Caller,
    vm: vm_instance::Model,
    forced: bool,
) -> Result<vm_instance::Model, EngineError> {
    if vm.state == "Stopped" {
        return Ok(vm);
    }
    let stopping = state::transition(db, &vm, VmEvent::StopRequested, vec![], now()).await?;
    if let Some(host_id) = stopping.host_id {
        let h = host_of(db, host_id).await?;
        let stopped = match driver_for(drivers, &h) {
            Ok(driver) => driver
                .stop_vm(&host_ref(&h), &stopping.instance_name, forced)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        if let Err(reason) = stopped
            && !forced
        {
            state::transition(db, &stopping, VmEvent::OperationFailed, vec![], now()).await?;
            return Err(EngineError::ResourceUnavailable(format!(
                "Unable to stop VM {} on host {}: {reason}",
                vm.uuid, h.name
            )));
        }
    }
    let txn = db.begin().await?;
    let t = now();
    let stopped = state::transition(
        &txn,
        &stopping,
        VmEvent::OperationSucceeded,
        vec![
            (
                vm_instance::Column::HostId,
                Expr::value(Option::<i64>::None),
            ),
            (
                vm_instance::Column::ReservedHostId,
                Expr::value(stopping.host_id),
            ),
            (vm_instance::Column::StoppedAt, Expr::value(t)),
            (vm_instance::Column::PowerState, Expr::value("PowerOff")),
        ],
        t,
    )
    .await?;
    if let Some(host_id) = stopping.host_id {
        claims::use_to_reserved(&txn, host_id, stopping.cpu_mhz(), stopping.memory_bytes).await?;
    }
    txn.commit().await?;
    event(
        db,
        caller,
        "VM.STOP",
        &stopped,
        format!("stopped VM {}", stopped.name),
    )
    .await?;
    Ok(stopped)
}

/// rebootVirtualMachine: the host restarts the running VM.
pub async fn reboot(
    db: &Db,
    drivers: &Drivers,
    caller: &Caller,
    vm: vm_instance::Model,
) -> Result<vm_instance::Model, EngineError> {
    state::check(&vm, VmEvent::RebootRequested)?;
    let host_id = vm
        .host_id
        .ok_or_else(|| EngineError::InvalidState(format!("VM {} has no host", vm.uuid)))?;
    let h = host_of(db, host_id).await?;
    driver_for(drivers, &h)?
        .reboot_vm(&host_ref(&h), &vm.instance_name)
        .await
        .map_err(|e| {
            EngineError::ResourceUnavailable(format!("Unable to reboot VM {}: {e}", vm.uuid))
        })?;
    let rebooted = state::transition(db, &vm, VmEvent::RebootRequested, vec![], now()).await?;
    event(
        db,
        caller,
        "VM.REBOOT",
        &rebooted,
        format!("rebooted VM {}", rebooted.name),
    )
    .await?;
    Ok(rebooted)
}

/// Gives back the reservation a stopped VM still holds on its last host.
async fn drop_reservation<C: ConnectionTrait>(
    db: &C,
    vm: &vm_instance::Model,
) -> Result<(), EngineError> {
    if let Some(host_id) = vm.reserved_host_id {
        claims::release_reservation_on(db, host_id, vm.cpu_mhz(), vm.memory_bytes).await?;
    }
    Ok(())
}

/// Ends a stopped VM's reservation (row and host) under a guard; `false` when the VM changed meanwhile.
async fn release_reservation(db: &Db, vm: &vm_instance::Model) -> Result<bool, EngineError> {
    let txn = db.begin().await?;
    let released = vm_instance::Entity::update_many()
        .col_expr(
            vm_instance::Column::ReservedHostId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            vm_instance::Column::UpdateCount,
            Expr::value(vm.update_count + 1),
        )
        .filter(vm_instance::Column::Id.eq(vm.id))
        .filter(vm_instance::Column::UpdateCount.eq(vm.update_count))
        .exec(&txn)
        .await?;
    let done = released.rows_affected == 1;
    if done {
        drop_reservation(&txn, vm).await?;
    }
    txn.commit().await?;
    Ok(done)
}

/// destroyVirtualMachine: stops a running VM, then Destroyed (recoverable until expunged), or gone at once with
/// `expunge`.
pub async fn destroy(
    db: &Db,
    drivers: &Drivers,
    caller: &Caller,
    vm: vm_instance::Model,
    expunge_now: bool,
) -> Result<vm_instance::Model, EngineError> {
    let mut vm = vm;
    if matches!(vm.state.as_str(), "Running" | "Starting") {
        vm = stop(db, drivers, caller, vm, true).await?;
    }
    if vm.state == "Error" {
        return expunge(db, caller, vm).await;
    }
    let txn = db.begin().await?;
    let destroyed = state::transition(
        &txn,
        &vm,
        VmEvent::DestroyRequested,
        vec![(
            vm_instance::Column::ReservedHostId,
            Expr::value(Option::<i64>::None),
        )],
        now(),
    )
    .await?;
    drop_reservation(&txn, &vm).await?;
    volume::Entity::update_many()
        .col_expr(volume::Column::State, Expr::value("Destroy"))
        .filter(volume::Column::VmId.eq(vm.id))
        .filter(volume::Column::VolumeType.eq("ROOT"))
        .filter(volume::Column::Removed.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    event(
        db,
        caller,
        "VM.DESTROY",
        &destroyed,
        format!("destroyed VM {}", destroyed.name),
    )
    .await?;
    if expunge_now {
        return expunge(db, caller, destroyed).await;
    }
    Ok(destroyed)
}

/// expungeVirtualMachine (and the expunger): the VM's addresses, volumes and memberships are given back, its port
/// forwarding rules and static NAT end, and the row is marked removed.
pub async fn expunge(
    db: &Db,
    caller: &Caller,
    vm: vm_instance::Model,
) -> Result<vm_instance::Model, EngineError> {
    let txn = db.begin().await?;
    let expunging = state::transition(&txn, &vm, VmEvent::ExpungeOperation, vec![], now()).await?;
    drop_reservation(&txn, &expunging).await?;
    claims::release_addresses(&txn, vm.id).await?;
    crate::engine::network::rules::forget_vm(&txn, caller, vm.id).await?;
    deploy::release_for_expunge(&txn, vm.id).await?;
    affinity::leave_all(&txn, vm.id).await?;
    let t = now();
    let gone = state::transition(
        &txn,
        &expunging,
        VmEvent::OperationSucceeded,
        vec![
            (vm_instance::Column::Removed, Expr::value(t)),
            (
                vm_instance::Column::ReservedHostId,
                Expr::value(Option::<i64>::None),
            ),
            (
                vm_instance::Column::PrivateIp,
                Expr::value(Option::<String>::None),
            ),
        ],
        t,
    )
    .await?;
    txn.commit().await?;
    event(
        db,
        caller,
        "VM.EXPUNGE",
        &gone,
        format!("expunged VM {}", gone.name),
    )
    .await?;
    Ok(gone)
}

/// recoverVirtualMachine: Destroyed → Stopped, counted against the account's limits again.
pub async fn recover(
    db: &Db,
    caller: &Caller,
    vm: vm_instance::Model,
) -> Result<vm_instance::Model, EngineError> {
    state::check(&vm, VmEvent::RecoveryRequested)?;
    if let Some(owner) = account::Entity::find_by_id(vm.account_id).one(db).await? {
        limits::check(
            db,
            &owner,
            limits::Adding {
                vms: 1,
                cpus: i64::from(vm.cpu_cores),
                memory_mb: vm.memory_bytes / (1024 * 1024),
                volumes: 0,
            },
        )
        .await?;
    }
    let txn = db.begin().await?;
    let recovered = state::transition(&txn, &vm, VmEvent::RecoveryRequested, vec![], now()).await?;
    volume::Entity::update_many()
        .col_expr(volume::Column::State, Expr::value("Ready"))
        .filter(volume::Column::VmId.eq(vm.id))
        .filter(volume::Column::State.eq("Destroy"))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    event(
        db,
        caller,
        "VM.RECOVER",
        &recovered,
        format!("recovered VM {}", recovered.name),
    )
    .await?;
    Ok(recovered)
}

/// migrateVirtualMachine: a running VM moves to `target` (or a host the scheduler picks) in the same cluster;
/// the target's room is claimed first, the source's given back only once the move succeeded.
pub async fn migrate(
    db: &Db,
    drivers: &Drivers,
    caller: &Caller,
    vm: vm_instance::Model,
    target: Option<host::Model>,
) -> Result<vm_instance::Model, EngineError> {
    state::check(&vm, VmEvent::MigrationRequested)?;
    let source_id = vm
        .host_id
        .ok_or_else(|| EngineError::InvalidState(format!("VM {} has no host", vm.uuid)))?;
    let source = host_of(db, source_id).await?;
    let target = match target {
        Some(t) => {
            if t.id == source.id {
                return Err(super::invalid("hostid", "the VM already runs on this host"));
            }
            if t.cluster_id != source.cluster_id {
                return Err(super::invalid(
                    "hostid",
                    format!("host {} is not in the VM's cluster", t.name),
                ));
            }
            t
        }
        None => {
            let pins = Pins {
                cluster_id: Some(source.cluster_id),
                ..Pins::default()
            };
            let chosen = place::choose_other_host(db, &vm, pins, source.id).await?;
            host_of(db, chosen).await?
        }
    };
    let c = cluster::Entity::find_by_id(target.cluster_id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal("target cluster vanished".into()))?;
    let cpu_limit = ((i64::from(target.cpu_cores) * target.cpu_speed_mhz) as f64
        * c.cpu_overcommit_ratio)
        .floor() as i64;
    let memory_limit = (target.memory_bytes as f64 * c.memory_overcommit_ratio).floor() as i64;
    let txn = db.begin().await?;
    if !claims::claim_use_on(
        &txn,
        target.id,
        vm.cpu_mhz(),
        vm.memory_bytes,
        cpu_limit,
        memory_limit,
    )
    .await?
    {
        txn.rollback().await?;
        return Err(EngineError::InsufficientCapacity {
            explanation: format!(
                "Unable to migrate VM {} to host {}: the host is not Up and Enabled or lacks room (needs {} MHz and {} MiB)",
                vm.uuid,
                target.name,
                vm.cpu_mhz(),
                vm.memory_bytes / (1024 * 1024)
            ),
        });
    }
    let migrating =
        state::transition(&txn, &vm, VmEvent::MigrationRequested, vec![], now()).await?;
    txn.commit().await?;
    let moved = driver_for(drivers, &source)?
        .migrate_vm(&host_ref(&source), &host_ref(&target), &vm.instance_name)
        .await;
    let txn = db.begin().await?;
    match moved {
        Ok(()) => {
            claims::release_use_on(&txn, source.id, vm.cpu_mhz(), vm.memory_bytes).await?;
            let done = state::transition(
                &txn,
                &migrating,
                VmEvent::OperationSucceeded,
                vec![
                    (vm_instance::Column::HostId, Expr::value(target.id)),
                    (vm_instance::Column::LastHostId, Expr::value(target.id)),
                    (vm_instance::Column::PodId, Expr::value(target.pod_id)),
                    (
                        vm_instance::Column::ClusterId,
                        Expr::value(target.cluster_id),
                    ),
                ],
                now(),
            )
            .await?;
            txn.commit().await?;
            event(
                db,
                caller,
                "VM.MIGRATE",
                &done,
                format!(
                    "migrated VM {} from host {} to host {}",
                    done.name, source.name, target.name
                ),
            )
            .await?;
            Ok(done)
        }
        Err(e) => {
            claims::release_use_on(&txn, target.id, vm.cpu_mhz(), vm.memory_bytes).await?;
            state::transition(&txn, &migrating, VmEvent::OperationFailed, vec![], now()).await?;
            txn.commit().await?;
            Err(EngineError::ResourceUnavailable(format!(
                "Unable to migrate VM {} to host {}: {e}",
                vm.uuid, target.name
            )))
        }
    }
}

/// scaleVirtualMachine / changeServiceForVirtualMachine on a stopped VM: new sizes, checked against the limits;
/// the old reservation is dropped (the next start plans afresh).
pub async fn change_offering(
    db: &Db,
    caller: &Caller,
    vm: vm_instance::Model,
    offering: &service_offering::Model,
    sizes: (i32, i64, i64),
) -> Result<vm_instance::Model, EngineError> {
    if vm.state != "Stopped" {
        return Err(EngineError::InvalidState(format!(
            "VM {} is {}: stop it before changing its service offering",
            vm.uuid, vm.state
        )));
    }
    let (cores, speed, memory_mb) = sizes;
    if let Some(owner) = account::Entity::find_by_id(vm.account_id).one(db).await? {
        limits::check(
            db,
            &owner,
            limits::Adding {
                vms: 0,
                cpus: (i64::from(cores) - i64::from(vm.cpu_cores)).max(0),
                memory_mb: (memory_mb - vm.memory_bytes / (1024 * 1024)).max(0),
                volumes: 0,
            },
        )
        .await?;
    }
    let txn = db.begin().await?;
    drop_reservation(&txn, &vm).await?;
    let changed = vm_instance::Entity::update_many()
        .col_expr(
            vm_instance::Column::ServiceOfferingId,
            Expr::value(offering.id),
        )
        .col_expr(vm_instance::Column::CpuCores, Expr::value(cores))
        .col_expr(vm_instance::Column::CpuSpeedMhz, Expr::value(speed))
        .col_expr(
            vm_instance::Column::MemoryBytes,
            Expr::value(memory_mb * 1024 * 1024),
        )
        .col_expr(
            vm_instance::Column::ReservedHostId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            vm_instance::Column::UpdateCount,
            Expr::value(vm.update_count + 1),
        )
        .col_expr(vm_instance::Column::Updated, Expr::value(now()))
        .filter(vm_instance::Column::Id.eq(vm.id))
        .filter(vm_instance::Column::UpdateCount.eq(vm.update_count))
        .filter(vm_instance::Column::State.eq("Stopped"))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        txn.rollback().await?;
        return Err(EngineError::Conflict(format!(
            "VM {} changed while its offering was being changed; try again",
            vm.uuid
        )));
    }
    txn.commit().await?;
    let fresh = super::reload(db, vm.id).await?;
    event(
        db,
        caller,
        "VM.UPGRADE",
        &fresh,
        format!(
            "changed VM {} to service offering {}",
            fresh.name, offering.name
        ),
    )
    .await?;
    Ok(fresh)
}

/// updateVirtualMachine's changeable fields.
#[derive(Clone, Debug, Default)]
pub struct VmUpdate {
    pub display_name: Option<String>,
    pub group: Option<String>,
    pub ha_enabled: Option<bool>,
    pub user_data: Option<String>,
    pub display_vm: Option<bool>,
}

pub async fn update(
    db: &Db,
    caller: &Caller,
    vm: vm_instance::Model,
    u: VmUpdate,
) -> Result<vm_instance::Model, EngineError> {
    if let Some(data) = &u.user_data {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map_err(|_| super::invalid("userdata", "is not valid base64"))?;
    }
    let mut q = vm_instance::Entity::update_many()
        .col_expr(
            vm_instance::Column::UpdateCount,
            Expr::value(vm.update_count + 1),
        )
        .col_expr(vm_instance::Column::Updated, Expr::value(now()));
    if let Some(v) = u.display_name {
        q = q.col_expr(vm_instance::Column::DisplayName, Expr::value(v));
    }
    if let Some(v) = u.group {
        q = q.col_expr(
            vm_instance::Column::GroupName,
            Expr::value(Some(v).filter(|g| !g.is_empty())),
        );
    }
    if let Some(v) = u.ha_enabled {
        q = q.col_expr(vm_instance::Column::HaEnabled, Expr::value(v));
    }
    if let Some(v) = u.user_data {
        q = q.col_expr(vm_instance::Column::UserData, Expr::value(v));
    }
    if let Some(v) = u.display_vm {
        q = q.col_expr(vm_instance::Column::DisplayVm, Expr::value(v));
    }
    let done = q
        .filter(vm_instance::Column::Id.eq(vm.id))
        .filter(vm_instance::Column::UpdateCount.eq(vm.update_count))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(EngineError::Conflict(format!(
            "VM {} changed while it was being updated; try again",
            vm.uuid
        )));
    }
    let fresh = super::reload(db, vm.id).await?;
    event(
        db,
        caller,
        "VM.UPDATE",
        &fresh,
        format!("updated VM {}", fresh.name),
    )
    .await?;
    Ok(fresh)
}

/// What one expunger round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Housekeeping {
    pub expunged: usize,
    pub reservations_released: usize,
}

/// The expunger: VMs destroyed longer than `expunge.delay` ago are expunged, and reservations of VMs stopped longer
/// than `capacity.skipcounting.hours` (seconds, despite the name) are released.
pub async fn housekeeping(
    db: &Db,
    system: &Caller,
    at: NaiveDateTime,
) -> Result<Housekeeping, EngineError> {
    let mut done = Housekeeping::default();
    let delay = settings::integer(db, "expunge.delay", ScopeRef::Global).await?;
    let cutoff = at - chrono::Duration::seconds(delay.max(0));
    for vm in vm_instance::Entity::find()
        .filter(vm_instance::Column::VmType.eq(super::USER_VM))
        .filter(vm_instance::Column::State.is_in(["Destroyed", "Expunging"]))
        .filter(vm_instance::Column::Removed.is_null())
        .filter(vm_instance::Column::Updated.lte(cutoff))
        .all(db)
        .await?
    {
        match expunge(db, system, vm).await {
            Ok(_) => done.expunged += 1,
            Err(EngineError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let hold = settings::integer(db, "capacity.skipcounting.hours", ScopeRef::Global).await?;
    let cutoff = at - chrono::Duration::seconds(hold.max(0));
    for vm in vm_instance::Entity::find()
        .filter(vm_instance::Column::State.eq("Stopped"))
        .filter(vm_instance::Column::ReservedHostId.is_not_null())
        .filter(vm_instance::Column::StoppedAt.lte(cutoff))
        .all(db)
        .await?
    {
        if release_reservation(db, &vm).await? {
            done.reservations_released += 1;
        }
    }
    Ok(done)
}

/// Why a host could not be emptied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvacuationFailure {
    pub reasons: Vec<String>,
}

/// Live-migrates every running VM off `host_id` through the scheduler (same cluster) and drops the reservations
/// stopped VMs hold there. Returns the VMs that could not move, with why.
pub async fn evacuate(
    db: &Db,
    drivers: &Drivers,
    caller: &Caller,
    host_id: i64,
) -> Result<Result<usize, EvacuationFailure>, EngineError> {
    let mut moved = 0;
    let mut reasons = Vec::new();
    for vm in vm_instance::Entity::find()
        .filter(vm_instance::Column::HostId.eq(host_id))
        .filter(vm_instance::Column::VmType.eq(super::USER_VM))
        .filter(vm_instance::Column::Removed.is_null())
        .all(db)
        .await?
    {
        if vm.state != "Running" {
            reasons.push(format!("VM {} is {}", vm.name, vm.state));
            continue;
        }
        match migrate(db, drivers, caller, vm.clone(), None).await {
            Ok(_) => moved += 1,
            Err(e) => reasons.push(format!("VM {}: {e}", vm.name)),
        }
    }
    for vm in vm_instance::Entity::find()
        .filter(vm_instance::Column::ReservedHostId.eq(host_id))
        .filter(vm_instance::Column::State.eq("Stopped"))
        .all(db)
        .await?
    {
        release_reservation(db, &vm).await?;
    }
    Ok(if reasons.is_empty() {
        Ok(moved)
    } else {
        Err(EvacuationFailure { reasons })
    })
}
