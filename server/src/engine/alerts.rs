//! Alerts: conditions an operator must act on, raised once per cause and zone until archived.

use crate::db::entity::alert;
use crate::engine::EngineError;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// CloudStack alert types used here (`AlertService.AlertType`: ALERT.SERVICE.CONSOLEPROXY and ALERT.SERVICE.SSVM).
pub const CONSOLE_PROXY: i16 = 10;
pub const SECONDARY_STORAGE_VM: i16 = 19;

/// Records an alert unless an unarchived one of the same type, zone and text exists; true when recorded.
pub async fn raise<C: ConnectionTrait>(
    db: &C,
    alert_type: i16,
    name: &str,
    description: &str,
    zone_id: Option<i64>,
) -> Result<bool, EngineError> {
    let mut existing = alert::Entity::find()
        .filter(alert::Column::AlertType.eq(alert_type))
        .filter(alert::Column::Description.eq(description))
        .filter(alert::Column::Archived.eq(false));
    existing = match zone_id {
        Some(z) => existing.filter(alert::Column::ZoneId.eq(z)),
        None => existing.filter(alert::Column::ZoneId.is_null()),
    };
    if existing.count(db).await? > 0 {
        return Ok(false);
    }
    tracing::warn!(alert_type, name, "{description}");
    alert::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        alert_type: Set(alert_type),
        name: Set(name.into()),
        description: Set(description.into()),
        zone_id: Set(zone_id),
        pod_id: Set(None),
        cluster_id: Set(None),
        sent: Set(chrono::Utc::now().naive_utc()),
        archived: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(true)
}

/// Filters of listAlerts.
#[derive(Clone, Debug, Default)]
pub struct AlertFilter {
    pub id: Option<String>,
    pub alert_type: Option<i16>,
    pub name: Option<String>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

/// listAlerts: unarchived alerts, newest first.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &AlertFilter,
) -> Result<(u64, Vec<alert::Model>), EngineError> {
    let mut q = alert::Entity::find().filter(alert::Column::Archived.eq(false));
    if let Some(id) = &f.id {
        q = q.filter(alert::Column::Uuid.eq(id.as_str()));
    }
    if let Some(t) = f.alert_type {
        q = q.filter(alert::Column::AlertType.eq(t));
    }
    if let Some(name) = &f.name {
        q = q.filter(alert::Column::Name.eq(name.as_str()));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(alert::Column::Description.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_desc(alert::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}
