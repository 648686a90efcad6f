//! Service and disk offerings: CloudStack's defaults on first start, create/update/delete with validation, listing.

use crate::db::entity::{disk_offering, service_offering};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events::{self, EventRecord};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};

fn invalid(name: &str, reason: impl Into<String>) -> EngineError {
    EngineError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    }
}

fn join_tags(tags: &[String]) -> String {
    tags.iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// createServiceOffering's fields.
#[derive(Clone, Debug, Default)]
pub struct NewServiceOffering {
    pub name: String,
    pub display_text: Option<String>,
    pub cpu_number: Option<i64>,
    pub cpu_speed: Option<i64>,
    pub memory_mb: Option<i64>,
    pub min_cpu_number: Option<i64>,
    pub max_cpu_number: Option<i64>,
    pub min_memory_mb: Option<i64>,
    pub max_memory_mb: Option<i64>,
    pub storage_type: Option<String>,
    pub offer_ha: bool,
    pub limit_cpu_use: bool,
    pub is_volatile: bool,
    pub storage_tags: Vec<String>,
    pub host_tags: Vec<String>,
    pub deployment_planner: Option<String>,
    pub provisioning_type: Option<String>,
}

/// createDiskOffering's fields.
#[derive(Clone, Debug, Default)]
pub struct NewDiskOffering {
    pub name: String,
    pub display_text: Option<String>,
    pub disk_size_gb: Option<i64>,
    pub customized: bool,
    pub storage_type: Option<String>,
    pub tags: Vec<String>,
    pub provisioning_type: Option<String>,
    pub min_iops: Option<i64>,
    pub max_iops: Option<i64>,
}

/// CloudStack's first-start offerings: (name, cores, MHz, MiB).
const DEFAULT_SERVICE_OFFERINGS: [(&str, i32, i32, i32); 2] = [
    ("Small Instance", 1, 500, 512),
    ("Medium Instance", 1, 1000, 1024),
];
/// (name, display text, GiB; `None` = customised).
const DEFAULT_DISK_OFFERINGS: [(&str, &str, Option<i64>); 4] = [
    ("Small", "Small Disk, 5 GB", Some(5)),
    ("Medium", "Medium Disk, 20 GB", Some(20)),
    ("Large", "Large Disk, 100 GB", Some(100)),
    ("Custom", "Custom Disk", None),
];

/// Seeds the default offerings into tables that have never held any (so a deleted default stays deleted).
pub async fn ensure_defaults<C: ConnectionTrait + TransactionTrait>(
    db: &C,
) -> Result<(), EngineError> {
    let txn = db.begin().await?;
    let now = chrono::Utc::now().naive_utc();
    if service_offering::Entity::find().count(&txn).await? == 0 {
        for (name, cpu, speed, memory) in DEFAULT_SERVICE_OFFERINGS {
            service_offering::ActiveModel {
                uuid: Set(uuid::Uuid::new_v4().to_string()),
                name: Set(name.into()),
                display_text: Set(format!("{name}, {cpu} vCPU, {speed} MHz, {memory} MB")),
                cpu_number: Set(Some(cpu)),
                cpu_speed: Set(Some(speed)),
                memory_mb: Set(Some(memory)),
                storage_type: Set("shared".into()),
                provisioning_type: Set("thin".into()),
                is_default: Set(true),
                created: Set(now),
                ..blank_service_offering()
            }
            .insert(&txn)
            .await?;
        }
    }
    if disk_offering::Entity::find().count(&txn).await? == 0 {
        for (name, text, size) in DEFAULT_DISK_OFFERINGS {
            disk_offering::ActiveModel {
                uuid: Set(uuid::Uuid::new_v4().to_string()),
                name: Set(name.into()),
                display_text: Set(text.into()),
                disk_size_gb: Set(size),
                is_customized: Set(size.is_none()),
                storage_type: Set("shared".into()),
                tags: Set(String::new()),
                provisioning_type: Set("thin".into()),
                min_iops: Set(None),
                max_iops: Set(None),
                domain_id: Set(None),
                zone_id: Set(None),
                is_default: Set(true),
                created: Set(now),
                removed: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

fn blank_service_offering() -> service_offering::ActiveModel {
    service_offering::ActiveModel {
        min_cpu_number: Set(None),
        max_cpu_number: Set(None),
        min_memory_mb: Set(None),
        max_memory_mb: Set(None),
        offer_ha: Set(false),
        limit_cpu_use: Set(false),
        is_volatile: Set(false),
        storage_tags: Set(String::new()),
        host_tags: Set(String::new()),
        is_system: Set(false),
        system_vm_type: Set(None),
        default_use: Set(false),
        deployment_planner: Set(None),
        domain_id: Set(None),
        zone_id: Set(None),
        removed: Set(None),
        ..Default::default()
    }
}

fn storage_type(value: Option<&str>) -> Result<String, EngineError> {
    match value.map(str::to_ascii_lowercase).as_deref() {
        None | Some("shared") => Ok("shared".into()),
        Some("local") => Ok("local".into()),
        Some(other) => Err(invalid(
            "storagetype",
            format!("{other} is not shared or local"),
        )),
    }
}

fn provisioning_type(value: Option<&str>) -> Result<String, EngineError> {
    match value.map(str::to_ascii_lowercase).as_deref() {
        None | Some("thin") => Ok("thin".into()),
        Some(t @ ("sparse" | "fat")) => Ok(t.into()),
        Some(other) => Err(invalid(
            "provisioningtype",
            format!("{other} is not thin, sparse or fat"),
        )),
    }
}

/// A positive count or size that fits the column; `name` is the parameter reported on error.
fn positive(name: &str, value: Option<i64>) -> Result<Option<i32>, EngineError> {
    value
        .map(|v| {
            i32::try_from(v)
                .ok()
                .filter(|v| *v > 0)
                .ok_or_else(|| invalid(name, format!("{v} must be a positive number")))
        })
        .transpose()
}

/// createServiceOffering: a fixed size, or customised (any of cpunumber/cpuspeed/memory left out), optionally
/// constrained by min/max bounds.
pub async fn create_service<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    o: NewServiceOffering,
) -> Result<service_offering::Model, EngineError> {
    if o.name.trim().is_empty() {
        return Err(invalid("name", "must not be blank"));
    }
    let cpu = positive("cpunumber", o.cpu_number)?;
    let speed = positive("cpuspeed", o.cpu_speed)?;
    let memory = positive("memory", o.memory_mb)?;
    let (min_cpu, max_cpu) = (
        positive("mincpunumber", o.min_cpu_number)?,
        positive("maxcpunumber", o.max_cpu_number)?,
    );
    let (min_mem, max_mem) = (
        positive("minmemory", o.min_memory_mb)?,
        positive("maxmemory", o.max_memory_mb)?,
    );
    if let (Some(lo), Some(hi)) = (min_cpu, max_cpu)
        && lo > hi
    {
        return Err(invalid(
            "maxcpunumber",
            format!("{hi} is below mincpunumber {lo}"),
        ));
    }
    if let (Some(lo), Some(hi)) = (min_mem, max_mem)
        && lo > hi
    {
        return Err(invalid(
            "maxmemory",
            format!("{hi} is below minmemory {lo}"),
        ));
    }
    if let Some(m) = memory
        && m < 32
    {
        return Err(invalid(
            "memory",
            format!("{m} MB is below the minimum of 32 MB"),
        ));
    }
    let created = service_offering::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        display_text: Set(o.display_text.unwrap_or_else(|| o.name.clone())),
        name: Set(o.name),
        cpu_number: Set(cpu),
        cpu_speed: Set(speed),
        memory_mb: Set(memory),
        min_cpu_number: Set(min_cpu),
        max_cpu_number: Set(max_cpu),
        min_memory_mb: Set(min_mem),
        max_memory_mb: Set(max_mem),
        storage_type: Set(storage_type(o.storage_type.as_deref())?),
        offer_ha: Set(o.offer_ha),
        limit_cpu_use: Set(o.limit_cpu_use),
        is_volatile: Set(o.is_volatile),
        storage_tags: Set(join_tags(&o.storage_tags)),
        host_tags: Set(join_tags(&o.host_tags)),
        deployment_planner: Set(o.deployment_planner),
        provisioning_type: Set(provisioning_type(o.provisioning_type.as_deref())?),
        is_default: Set(false),
        created: Set(chrono::Utc::now().naive_utc()),
        ..blank_service_offering()
    }
    .insert(db)
    .await?;
    record(
        db,
        caller,
        "SERVICE.OFFERING.CREATE",
        "ServiceOffering",
        &created.uuid,
        &created.name,
    )
    .await?;
    Ok(created)
}

async fn record<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    event_type: &str,
    resource: &str,
    uuid: &str,
    name: &str,
) -> Result<(), EngineError> {
    events::record(
        db,
        caller,
        EventRecord {
            event_type,
            description: format!("{event_type} {name}"),
            resource_type: Some(resource),
            resource_id: Some(uuid),
        },
    )
    .await
}

pub async fn find_service<C: ConnectionTrait>(
    db: &C,
    uuid: &str,
) -> Result<service_offering::Model, EngineError> {
    service_offering::Entity::find()
        .filter(service_offering::Column::Uuid.eq(uuid))
        .filter(service_offering::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("service offering with id {uuid}"),
        })
}

pub async fn find_disk<C: ConnectionTrait>(
    db: &C,
    uuid: &str,
) -> Result<disk_offering::Model, EngineError> {
    disk_offering::Entity::find()
        .filter(disk_offering::Column::Uuid.eq(uuid))
        .filter(disk_offering::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("disk offering with id {uuid}"),
        })
}

/// updateServiceOffering: name, display text, host tags, storage tags (the size of an offering is fixed).
pub async fn update_service<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    name: Option<String>,
    display_text: Option<String>,
    host_tags: Option<Vec<String>>,
    storage_tags: Option<Vec<String>>,
) -> Result<service_offering::Model, EngineError> {
    let current = find_service(db, uuid).await?;
    let mut row = current.into_active_model();
    if let Some(v) = name {
        if v.trim().is_empty() {
            return Err(invalid("name", "must not be blank"));
        }
        row.name = Set(v);
    }
    if let Some(v) = display_text {
        row.display_text = Set(v);
    }
    if let Some(v) = host_tags {
        row.host_tags = Set(join_tags(&v));
    }
    if let Some(v) = storage_tags {
        row.storage_tags = Set(join_tags(&v));
    }
    let updated = row.update(db).await?;
    record(
        db,
        caller,
        "SERVICE.OFFERING.EDIT",
        "ServiceOffering",
        &updated.uuid,
        &updated.name,
    )
    .await?;
    Ok(updated)
}

/// deleteServiceOffering: soft delete (VMs keep their offering); system offerings cannot go.
pub async fn delete_service<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let txn = db.begin().await?;
    let current = find_service(&txn, uuid).await?;
    if current.is_system {
        return Err(invalid("id", "a system offering cannot be deleted"));
    }
    let name = current.name.clone();
    let mut row = current.into_active_model();
    row.removed = Set(Some(chrono::Utc::now().naive_utc()));
    row.update(&txn).await?;
    record(
        &txn,
        caller,
        "SERVICE.OFFERING.DELETE",
        "ServiceOffering",
        uuid,
        &name,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// createDiskOffering: a size in GB, or customised; IOPS bounds must be ordered.
pub async fn create_disk<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    o: NewDiskOffering,
) -> Result<disk_offering::Model, EngineError> {
    if o.name.trim().is_empty() {
        return Err(invalid("name", "must not be blank"));
    }
    let size = match (o.disk_size_gb, o.customized) {
        (Some(s), _) if s <= 0 => {
            return Err(invalid(
                "disksize",
                format!("{s} must be a positive number of GB"),
            ));
        }
        (Some(s), false) => Some(s),
        (Some(_), true) => {
            return Err(invalid(
                "disksize",
                "a customized offering takes its size at use, not here",
            ));
        }
        (None, true) => None,
        (None, false) => return Err(invalid("disksize", "give a size in GB or customized=true")),
    };
    if let (Some(lo), Some(hi)) = (o.min_iops, o.max_iops)
        && lo > hi
    {
        return Err(invalid("maxiops", format!("{hi} is below miniops {lo}")));
    }
    let created = disk_offering::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        display_text: Set(o.display_text.unwrap_or_else(|| o.name.clone())),
        name: Set(o.name),
        disk_size_gb: Set(size),
        is_customized: Set(o.customized),
        storage_type: Set(storage_type(o.storage_type.as_deref())?),
        tags: Set(join_tags(&o.tags)),
        provisioning_type: Set(provisioning_type(o.provisioning_type.as_deref())?),
        min_iops: Set(o.min_iops),
        max_iops: Set(o.max_iops),
        domain_id: Set(None),
        zone_id: Set(None),
        is_default: Set(false),
        created: Set(chrono::Utc::now().naive_utc()),
        removed: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    record(
        db,
        caller,
        "DISK.OFFERING.CREATE",
        "DiskOffering",
        &created.uuid,
        &created.name,
    )
    .await?;
    Ok(created)
}

pub async fn delete_disk<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let txn = db.begin().await?;
    let current = find_disk(&txn, uuid).await?;
    let name = current.name.clone();
    let mut row = current.into_active_model();
    row.removed = Set(Some(chrono::Utc::now().naive_utc()));
    row.update(&txn).await?;
    record(
        &txn,
        caller,
        "DISK.OFFERING.DELETE",
        "DiskOffering",
        uuid,
        &name,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Filters of listServiceOfferings.
#[derive(Clone, Debug, Default)]
pub struct ServiceOfferingFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub is_system: Option<bool>,
    pub system_vm_type: Option<String>,
    pub cpu_number: Option<i64>,
    pub memory_mb: Option<i64>,
    pub cpu_speed: Option<i64>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

pub async fn list_service<C: ConnectionTrait>(
    db: &C,
    f: &ServiceOfferingFilter,
) -> Result<(u64, Vec<service_offering::Model>), EngineError> {
    let mut q = service_offering::Entity::find()
        .filter(service_offering::Column::Removed.is_null())
        .filter(service_offering::Column::IsSystem.eq(f.is_system.unwrap_or(false)));
    if let Some(id) = &f.id {
        q = q.filter(service_offering::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &f.name {
        q = q.filter(service_offering::Column::Name.eq(name.as_str()));
    }
    if let Some(t) = &f.system_vm_type {
        q = q.filter(service_offering::Column::SystemVmType.eq(t.as_str()));
    }
    // A size filter keeps offerings that can provide it: that size exactly, or customised.
    for (value, column) in [
        (f.cpu_number, service_offering::Column::CpuNumber),
        (f.memory_mb, service_offering::Column::MemoryMb),
        (f.cpu_speed, service_offering::Column::CpuSpeed),
    ] {
        if let Some(v) = value {
            q = q.filter(sea_orm::sea_query::ExprTrait::or(
                column.eq(v),
                column.is_null(),
            ));
        }
    }
    if let Some(k) = &f.keyword {
        q = q.filter(service_offering::Column::Name.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(service_offering::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}

/// Filters of listDiskOfferings.
#[derive(Clone, Debug, Default)]
pub struct DiskOfferingFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

pub async fn list_disk<C: ConnectionTrait>(
    db: &C,
    f: &DiskOfferingFilter,
) -> Result<(u64, Vec<disk_offering::Model>), EngineError> {
    let mut q = disk_offering::Entity::find().filter(disk_offering::Column::Removed.is_null());
    if let Some(id) = &f.id {
        q = q.filter(disk_offering::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &f.name {
        q = q.filter(disk_offering::Column::Name.eq(name.as_str()));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(disk_offering::Column::Name.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(disk_offering::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}
