//! Registering, updating and deleting templates and ISOs, and the deploy-time check that a template is usable.

use super::download::{self, CopyJob};
use super::validate::{self, Checksum, FORMATS, HYPERVISORS, TEMPLATE_TYPES, invalid};
use super::{
    DOWNLOAD_IN_PROGRESS, DOWNLOADED, ISO_FORMAT, ImageKind, NOT_DOWNLOADED, TemplateInZone,
    is_ready, status_of,
};
use crate::db::Db;
use crate::db::entity::{
    guest_os, host, image_store, template_zone, vm_instance, vm_template, zone,
};
use crate::engine::EngineError;
use crate::engine::accounts::account_mgmt;
use crate::engine::accounts::caller::Caller;
use crate::engine::{events, guest_os as os_types};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use std::path::{Path, PathBuf};

/// The size the Simulator reports for an image it "downloads" (CloudStack's simulator default: 1 GB).
const SIMULATED_SIZE: i64 = 1024 * 1024 * 1024;

/// registerTemplate / registerIso input, as sent.
#[derive(Clone, Debug, Default)]
pub struct NewImage {
    pub kind: ImageKind,
    pub name: String,
    pub display_text: Option<String>,
    /// Templates only; ISOs are always `ISO`.
    pub format: Option<String>,
    /// Templates only.
    pub hypervisor: Option<String>,
    pub url: String,
    pub zone_id: Option<String>,
    pub zone_ids: Vec<String>,
    pub os_type_id: Option<String>,
    pub bits: Option<i64>,
    pub is_public: bool,
    pub is_featured: bool,
    pub password_enabled: bool,
    pub extractable: bool,
    pub requires_hvm: Option<bool>,
    pub bootable: Option<bool>,
    pub checksum: Option<String>,
    pub template_tag: Option<String>,
    pub template_type: Option<String>,
    pub account: Option<String>,
    pub domain_id: Option<String>,
}

/// The zones an image goes to: the ones named, or all (`-1`, cross-zone).
enum ZoneChoice {
    All,
    Some(Vec<zone::Model>),
}

async fn zones_of<C: ConnectionTrait>(db: &C, n: &NewImage) -> Result<ZoneChoice, EngineError> {
    let (param, wanted): (&str, Vec<String>) = match (&n.zone_id, n.zone_ids.is_empty()) {
        (Some(z), _) => ("zoneid", vec![z.clone()]),
        (None, false) => ("zoneids", n.zone_ids.clone()),
        (None, true) => {
            return Err(invalid(
                "zoneid",
                "either zoneid or zoneids is required (-1 for all zones)",
            ));
        }
    };
    if wanted.iter().any(|z| z.trim() == "-1") {
        return Ok(ZoneChoice::All);
    }
    let mut zones = Vec::new();
    for uuid in &wanted {
        let z = zone::Entity::find()
            .filter(zone::Column::Uuid.eq(uuid.trim()))
            .filter(zone::Column::Removed.is_null())
            .one(db)
            .await?
            .ok_or_else(|| invalid(param, format!("no zone has id {uuid}")))?;
        if !zones.iter().any(|k: &zone::Model| k.id == z.id) {
            zones.push(z);
        }
    }
    Ok(ZoneChoice::Some(zones))
}

async fn os_type<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<guest_os::Model, EngineError> {
    guest_os::Entity::find()
        .filter(guest_os::Column::Uuid.eq(uuid))
        .one(db)
        .await?
        .ok_or_else(|| invalid("ostypeid", format!("no OS type has id {uuid}")))
}

/// The account an image is registered for: the caller's, or `account`/`domainid` when the caller manages it.
async fn owner<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    n: &NewImage,
) -> Result<(i64, String), EngineError> {
    let Some(name) = &n.account else {
        if n.domain_id.is_some() {
            return Err(invalid("account", "is required with domainid"));
        }
        return Ok((caller.account_id, caller.account_name.clone()));
    };
    let acct = account_mgmt::acting_for(db, caller, Some(name), n.domain_id.as_deref()).await?;
    Ok((acct.id, acct.account_name))
}

/// Where and how a zone's copy starts.
struct Placement {
    state: &'static str,
    pct: i32,
    size: i64,
    store: Option<image_store::Model>,
    status_text: Option<String>,
}

async fn placement<C: ConnectionTrait>(
    db: &C,
    kind: ImageKind,
    hypervisor: &str,
    z: &zone::Model,
) -> Result<Placement, EngineError> {
    let stores = image_store::Entity::find()
        .filter(image_store::Column::ZoneId.eq(z.id))
        .filter(image_store::Column::Removed.is_null())
        .order_by_asc(image_store::Column::Id)
        .all(db)
        .await?;
    if let Some(store) = stores
        .iter()
        .find(|s| s.local_path.is_some() && !s.read_only)
    {
        return Ok(Placement {
            state: DOWNLOAD_IN_PROGRESS,
            pct: 0,
            size: 0,
            store: Some(store.clone()),
            status_text: None,
        });
    }
    // CloudStack's simulator reports every download into a zone with a Simulator host as done at once.
    let simulated = kind == ImageKind::Iso || hypervisor == "Simulator";
    if simulated
        && host::Entity::find()
            .filter(host::Column::ZoneId.eq(z.id))
            .filter(host::Column::Hypervisor.eq("Simulator"))
            .filter(host::Column::Removed.is_null())
            .one(db)
            .await?
            .is_some()
    {
        return Ok(Placement {
            state: DOWNLOADED,
            pct: 100,
            size: SIMULATED_SIZE,
            store: stores.first().cloned(),
            status_text: None,
        });
    }
    let why = match stores.first() {
        Some(s) => format!(
            "image store {} ({}) is NFS, which this management server cannot mount",
            s.name, s.url
        ),
        None => format!("zone {} has no image store", z.name),
    };
    Ok(Placement {
        state: NOT_DOWNLOADED,
        pct: 0,
        size: 0,
        store: stores.first().cloned(),
        status_text: Some(why),
    })
}

/// The directory of an image's copy on a local store.
fn copy_dir(store_path: &str, kind: ImageKind, account_id: i64, template_id: i64) -> PathBuf {
    let top = match kind {
        ImageKind::Template => "template",
        ImageKind::Iso => "iso",
    };
    Path::new(store_path)
        .join(top)
        .join("tmpl")
        .join(account_id.to_string())
        .join(template_id.to_string())
}

/// registerTemplate / registerIso: checks the input, records the image and one copy per zone, and starts the
/// copies onto local image stores in the background on this management server (`msid`). Returns the copies, one
/// per zone.
pub async fn register(
    db: &Db,
    caller: &Caller,
    msid: i64,
    n: NewImage,
) -> Result<Vec<TemplateInZone>, EngineError> {
    let name = n.name.trim().to_string();
    if name.is_empty() {
        return Err(invalid("name", "must not be blank"));
    }
    if name.len() > 255 {
        return Err(invalid("name", "is longer than 255 characters"));
    }
    let source = validate::source(&n.url)?;
    // A file:// URL reads this server's own disk, so only root admins may use it.
    if matches!(source, validate::Source::File(_)) && !caller.is_root_admin() {
        return Err(invalid(
            "url",
            "only root admins may register images from file:// URLs",
        ));
    }
    let format = match n.kind {
        ImageKind::Iso => ISO_FORMAT,
        ImageKind::Template => {
            let f = validate::one_of("format", n.format.as_deref().unwrap_or_default(), FORMATS)?;
            if f == ISO_FORMAT {
                return Err(invalid(
                    "format",
                    "ISO images are registered with registerIso",
                ));
            }
            f
        }
    };
    let hypervisor = match n.kind {
        ImageKind::Iso => "None",
        ImageKind::Template => validate::one_of(
            "hypervisor",
            n.hypervisor.as_deref().unwrap_or_default(),
            HYPERVISORS,
        )?,
    };
    let os = match (&n.os_type_id, n.kind) {
        (Some(uuid), _) => os_type(db, uuid).await?,
        (None, ImageKind::Iso) => os_types::by_name(db, "Other (64-bit)").await?,
        (None, ImageKind::Template) => return Err(invalid("ostypeid", "is required")),
    };
    let bits = match n.bits {
        None | Some(64) => 64,
        Some(32) => 32,
        Some(other) => return Err(invalid("bits", format!("{other} is not 32 or 64"))),
    };
    let checksum = n.checksum.as_deref().map(Checksum::parse).transpose()?;
    let admin = caller.is_root_admin();
    let template_type = match &n.template_type {
        Some(t) => validate::one_of("templatetype", t, TEMPLATE_TYPES)?,
        None => "USER",
    };
    if template_type != "USER" && !admin {
        return Err(invalid(
            "templatetype",
            "only root admins may register templates of a type other than USER",
        ));
    }
    if n.is_featured && !admin {
        return Err(invalid("isfeatured", "only root admins may feature images"));
    }
    if let Some(tag) = &n.template_tag
        && tag.len() > 255
    {
        return Err(invalid("templatetag", "is longer than 255 characters"));
    }
    let zones = zones_of(db, &n).await?;
    let (account_id, account_name) = owner(db, caller, &n).await?;
    let (cross_zone, zones) = match zones {
        ZoneChoice::All => (
            true,
            zone::Entity::find()
                .filter(zone::Column::Removed.is_null())
                .order_by_asc(zone::Column::Id)
                .all(db)
                .await?,
        ),
        ZoneChoice::Some(z) => (false, z),
    };

    let now = chrono::Utc::now().naive_utc();
    let txn = db.begin().await?;
    let template = vm_template::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(name.clone()),
        display_text: Set(n
            .display_text
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| name.clone())),
        format: Set(format.into()),
        template_type: Set(template_type.into()),
        hypervisor: Set(hypervisor.into()),
        guest_os_id: Set(os.id),
        is_public: Set(n.is_public),
        is_featured: Set(n.is_featured),
        cross_zone: Set(cross_zone),
        bits: Set(bits),
        size_bytes: Set(0),
        checksum: Set(checksum.as_ref().map(Checksum::render)),
        url: Set(Some(n.url.trim().to_string())),
        account_id: Set(account_id),
        password_enabled: Set(n.password_enabled),
        requires_hvm: Set(n.requires_hvm.unwrap_or(n.kind == ImageKind::Template)),
        extractable: Set(n.extractable),
        bootable: Set(n.bootable.unwrap_or(true)),
        template_tag: Set(n.template_tag.filter(|t| !t.trim().is_empty())),
        sort_key: Set(0),
        created: Set(now),
        removed: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let file_name = source
        .file_name()
        .unwrap_or_else(|| format!("{}.{}", template.uuid, format.to_ascii_lowercase()));
    let mut copies = Vec::with_capacity(zones.len());
    let mut jobs = Vec::new();
    for z in &zones {
        let p = placement(&txn, n.kind, hypervisor, z).await?;
        let file = match (&p.store, p.state) {
            (Some(store), DOWNLOAD_IN_PROGRESS) => store
                .local_path
                .as_deref()
                .map(|root| copy_dir(root, n.kind, account_id, template.id).join(&file_name)),
            _ => None,
        };
        let copy = template_zone::ActiveModel {
            template_id: Set(template.id),
            zone_id: Set(z.id),
            image_store_id: Set(p.store.as_ref().map(|s| s.id)),
            download_state: Set(p.state.into()),
            download_pct: Set(p.pct),
            size_bytes: Set(p.size),
            install_path: Set(file.as_ref().map(|f| f.display().to_string())),
            status_text: Set(p.status_text),
            copier_msid: Set(file.as_ref().map(|_| msid)),
            created: Set(now),
            removed: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if let Some(file) = file {
            jobs.push(CopyJob {
                copy_id: copy.id,
                template_id: template.id,
                source: source.clone(),
                file,
                expected: checksum.clone(),
            });
        }
        copies.push(TemplateInZone {
            template: template.clone(),
            copy,
        });
    }
    let (event, noun) = match n.kind {
        ImageKind::Template => ("TEMPLATE.CREATE", "Template"),
        ImageKind::Iso => ("ISO.CREATE", "Iso"),
    };
    events::about(
        &txn,
        caller,
        event,
        noun,
        &template.uuid,
        format!(
            "registered {} {} for account {account_name} in {} zone(s)",
            n.kind.noun(),
            template.name,
            zones.len()
        ),
    )
    .await?;
    txn.commit().await?;
    // Copies start once their rows are committed, so a fast copy cannot finish before its row exists.
    for job in jobs {
        download::start(db.clone(), job);
    }
    Ok(copies)
}

/// A new image store in a zone: copies that could not be made there (no store, or only NFS) are placed again, and
/// registered cross-zone images get a copy in the zone; local-path copies start in the background. Returns how
/// many copies started.
pub async fn place_in_new_store(
    db: &Db,
    msid: i64,
    store: &image_store::Model,
) -> Result<usize, EngineError> {
    let Some(zone_id) = store.zone_id else {
        return Ok(0);
    };
    let Some(z) = zone::Entity::find_by_id(zone_id).one(db).await? else {
        return Ok(0);
    };
    let copies = template_zone::Entity::find()
        .filter(template_zone::Column::ZoneId.eq(zone_id))
        .filter(template_zone::Column::Removed.is_null())
        .all(db)
        .await?;
    // Registered (with a URL) cross-zone images lacking a copy here; the built-ins reach zones with their hosts.
    let missing = vm_template::Entity::find()
        .filter(vm_template::Column::CrossZone.eq(true))
        .filter(vm_template::Column::Url.is_not_null())
        .filter(vm_template::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .filter(|t| !copies.iter().any(|c| c.template_id == t.id))
        .collect::<Vec<_>>();
    let now = chrono::Utc::now().naive_utc();
    let mut waiting: Vec<template_zone::Model> = copies
        .into_iter()
        .filter(|c| c.download_state == NOT_DOWNLOADED)
        .collect();
    for t in missing {
        waiting.push(
            template_zone::ActiveModel {
                template_id: Set(t.id),
                zone_id: Set(zone_id),
                image_store_id: Set(None),
                download_state: Set(NOT_DOWNLOADED.into()),
                download_pct: Set(0),
                size_bytes: Set(0),
                install_path: Set(None),
                status_text: Set(None),
                copier_msid: Set(None),
                created: Set(now),
                removed: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await?,
        );
    }
    let mut started = 0;
    for copy in waiting {
        let Some(t) = vm_template::Entity::find_by_id(copy.template_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let kind = ImageKind::of(&t);
        let p = placement(db, kind, &t.hypervisor, &z).await?;
        let source = t.url.as_deref().and_then(|u| validate::source(u).ok());
        let file = match (&p.store, p.state, &source) {
            (Some(store), DOWNLOAD_IN_PROGRESS, Some(source)) => {
                store.local_path.as_deref().map(|root| {
                    let name = source
                        .file_name()
                        .unwrap_or_else(|| format!("{}.{}", t.uuid, t.format.to_ascii_lowercase()));
                    copy_dir(root, kind, t.account_id, t.id).join(name)
                })
            }
            _ => None,
        };
        let state = match (p.state, &file) {
            (DOWNLOAD_IN_PROGRESS, None) => NOT_DOWNLOADED,
            (s, _) => s,
        };
        let mut row = copy.clone().into_active_model();
        row.image_store_id = Set(p.store.as_ref().map(|s| s.id));
        row.download_state = Set(state.into());
        row.download_pct = Set(p.pct);
        row.size_bytes = Set(p.size);
        row.install_path = Set(file.as_ref().map(|f| f.display().to_string()));
        row.status_text = Set(match state {
            NOT_DOWNLOADED => p
                .status_text
                .or_else(|| Some(format!("{} has no usable URL", t.name))),
            _ => None,
        });
        row.copier_msid = Set(file.as_ref().map(|_| msid));
        row.update(db).await?;
        if let (Some(file), Some(source)) = (file, source) {
            download::start(
                db.clone(),
                CopyJob {
                    copy_id: copy.id,
                    template_id: t.id,
                    source,
                    file,
                    expected: t.checksum.as_deref().and_then(|c| Checksum::parse(c).ok()),
                },
            );
            started += 1;
        }
    }
    Ok(started)
}

/// The live image `uuid` of `kind`, or 431 naming `param`.
pub async fn find<C: ConnectionTrait>(
    db: &C,
    kind: ImageKind,
    uuid: &str,
) -> Result<vm_template::Model, EngineError> {
    vm_template::Entity::find()
        .filter(vm_template::Column::Uuid.eq(uuid))
        .filter(vm_template::Column::Removed.is_null())
        .one(db)
        .await?
        .filter(|t| ImageKind::of(t) == kind)
        .ok_or_else(|| EngineError::NotFound {
            what: format!("{} with id {uuid}", kind.noun()),
        })
}

/// Root admins change any image; others only their account's.
fn check_owner(
    caller: &Caller,
    t: &vm_template::Model,
    kind: ImageKind,
) -> Result<(), EngineError> {
    if caller.is_root_admin() || t.account_id == caller.account_id {
        Ok(())
    } else {
        Err(EngineError::PermissionDenied(format!(
            "account {} does not own {} {}",
            caller.account_name,
            kind.noun(),
            t.uuid
        )))
    }
}

/// updateTemplate / updateIso fields; `None` keeps the value.
#[derive(Clone, Debug, Default)]
pub struct ImageUpdate {
    pub name: Option<String>,
    pub display_text: Option<String>,
    pub os_type_id: Option<String>,
    pub format: Option<String>,
    pub password_enabled: Option<bool>,
    pub bootable: Option<bool>,
    pub requires_hvm: Option<bool>,
    pub sort_key: Option<i64>,
    /// `Some("")` clears the tag.
    pub template_tag: Option<String>,
}

/// updateTemplate: changes the image's attributes; returns it with its first live copy (for the answer).
pub async fn update<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    kind: ImageKind,
    uuid: &str,
    u: ImageUpdate,
) -> Result<(vm_template::Model, Option<template_zone::Model>), EngineError> {
    let current = find(db, kind, uuid).await?;
    check_owner(caller, &current, kind)?;
    let mut row = current.clone().into_active_model();
    if let Some(name) = u.name {
        let name = name.trim().to_string();
        if name.is_empty() || name.len() > 255 {
            return Err(invalid("name", "must be 1 to 255 characters"));
        }
        row.name = Set(name);
    }
    if let Some(d) = u.display_text {
        row.display_text = Set(d);
    }
    if let Some(os) = &u.os_type_id {
        row.guest_os_id = Set(os_type(db, os).await?.id);
    }
    if let Some(f) = &u.format {
        let f = validate::one_of("format", f, FORMATS)?;
        if (f == ISO_FORMAT) != (kind == ImageKind::Iso) {
            return Err(invalid(
                "format",
                format!("a {} cannot become {f}", kind.noun()),
            ));
        }
        row.format = Set(f.into());
    }
    if let Some(p) = u.password_enabled {
        row.password_enabled = Set(p);
    }
    if let Some(b) = u.bootable {
        row.bootable = Set(b);
    }
    if let Some(h) = u.requires_hvm {
        row.requires_hvm = Set(h);
    }
    if let Some(k) = u.sort_key {
        row.sort_key =
            Set(i32::try_from(k).map_err(|_| invalid("sortkey", format!("{k} is out of range")))?);
    }
    if let Some(tag) = u.template_tag {
        if tag.len() > 255 {
            return Err(invalid("templatetag", "is longer than 255 characters"));
        }
        row.template_tag = Set(Some(tag).filter(|t| !t.trim().is_empty()));
    }
    let updated = row.update(db).await?;
    let copy = template_zone::Entity::find()
        .filter(template_zone::Column::TemplateId.eq(updated.id))
        .filter(template_zone::Column::Removed.is_null())
        .order_by_asc(template_zone::Column::ZoneId)
        .one(db)
        .await?;
    Ok((updated, copy))
}

/// deleteTemplate / deleteIso: removes the copy in `zone_uuid` (or every copy) and its files; the image itself goes
/// once no copy is left. VMs using it block this unless `forced`.
pub async fn delete<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    kind: ImageKind,
    uuid: &str,
    zone_uuid: Option<&str>,
    forced: bool,
) -> Result<(), EngineError> {
    let t = find(db, kind, uuid).await?;
    check_owner(caller, &t, kind)?;
    if t.template_type == "SYSTEM" {
        return Err(EngineError::InvalidState(format!(
            "{} is a system template and cannot be deleted",
            t.name
        )));
    }
    let zone = match zone_uuid {
        Some(z) => Some(
            zone::Entity::find()
                .filter(zone::Column::Uuid.eq(z))
                .filter(zone::Column::Removed.is_null())
                .one(db)
                .await?
                .ok_or_else(|| invalid("zoneid", format!("no zone has id {z}")))?,
        ),
        None => None,
    };
    let mut copies = template_zone::Entity::find()
        .filter(template_zone::Column::TemplateId.eq(t.id))
        .filter(template_zone::Column::Removed.is_null());
    if let Some(z) = &zone {
        copies = copies.filter(template_zone::Column::ZoneId.eq(z.id));
    }
    let copies = copies.all(db).await?;
    if let Some(z) = &zone
        && copies.is_empty()
    {
        return Err(invalid(
            "zoneid",
            format!("{} {} has no copy in zone {}", kind.noun(), t.name, z.name),
        ));
    }
    if !forced {
        let mut users = vm_instance::Entity::find()
            .filter(vm_instance::Column::TemplateId.eq(t.id))
            .filter(vm_instance::Column::Removed.is_null())
            .filter(vm_instance::Column::State.ne("Expunging"));
        if let Some(z) = &zone {
            users = users.filter(vm_instance::Column::ZoneId.eq(z.id));
        }
        let users = users.all(db).await?;
        if !users.is_empty() {
            let names: Vec<&str> = users.iter().map(|v| v.name.as_str()).collect();
            return Err(EngineError::InvalidState(format!(
                "{} {} is used by VM(s) {}; delete them first or pass forced=true",
                kind.noun(),
                t.name,
                names.join(", ")
            )));
        }
    }
    let now = chrono::Utc::now().naive_utc();
    for copy in &copies {
        let dir = copy
            .install_path
            .as_deref()
            .and_then(|p| Path::new(p).parent())
            .map(Path::to_path_buf);
        let mut row = copy.clone().into_active_model();
        row.removed = Set(Some(now));
        row.update(db).await?;
        if let Some(dir) = dir {
            download::remove_dir(&dir).await;
        }
    }
    let left = template_zone::Entity::find()
        .filter(template_zone::Column::TemplateId.eq(t.id))
        .filter(template_zone::Column::Removed.is_null())
        .one(db)
        .await?;
    if left.is_none() {
        let mut row = t.clone().into_active_model();
        row.removed = Set(Some(now));
        row.update(db).await?;
    }
    let (event, noun) = match kind {
        ImageKind::Template => ("TEMPLATE.DELETE", "Template"),
        ImageKind::Iso => ("ISO.DELETE", "Iso"),
    };
    let place = zone
        .as_ref()
        .map(|z| format!(" from zone {}", z.name))
        .unwrap_or_default();
    events::about(
        db,
        caller,
        event,
        noun,
        &t.uuid,
        format!("deleted {} {}{place}", kind.noun(), t.name),
    )
    .await
}

/// The template `template_uuid` when `caller` may deploy from it (own, public, or root admin) and its copy in zone
/// `zone_id` is ready; otherwise a 431 naming `templateid` that says why.
pub async fn deployable_in_zone<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    template_uuid: &str,
    zone_id: i64,
) -> Result<vm_template::Model, EngineError> {
    let t = vm_template::Entity::find()
        .filter(vm_template::Column::Uuid.eq(template_uuid))
        .filter(vm_template::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| invalid("templateid", format!("no template has id {template_uuid}")))?;
    if !(t.is_public || t.account_id == caller.account_id || caller.is_root_admin()) {
        return Err(invalid(
            "templateid",
            format!(
                "template {template_uuid} is not available to account {}",
                caller.account_name
            ),
        ));
    }
    let zone_name = zone::Entity::find_by_id(zone_id)
        .one(db)
        .await?
        .map(|z| z.name)
        .unwrap_or_else(|| zone_id.to_string());
    let copy = template_zone::Entity::find()
        .filter(template_zone::Column::TemplateId.eq(t.id))
        .filter(template_zone::Column::ZoneId.eq(zone_id))
        .filter(template_zone::Column::Removed.is_null())
        .one(db)
        .await?;
    match copy {
        Some(c) if is_ready(&c) => Ok(t),
        Some(c) => Err(invalid(
            "templateid",
            format!(
                "template {} is not ready in zone {zone_name}: {}",
                t.name,
                status_of(&c)
            ),
        )),
        None => Err(invalid(
            "templateid",
            format!(
                "template {} is not ready in zone {zone_name}: it has no copy there",
                t.name
            ),
        )),
    }
}
