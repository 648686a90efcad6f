//! Templates: the Simulator's built-in ones (a system VM template and a featured CentOS guest), and their per-zone
//! copies, which a Simulator zone gets as soon as it has a host (as CloudStack's simulator discoverer does).

use crate::db::entity::{template_zone, vm_template};
use crate::engine::EngineError;
use crate::engine::accounts::caller;
use crate::engine::guest_os;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

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
            download_state: Set("DOWNLOADED".into()),
            download_pct: Set(100),
            size_bytes: Set(t.size_bytes),
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
        .filter(template_zone::Column::DownloadState.eq("DOWNLOADED"))
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
