//! Users: listing within the caller's reach, API keys, and state changes (enable, disable, lock).

use super::RoleType;
use super::caller::Caller;
use crate::db::entity::{account, domain, role, user};
use crate::engine::EngineError;
use crate::engine::events::{self, EventRecord};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// A user with the account, domain and role it belongs to.
#[derive(Clone, Debug)]
pub struct UserView {
    pub user: user::Model,
    pub account: account::Model,
    pub domain: domain::Model,
    pub role: Option<role::Model>,
}

/// Filters of listUsers.
#[derive(Clone, Debug, Default)]
pub struct UserFilter {
    pub id: Option<String>,
    pub username: Option<String>,
    pub account: Option<String>,
    pub domain_id: Option<String>,
    pub state: Option<String>,
    pub account_type: Option<i16>,
    pub keyword: Option<String>,
    pub is_recursive: bool,
    /// (offset, limit)
    pub page: Option<(u64, u64)>,
}

/// Account ids whose users `caller` may see: all for root admins, the domain subtree for domain admins,
/// the caller's own account otherwise. `domain` narrows to one domain (and below when `recursive`).
async fn visible_accounts<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    domain: Option<&domain::Model>,
    recursive: bool,
) -> Result<Vec<i64>, EngineError> {
    if !matches!(
        caller.role_type,
        RoleType::Admin | RoleType::DomainAdmin | RoleType::ResourceAdmin
    ) {
        return Ok(vec![caller.account_id]);
    }
    let mut domains = domain::Entity::find().filter(domain::Column::Removed.is_null());
    if caller.role_type != RoleType::Admin {
        domains = domains.filter(domain::Column::Path.starts_with(&caller.domain_path));
    }
    if let Some(d) = domain {
        if caller.role_type != RoleType::Admin && !d.path.starts_with(&caller.domain_path) {
            return Err(EngineError::PermissionDenied(format!(
                "Account {} does not have permission to operate within domain id={}",
                caller.account_name, d.uuid
            )));
        }
        domains = if recursive {
            domains.filter(domain::Column::Path.starts_with(&d.path))
        } else {
            domains.filter(domain::Column::Id.eq(d.id))
        };
    }
    let domain_ids: Vec<i64> = domains
        .select_only()
        .column(domain::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(account::Entity::find()
        .filter(account::Column::Removed.is_null())
        .filter(account::Column::DomainId.is_in(domain_ids))
        .select_only()
        .column(account::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// listUsers: matching users the caller may see, and how many match in all.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    f: &UserFilter,
) -> Result<(u64, Vec<UserView>), EngineError> {
    let domain = match &f.domain_id {
        Some(uuid) => Some(find_domain(db, uuid).await?),
        None => None,
    };
    let recursive = f.is_recursive || domain.is_none();
    let mut accounts = visible_accounts(db, caller, domain.as_ref(), recursive).await?;
    if f.account.is_some() || f.account_type.is_some() {
        let mut q = account::Entity::find().filter(account::Column::Id.is_in(accounts.clone()));
        if let Some(name) = &f.account {
            q = q.filter(account::Column::AccountName.eq(name.as_str()));
        }
        if let Some(t) = f.account_type {
            q = q.filter(account::Column::AccountType.eq(t));
        }
        accounts = q
            .select_only()
            .column(account::Column::Id)
            .into_tuple()
            .all(db)
            .await?;
    }
    let mut q = user::Entity::find()
        .filter(user::Column::Removed.is_null())
        .filter(user::Column::AccountId.is_in(accounts));
    if let Some(id) = &f.id {
        q = q.filter(user::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &f.username {
        q = q.filter(user::Column::Username.eq(name.as_str()));
    }
    if let Some(state) = &f.state {
        q = q.filter(user::Column::State.eq(state.to_ascii_lowercase()));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(user::Column::Username.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(user::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    let users = q.all(db).await?;
    Ok((count, views(db, users).await?))
}

/// Completes user rows with their account, domain and role.
pub async fn views<C: ConnectionTrait>(
    db: &C,
    users: Vec<user::Model>,
) -> Result<Vec<UserView>, EngineError> {
    let account_ids: Vec<i64> = users.iter().map(|u| u.account_id).collect();
    let accounts: HashMap<i64, account::Model> = account::Entity::find()
        .filter(account::Column::Id.is_in(account_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let domains: HashMap<i64, domain::Model> = domain::Entity::find()
        .filter(
            domain::Column::Id.is_in(accounts.values().map(|a| a.domain_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let roles: HashMap<i64, role::Model> = role::Entity::find()
        .filter(
            role::Column::Id.is_in(
                accounts
                    .values()
                    .filter_map(|a| a.role_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    users
        .into_iter()
        .map(|user| {
            let account = accounts.get(&user.account_id).cloned().ok_or_else(|| {
                EngineError::Internal(format!("user {} has no account", user.uuid))
            })?;
            let domain = domains.get(&account.domain_id).cloned().ok_or_else(|| {
                EngineError::Internal(format!("account {} has no domain", account.uuid))
            })?;
            let role = account.role_id.and_then(|r| roles.get(&r).cloned());
            Ok(UserView {
                user,
                account,
                domain,
                role,
            })
        })
        .collect()
}

pub async fn find_domain<C: ConnectionTrait>(
    db: &C,
    uuid: &str,
) -> Result<domain::Model, EngineError> {
    domain::Entity::find()
        .filter(domain::Column::Uuid.eq(uuid))
        .filter(domain::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("domain with id {uuid}"),
        })
}

/// The user `uuid` if `caller` may act on it: itself, its account's users for normal users,
/// its domain subtree for domain admins, anyone for root admins.
pub async fn find_for<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<UserView, EngineError> {
    let not_found = || EngineError::NotFound {
        what: format!("user with id {uuid}"),
    };
    let user = user::Entity::find()
        .filter(user::Column::Uuid.eq(uuid))
        .filter(user::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let view = views(db, vec![user]).await?.pop().ok_or_else(not_found)?;
    let allowed = match caller.role_type {
        RoleType::Admin => true,
        RoleType::DomainAdmin | RoleType::ResourceAdmin => {
            view.domain.path.starts_with(&caller.domain_path)
        }
        RoleType::User => view.account.id == caller.account_id,
    };
    if allowed {
        Ok(view)
    } else {
        Err(EngineError::PermissionDenied(format!(
            "Account {} does not have permission to access user {uuid}",
            caller.account_name
        )))
    }
}

/// A key as CloudStack makes them: 64 random bytes, URL-safe base64 without padding (86 characters).
fn new_key() -> String {
    let mut bytes = [0u8; 64];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// registerUserKeys: new API and secret keys for the user, replacing any previous pair.
pub async fn register_keys<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(String, String), EngineError> {
    let view = find_for(db, caller, uuid).await?;
    let (api_key, secret_key) = (new_key(), new_key());
    let mut row = view.user.into_active_model();
    row.api_key = Set(Some(api_key.clone()));
    row.secret_key = Set(Some(secret_key.clone()));
    row.update(db).await?;
    events::record(
        db,
        caller,
        EventRecord {
            event_type: "REGISTER.USER.KEY",
            description: format!("generated API keys for user {uuid}"),
            resource_type: Some("User"),
            resource_id: Some(uuid),
        },
    )
    .await?;
    Ok((api_key, secret_key))
}

/// getUserKeys: the user's current keys, if any were registered.
pub async fn keys<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<Option<(String, String)>, EngineError> {
    let view = find_for(db, caller, uuid).await?;
    Ok(view.user.api_key.zip(view.user.secret_key))
}

/// enableUser / disableUser / lockUser: sets the user's state and records the event.
pub async fn set_state<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    state: &str,
) -> Result<UserView, EngineError> {
    let view = find_for(db, caller, uuid).await?;
    if view.user.id == caller.user_id && state != "enabled" {
        return Err(EngineError::InvalidParameter {
            name: "id".into(),
            reason: "you cannot disable or lock yourself".into(),
        });
    }
    let mut row = view.user.clone().into_active_model();
    row.state = Set(state.to_string());
    let user = row.update(db).await?;
    let event_type = match state {
        "enabled" => "USER.ENABLE",
        "disabled" => "USER.DISABLE",
        _ => "USER.LOCK",
    };
    events::record(
        db,
        caller,
        EventRecord {
            event_type,
            description: format!("user {} is now {state}", user.username),
            resource_type: Some("User"),
            resource_id: Some(uuid),
        },
    )
    .await?;
    Ok(UserView { user, ..view })
}
