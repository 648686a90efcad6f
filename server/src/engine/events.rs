//! The event trail: every state-changing action leaves an event (listEvents reads them).

use crate::db::entity::{account, domain, event, user};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::accounts::scope::{ListScope, permitted_accounts};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

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

/// Filters of listEvents.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    pub id: Option<String>,
    pub event_type: Option<String>,
    pub level: Option<String>,
    pub start: Option<chrono::NaiveDateTime>,
    pub end: Option<chrono::NaiveDateTime>,
    pub keyword: Option<String>,
    pub resource_id: Option<String>,
    pub resource_type: Option<String>,
    pub scope: ListScope,
    /// (offset, limit)
    pub page: Option<(u64, u64)>,
}

/// An event with the names of who caused it.
#[derive(Clone, Debug)]
pub struct EventView {
    pub event: event::Model,
    pub username: String,
    pub account: String,
    pub domain_uuid: String,
    pub domain_name: String,
    pub parent_uuid: Option<String>,
}

/// listEvents: events the caller may see, newest first, and how many match in all.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    f: &EventFilter,
) -> Result<(u64, Vec<EventView>), EngineError> {
    let scope = ListScope {
        by_id: f.id.is_some(),
        ..f.scope.clone()
    };
    let mut q = event::Entity::find();
    if let Some(accounts) = permitted_accounts(db, caller, &scope).await? {
        q = q.filter(event::Column::AccountId.is_in(accounts));
    }
    if let Some(id) = &f.id {
        q = q.filter(event::Column::Uuid.eq(id.as_str()));
    }
    if let Some(t) = &f.event_type {
        q = q.filter(event::Column::EventType.eq(t.as_str()));
    }
    if let Some(level) = &f.level {
        q = q.filter(event::Column::Level.eq(level.to_ascii_uppercase()));
    }
    if let Some(start) = f.start {
        q = q.filter(event::Column::Created.gte(start));
    }
    if let Some(end) = f.end {
        q = q.filter(event::Column::Created.lte(end));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(
            Condition::any()
                .add(event::Column::EventType.contains(k.as_str()))
                .add(event::Column::Description.contains(k.as_str()))
                .add(event::Column::Level.contains(k.as_str())),
        );
    }
    if let Some(r) = &f.resource_id {
        q = q.filter(event::Column::ResourceId.eq(r.as_str()));
    }
    if let Some(r) = &f.resource_type {
        q = q.filter(event::Column::ResourceType.eq(r.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q
        .order_by_desc(event::Column::Created)
        .order_by_desc(event::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    let rows = q.all(db).await?;
    Ok((count, views(db, rows).await?))
}

async fn views<C: ConnectionTrait>(
    db: &C,
    rows: Vec<event::Model>,
) -> Result<Vec<EventView>, EngineError> {
    let users: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|e| e.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.username))
        .collect();
    let accounts: HashMap<i64, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(rows.iter().map(|e| e.account_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.account_name))
        .collect();
    let domains: HashMap<i64, domain::Model> = domain::Entity::find()
        .filter(domain::Column::Id.is_in(rows.iter().map(|e| e.domain_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let parents: HashMap<i64, String> = event::Entity::find()
        .filter(
            event::Column::Id.is_in(rows.iter().filter_map(|e| e.parent_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.uuid))
        .collect();
    Ok(rows
        .into_iter()
        .map(|event| {
            let domain = domains.get(&event.domain_id);
            EventView {
                username: users.get(&event.user_id).cloned().unwrap_or_default(),
                account: accounts.get(&event.account_id).cloned().unwrap_or_default(),
                domain_uuid: domain.map(|d| d.uuid.clone()).unwrap_or_default(),
                domain_name: domain.map(|d| d.name.clone()).unwrap_or_default(),
                parent_uuid: event.parent_id.and_then(|p| parents.get(&p).cloned()),
                event,
            }
        })
        .collect())
}

/// Writes a completed INFO event about the resource `resource_id` of `resource_type` (e.g. "Zone").
pub async fn about<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    event_type: &str,
    resource_type: &str,
    resource_id: &str,
    description: String,
) -> Result<(), EngineError> {
    record(
        db,
        caller,
        EventRecord {
            event_type,
            description,
            resource_type: Some(resource_type),
            resource_id: Some(resource_id),
        },
    )
    .await
}
