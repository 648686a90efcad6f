//! The event trail: every state-changing action leaves an event (listEvents reads them).

use crate::db::entity::event;
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

/// What an event is about.
pub struct EventRecord<'a> {
    pub event_type: &'a str,
    pub description: String,
    pub resource_type: Option<&'a str>,
    pub resource_id: Option<&'a str>,
}

/// Writes a completed INFO event for `caller`.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    ev: EventRecord<'_>,
) -> Result<(), EngineError> {
    event::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        event_type: Set(ev.event_type.to_string()),
        level: Set("INFO".into()),
        state: Set("Completed".into()),
        description: Set(ev.description),
        user_id: Set(caller.user_id),
        account_id: Set(caller.account_id),
        domain_id: Set(caller.domain_id),
        resource_type: Set(ev.resource_type.map(str::to_string)),
        resource_id: Set(ev.resource_id.map(str::to_string)),
        parent_id: Set(None),
        created: Set(chrono::Utc::now().naive_utc()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
