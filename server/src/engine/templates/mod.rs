//! Templates and ISOs: the Simulator's built-ins, registered images, their per-zone copies and listing.
//!
//! The built-ins (a system VM template and a featured CentOS guest) reach a Simulator zone as soon as it has a host,
//! as CloudStack's simulator discoverer does; registered images are copied to local image stores by `download`.

pub mod download;
pub mod images;
pub mod validate;

pub use images::deployable_in_zone;

use crate::db::entity::{template_zone, vm_template};
use crate::engine::EngineError;
use crate::engine::accounts::caller;
use crate::engine::guest_os;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

pub const SYSTEM_TEMPLATE: &str = "SystemVM Template (simulator)";
pub const CENTOS_TEMPLATE: &str = "CentOS 5.3(64-bit) no GUI (Simulator)";
/// The built-in templates' nominal size (CloudStack's simulator default: 1 GB).
const BUILTIN_SIZE: i64 = 1024 * 1024 * 1024;

/// Seeds the two built-in Simulator templates into an empty template table.
pub async fn ensure_builtins<C: ConnectionTrait>(db: &C) -> Result<(), EngineError> {
    if vm_template::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let system = caller::system(db).await?;
    let now = chrono::Utc::now().naive_utc();
    for (name, template_type, public, featured, os) in [
        (SYSTEM_TEMPLATE, "SYSTEM", false, false, guest_os::SYSTEM_OS),
        (
            CENTOS_TEMPLATE,
            "BUILTIN",
            true,
            true,
            guest_os::CENTOS_53_64,
        ),
    ] {
        vm_template::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            name: Set(name.into()),
            display_text: Set(name.into()),
            format: Set("VHD".into()),
            template_type: Set(template_type.into()),
            hypervisor: Set("Simulator".into()),
            guest_os_id: Set(guest_os::by_name(db, os).await?.id),
            is_public: Set(public),
            is_featured: Set(featured),
            cross_zone: Set(true),
            bits: Set(64),
            size_bytes: Set(BUILTIN_SIZE),
            checksum: Set(None),
            url: Set(None),
            account_id: Set(system.account_id),
            password_enabled: Set(false),
            requires_hvm: Set(true),
            extractable: Set(false),
            bootable: Set(true),
            template_tag: Set(None),
            sort_key: Set(0),
            created: Set(now),
            removed: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Gives zone `zone_id` a ready copy of every cross-zone template of `hypervisor` it lacks; returns how many.
pub async fn associate_cross_zone<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
    hypervisor: &str,
) -> Result<usize, EngineError> {
    let templates = vm_template::Entity::find()
        .filter(vm_template::Column::CrossZone.eq(true))
        .filter(vm_template::Column::Hypervisor.eq(hypervisor))
        .filter(vm_template::Column::Removed.is_null())
        .all(db)
        .await?;
    let present: Vec<i64> = template_zone::Entity::find()
        .filter(template_zone::Column::ZoneId.eq(zone_id))
        .filter(template_zone::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|tz| tz.template_id)
        .collect();
    let now = chrono::Utc::now().naive_utc();
    let mut added = 0;
    for t in templates.iter().filter(|t| !present.contains(&t.id)) {
        template_zone::ActiveModel {
            template_id: Set(t.id),
            zone_id: Set(zone_id),
            image_store_id: Set(None),
            download_state: Set(DOWNLOADED.into()),
            download_pct: Set(100),
            size_bytes: Set(t.size_bytes),
            install_path: Set(None),
            status_text: Set(None),
            copier_msid: Set(None),
            created: Set(now),
            removed: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        added += 1;
    }
    Ok(added)
}

/// A SYSTEM template of `hypervisor` downloaded in zone `zone_id`, if any.
pub async fn system_template_in_zone<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
    hypervisor: &str,
) -> Result<Option<vm_template::Model>, EngineError> {
    let ready: Vec<i64> = template_zone::Entity::find()
        .filter(template_zone::Column::ZoneId.eq(zone_id))
        .filter(template_zone::Column::DownloadState.eq(DOWNLOADED))
        .filter(template_zone::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|tz| tz.template_id)
        .collect();
    Ok(vm_template::Entity::find()
        .filter(vm_template::Column::Id.is_in(ready))
        .filter(vm_template::Column::TemplateType.eq("SYSTEM"))
        .filter(vm_template::Column::Hypervisor.eq(hypervisor))
        .filter(vm_template::Column::Removed.is_null())
        .one(db)
        .await?)
}

/// Download states of a zone copy (`template_zone.download_state`).
pub const DOWNLOADED: &str = "DOWNLOADED";
pub const DOWNLOAD_IN_PROGRESS: &str = "DOWNLOAD_IN_PROGRESS";
pub const DOWNLOAD_ERROR: &str = "DOWNLOAD_ERROR";
pub const NOT_DOWNLOADED: &str = "NOT_DOWNLOADED";

/// The format that makes an image an ISO rather than a template.
pub const ISO_FORMAT: &str = "ISO";

/// Whether a copy can be deployed from.
pub fn is_ready(copy: &template_zone::Model) -> bool {
    copy.download_state == DOWNLOADED
}

/// The `status` text CloudStack shows for a copy.
pub fn status_of(copy: &template_zone::Model) -> String {
    let reason = copy.status_text.as_deref().unwrap_or("unknown reason");
    match copy.download_state.as_str() {
        DOWNLOADED => "Download Complete".into(),
        DOWNLOAD_IN_PROGRESS => format!("{}% Downloaded", copy.download_pct),
        DOWNLOAD_ERROR => format!("Download Error: {reason}"),
        _ => format!("Not Downloaded: {reason}"),
    }
}

/// Templates or ISOs: listTemplates never shows ISOs, listIsos never shows templates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImageKind {
    #[default]
    Template,
    Iso,
}

impl ImageKind {
    pub fn of(t: &vm_template::Model) -> ImageKind {
        if t.format.eq_ignore_ascii_case(ISO_FORMAT) {
            ImageKind::Iso
        } else {
            ImageKind::Template
        }
    }

    /// The filter parameter's wire name.
    fn filter_param(self) -> &'static str {
        match self {
            ImageKind::Template => "templatefilter",
            ImageKind::Iso => "isofilter",
        }
    }

    /// The noun used in messages ("template", "ISO").
    pub fn noun(self) -> &'static str {
        match self {
            ImageKind::Template => "template",
            ImageKind::Iso => "ISO",
        }
    }
}

/// listTemplates' `templatefilter` (and listIsos' `isofilter`) values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateFilter {
    Featured,
    SelfOwned,
    SelfExecutable,
    SharedExecutable,
    Executable,
    Community,
    All,
    System,
}

impl TemplateFilter {
    pub fn parse(value: &str) -> Result<TemplateFilter, EngineError> {
        Self::parse_for(ImageKind::Template, value)
    }

    /// Parses the filter of `kind`'s list command (ISOs have no `system` filter).
    pub fn parse_for(kind: ImageKind, value: &str) -> Result<TemplateFilter, EngineError> {
        Ok(match value.to_ascii_lowercase().as_str() {
            "featured" => TemplateFilter::Featured,
            "self" => TemplateFilter::SelfOwned,
            "selfexecutable" => TemplateFilter::SelfExecutable,
            "sharedexecutable" => TemplateFilter::SharedExecutable,
            "executable" => TemplateFilter::Executable,
            "community" => TemplateFilter::Community,
            "all" => TemplateFilter::All,
            "system" if kind == ImageKind::Template => TemplateFilter::System,
            _ => {
                let system = if kind == ImageKind::Template {
                    ", system"
                } else {
                    ""
                };
                return Err(EngineError::InvalidParameter {
                    name: kind.filter_param().into(),
                    reason: format!(
                        "{value} is not one of featured, self, selfexecutable, sharedexecutable, executable, community, all{system}"
                    ),
                });
            }
        })
    }

    /// Whether only templates ready in the zone qualify.
    fn needs_ready(self) -> bool {
        !matches!(
            self,
            TemplateFilter::SelfOwned | TemplateFilter::All | TemplateFilter::System
        )
    }
}

/// Filters of listTemplates / listIsos besides the template filter.
#[derive(Clone, Debug, Default)]
pub struct TemplateQuery {
    pub kind: ImageKind,
    pub id: Option<String>,
    pub name: Option<String>,
    pub zone_id: Option<i64>,
    pub hypervisor: Option<String>,
    pub keyword: Option<String>,
    pub bootable: Option<bool>,
    pub is_public: Option<bool>,
    pub is_ready: Option<bool>,
    pub page: Option<(u64, u64)>,
}

/// One listed item: a template in a zone.
#[derive(Clone, Debug)]
pub struct TemplateInZone {
    pub template: vm_template::Model,
    pub copy: template_zone::Model,
}

/// listTemplates / listIsos: one item per (image, zone) the filter admits for `caller`, and how many in all.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    caller: &caller::Caller,
    filter: TemplateFilter,
    q: &TemplateQuery,
) -> Result<(u64, Vec<TemplateInZone>), EngineError> {
    let admin = caller.is_root_admin();
    if matches!(filter, TemplateFilter::All | TemplateFilter::System) && !admin {
        return Err(EngineError::InvalidParameter {
            name: q.kind.filter_param().into(),
            reason: format!("only root admins may list all or system {}s", q.kind.noun()),
        });
    }
    let mut templates = vm_template::Entity::find().filter(vm_template::Column::Removed.is_null());
    templates = match q.kind {
        ImageKind::Template => templates.filter(vm_template::Column::Format.ne(ISO_FORMAT)),
        ImageKind::Iso => templates.filter(vm_template::Column::Format.eq(ISO_FORMAT)),
    };
    templates = match filter {
        TemplateFilter::System => templates.filter(vm_template::Column::TemplateType.eq("SYSTEM")),
        _ => templates.filter(vm_template::Column::TemplateType.ne("SYSTEM")),
    };
    templates = match filter {
        TemplateFilter::Featured => templates
            .filter(vm_template::Column::IsPublic.eq(true))
            .filter(vm_template::Column::IsFeatured.eq(true)),
        TemplateFilter::Community => templates
            .filter(vm_template::Column::IsPublic.eq(true))
            .filter(vm_template::Column::IsFeatured.eq(false)),
        TemplateFilter::SelfOwned | TemplateFilter::SelfExecutable => {
            templates.filter(vm_template::Column::AccountId.eq(caller.account_id))
        }
        // Sharing templates with other accounts does not exist yet, so nothing is shared with anyone.
        TemplateFilter::SharedExecutable => templates.filter(vm_template::Column::Id.eq(-1)),
        TemplateFilter::Executable => templates.filter(
            sea_orm::Condition::any()
                .add(vm_template::Column::IsPublic.eq(true))
                .add(vm_template::Column::AccountId.eq(caller.account_id)),
        ),
        TemplateFilter::All | TemplateFilter::System => templates,
    };
    if let Some(id) = &q.id {
        templates = templates.filter(vm_template::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &q.name {
        templates = templates.filter(vm_template::Column::Name.eq(name.as_str()));
    }
    if let Some(h) = &q.hypervisor {
        templates = templates.filter(vm_template::Column::Hypervisor.eq(h.as_str()));
    }
    if let Some(k) = &q.keyword {
        templates = templates.filter(vm_template::Column::Name.contains(k.as_str()));
    }
    if let Some(b) = q.bootable {
        templates = templates.filter(vm_template::Column::Bootable.eq(b));
    }
    if let Some(p) = q.is_public {
        templates = templates.filter(vm_template::Column::IsPublic.eq(p));
    }
    let admitted: Vec<i64> = templates
        .select_only()
        .column(vm_template::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut copies = template_zone::Entity::find()
        .filter(template_zone::Column::Removed.is_null())
        .filter(template_zone::Column::TemplateId.is_in(admitted.iter().copied()));
    if let Some(z) = q.zone_id {
        copies = copies.filter(template_zone::Column::ZoneId.eq(z));
    }
    if filter.needs_ready() || q.is_ready == Some(true) {
        copies = copies.filter(template_zone::Column::DownloadState.eq(DOWNLOADED));
    } else if q.is_ready == Some(false) {
        copies = copies.filter(template_zone::Column::DownloadState.ne(DOWNLOADED));
    }
    let copies = copies
        .order_by_asc(template_zone::Column::TemplateId)
        .order_by_asc(template_zone::Column::ZoneId)
        .all(db)
        .await?;
    // Read after the copies: a finished copy commits its template's size and checksum with it, so a copy seen
    // ready always comes with them.
    let templates: HashMap<i64, vm_template::Model> = vm_template::Entity::find()
        .filter(vm_template::Column::Id.is_in(copies.iter().map(|c| c.template_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let mut items: Vec<TemplateInZone> = copies
        .into_iter()
        .filter_map(|copy| {
            templates.get(&copy.template_id).map(|t| TemplateInZone {
                template: t.clone(),
                copy,
            })
        })
        .collect();
    // updateTemplate's sortkey orders the list; the sort is stable, so ties keep id order.
    items.sort_by_key(|i| i.template.sort_key);
    let count = items.len() as u64;
    let page = match q.page {
        Some((offset, limit)) => items
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect(),
        None => items,
    };
    Ok((count, page))
}
