//! Short-lived copies of two small, hot, rarely changed tables: configuration overrides and role permission rules.
//!
//! Every API call checks its caller's role rules and most read a setting or two; reading them from memory for up
//! to [`FRESH_FOR`] saves those queries. A change made through this server is seen at once (its handler calls
//! [`super::Db::forget_cached`]); one made by another management server sharing the database within [`FRESH_FOR`].

use crate::db::entity::{configuration, role_permission};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a copy is used before the table is read again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

type Rows<T> = Arc<Vec<T>>;

#[derive(Debug, Default)]
pub struct TableCache {
    /// Bumped by every forget: a read that began before it must not store what it read.
    generation: AtomicU64,
    configuration: Mutex<Option<(Instant, Rows<configuration::Model>)>>,
    role_rules: Mutex<HashMap<i64, (Instant, Rows<role_permission::Model>)>>,
}

/// A poisoned lock only means another thread panicked mid-update of a plain value: the value is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl TableCache {
    pub fn forget(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        *lock(&self.configuration) = None;
        lock(&self.role_rules).clear();
    }

    /// Every configuration override row.
    pub async fn configuration<C: ConnectionTrait>(
        &self,
        db: &C,
    ) -> Result<Rows<configuration::Model>, DbErr> {
        if let Some((at, rows)) = lock(&self.configuration).as_ref()
            && at.elapsed() < FRESH_FOR
        {
            return Ok(rows.clone());
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let rows = Arc::new(configuration::Entity::find().all(db).await?);
        let mut slot = lock(&self.configuration);
        if self.generation.load(Ordering::SeqCst) == generation {
            *slot = Some((Instant::now(), rows.clone()));
        }
        Ok(rows)
    }

    /// A role's permission rules in the order they are checked.
    pub async fn role_rules<C: ConnectionTrait>(
        &self,
        db: &C,
        role_id: i64,
    ) -> Result<Rows<role_permission::Model>, DbErr> {
        if let Some((at, rows)) = lock(&self.role_rules).get(&role_id)
            && at.elapsed() < FRESH_FOR
        {
            return Ok(rows.clone());
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let rows = Arc::new(
            role_permission::Entity::find()
                .filter(role_permission::Column::RoleId.eq(role_id))
                .order_by_asc(role_permission::Column::SortOrder)
                .order_by_asc(role_permission::Column::Id)
                .all(db)
                .await?,
        );
        let mut slots = lock(&self.role_rules);
        if self.generation.load(Ordering::SeqCst) == generation {
            slots.insert(role_id, (Instant::now(), rows.clone()));
        }
        Ok(rows)
    }
}
