//! Users: listing within the caller's reach, creation, updates, deletion, API keys and states.

use super::caller::Caller;
use super::{RoleType, account_mgmt, domains, password};
use crate::db::entity::{account, domain, role, user};
use crate::engine::EngineError;
use crate::engine::events::{self, EventRecord};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
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
        domains = domains.filter(super::domains::in_subtree(&caller.domain_path));
    }
    if let Some(d) = domain {
        if caller.role_type != RoleType::Admin && !d.path.starts_with(&caller.domain_path) {
            return Err(EngineError::PermissionDenied(format!(
                "Account {} does not have permission to operate within domain id={}",
                caller.account_name, d.uuid
            )));
        }
        domains = if recursive {
            domains.filter(super::domains::in_subtree(&d.path))
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
        Some(uuid) => Some(super::domains::find(db, uuid).await?),
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

/// createUser input.
#[derive(Clone, Debug, Default)]
pub struct NewUser {
    pub account_name: String,
    pub username: String,
    pub password: String,
    pub firstname: String,
    pub lastname: String,
    pub email: Option<String>,
    /// The account's domain; defaults to the caller's.
    pub domain_id: Option<String>,
    pub timezone: Option<String>,
}

/// updateUser input; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct UserUpdate {
    pub id: String,
    pub username: Option<String>,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub email: Option<String>,
    pub timezone: Option<String>,
    pub password: Option<String>,
    pub current_password: Option<String>,
}

/// 431 when a live user of a live account in `dom` already has `username` (usernames are unique per domain).
pub async fn check_username_free<C: ConnectionTrait>(
    db: &C,
    dom: &domain::Model,
    username: &str,
    except: Option<i64>,
) -> Result<(), EngineError> {
    let accounts: Vec<i64> = account::Entity::find()
        .filter(account::Column::DomainId.eq(dom.id))
        .filter(account::Column::Removed.is_null())
        .select_only()
        .column(account::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let taken = user::Entity::find()
        .filter(user::Column::AccountId.is_in(accounts))
        .filter(user::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .any(|u| Some(u.id) != except && u.username.eq_ignore_ascii_case(username));
    if taken {
        return Err(EngineError::InvalidParameter {
            name: "username".into(),
            reason: format!(
                "The user {username} already exists in domain {}",
                domains::pretty_path(&dom.path)
            ),
        });
    }
    Ok(())
}

/// The user `uuid` if `caller` may change it: visible, and its account manageable by an admin caller.
async fn find_managed<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<UserView, EngineError> {
    let view = find_for(db, caller, uuid).await?;
    if domains::is_admin(caller) {
        account_mgmt::check_manage(caller, &view.account, &view.domain, view.role.as_ref())?;
    }
    Ok(view)
}

/// createUser: a new user in an existing account the caller manages.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    n: &NewUser,
) -> Result<UserView, EngineError> {
    let dom = match &n.domain_id {
        Some(d) => domains::find_for(db, caller, d).await?,
        None => domains::caller_domain(db, caller).await?,
    };
    let acct = account_mgmt::by_name(db, &dom, &n.account_name).await?;
    let role = match acct.role_id {
        Some(r) => role::Entity::find_by_id(r).one(db).await?,
        None => None,
    };
    account_mgmt::check_manage(caller, &acct, &dom, role.as_ref())?;
    let username = n.username.trim();
    if username.is_empty() {
        return Err(EngineError::InvalidParameter {
            name: "username".into(),
            reason: "the username can not be blank".into(),
        });
    }
    let password_hash = password::hash(&n.password)?;
    let txn = db.begin().await?;
    check_username_free(&txn, &dom, username, None).await?;
    let created = user::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        username: Set(username.to_string()),
        password: Set(password_hash),
        firstname: Set(n.firstname.clone()),
        lastname: Set(n.lastname.clone()),
        email: Set(n.email.clone()),
        account_id: Set(acct.id),
        state: Set(account_mgmt::ENABLED.into()),
        api_key: Set(None),
        secret_key: Set(None),
        timezone: Set(n.timezone.clone()),
        source: Set("native".into()),
        is_default: Set(false),
        created: Set(chrono::Utc::now().naive_utc()),
        removed: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    events::record(
        &txn,
        caller,
        EventRecord {
            event_type: "USER.CREATE",
            description: format!(
                "created user {} in account {}",
                created.username, acct.account_name
            ),
            resource_type: Some("User"),
            resource_id: Some(&created.uuid),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(UserView {
        user: created,
        account: acct,
        domain: dom,
        role,
    })
}

/// updateUser: names, email, timezone, username and password. Only admins skip the current password when
/// setting a new one (CloudStack's validateUserPasswordAndUpdateIfNeeded).
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    u: &UserUpdate,
) -> Result<UserView, EngineError> {
    let view = find_managed(db, caller, &u.id).await?;
    let mut row = view.user.clone().into_active_model();
    if let Some(new_password) = &u.password {
        if !domains::is_admin(caller) {
            let current =
                u.current_password
                    .as_deref()
                    .ok_or_else(|| EngineError::InvalidParameter {
                        name: "currentpassword".into(),
                        reason: "To set a new password the current password must be provided."
                            .into(),
                    })?;
            if !password::verify(current, &view.user.password) {
                return Err(EngineError::InvalidParameter {
                    name: "currentpassword".into(),
                    reason: "Current password is incorrect.".into(),
                });
            }
        }
        row.password = Set(password::hash(new_password)?);
    }
    let txn = db.begin().await?;
    if let Some(username) = &u.username {
        let username = username.trim();
        if username.is_empty() {
            return Err(EngineError::InvalidParameter {
                name: "username".into(),
                reason: "the username can not be blank".into(),
            });
        }
        check_username_free(&txn, &view.domain, username, Some(view.user.id)).await?;
        row.username = Set(username.to_string());
    }
    if let Some(v) = &u.firstname {
        row.firstname = Set(v.clone());
    }
    if let Some(v) = &u.lastname {
        row.lastname = Set(v.clone());
    }
    if let Some(v) = &u.email {
        row.email = Set(Some(v.clone()));
    }
    if let Some(v) = &u.timezone {
        row.timezone = Set(Some(v.clone()));
    }
    let user = row.update(&txn).await?;
    events::record(
        &txn,
        caller,
        EventRecord {
            event_type: "USER.UPDATE",
            description: format!("updated user {}", user.username),
            resource_type: Some("User"),
            resource_id: Some(&user.uuid),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(UserView { user, ..view })
}

/// deleteUser: soft-deletes the user; never the caller itself or a default user.
pub async fn delete<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let view = find_managed(db, caller, uuid).await?;
    if view.user.id == caller.user_id {
        return Err(EngineError::InvalidParameter {
            name: "id".into(),
            reason: "you cannot delete yourself".into(),
        });
    }
    if view.user.is_default {
        return Err(EngineError::InvalidParameter {
            name: "id".into(),
            reason: format!(
                "user {} is a default user and can not be deleted",
                view.user.username
            ),
        });
    }
    let username = view.user.username.clone();
    let mut row = view.user.into_active_model();
    row.removed = Set(Some(chrono::Utc::now().naive_utc()));
    row.update(db).await?;
    events::record(
        db,
        caller,
        EventRecord {
            event_type: "USER.DELETE",
            description: format!("deleted user {username}"),
            resource_type: Some("User"),
            resource_id: Some(uuid),
        },
    )
    .await?;
    Ok(())
}
