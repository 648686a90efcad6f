//! Volumes: create (Allocated, no storage until a VM that has run needs it), attach with a guarded pool claim, detach, resize, delete, and the listVolumes query.

use super::{claims, find_for as find_vm, invalid, limits, may_access};
use crate::db::Db;
use crate::db::entity::{cluster, disk_offering, domain, storage_pool, vm_instance, volume, zone};
use crate::engine::EngineError;
use crate::engine::accounts::RoleType;
use crate::engine::accounts::account_mgmt;
use crate::engine::accounts::caller::Caller;
use crate::engine::capacity;
use crate::engine::events;
use crate::engine::settings::{self, ScopeRef};
use chrono::NaiveDateTime;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

pub const ROOT: &str = "ROOT";
pub const DATADISK: &str = "DATADISK";
const GIB: i64 = 1024 * 1024 * 1024;
/// Highest device id a data volume may take (KVM's virtio limit; 0 is the ROOT disk).
const MAX_DEVICE_ID: i64 = 25;
/// Volume states CloudStack shows as gone: listVolumes hides them unless asked for by `state`.
const GONE_STATES: [&str; 3] = ["Destroy", "Expunging", "Expunged"];
/// Every volume state (cloudstack-api.md §6.4), to canonicalise a `state` filter.
const STATES: [&str; 19] = [
    "Allocated",
    "Creating",
    "Ready",
    "Migrating",
    "Snapshotting",
    "RevertSnapshotting",
    "Resizing",
    "Expunging",
    "Expunged",
    "Destroy",
    "Destroying",
    "UploadOp",
    "Copying",
    "Uploaded",
    "NotUploaded",
    "UploadInProgress",
    "UploadError",
    "UploadAbandoned",
    "Attaching",
];

/// listVolumes' filters, resolved to internal ids.
#[derive(Clone, Debug, Default)]
pub struct VolumeFilter {
    pub ids: Vec<String>,
    pub name: Option<String>,
    pub vm_id: Option<i64>,
    pub volume_type: Option<String>,
    pub zone_id: Option<i64>,
    pub pod_id: Option<i64>,
    pub pool_id: Option<i64>,
    pub disk_offering_id: Option<i64>,
    pub state: Option<String>,
    pub keyword: Option<String>,
    /// `None`: every account.
    pub accounts: Option<Vec<i64>>,
    pub page: Option<(u64, u64)>,
}

fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// `type` as CloudStack spells it, or 431 naming `param`.
pub fn volume_type(value: &str, param: &str) -> Result<&'static str, EngineError> {
    [ROOT, DATADISK]
        .into_iter()
        .find(|t| t.eq_ignore_ascii_case(value))
        .ok_or_else(|| {
            invalid(
                param,
                format!("{value} is not a volume type (ROOT or DATADISK)"),
            )
        })
}

/// The total count and the requested page, newest first; removed and destroyed volumes are never shown unless
/// `state` asks for a destroyed state.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &VolumeFilter,
) -> Result<(u64, Vec<volume::Model>), EngineError> {
    let mut q = volume::Entity::find().filter(volume::Column::Removed.is_null());
    if !f.ids.is_empty() {
        q = q.filter(volume::Column::Uuid.is_in(f.ids.clone()));
    }
    if let Some(name) = &f.name {
        q = q.filter(volume::Column::Name.eq(name.as_str()));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(
            Condition::any()
                .add(volume::Column::Name.like(like_pattern(k)))
                .add(volume::Column::State.like(like_pattern(k))),
        );
    }
    match &f.state {
        Some(s) => {
            let canonical = STATES
                .into_iter()
                .find(|v| v.eq_ignore_ascii_case(s))
                .unwrap_or(s.as_str());
            q = q.filter(volume::Column::State.eq(canonical));
        }
        None => q = q.filter(volume::Column::State.is_not_in(GONE_STATES)),
    }
    if let Some(t) = &f.volume_type {
        q = q.filter(volume::Column::VolumeType.eq(t.as_str()));
    }
    for (column, value) in [
        (volume::Column::VmId, f.vm_id),
        (volume::Column::ZoneId, f.zone_id),
        (volume::Column::PodId, f.pod_id),
        (volume::Column::PoolId, f.pool_id),
        (volume::Column::DiskOfferingId, f.disk_offering_id),
    ] {
        if let Some(v) = value {
            q = q.filter(column.eq(v));
        }
    }
    if let Some(accounts) = &f.accounts {
        q = q.filter(volume::Column::AccountId.is_in(accounts.clone()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_desc(volume::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}

/// The live volume `uuid` when `caller` may act on it (431 when unknown, 531 when another account's).
pub async fn find_for<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    param: &str,
) -> Result<volume::Model, EngineError> {
    let v = volume::Entity::find()
        .filter(volume::Column::Uuid.eq(uuid))
        .filter(volume::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| invalid(param, format!("unable to find volume with id {uuid}")))?;
    let path = domain::Entity::find_by_id(v.domain_id)
        .one(db)
        .await?
        .map(|d| d.path)
        .unwrap_or_default();
    if !may_access(caller, v.account_id, &path) {
        return Err(EngineError::PermissionDenied(format!(
            "Account {} does not have permission to access volume {uuid}",
            caller.account_name
        )));
    }
    Ok(v)
}

async fn reload<C: ConnectionTrait>(db: &C, id: i64) -> Result<volume::Model, EngineError> {
    volume::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal(format!("volume {id} vanished")))
}

/// The data volume attached to `vm_uuid` at `device_id` (detachVolume's other way to name a volume).
pub async fn find_at_device<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    vm_uuid: &str,
    device_id: i64,
) -> Result<volume::Model, EngineError> {
    let vm = find_vm(db, caller, vm_uuid, "virtualmachineid").await?;
    let device = i32::try_from(device_id)
        .map_err(|_| invalid("deviceid", format!("{device_id} is out of range")))?;
    let v = volume::Entity::find()
        .filter(volume::Column::VmId.eq(vm.id))
        .filter(volume::Column::DeviceId.eq(device))
        .filter(volume::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| {
            invalid(
                "deviceid",
                format!("VM {} has no volume at device {device_id}", vm.name),
            )
        })?;
    find_for(db, caller, &v.uuid, "id").await
}

async fn find_offering<C: ConnectionTrait>(
    db: &C,
    uuid: &str,
) -> Result<disk_offering::Model, EngineError> {
    disk_offering::Entity::find()
        .filter(disk_offering::Column::Uuid.eq(uuid))
        .filter(disk_offering::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| {
            invalid(
                "diskofferingid",
                format!("unable to find disk offering {uuid}"),
            )
        })
}

/// A customised size in GiB within `custom.diskoffering.size.min`..`max`, as bytes.
async fn custom_bytes<C: ConnectionTrait>(db: &C, gb: i64) -> Result<i64, EngineError> {
    let min = settings::integer(db, "custom.diskoffering.size.min", ScopeRef::Global).await?;
    let max = settings::integer(db, "custom.diskoffering.size.max", ScopeRef::Global).await?;
    if gb <= 0 || gb < min || gb > max {
        return Err(invalid(
            "size",
            format!(
                "{gb} GiB is outside {min}..{max} GiB (custom.diskoffering.size.min and custom.diskoffering.size.max)"
            ),
        ));
    }
    Ok(gb.saturating_mul(GIB))
}

/// createVolume's parameters (uuids as sent).
#[derive(Clone, Debug, Default)]
pub struct CreateRequest {
    pub name: Option<String>,
    pub disk_offering_id: String,
    pub zone_id: Option<String>,
    /// GiB, only for a customised offering.
    pub size_gb: Option<i64>,
    pub vm_id: Option<String>,
    pub account: Option<String>,
    pub domain_id: Option<String>,
}

/// The async-create half of createVolume: every check, then the volume in state Allocated without storage.
/// Returns it and the VM to attach it to in the job, if any.
pub async fn create(
    db: &Db,
    caller: &Caller,
    r: &CreateRequest,
) -> Result<(volume::Model, Option<vm_instance::Model>), EngineError> {
    let vm = match &r.vm_id {
        Some(uuid) => Some(find_vm(db, caller, uuid, "virtualmachineid").await?),
        None => None,
    };
    let zone = match (&r.zone_id, &vm) {
        (Some(uuid), _) => zone::Entity::find()
            .filter(zone::Column::Uuid.eq(uuid.as_str()))
            .filter(zone::Column::Removed.is_null())
            .one(db)
            .await?
            .ok_or_else(|| invalid("zoneid", format!("unable to find zone {uuid}")))?,
        (None, Some(vm)) => zone::Entity::find_by_id(vm.zone_id)
            .one(db)
            .await?
            .ok_or_else(|| EngineError::Internal("VM's zone vanished".into()))?,
        (None, None) => {
            return Err(invalid(
                "zoneid",
                "is required (or virtualmachineid, whose zone is used)",
            ));
        }
    };
    if let Some(vm) = &vm
        && vm.zone_id != zone.id
    {
        return Err(invalid(
            "virtualmachineid",
            format!("VM {} is not in zone {}", vm.name, zone.name),
        ));
    }
    if zone.allocation_state != "Enabled" && caller.role_type != RoleType::Admin {
        return Err(EngineError::PermissionDenied(format!(
            "Cannot perform this operation, zone {} is currently disabled",
            zone.name
        )));
    }
    let owner =
        account_mgmt::acting_for(db, caller, r.account.as_deref(), r.domain_id.as_deref()).await?;
    if let Some(vm) = &vm
        && vm.account_id != owner.id
    {
        return Err(invalid(
            "virtualmachineid",
            format!("VM {} belongs to another account than the volume", vm.name),
        ));
    }
    let offering = find_offering(db, &r.disk_offering_id).await?;
    if offering.zone_id.is_some_and(|z| z != zone.id) {
        return Err(invalid(
            "diskofferingid",
            format!(
                "disk offering {} is not available in zone {}",
                offering.name, zone.name
            ),
        ));
    }
    let size_bytes = match (offering.is_customized, r.size_gb) {
        (true, Some(gb)) => custom_bytes(db, gb).await?,
        (true, None) => {
            return Err(invalid(
                "size",
                format!("is required: disk offering {} is customised", offering.name),
            ));
        }
        (false, Some(_)) => {
            return Err(invalid(
                "size",
                format!(
                    "cannot be given: disk offering {} has a fixed size",
                    offering.name
                ),
            ));
        }
        (false, None) => offering.disk_size_gb.unwrap_or(0).saturating_mul(GIB),
    };
    let uuid = uuid::Uuid::new_v4().to_string();
    let name = r.name.clone().unwrap_or_else(|| uuid.clone());
    if name.is_empty() || name.len() > 255 {
        return Err(invalid("name", "must be 1 to 255 characters long"));
    }
    limits::check(
        db,
        &owner,
        limits::Adding {
            volumes: 1,
            ..limits::Adding::default()
        },
    )
    .await?;
    let now = chrono::Utc::now().naive_utc();
    let txn = db.begin().await?;
    let created = volume::ActiveModel {
        uuid: Set(uuid.clone()),
        name: Set(name.clone()),
        account_id: Set(owner.id),
        domain_id: Set(owner.domain_id),
        zone_id: Set(zone.id),
        volume_type: Set(DATADISK.into()),
        size_bytes: Set(size_bytes),
        disk_offering_id: Set(Some(offering.id)),
        state: Set("Allocated".into()),
        provisioning_type: Set(offering.provisioning_type.clone()),
        update_count: Set(0),
        created: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    events::about(
        &txn,
        caller,
        "VOLUME.CREATE",
        "Volume",
        &uuid,
        format!(
            "created volume {name} ({} GiB, offering {}) in zone {}",
            size_bytes / GIB,
            offering.name,
            zone.name
        ),
    )
    .await?;
    txn.commit().await?;
    Ok((created, vm))
}

/// Whether a pool carries every storage tag the offering asks for.
fn tags_match(offering_tags: &str, pool_tags: &str) -> bool {
    let have: Vec<&str> = pool_tags.split(',').map(str::trim).collect();
    offering_tags
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .all(|t| have.contains(&t))
}

/// The most a pool may hold allocated: `capacity × overprovisioning × pool.storage.allocated.capacity.disablethreshold`
/// (the line the allocators stop at).
async fn pool_limit<C: ConnectionTrait>(
    db: &C,
    pool: &storage_pool::Model,
) -> Result<i64, EngineError> {
    let factor = if capacity::overprovisioned(&pool.pool_type) {
        capacity::storage_factor(db, pool).await?
    } else {
        1.0
    };
    let threshold = settings::float(
        db,
        "pool.storage.allocated.capacity.disablethreshold",
        ScopeRef::Zone(pool.zone_id),
    )
    .await?;
    Ok((pool.capacity_bytes as f64 * factor * threshold).floor() as i64)
}

/// Adds `bytes` to the pool's allocation only while it stays within `limit` and the pool is Up.
async fn claim_pool_space<C: ConnectionTrait>(
    db: &C,
    pool_id: i64,
    bytes: i64,
    limit: i64,
) -> Result<bool, EngineError> {
    let taken = storage_pool::Entity::update_many()
        .col_expr(
            storage_pool::Column::AllocatedBytes,
            Expr::col(storage_pool::Column::AllocatedBytes).add(bytes),
        )
        .filter(storage_pool::Column::Id.eq(pool_id))
        .filter(storage_pool::Column::State.eq("Up"))
        .filter(storage_pool::Column::Removed.is_null())
        .filter(
            Expr::col(storage_pool::Column::AllocatedBytes)
                .add(bytes)
                .lte(limit),
        )
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

fn gib_text(bytes: i64) -> String {
    format!("{:.1} GiB", bytes as f64 / GIB as f64)
}

/// Where a VM's disks must live: the cluster it ran in (or its ROOT pool's) and that cluster's hypervisor.
async fn vm_cluster<C: ConnectionTrait>(
    db: &C,
    vm: &vm_instance::Model,
    root_pool: &storage_pool::Model,
) -> Result<Option<cluster::Model>, EngineError> {
    match vm.cluster_id.or(root_pool.cluster_id) {
        Some(id) => Ok(cluster::Entity::find_by_id(id).one(db).await?),
        None => Ok(None),
    }
}

/// Whether hosts of `cluster` (or, unknown, of the ROOT pool's reach) can use `pool`.
fn reachable(
    pool: &storage_pool::Model,
    cluster: Option<&cluster::Model>,
    root_pool: &storage_pool::Model,
) -> bool {
    if pool.zone_id != root_pool.zone_id || pool.state != "Up" || pool.removed.is_some() {
        return false;
    }
    let Some(c) = cluster else {
        return pool.id == root_pool.id;
    };
    let scope_ok = match (pool.scope.as_str(), pool.cluster_id) {
        ("ZONE", _) | (_, None) => true,
        (_, Some(id)) => id == c.id,
    };
    let hypervisor_ok = pool
        .hypervisor
        .as_deref()
        .filter(|h| !h.is_empty() && *h != "Any")
        .is_none_or(|h| h.eq_ignore_ascii_case(&c.hypervisor));
    scope_ok && hypervisor_ok
}

/// Claims room for `bytes` on a pool the VM reaches: its ROOT pool first, then cluster-scoped pools, then
/// zone-wide ones. 533 naming every candidate's free room when none has enough.
async fn place_for_vm<C: ConnectionTrait>(
    db: &C,
    vm: &vm_instance::Model,
    root_pool: &storage_pool::Model,
    offering: Option<&disk_offering::Model>,
    volume: &volume::Model,
) -> Result<storage_pool::Model, EngineError> {
    let cluster = vm_cluster(db, vm, root_pool).await?;
    let mut candidates: Vec<storage_pool::Model> = storage_pool::Entity::find()
        .filter(storage_pool::Column::ZoneId.eq(vm.zone_id))
        .filter(storage_pool::Column::Removed.is_null())
        .order_by_asc(storage_pool::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|p| reachable(p, cluster.as_ref(), root_pool))
        .filter(|p| offering.is_none_or(|o| tags_match(&o.tags, &p.tags)))
        .collect();
    // Same pool as the ROOT disk first, then cluster-scoped before zone-wide (the cluster allocator runs first).
    candidates.sort_by_key(|p| (p.id != root_pool.id, p.scope == "ZONE"));
    let mut tried = Vec::new();
    for pool in &candidates {
        let limit = pool_limit(db, pool).await?;
        if claim_pool_space(db, pool.id, volume.size_bytes, limit).await? {
            return Ok(pool.clone());
        }
        let fresh = storage_pool::Entity::find_by_id(pool.id).one(db).await?;
        let free = fresh.map_or(0, |p| Ord::max(limit - p.allocated_bytes, 0));
        tried.push(format!("{} has {} free", pool.name, gib_text(free)));
    }
    let where_ = cluster
        .as_ref()
        .map_or_else(|| "the VM".to_string(), |c| format!("cluster {}", c.name));
    Err(EngineError::InsufficientCapacity {
        explanation: if tried.is_empty() {
            format!(
                "Unable to attach volume {} ({}): no Up primary storage pool reachable from {where_} matches its disk offering",
                volume.name,
                gib_text(volume.size_bytes)
            )
        } else {
            format!(
                "Unable to attach volume {} ({}): no primary storage pool reachable from {where_} has room ({})",
                volume.name,
                gib_text(volume.size_bytes),
                tried.join("; ")
            )
        },
    })
}

fn wrong_state(what: &str, name: &str, state: &str, doing: &str) -> EngineError {
    EngineError::InvalidState(format!("{what} {name} is in state {state}; cannot {doing}"))
}

/// Takes the VM row's lock for the transaction (a no-op write) so attaches to one VM see each other's devices.
async fn lock_vm<C: ConnectionTrait>(
    db: &C,
    vm_id: i64,
) -> Result<vm_instance::Model, EngineError> {
    vm_instance::Entity::update_many()
        .col_expr(
            vm_instance::Column::UpdateCount,
            Expr::col(vm_instance::Column::UpdateCount),
        )
        .filter(vm_instance::Column::Id.eq(vm_id))
        .exec(db)
        .await?;
    super::reload(db, vm_id).await
}

/// attachVolume: a detached data volume joins a Running or Stopped VM of its zone and account at `device_id`
/// (default: the lowest free ≥ 1). If the VM's ROOT disk is on a pool, the volume is placed too (or moved when
/// its pool is out of the VM's reach), its space claimed under guard; otherwise storage waits as in CloudStack.
pub async fn attach(
    db: &Db,
    caller: &Caller,
    vol: volume::Model,
    vm: vm_instance::Model,
    device_id: Option<i64>,
) -> Result<volume::Model, EngineError> {
    if vol.volume_type != DATADISK {
        return Err(invalid(
            "id",
            format!(
                "volume {} is a {} volume; only data volumes can be attached",
                vol.name, vol.volume_type
            ),
        ));
    }
    if vm.zone_id != vol.zone_id {
        return Err(invalid(
            "virtualmachineid",
            format!("VM {} is not in the zone of volume {}", vm.name, vol.name),
        ));
    }
    if vm.account_id != vol.account_id {
        return Err(invalid(
            "virtualmachineid",
            format!(
                "VM {} and volume {} belong to different accounts",
                vm.name, vol.name
            ),
        ));
    }
    if let Some(d) = device_id
        && !(1..=MAX_DEVICE_ID).contains(&d)
    {
        return Err(invalid(
            "deviceid",
            format!("must be between 1 and {MAX_DEVICE_ID} (0 is the ROOT disk)"),
        ));
    }
    let offering = match vol.disk_offering_id {
        Some(id) => disk_offering::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let now = chrono::Utc::now().naive_utc();
    let txn = db.begin().await?;
    let outcome = attach_in(&txn, &vol, &vm, device_id, offering.as_ref(), now).await;
    match outcome {
        Ok(attached) => {
            events::about(
                &txn,
                caller,
                "VOLUME.ATTACH",
                "Volume",
                &attached.uuid,
                format!(
                    "attached volume {} to VM {} at device {}",
                    attached.name,
                    vm.name,
                    attached.device_id.unwrap_or_default()
                ),
            )
            .await?;
            txn.commit().await?;
            Ok(attached)
        }
        Err(e) => {
            txn.rollback().await?;
            Err(e)
        }
    }
}

async fn attach_in<C: ConnectionTrait>(
    db: &C,
    vol: &volume::Model,
    vm: &vm_instance::Model,
    device_id: Option<i64>,
    offering: Option<&disk_offering::Model>,
    now: NaiveDateTime,
) -> Result<volume::Model, EngineError> {
    let vm = lock_vm(db, vm.id).await?;
    if !matches!(vm.state.as_str(), "Running" | "Stopped") {
        return Err(wrong_state(
            "VM",
            &vm.name,
            &vm.state,
            "attach a volume (virtualmachineid must be Running or Stopped)",
        ));
    }
    let vol = reload(db, vol.id).await?;
    if let Some(other) = vol.vm_id {
        let name = vm_instance::Entity::find_by_id(other)
            .one(db)
            .await?
            .map_or_else(|| other.to_string(), |v| v.name);
        return Err(invalid(
            "id",
            format!("volume {} is already attached to VM {name}", vol.name),
        ));
    }
    if !matches!(vol.state.as_str(), "Allocated" | "Ready") {
        return Err(wrong_state(
            "volume",
            &vol.name,
            &vol.state,
            "attach it (id must be Allocated or Ready)",
        ));
    }
    let volumes = volume::Entity::find()
        .filter(volume::Column::VmId.eq(vm.id))
        .filter(volume::Column::Removed.is_null())
        .all(db)
        .await?;
    let taken: Vec<i64> = volumes
        .iter()
        .filter_map(|v| v.device_id.map(i64::from))
        .collect();
    let device = match device_id {
        Some(d) if taken.contains(&d) => {
            return Err(invalid(
                "deviceid",
                format!("device {d} of VM {} is already in use", vm.name),
            ));
        }
        Some(d) => d,
        None => (1..=MAX_DEVICE_ID)
            .find(|d| !taken.contains(d))
            .ok_or_else(|| {
                invalid(
                    "virtualmachineid",
                    format!("VM {} has no free device id left", vm.name),
                )
            })?,
    };
    let device = i32::try_from(device).map_err(|_| invalid("deviceid", "is out of range"))?;
    let root_pool = match volumes
        .iter()
        .find(|v| v.volume_type == ROOT)
        .and_then(|r| r.pool_id)
    {
        Some(id) => storage_pool::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let mut pool_id = vol.pool_id;
    let mut pod_id = vol.pod_id;
    if let Some(root_pool) = &root_pool {
        let current = match vol.pool_id {
            Some(id) => storage_pool::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        let cluster = vm_cluster(db, &vm, root_pool).await?;
        let keep = current
            .as_ref()
            .is_some_and(|p| reachable(p, cluster.as_ref(), root_pool));
        if !keep {
            let pool = place_for_vm(db, &vm, root_pool, offering, &vol).await?;
            // A placed volume out of the VM's reach moves: its old pool gets the space back.
            if let Some(old) = &current {
                claims::release_pool_space(db, old.id, vol.size_bytes).await?;
            }
            pool_id = Some(pool.id);
            pod_id = pool.pod_id.or(vm.pod_id);
        }
    }
    let state = if pool_id.is_some() {
        "Ready"
    } else {
        "Allocated"
    };
    let done = volume::Entity::update_many()
        .col_expr(volume::Column::VmId, Expr::value(vm.id))
        .col_expr(volume::Column::DeviceId, Expr::value(device))
        .col_expr(volume::Column::Attached, Expr::value(now))
        .col_expr(volume::Column::PoolId, Expr::value(pool_id))
        .col_expr(volume::Column::PodId, Expr::value(pod_id))
        .col_expr(volume::Column::State, Expr::value(state))
        .col_expr(
            volume::Column::Path,
            Expr::value(pool_id.map(|_| vol.uuid.clone())),
        )
        .col_expr(
            volume::Column::UpdateCount,
            Expr::value(vol.update_count + 1),
        )
        .filter(volume::Column::Id.eq(vol.id))
        .filter(volume::Column::UpdateCount.eq(vol.update_count))
        .filter(volume::Column::VmId.is_null())
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(EngineError::Conflict(format!(
            "volume {} changed while it was being attached; try again",
            vol.name
        )));
    }
    reload(db, vol.id).await
}

/// detachVolume: a data volume leaves its Running or Stopped VM and keeps its storage (state unchanged); a
/// Destroyed VM's data volumes may leave too, as in CloudStack, so they survive its expunge.
pub async fn detach(
    db: &Db,
    caller: &Caller,
    vol: volume::Model,
) -> Result<volume::Model, EngineError> {
    if vol.volume_type == ROOT {
        return Err(invalid(
            "id",
            format!(
                "volume {} is a ROOT volume and cannot be detached",
                vol.name
            ),
        ));
    }
    let Some(vm_id) = vol.vm_id else {
        return Err(invalid(
            "id",
            format!("volume {} is not attached to any VM", vol.name),
        ));
    };
    let txn = db.begin().await?;
    let outcome = detach_in(&txn, &vol, vm_id).await;
    match outcome {
        Ok((detached, vm)) => {
            events::about(
                &txn,
                caller,
                "VOLUME.DETACH",
                "Volume",
                &detached.uuid,
                format!("detached volume {} from VM {}", detached.name, vm.name),
            )
            .await?;
            txn.commit().await?;
            Ok(detached)
        }
        Err(e) => {
            txn.rollback().await?;
            Err(e)
        }
    }
}

async fn detach_in<C: ConnectionTrait>(
    db: &C,
    vol: &volume::Model,
    vm_id: i64,
) -> Result<(volume::Model, vm_instance::Model), EngineError> {
    let vm = lock_vm(db, vm_id).await?;
    if !matches!(vm.state.as_str(), "Running" | "Stopped" | "Destroyed") {
        return Err(wrong_state(
            "VM",
            &vm.name,
            &vm.state,
            "detach a volume (it must be Running, Stopped or Destroyed)",
        ));
    }
    let vol = reload(db, vol.id).await?;
    if !matches!(vol.state.as_str(), "Allocated" | "Ready") {
        return Err(wrong_state(
            "volume",
            &vol.name,
            &vol.state,
            "detach it (id must be Allocated or Ready)",
        ));
    }
    let done = volume::Entity::update_many()
        .col_expr(volume::Column::VmId, Expr::value(Option::<i64>::None))
        .col_expr(volume::Column::DeviceId, Expr::value(Option::<i32>::None))
        .col_expr(
            volume::Column::Attached,
            Expr::value(Option::<NaiveDateTime>::None),
        )
        .col_expr(
            volume::Column::UpdateCount,
            Expr::value(vol.update_count + 1),
        )
        .filter(volume::Column::Id.eq(vol.id))
        .filter(volume::Column::UpdateCount.eq(vol.update_count))
        .filter(volume::Column::VmId.eq(vm_id))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(EngineError::Conflict(format!(
            "volume {} changed while it was being detached; try again",
            vol.name
        )));
    }
    Ok((reload(db, vol.id).await?, vm))
}

/// resizeVolume's parameters.
#[derive(Clone, Debug, Default)]
pub struct ResizeRequest {
    /// GiB.
    pub size_gb: Option<i64>,
    pub disk_offering_id: Option<String>,
    pub shrink_ok: bool,
}

/// resizeVolume: the new size from `size` (customised offering, or a ROOT disk) or the new offering. A placed
/// volume goes Ready → Resizing → Ready and its growth is a guarded claim on its pool (533 without room);
/// shrinking gives space back and needs `shrinkok`.
pub async fn resize(
    db: &Db,
    caller: &Caller,
    vol: volume::Model,
    r: &ResizeRequest,
) -> Result<volume::Model, EngineError> {
    let new_offering = match &r.disk_offering_id {
        Some(uuid) => {
            if vol.volume_type == ROOT {
                return Err(invalid(
                    "diskofferingid",
                    "cannot be given for a ROOT volume; resize it with size",
                ));
            }
            Some(find_offering(db, uuid).await?)
        }
        None => None,
    };
    let current_offering = match vol.disk_offering_id {
        Some(id) => disk_offering::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let customised = new_offering
        .as_ref()
        .or(current_offering.as_ref())
        .is_none_or(|o| o.is_customized);
    let new_bytes = match (&new_offering, r.size_gb) {
        (None, None) => {
            return Err(invalid("size", "either size or diskofferingid is required"));
        }
        (_, Some(gb)) if customised => custom_bytes(db, gb).await?,
        (Some(o), None) if !o.is_customized => o.disk_size_gb.unwrap_or(0).saturating_mul(GIB),
        (Some(o), None) => {
            return Err(invalid(
                "size",
                format!("is required: disk offering {} is customised", o.name),
            ));
        }
        (_, Some(_)) => {
            return Err(invalid(
                "size",
                "cannot be given: the volume's disk offering has a fixed size (choose another diskofferingid)",
            ));
        }
    };
    if new_bytes == vol.size_bytes && new_offering.is_none() {
        return Err(invalid(
            "size",
            format!("volume {} already has {}", vol.name, gib_text(new_bytes)),
        ));
    }
    if new_bytes < vol.size_bytes && !r.shrink_ok {
        return Err(invalid(
            "shrinkok",
            format!(
                "must be true to shrink volume {} from {} to {}",
                vol.name,
                gib_text(vol.size_bytes),
                gib_text(new_bytes)
            ),
        ));
    }
    let offering_id = new_offering.as_ref().map(|o| o.id).or(vol.disk_offering_id);
    let delta = new_bytes - vol.size_bytes;
    let resized = match (vol.state.as_str(), vol.pool_id) {
        ("Allocated", None) => {
            // No storage yet: only the recorded size changes.
            let done = volume::Entity::update_many()
                .col_expr(volume::Column::SizeBytes, Expr::value(new_bytes))
                .col_expr(volume::Column::DiskOfferingId, Expr::value(offering_id))
                .col_expr(
                    volume::Column::UpdateCount,
                    Expr::value(vol.update_count + 1),
                )
                .filter(volume::Column::Id.eq(vol.id))
                .filter(volume::Column::UpdateCount.eq(vol.update_count))
                .filter(volume::Column::State.eq("Allocated"))
                .filter(volume::Column::PoolId.is_null())
                .exec(db)
                .await?;
            if done.rows_affected != 1 {
                return Err(EngineError::Conflict(format!(
                    "volume {} changed while it was being resized; try again",
                    vol.name
                )));
            }
            reload(db, vol.id).await?
        }
        ("Ready", Some(pool_id)) => {
            resize_placed(db, &vol, pool_id, new_bytes, delta, offering_id).await?
        }
        (state, _) => {
            return Err(wrong_state(
                "volume",
                &vol.name,
                state,
                "resize it (id must be Allocated or Ready)",
            ));
        }
    };
    events::about(
        db,
        caller,
        "VOLUME.RESIZE",
        "Volume",
        &resized.uuid,
        format!(
            "resized volume {} from {} to {}",
            resized.name,
            gib_text(vol.size_bytes),
            gib_text(new_bytes)
        ),
    )
    .await?;
    Ok(resized)
}

/// Ready → Resizing (guarded by update_count, so a concurrent change loses), the pool claim or release, then
/// Ready with the new size; a claim without room puts it back to Ready unchanged and answers 533.
async fn resize_placed(
    db: &Db,
    vol: &volume::Model,
    pool_id: i64,
    new_bytes: i64,
    delta: i64,
    offering_id: Option<i64>,
) -> Result<volume::Model, EngineError> {
    let begun = volume::Entity::update_many()
        .col_expr(volume::Column::State, Expr::value("Resizing"))
        .col_expr(
            volume::Column::UpdateCount,
            Expr::value(vol.update_count + 1),
        )
        .filter(volume::Column::Id.eq(vol.id))
        .filter(volume::Column::UpdateCount.eq(vol.update_count))
        .filter(volume::Column::State.eq("Ready"))
        .exec(db)
        .await?;
    if begun.rows_affected != 1 {
        return Err(EngineError::Conflict(format!(
            "volume {} changed while it was being resized; try again",
            vol.name
        )));
    }
    let resizing = vol.update_count + 1;
    // Reads before the transaction: on SQLite its first statement must be a write.
    let pool = storage_pool::Entity::find_by_id(pool_id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal("volume's pool vanished".into()))?;
    let limit = pool_limit(db, &pool).await?;
    let txn = db.begin().await?;
    let claimed = if delta > 0 {
        if claim_pool_space(&txn, pool_id, delta, limit).await? {
            Ok(())
        } else {
            let free = storage_pool::Entity::find_by_id(pool_id)
                .one(&txn)
                .await?
                .map_or(0, |p| Ord::max(limit - p.allocated_bytes, 0));
            Err(EngineError::InsufficientCapacity {
                explanation: format!(
                    "Unable to resize volume {} to {}: pool {} has {} free for the {} more it needs",
                    vol.name,
                    gib_text(new_bytes),
                    pool.name,
                    gib_text(free),
                    gib_text(delta)
                ),
            })
        }
    } else {
        claims::release_pool_space(&txn, pool_id, -delta).await?;
        Ok(())
    };
    let (size, offering) = if claimed.is_ok() {
        (new_bytes, offering_id)
    } else {
        (vol.size_bytes, vol.disk_offering_id)
    };
    volume::Entity::update_many()
        .col_expr(volume::Column::State, Expr::value("Ready"))
        .col_expr(volume::Column::SizeBytes, Expr::value(size))
        .col_expr(volume::Column::DiskOfferingId, Expr::value(offering))
        .col_expr(volume::Column::UpdateCount, Expr::value(resizing + 1))
        .filter(volume::Column::Id.eq(vol.id))
        .filter(volume::Column::UpdateCount.eq(resizing))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    claimed?;
    reload(db, vol.id).await
}

/// deleteVolume: a detached volume gives its pool space back and is marked removed (state Expunged).
pub async fn delete(db: &Db, caller: &Caller, vol: volume::Model) -> Result<(), EngineError> {
    if vol.vm_id.is_some() {
        return Err(invalid(
            "id",
            format!("volume {} is attached to a VM; detach it first", vol.name),
        ));
    }
    if !matches!(vol.state.as_str(), "Allocated" | "Ready" | "Destroy") {
        return Err(wrong_state("volume", &vol.name, &vol.state, "delete it"));
    }
    let now = chrono::Utc::now().naive_utc();
    let txn = db.begin().await?;
    // The guarded write first: it takes the lock (SQLite) and loses to any concurrent change.
    let done = volume::Entity::update_many()
        .col_expr(volume::Column::State, Expr::value("Expunged"))
        .col_expr(volume::Column::PoolId, Expr::value(Option::<i64>::None))
        .col_expr(volume::Column::Removed, Expr::value(now))
        .col_expr(
            volume::Column::UpdateCount,
            Expr::value(vol.update_count + 1),
        )
        .filter(volume::Column::Id.eq(vol.id))
        .filter(volume::Column::UpdateCount.eq(vol.update_count))
        .filter(volume::Column::VmId.is_null())
        .filter(volume::Column::Removed.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        txn.rollback().await?;
        return Err(EngineError::Conflict(format!(
            "volume {} changed while it was being deleted; try again",
            vol.name
        )));
    }
    if let Some(pool) = vol.pool_id {
        claims::release_pool_space(&txn, pool, vol.size_bytes).await?;
    }
    events::about(
        &txn,
        caller,
        "VOLUME.DELETE",
        "Volume",
        &vol.uuid,
        format!("deleted volume {}", vol.name),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_types_are_canonical_or_refused() {
        assert_eq!(volume_type("datadisk", "type").ok(), Some(DATADISK));
        assert_eq!(volume_type("ROOT", "type").ok(), Some(ROOT));
        assert!(volume_type("SWAP", "type").is_err());
    }

    #[test]
    fn offering_tags_must_all_be_on_the_pool() {
        assert!(tags_match("", ""));
        assert!(tags_match("ssd", "ssd,fast"));
        assert!(!tags_match("ssd,slow", "ssd,fast"));
        assert!(!tags_match("ssd", ""));
    }
}
