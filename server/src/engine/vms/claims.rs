//! Claims without double-booking: a VM's host capacity, root-disk pool space, guest IP and MAC are taken in one
//! transaction of guarded updates (the row still has room), and given back the same way. A lost race is reported,
//! not papered over: the caller plans again on fresh data.

use crate::db::Db;
use crate::db::entity::{host, nic, storage_pool, vlan, vm_instance, volume};
use crate::engine::EngineError;
use crate::engine::network::addresses;
use chrono::NaiveDateTime;
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};

/// Where the claim goes and the most the host and pool may hold (totals × overcommit), as planned.
#[derive(Clone, Debug)]
pub struct Target {
    pub host_id: i64,
    pub pod_id: i64,
    pub cluster_id: i64,
    pub pool_id: i64,
    pub cpu_limit_mhz: i64,
    pub memory_limit_bytes: i64,
    pub pool_limit_bytes: i64,
    /// The guest network the VM's NIC joins.
    pub network_id: i64,
}

/// What a claim took that the VM did not hold before, so a failed start gives back exactly that.
#[derive(Clone, Debug, Default)]
pub struct Claimed {
    pub host_id: i64,
    /// (pool, bytes, volume ids) placed by this claim.
    pub placed_on_pool: Option<(i64, i64, Vec<i64>)>,
    pub took_address: bool,
}

/// Why a claim did not happen; the transaction was rolled back and nothing is held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lost {
    /// Someone else took the host's room (or it left Up/Enabled) since the snapshot.
    Host,
    /// The pool filled up since the snapshot.
    Pool,
    /// The pod has no free guest address left.
    Addresses { pod_id: i64 },
}

fn add(column: impl sea_orm::sea_query::IntoColumnRef, amount: i64) -> SimpleExpr {
    Expr::col(column).add(amount)
}

fn sub(column: impl sea_orm::sea_query::IntoColumnRef, amount: i64) -> SimpleExpr {
    Expr::col(column).sub(amount)
}

/// The guard of every host claim: used + reserved + the new VM stays within the limits.
fn room_for(cpu: i64, memory: i64, cpu_limit: i64, memory_limit: i64) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(
            Expr::col(host::Column::CpuUsedMhz)
                .add(Expr::col(host::Column::CpuReservedMhz))
                .add(cpu)
                .lte(cpu_limit),
        )
        .add(
            Expr::col(host::Column::MemoryUsedBytes)
                .add(Expr::col(host::Column::MemoryReservedBytes))
                .add(memory)
                .lte(memory_limit),
        )
}

/// Takes room for the VM on `target`. The VM must be Starting; its row is bumped so a concurrent change loses.
pub async fn claim(
    db: &Db,
    vm: &vm_instance::Model,
    target: &Target,
    now: NaiveDateTime,
) -> Result<Result<(Claimed, vm_instance::Model), Lost>, EngineError> {
    let txn = db.begin().await?;
    let outcome = claim_in(&txn, vm, target, now).await;
    match outcome {
        Ok(Ok(done)) => {
            txn.commit().await?;
            Ok(Ok(done))
        }
        Ok(Err(lost)) => {
            txn.rollback().await?;
            Ok(Err(lost))
        }
        Err(e) => {
            txn.rollback().await?;
            Err(e)
        }
    }
}

async fn claim_in<C: ConnectionTrait>(
    db: &C,
    vm: &vm_instance::Model,
    target: &Target,
    now: NaiveDateTime,
) -> Result<Result<(Claimed, vm_instance::Model), Lost>, EngineError> {
    let (cpu, memory) = (vm.cpu_mhz(), vm.memory_bytes);
    // The host first: on SQLite the first write takes the database lock, so no later read can deadlock.
    let reserved_here = vm.reserved_host_id == Some(target.host_id);
    let mut update = host::Entity::update_many()
        .col_expr(host::Column::CpuUsedMhz, add(host::Column::CpuUsedMhz, cpu))
        .col_expr(
            host::Column::MemoryUsedBytes,
            add(host::Column::MemoryUsedBytes, memory),
        )
        .filter(host::Column::Id.eq(target.host_id))
        .filter(host::Column::Status.eq("Up"))
        .filter(host::Column::ResourceState.eq("Enabled"))
        .filter(host::Column::Removed.is_null());
    if reserved_here {
        // The VM's own reservation becomes use: no new room needed.
        update = update
            .col_expr(
                host::Column::CpuReservedMhz,
                sub(host::Column::CpuReservedMhz, cpu),
            )
            .col_expr(
                host::Column::MemoryReservedBytes,
                sub(host::Column::MemoryReservedBytes, memory),
            );
    } else {
        update = update.filter(room_for(
            cpu,
            memory,
            target.cpu_limit_mhz,
            target.memory_limit_bytes,
        ));
    }
    if update.exec(db).await?.rows_affected != 1 {
        return Ok(Err(Lost::Host));
    }
    if let Some(old) = vm.reserved_host_id.filter(|_| !reserved_here) {
        release_reservation_on(db, old, cpu, memory).await?;
    }
    let mut claimed = Claimed {
        host_id: target.host_id,
        ..Claimed::default()
    };

    // Every volume of the VM still without storage (the ROOT disk at first start, data disks made with it or
    // attached before it ever ran) goes to the chosen pool under one guarded space claim.
    let unplaced: Vec<volume::Model> = volume::Entity::find()
        .filter(volume::Column::VmId.eq(vm.id))
        .filter(volume::Column::PoolId.is_null())
        .filter(volume::Column::Removed.is_null())
        .all(db)
        .await?;
    if !unplaced.is_empty() {
        let bytes: i64 = unplaced.iter().map(|v| v.size_bytes).sum();
        let taken = storage_pool::Entity::update_many()
            .col_expr(
                storage_pool::Column::AllocatedBytes,
                add(storage_pool::Column::AllocatedBytes, bytes),
            )
            .filter(storage_pool::Column::Id.eq(target.pool_id))
            .filter(storage_pool::Column::State.eq("Up"))
            .filter(
                Expr::col(storage_pool::Column::AllocatedBytes)
                    .add(bytes)
                    .lte(target.pool_limit_bytes),
            )
            .exec(db)
            .await?;
        if taken.rows_affected != 1 {
            return Ok(Err(Lost::Pool));
        }
        let ids: Vec<i64> = unplaced.iter().map(|v| v.id).collect();
        volume::Entity::update_many()
            .col_expr(volume::Column::PoolId, Expr::value(target.pool_id))
            .col_expr(volume::Column::PodId, Expr::value(target.pod_id))
            .col_expr(volume::Column::State, Expr::value("Ready"))
            .col_expr(volume::Column::Path, Expr::col(volume::Column::Uuid))
            .col_expr(
                volume::Column::UpdateCount,
                add(volume::Column::UpdateCount, 1),
            )
            .filter(volume::Column::Id.is_in(ids.clone()))
            .exec(db)
            .await?;
        claimed.placed_on_pool = Some((target.pool_id, bytes, ids));
    }

    let mut private_ip = vm.private_ip.clone();
    let has_nic = nic::Entity::find()
        .filter(nic::Column::VmId.eq(vm.id))
        .one(db)
        .await?
        .is_some();
    if !has_nic {
        let Some(address) =
            addresses::claim(db, target.network_id, target.pod_id, vm.id, now).await?
        else {
            return Ok(Err(Lost::Addresses {
                pod_id: target.pod_id,
            }));
        };
        let range = vlan::Entity::find_by_id(address.vlan_id).one(db).await?;
        nic::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            vm_id: Set(vm.id),
            network_id: Set(target.network_id),
            ip_address_id: Set(Some(address.id)),
            ip4_address: Set(Some(address.address.clone())),
            netmask: Set(range.as_ref().map(|r| r.netmask.clone())),
            gateway: Set(range.as_ref().map(|r| r.gateway.clone())),
            mac_address: Set(addresses::mac_for(address.id)),
            broadcast_uri: Set(range.as_ref().map(|r| r.vlan_tag.clone())),
            isolation_uri: Set(range.as_ref().map(|r| r.vlan_tag.clone())),
            device_id: Set(0),
            is_default: Set(true),
            created: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        private_ip = Some(address.address);
        claimed.took_address = true;
    }

    let placed = vm_instance::Entity::update_many()
        .col_expr(vm_instance::Column::HostId, Expr::value(target.host_id))
        .col_expr(vm_instance::Column::LastHostId, Expr::value(target.host_id))
        .col_expr(vm_instance::Column::PodId, Expr::value(target.pod_id))
        .col_expr(
            vm_instance::Column::ClusterId,
            Expr::value(target.cluster_id),
        )
        .col_expr(
            vm_instance::Column::ReservedHostId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(vm_instance::Column::PrivateIp, Expr::value(private_ip))
        .col_expr(
            vm_instance::Column::UpdateCount,
            Expr::value(vm.update_count + 1),
        )
        .col_expr(vm_instance::Column::Updated, Expr::value(now))
        .filter(vm_instance::Column::Id.eq(vm.id))
        .filter(vm_instance::Column::UpdateCount.eq(vm.update_count))
        .filter(vm_instance::Column::State.eq("Starting"));
    let fresh = super::state::update_vm_row(db, placed, vm.id)
        .await?
        .ok_or_else(|| {
            EngineError::Conflict(format!("VM {} changed while it was being placed", vm.uuid))
        })?;
    Ok(Ok((claimed, fresh)))
}

/// Gives back what a claim took after the start on its host failed; the VM stays Starting, without a host.
pub async fn undo<C: ConnectionTrait>(
    db: &C,
    vm: &vm_instance::Model,
    claimed: &Claimed,
) -> Result<vm_instance::Model, EngineError> {
    release_use_on(db, claimed.host_id, vm.cpu_mhz(), vm.memory_bytes).await?;
    if let Some((pool_id, bytes, ids)) = &claimed.placed_on_pool {
        unplace(db, ids, *pool_id, *bytes).await?;
    }
    let mut private_ip = vm.private_ip.clone();
    if claimed.took_address {
        release_addresses(db, vm.id).await?;
        private_ip = None;
    }
    vm_instance::Entity::update_many()
        .col_expr(
            vm_instance::Column::HostId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(vm_instance::Column::PrivateIp, Expr::value(private_ip))
        .col_expr(
            vm_instance::Column::UpdateCount,
            add(vm_instance::Column::UpdateCount, 1),
        )
        .filter(vm_instance::Column::Id.eq(vm.id))
        .exec(db)
        .await?;
    vm_instance::Entity::find_by_id(vm.id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal(format!("VM {} vanished", vm.uuid)))
}

/// Running capacity on a host given back (VM stopped for good, failed, or moved away).
pub async fn release_use_on<C: ConnectionTrait>(
    db: &C,
    host_id: i64,
    cpu: i64,
    memory: i64,
) -> Result<(), EngineError> {
    host::Entity::update_many()
        .col_expr(host::Column::CpuUsedMhz, sub(host::Column::CpuUsedMhz, cpu))
        .col_expr(
            host::Column::MemoryUsedBytes,
            sub(host::Column::MemoryUsedBytes, memory),
        )
        .filter(host::Column::Id.eq(host_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Running capacity kept as reserved for a stopped VM (CloudStack's "release to reserved").
pub async fn use_to_reserved<C: ConnectionTrait>(
    db: &C,
    host_id: i64,
    cpu: i64,
    memory: i64,
) -> Result<(), EngineError> {
    host::Entity::update_many()
        .col_expr(host::Column::CpuUsedMhz, sub(host::Column::CpuUsedMhz, cpu))
        .col_expr(
            host::Column::MemoryUsedBytes,
            sub(host::Column::MemoryUsedBytes, memory),
        )
        .col_expr(
            host::Column::CpuReservedMhz,
            add(host::Column::CpuReservedMhz, cpu),
        )
        .col_expr(
            host::Column::MemoryReservedBytes,
            add(host::Column::MemoryReservedBytes, memory),
        )
        .filter(host::Column::Id.eq(host_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn release_reservation_on<C: ConnectionTrait>(
    db: &C,
    host_id: i64,
    cpu: i64,
    memory: i64,
) -> Result<(), EngineError> {
    host::Entity::update_many()
        .col_expr(
            host::Column::CpuReservedMhz,
            sub(host::Column::CpuReservedMhz, cpu),
        )
        .col_expr(
            host::Column::MemoryReservedBytes,
            sub(host::Column::MemoryReservedBytes, memory),
        )
        .filter(host::Column::Id.eq(host_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Room on a migration target, guarded like a start's claim.
pub async fn claim_use_on<C: ConnectionTrait>(
    db: &C,
    host_id: i64,
    cpu: i64,
    memory: i64,
    cpu_limit: i64,
    memory_limit: i64,
) -> Result<bool, EngineError> {
    let taken = host::Entity::update_many()
        .col_expr(host::Column::CpuUsedMhz, add(host::Column::CpuUsedMhz, cpu))
        .col_expr(
            host::Column::MemoryUsedBytes,
            add(host::Column::MemoryUsedBytes, memory),
        )
        .filter(host::Column::Id.eq(host_id))
        .filter(host::Column::Status.eq("Up"))
        .filter(host::Column::ResourceState.eq("Enabled"))
        .filter(room_for(cpu, memory, cpu_limit, memory_limit))
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// Takes volumes off their pool (their space given back) and marks them Allocated again.
async fn unplace<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
    pool_id: i64,
    bytes: i64,
) -> Result<(), EngineError> {
    release_pool_space(db, pool_id, bytes).await?;
    volume::Entity::update_many()
        .col_expr(volume::Column::PoolId, Expr::value(Option::<i64>::None))
        .col_expr(volume::Column::State, Expr::value("Allocated"))
        .col_expr(volume::Column::Path, Expr::value(Option::<String>::None))
        .filter(volume::Column::Id.is_in(ids.to_vec()))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn release_pool_space<C: ConnectionTrait>(
    db: &C,
    pool_id: i64,
    bytes: i64,
) -> Result<(), EngineError> {
    storage_pool::Entity::update_many()
        .col_expr(
            storage_pool::Column::AllocatedBytes,
            sub(storage_pool::Column::AllocatedBytes, bytes),
        )
        .filter(storage_pool::Column::Id.eq(pool_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes the VM's NICs and frees their addresses (expunge, or a first start that failed).
pub async fn release_addresses<C: ConnectionTrait>(db: &C, vm_id: i64) -> Result<(), EngineError> {
    nic::Entity::delete_many()
        .filter(nic::Column::VmId.eq(vm_id))
        .exec(db)
        .await?;
    addresses::release_vm(db, vm_id).await?;
    Ok(())
}
