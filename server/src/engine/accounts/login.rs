//! Password login: find the domain, the user in it, check the password and states.

use super::caller::Caller;
use super::password;
use crate::db::entity::{account, domain, user};
use crate::engine::EngineError;
use crate::engine::events::{self, EventRecord};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

/// Which domain the user logs in to.
pub enum DomainSelector<'a> {
    /// `domainid`: a UUID (or internal number).
    Id(&'a str),
    /// `domain`: a path such as `/` or `/child/`; blank means ROOT.
    Path(&'a str),
}

/// Why a login failed; each maps to CloudStack's code for it.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("Invalid domain id entered, please enter a valid one")]
    BadDomainId,
    #[error("Unable to find the domain from the path {0}")]
    UnknownDomainPath(String),
    #[error(
        "Failed to authenticate user {username} in domain {domain}; please provide valid credentials"
    )]
    BadCredentials { username: String, domain: i64 },
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// `/child` → `/child/`; blank → `/`.
pub fn normalize_domain_path(path: &str) -> String {
    let trimmed = path.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// Checks `username`/`password` in the selected domain; on success records USER.LOGIN and returns the caller.
pub async fn authenticate<C: ConnectionTrait>(
    db: &C,
    username: &str,
    password_text: &str,
    selector: DomainSelector<'_>,
) -> Result<Caller, LoginError> {
    let dom = match selector {
        DomainSelector::Id(id) => {
            let q = domain::Entity::find().filter(domain::Column::Removed.is_null());
            let q = match id.parse::<i64>() {
                Ok(n) => q.filter(domain::Column::Id.eq(n)),
                Err(_) => q.filter(domain::Column::Uuid.eq(id)),
            };
            q.one(db)
                .await
                .map_err(EngineError::from)?
                .ok_or(LoginError::BadDomainId)?
        }
        DomainSelector::Path(path) => {
            let path = normalize_domain_path(path);
            domain::Entity::find()
                .filter(domain::Column::Path.eq(path.as_str()))
                .filter(domain::Column::Removed.is_null())
                .one(db)
                .await
                .map_err(EngineError::from)?
                .ok_or(LoginError::UnknownDomainPath(path))?
        }
    };
    let bad = || LoginError::BadCredentials {
        username: username.to_string(),
        domain: dom.id,
    };
    let accounts: Vec<i64> = account::Entity::find()
        .filter(account::Column::DomainId.eq(dom.id))
        .filter(account::Column::Removed.is_null())
        .select_only()
        .column(account::Column::Id)
        .into_tuple()
        .all(db)
        .await
        .map_err(EngineError::from)?;
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .filter(user::Column::AccountId.is_in(accounts))
        .filter(user::Column::Removed.is_null())
        .one(db)
        .await
        .map_err(EngineError::from)?
        .ok_or_else(bad)?;
    if !password::verify(password_text, &found.password) {
        return Err(bad());
    }
    let caller = Caller::for_user(db, found).await?.ok_or_else(bad)?;
    if !caller.enabled || caller.username == "system" {
        return Err(bad());
    }
    events::record(
        db,
        &caller,
        EventRecord {
            event_type: "USER.LOGIN",
            description: format!("user {} has logged in", caller.username),
            resource_type: Some("User"),
            resource_id: Some(&caller.user_uuid),
        },
    )
    .await?;
    Ok(caller)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_paths_are_normalised() {
        assert_eq!(normalize_domain_path(""), "/");
        assert_eq!(normalize_domain_path("/"), "/");
        assert_eq!(normalize_domain_path("child"), "/child/");
        assert_eq!(normalize_domain_path("/child/grand"), "/child/grand/");
    }
}
