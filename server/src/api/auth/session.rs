//! Login sessions: `login`/`logout`, the JSESSIONID cookie, the sessionkey CSRF check, and a database session store.

use crate::db::Db;
use crate::db::entity::session;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, sea_query::OnConflict};
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::{Expiry, Session, SessionManagerLayer};

/// The session cookie CloudStack clients expect.
pub const SESSION_COOKIE: &str = "JSESSIONID";
/// The cookie (and parameter) carrying the session key.
pub const SESSION_KEY: &str = "sessionkey";
const LOGIN_KEY: &str = "nimbus.login";

/// What a logged-in session remembers.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct LoginState {
    pub user_id: i64,
    pub session_key: String,
}

/// The session layer for `/client/api`: cookie `JSESSIONID` on path `/client`, expiring after `timeout_secs` idle.
pub fn layer(db: Db, timeout_secs: u32) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(DbSessionStore { db })
        .with_name(SESSION_COOKIE)
        .with_path("/client")
        .with_http_only(true)
        .with_secure(false)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_always_save(true)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::seconds(i64::from(timeout_secs)),
        ))
}

/// A fresh session key: 20 random bytes, URL-safe base64 without padding (27 characters), as CloudStack makes them.
pub fn new_session_key() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The logged-in state of this request's session, if any.
pub async fn current(session: &Session) -> Option<LoginState> {
    session.get::<LoginState>(LOGIN_KEY).await.ok().flatten()
}

/// Starts a new session (new id, so a fixated id is worthless) for `user_id`; returns the session key.
pub async fn start(
    session: &Session,
    user_id: i64,
) -> Result<String, tower_sessions::session::Error> {
    session.cycle_id().await?;
    let key = new_session_key();
    session
        .insert(
            LOGIN_KEY,
            LoginState {
                user_id,
                session_key: key.clone(),
            },
        )
        .await?;
    Ok(key)
}

/// Ends the session: data deleted from the store, cookie expired.
pub async fn end(session: &Session) {
    if let Err(e) = session.flush().await {
        tracing::warn!("could not delete a session: {e}");
    }
}

/// tower-sessions store on the Nimbus database, so sessions survive restarts and are shared by management servers.
#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

impl DbSessionStore {
    fn row(record: &Record) -> Result<session::ActiveModel, session_store::Error> {
        Ok(session::ActiveModel {
            id: Set(record.id.to_string()),
            data: Set(serde_json::to_string(&record.data)
                .map_err(|e| session_store::Error::Encode(e.to_string()))?),
            expiry_date: Set(record.expiry_date.unix_timestamp()),
        })
    }
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Ids are 128 random bits; on the astronomically unlikely collision, draw again.
        loop {
            let exists = session::Entity::find_by_id(record.id.to_string())
                .one(&self.db)
                .await
                .map_err(backend)?
                .is_some();
            if !exists {
                break;
            }
            record.id = Id::default();
        }
        session::Entity::insert(Self::row(record)?)
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        session::Entity::insert(Self::row(record)?)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([session::Column::Data, session::Column::ExpiryDate])
                    .to_owned(),
            )
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let Some(row) = session::Entity::find_by_id(id.to_string())
            .filter(session::Column::ExpiryDate.gt(now))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(row.expiry_date).map_err(backend)?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(id.to_string())
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Deletes sessions whose expiry has passed; run periodically.
pub async fn delete_expired(db: &Db) -> Result<u64, sea_orm::DbErr> {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let res = session::Entity::delete_many()
        .filter(session::Column::ExpiryDate.lte(now))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_keys_are_27_url_safe_characters_and_differ() {
        let a = new_session_key();
        assert_eq!(a.len(), 27);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_ne!(a, new_session_key());
    }
}
