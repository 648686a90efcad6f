//! Secondary (image) stores: NFS shares or local directories holding templates, ISOs and snapshots.

use super::{DEFAULT_CAPACITY_BYTES, Location, details_json, free_bytes, parse_url, prepare_dir};
use crate::db::entity::image_store;
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use crate::engine::infra::zones;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::BTreeMap;

/// The subdirectories a local store keeps its files in.
pub const SUBDIRS: [&str; 3] = ["template", "iso", "snapshot"];

fn invalid(name: &str, reason: impl Into<String>) -> EngineError {
    EngineError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    }
}

/// addImageStore's fields.
#[derive(Clone, Debug, Default)]
pub struct NewImageStore {
    pub provider: String,
    pub name: Option<String>,
    pub url: Option<String>,
    pub zone_uuid: Option<String>,
    pub details: Vec<BTreeMap<String, String>>,
}

/// addImageStore: an NFS share or a local directory (created with template/, iso/ and snapshot/) for a zone.
pub async fn add<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    s: NewImageStore,
) -> Result<image_store::Model, EngineError> {
    if !s.provider.eq_ignore_ascii_case("NFS") {
        let known = ["S3", "Swift", "SMB"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(&s.provider));
        return Err(invalid(
            "provider",
            if known {
                format!("{} image stores are not supported; use NFS", s.provider)
            } else {
                format!("{} is not an image store provider (NFS)", s.provider)
            },
        ));
    }
    let url = s
        .url
        .as_deref()
        .ok_or_else(|| invalid("url", "is required for an NFS image store"))?;
    let zone_uuid = s
        .zone_uuid
        .as_deref()
        .ok_or_else(|| invalid("zoneid", "is required for an NFS image store"))?;
    let zone = zones::find(db, zone_uuid).await?;
    let loc = parse_url("url", url, &["nfs", "file"])?;
    let normalized = loc.url();
    let clash: Vec<String> = image_store::Entity::find()
        .filter(image_store::Column::ZoneId.eq(zone.id))
        .filter(image_store::Column::Url.eq(normalized.as_str()))
        .filter(image_store::Column::Removed.is_null())
        .select_only()
        .column(image_store::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    if let Some(other) = clash.first() {
        return Err(invalid(
            "url",
            format!(
                "{normalized} is already used by image store {other} in zone {}",
                zone.name
            ),
        ));
    }
    let name = match s.name {
        Some(n) if n.trim().is_empty() => return Err(invalid("name", "must not be blank")),
        Some(n) => n,
        // CloudStack names an unnamed store after its URL.
        None => url.to_string(),
    };
    let (protocol, local_path, capacity) = match &loc {
        Location::Local { path } => {
            prepare_dir("url", path, &SUBDIRS)?;
            (
                "file",
                Some(path.clone()),
                free_bytes(path).unwrap_or(DEFAULT_CAPACITY_BYTES),
            )
        }
        _ => ("nfs", None, DEFAULT_CAPACITY_BYTES),
    };
    let created = image_store::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(name),
        zone_id: Set(Some(zone.id)),
        url: Set(normalized),
        protocol: Set(protocol.into()),
        provider: Set("NFS".into()),
        scope: Set("ZONE".into()),
        local_path: Set(local_path),
        read_only: Set(false),
        capacity_bytes: Set(capacity),
        used_bytes: Set(0),
        details: Set(details_json(&s.details)),
        created: Set(chrono::Utc::now().naive_utc()),
        removed: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    events::about(
        db,
        caller,
        "IMAGE.STORE.ADD",
        "ImageStore",
        &created.uuid,
        format!("added image store {}", created.name),
    )
    .await?;
    Ok(created)
}

/// The live image store with `uuid`, or 431 naming it.
pub async fn find<C: ConnectionTrait>(
    db: &C,
    uuid: &str,
) -> Result<image_store::Model, EngineError> {
    image_store::Entity::find()
        .filter(image_store::Column::Uuid.eq(uuid))
        .filter(image_store::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("image store with id {uuid}"),
        })
}

/// Filters of listImageStores (zone already resolved).
#[derive(Clone, Debug, Default)]
pub struct ImageStoreFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub zone_id: Option<i64>,
    pub protocol: Option<String>,
    pub provider: Option<String>,
    pub read_only: Option<bool>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

/// listImageStores: live stores matching `f`, oldest first, and how many match in all.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &ImageStoreFilter,
) -> Result<(u64, Vec<image_store::Model>), EngineError> {
    let mut q = image_store::Entity::find().filter(image_store::Column::Removed.is_null());
    if let Some(id) = &f.id {
        q = q.filter(image_store::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &f.name {
        q = q.filter(image_store::Column::Name.eq(name.as_str()));
    }
    if let Some(z) = f.zone_id {
        q = q.filter(image_store::Column::ZoneId.eq(z));
    }
    if let Some(p) = &f.protocol {
        q = q.filter(image_store::Column::Protocol.eq(p.to_ascii_lowercase()));
    }
    if let Some(p) = &f.provider {
        q = q.filter(image_store::Column::Provider.eq(p.to_ascii_uppercase()));
    }
    if let Some(r) = f.read_only {
        q = q.filter(image_store::Column::ReadOnly.eq(r));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(image_store::Column::Name.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(image_store::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}

/// deleteImageStore: marks the store removed; a local directory and its files stay on disk.
pub async fn delete<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let current = find(db, uuid).await?;
    let name = current.name.clone();
    let mut row = current.into_active_model();
    row.removed = Set(Some(chrono::Utc::now().naive_utc()));
    row.update(db).await?;
    events::about(
        db,
        caller,
        "IMAGE.STORE.DELETE",
        "ImageStore",
        uuid,
        format!("deleted image store {name}"),
    )
    .await
}

/// Names of the live image stores of zone `zone_id` (what blocks deleting the zone).
pub async fn names_in_zone<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
) -> Result<Vec<String>, EngineError> {
    Ok(image_store::Entity::find()
        .filter(image_store::Column::ZoneId.eq(zone_id))
        .filter(image_store::Column::Removed.is_null())
        .order_by_asc(image_store::Column::Id)
        .select_only()
        .column(image_store::Column::Name)
        .into_tuple()
        .all(db)
        .await?)
}

/// Every live image store, for capacity accounting.
pub async fn all_live<C: ConnectionTrait>(db: &C) -> Result<Vec<image_store::Model>, EngineError> {
    Ok(image_store::Entity::find()
        .filter(image_store::Column::Removed.is_null())
        .order_by_asc(image_store::Column::Id)
        .all(db)
        .await?)
}
