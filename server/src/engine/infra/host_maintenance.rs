//! Host maintenance (prepareHostForMaintenance, cancelHostMaintenance): the host's resource state, refusing while
//! guest VMs still run there.

use super::hosts;
use crate::db::entity::{host, vm_instance};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, Set,
};

/// Resource states maintenance can be cancelled from (cloudstack-api.md §6.4).
const IN_MAINTENANCE: [&str; 4] = [
    "PrepareForMaintenance",
    "Maintenance",
    "ErrorInPrepareForMaintenance",
    "ErrorInMaintenance",
];

/// prepareHostForMaintenance: Enabled/Disabled -> Maintenance. CloudStack would first migrate the host's VMs
/// away; until live migration exists a host still running guest VMs is refused, and system VMs stay as they are.
pub async fn prepare<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<host::Model, EngineError> {
    let current = hosts::find(db, uuid).await?;
    if !matches!(current.resource_state.as_str(), "Enabled" | "Disabled") {
        return Err(EngineError::InvalidState(format!(
            "host {} is in resource state {}; only Enabled or Disabled hosts can enter maintenance",
            current.name, current.resource_state
        )));
    }
    let guests = vm_instance::Entity::find()
        .filter(vm_instance::Column::HostId.eq(current.id))
        .filter(vm_instance::Column::VmType.eq("User"))
        .filter(vm_instance::Column::Removed.is_null())
        .filter(vm_instance::Column::State.is_in(["Running", "Starting", "Stopping", "Migrating"]))
        .count(db)
        .await?;
    if guests > 0 {
        return Err(EngineError::InvalidState(format!(
            "host {} still runs {guests} guest VM(s); stop or migrate them before maintenance",
            current.name
        )));
    }
    set_state(db, caller, current, "Maintenance", "MAINT.PREPARE").await
}

/// cancelHostMaintenance: back to Enabled from any maintenance state.
pub async fn cancel<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<host::Model, EngineError> {
    let current = hosts::find(db, uuid).await?;
    if !IN_MAINTENANCE.contains(&current.resource_state.as_str()) {
        return Err(EngineError::InvalidState(format!(
            "host {} is not in maintenance (resource state {})",
            current.name, current.resource_state
        )));
    }
    set_state(db, caller, current, "Enabled", "MAINT.CANCEL").await
}

async fn set_state<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    current: host::Model,
    next: &str,
    event: &str,
) -> Result<host::Model, EngineError> {
    let name = current.name.clone();
    let mut row = current.into_active_model();
    row.resource_state = Set(next.into());
    let updated = row.update(db).await?;
    events::about(
        db,
        caller,
        event,
        "Host",
        &updated.uuid,
        format!("host {name} is now {next}"),
    )
    .await?;
    Ok(updated)
}
