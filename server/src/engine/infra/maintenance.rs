//! Host maintenance: prepareHostForMaintenance empties the host through the scheduler (live migration inside its
//! cluster) and ends in Maintenance, or in ErrorInMaintenance with the reasons; cancelHostMaintenance re-enables.

use super::hosts;
use crate::db::Db;
use crate::db::entity::host;
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::vms::lifecycle;
use crate::engine::{alerts, events};
use crate::hypervisor::Drivers;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Alert type of a host that could not enter maintenance (`AlertManager.AlertType.ALERT_TYPE_HOST`).
const HOST_ALERT: i16 = 7;

async fn set_state(db: &Db, h: &host::Model, from: &[&str], to: &str) -> Result<bool, EngineError> {
    let done = host::Entity::update_many()
        .col_expr(host::Column::ResourceState, Expr::value(to))
        .filter(host::Column::Id.eq(h.id))
        .filter(host::Column::ResourceState.is_in(from.iter().copied()))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// prepareHostForMaintenance.
pub async fn prepare(
    db: &Db,
    drivers: &Drivers,
    caller: &Caller,
    uuid: &str,
) -> Result<host::Model, EngineError> {
    let h = hosts::find(db, uuid).await?;
    if !set_state(
        db,
        &h,
        &[
            "Enabled",
            "Disabled",
            "ErrorInMaintenance",
            "ErrorInPrepareForMaintenance",
        ],
        "PrepareForMaintenance",
    )
    .await?
    {
        return Err(EngineError::InvalidState(format!(
            "host {} is in resource state {}; it cannot be prepared for maintenance",
            h.name, h.resource_state
        )));
    }
    let outcome = lifecycle::evacuate(db, drivers, caller, h.id).await?;
    match outcome {
        Ok(moved) => {
            set_state(db, &h, &["PrepareForMaintenance"], "Maintenance").await?;
            events::about(
                db,
                caller,
                "MAINT.PREPARE",
                "Host",
                &h.uuid,
                format!(
                    "host {} is in maintenance; {moved} VM(s) migrated away",
                    h.name
                ),
            )
            .await?;
        }
        Err(failure) => {
            set_state(db, &h, &["PrepareForMaintenance"], "ErrorInMaintenance").await?;
            let text = format!(
                "Host {} could not enter maintenance: {}",
                h.name,
                failure.reasons.join("; ")
            );
            alerts::raise(
                db,
                HOST_ALERT,
                "Host maintenance failed",
                &text,
                Some(h.zone_id),
            )
            .await?;
            events::about(db, caller, "MAINT.PREPARE", "Host", &h.uuid, text).await?;
        }
    }
    hosts::find_by_id(db, h.id).await
}

/// cancelHostMaintenance.
pub async fn cancel(db: &Db, caller: &Caller, uuid: &str) -> Result<host::Model, EngineError> {
    let h = hosts::find(db, uuid).await?;
    if !set_state(
        db,
        &h,
        &[
            "PrepareForMaintenance",
            "Maintenance",
            "ErrorInMaintenance",
            "ErrorInPrepareForMaintenance",
        ],
        "Enabled",
    )
    .await?
    {
        return Err(EngineError::InvalidState(format!(
            "host {} is in resource state {}, not in maintenance",
            h.name, h.resource_state
        )));
    }
    events::about(
        db,
        caller,
        "MAINT.CANCEL",
        "Host",
        &h.uuid,
        format!("host {} left maintenance", h.name),
    )
    .await?;
    hosts::find_by_id(db, h.id).await
}
