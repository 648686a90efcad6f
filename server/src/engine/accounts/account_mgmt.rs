//! Accounts: who may reach which account, listing, creation (with the first user), updates, states, deletion.

use super::caller::Caller;
use super::users::{self, UserView};
use super::{AccountType, RoleType, domains, password};
use crate::db::entity::{account, domain, role, user};
use crate::engine::EngineError;
use crate::engine::events::{self, EventRecord};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession,
    TransactionTrait,
};
use std::collections::HashMap;

pub const ENABLED: &str = "enabled";
pub const DISABLED: &str = "disabled";
pub const LOCKED: &str = "locked";

/// An account with its domain, role and live users.
#[derive(Clone, Debug)]
pub struct AccountView {
    pub account: account::Model,
    pub domain: domain::Model,
    pub role: Option<role::Model>,
    pub users: Vec<UserView>,
}

/// How a command names an account: by id, or by name within a domain (default the caller's).
#[derive(Clone, Debug)]
pub enum AccountRef {
    Id(String),
    Name {
        name: String,
        domain_id: Option<String>,
    },
}

impl AccountRef {
    /// `id` wins; else `account` (+ `domainid`); neither is a 431.
    pub fn from_parts(
        id: Option<String>,
        name: Option<String>,
        domain_id: Option<String>,
    ) -> Result<Self, EngineError> {
        match (id, name) {
            (Some(id), _) => Ok(AccountRef::Id(id)),
            (None, Some(name)) => Ok(AccountRef::Name { name, domain_id }),
            (None, None) => Err(EngineError::InvalidParameter {
                name: "id".into(),
                reason: "either id or account name (with domainid) must be given".into(),
            }),
        }
    }
}

/// Filters of listAccounts.
#[derive(Clone, Debug, Default)]
pub struct AccountFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub account_type: Option<i16>,
    pub role_id: Option<String>,
    pub state: Option<String>,
    pub domain_id: Option<String>,
    pub is_recursive: bool,
    pub list_all: bool,
    pub keyword: Option<String>,
    /// (offset, limit)
    pub page: Option<(u64, u64)>,
}

/// createAccount input; at least one of `account_type` and `role_id` is set.
#[derive(Clone, Debug, Default)]
pub struct NewAccount {
    pub username: String,
    pub password: String,
    pub firstname: String,
    pub lastname: String,
    pub email: Option<String>,
    pub account_type: Option<i16>,
    pub role_id: Option<String>,
    /// Defaults to the username.
    pub account_name: Option<String>,
    pub domain_id: Option<String>,
    pub timezone: Option<String>,
    pub network_domain: Option<String>,
}

/// updateAccount input.
#[derive(Clone, Debug)]
pub struct AccountUpdate {
    pub target: AccountRef,
    pub new_name: Option<String>,
    pub network_domain: Option<String>,
    pub role_id: Option<String>,
}

/// The account type an account of `role_type` has.
pub fn account_type_for(role_type: RoleType) -> i16 {
    (match role_type {
        RoleType::Admin => AccountType::Admin,
        RoleType::ResourceAdmin => AccountType::ResourceDomainAdmin,
        RoleType::DomainAdmin => AccountType::DomainAdmin,
        RoleType::User => AccountType::User,
    }) as i16
}

/// The role type of `acct`: its role's, else the default for its account type.
pub fn role_type_of(acct: &account::Model, role: Option<&role::Model>) -> RoleType {
    role.and_then(|r| RoleType::parse(&r.role_type))
        .unwrap_or_else(|| RoleType::for_account_type(acct.account_type))
}

/// The internal `system` account: never listed, never changed through the API.
pub fn is_system(acct: &account::Model) -> bool {
    acct.is_default && acct.account_name == "system"
}

/// Whether `caller` may see `acct` in `dom`: root admins all, domain-level admins their subtree, users their own.
fn may_see(caller: &Caller, acct: &account::Model, dom: &domain::Model) -> bool {
    match caller.role_type {
        RoleType::Admin => true,
        RoleType::DomainAdmin | RoleType::ResourceAdmin => {
            dom.path.starts_with(&caller.domain_path)
        }
        RoleType::User => acct.id == caller.account_id,
    }
}

/// 531 unless `caller` may change `acct`: it must manage the domain, and only root admins touch admin accounts;
/// the system account is off limits to everyone.
pub fn check_manage(
    caller: &Caller,
    acct: &account::Model,
    dom: &domain::Model,
    role: Option<&role::Model>,
) -> Result<(), EngineError> {
    let allowed = !is_system(acct)
        && domains::may_manage(caller, dom)
        && (caller.is_root_admin() || role_type_of(acct, role) != RoleType::Admin);
    if allowed {
        Ok(())
    } else {
        Err(EngineError::PermissionDenied(format!(
            "Account {} does not have permission to operate on account {}",
            caller.account_name, acct.uuid
        )))
    }
}

async fn role_by_id<C: ConnectionTrait>(
    db: &C,
    id: Option<i64>,
) -> Result<Option<role::Model>, EngineError> {
    match id {
        Some(id) => Ok(role::Entity::find_by_id(id).one(db).await?),
        None => Ok(None),
    }
}

/// The live role `uuid`; 431 when unknown.
async fn role_by_uuid<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<role::Model, EngineError> {
    role::Entity::find()
        .filter(role::Column::Uuid.eq(uuid))
        .filter(role::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("role with id {uuid}"),
        })
}

/// The live account `name` in domain `dom`.
pub async fn by_name<C: ConnectionTrait>(
    db: &C,
    dom: &domain::Model,
    name: &str,
) -> Result<account::Model, EngineError> {
    account::Entity::find()
        .filter(account::Column::DomainId.eq(dom.id))
        .filter(account::Column::AccountName.eq(name))
        .filter(account::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("account {name} in domain id={}", dom.uuid),
        })
}

/// The account `target` if `caller` may see it (531 otherwise), with its domain and role.
pub async fn find_for<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    target: &AccountRef,
) -> Result<(account::Model, domain::Model, Option<role::Model>), EngineError> {
    let acct = match target {
        AccountRef::Id(uuid) => account::Entity::find()
            .filter(account::Column::Uuid.eq(uuid.as_str()))
            .filter(account::Column::Removed.is_null())
            .one(db)
            .await?
            .filter(|a| !is_system(a))
            .ok_or_else(|| EngineError::NotFound {
                what: format!("account with id {uuid}"),
            })?,
        AccountRef::Name { name, domain_id } => {
            let dom = match domain_id {
                Some(d) => domains::find_for(db, caller, d).await?,
                None => domains::caller_domain(db, caller).await?,
            };
            by_name(db, &dom, name).await?
        }
    };
    let dom = domain::Entity::find_by_id(acct.domain_id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal(format!("account {} has no domain", acct.uuid)))?;
    if !may_see(caller, &acct, &dom) {
        return Err(EngineError::PermissionDenied(format!(
            "Account {} does not have permission to access account {}",
            caller.account_name, acct.uuid
        )));
    }
    let role = role_by_id(db, acct.role_id).await?;
    Ok((acct, dom, role))
}

/// The account a resource is created for: `account` (in `domain_id`, else the caller's domain) when the caller may
/// act for it, otherwise the caller's own. Users act only for their own account (531).
pub async fn acting_for<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    account: Option<&str>,
    domain_id: Option<&str>,
) -> Result<account::Model, EngineError> {
    let Some(name) = account else {
        return account::Entity::find_by_id(caller.account_id)
            .one(db)
            .await?
            .ok_or_else(|| EngineError::Internal("caller account vanished".into()));
    };
    let (acct, _, _) = find_for(
        db,
        caller,
        &AccountRef::Name {
            name: name.to_string(),
            domain_id: domain_id.map(str::to_string),
        },
    )
    .await?;
    if caller.role_type == RoleType::User && acct.id != caller.account_id {
        return Err(EngineError::PermissionDenied(format!(
            "Account {} cannot act for account {}",
            caller.account_name, acct.account_name
        )));
    }
    Ok(acct)
}

/// The account `target` if `caller` may change it.
async fn find_managed<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    target: &AccountRef,
) -> Result<(account::Model, domain::Model, Option<role::Model>), EngineError> {
    let (acct, dom, role) = find_for(db, caller, target).await?;
    check_manage(caller, &acct, &dom, role.as_ref())?;
    Ok((acct, dom, role))
}

/// Completes account rows with domains, roles and live users.
pub async fn views<C: ConnectionTrait>(
    db: &C,
    accounts: Vec<account::Model>,
) -> Result<Vec<AccountView>, EngineError> {
    let ids: Vec<i64> = accounts.iter().map(|a| a.id).collect();
    let domains: HashMap<i64, domain::Model> = domain::Entity::find()
        .filter(domain::Column::Id.is_in(accounts.iter().map(|a| a.domain_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let roles: HashMap<i64, role::Model> = role::Entity::find()
        .filter(
            role::Column::Id.is_in(
                accounts
                    .iter()
                    .filter_map(|a| a.role_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut users_by_account: HashMap<i64, Vec<user::Model>> = HashMap::new();
    for u in user::Entity::find()
        .filter(user::Column::AccountId.is_in(ids))
        .filter(user::Column::Removed.is_null())
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
    {
        users_by_account.entry(u.account_id).or_default().push(u);
    }
    accounts
        .into_iter()
        .map(|account| {
            let domain = domains.get(&account.domain_id).cloned().ok_or_else(|| {
                EngineError::Internal(format!("account {} has no domain", account.uuid))
            })?;
            let role = account.role_id.and_then(|r| roles.get(&r).cloned());
            let users = users_by_account
                .remove(&account.id)
                .unwrap_or_default()
                .into_iter()
                .map(|user| UserView {
                    user,
                    account: account.clone(),
                    domain: domain.clone(),
                    role: role.clone(),
                })
                .collect();
            Ok(AccountView {
                account,
                domain,
                role,
                users,
            })
        })
        .collect()
}

async fn view<C: ConnectionTrait>(
    db: &C,
    acct: account::Model,
) -> Result<AccountView, EngineError> {
    views(db, vec![acct])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("account view vanished".into()))
}

/// listAccounts: users see their own account; admins the accounts of `domainid` (and below with `isrecursive`
/// or `listall`), or without `domainid` everything in their reach. The system account is never listed.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    f: &AccountFilter,
) -> Result<(u64, Vec<AccountView>), EngineError> {
    let mut q = account::Entity::find()
        .filter(account::Column::Removed.is_null())
        .filter(
            Condition::any()
                .add(account::Column::AccountName.ne("system"))
                .add(account::Column::IsDefault.eq(false)),
        );
    if let Some(id) = &f.id {
        let (acct, _, _) = find_for(db, caller, &AccountRef::Id(id.clone())).await?;
        q = q.filter(account::Column::Id.eq(acct.id));
    }
    let dom = match &f.domain_id {
        Some(d) => Some(domains::find_for(db, caller, d).await?),
        None => None,
    };
    if domains::is_admin(caller) {
        let top = match &dom {
            Some(d) => d.clone(),
            None => domains::caller_domain(db, caller).await?,
        };
        let ids = if dom.is_none() || f.is_recursive || f.list_all {
            domains::subtree_ids(db, &top).await?
        } else {
            vec![top.id]
        };
        q = q.filter(account::Column::DomainId.is_in(ids));
    } else {
        q = q.filter(account::Column::Id.eq(caller.account_id));
    }
    if let Some(name) = &f.name {
        q = q.filter(account::Column::AccountName.eq(name.as_str()));
    }
    if let Some(t) = f.account_type {
        q = q.filter(account::Column::AccountType.eq(t));
    }
    if let Some(r) = &f.role_id {
        let r = role_by_uuid(db, r).await?;
        q = q.filter(account::Column::RoleId.eq(r.id));
    }
    if let Some(state) = &f.state {
        q = q.filter(account::Column::State.eq(state.to_ascii_lowercase()));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(account::Column::AccountName.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(account::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    let rows = q.all(db).await?;
    views(db, rows).await.map(|v| (count, v))
}

/// 431 when a live account in `dom` already has `name` (case-insensitively).
async fn check_account_name_free<C: ConnectionTrait>(
    db: &C,
    dom: &domain::Model,
    name: &str,
    except: Option<i64>,
) -> Result<(), EngineError> {
    let taken = account::Entity::find()
        .filter(account::Column::DomainId.eq(dom.id))
        .filter(account::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .any(|a| Some(a.id) != except && a.account_name.eq_ignore_ascii_case(name));
    if taken {
        return Err(EngineError::InvalidParameter {
            name: "account".into(),
            reason: format!(
                "The specified account: {name} already exists in domain {}",
                domains::pretty_path(&dom.path)
            ),
        });
    }
    Ok(())
}

/// The default role of `role_type`.
async fn default_role<C: ConnectionTrait>(
    db: &C,
    role_type: RoleType,
) -> Result<role::Model, EngineError> {
    let mut candidates = role::Entity::find()
        .filter(role::Column::RoleType.eq(role_type.as_str()))
        .filter(role::Column::Removed.is_null())
        .order_by_asc(role::Column::Id)
        .all(db)
        .await?;
    let pick = candidates
        .iter()
        .position(|r| r.is_default)
        .unwrap_or_default();
    if candidates.is_empty() {
        return Err(EngineError::NotFound {
            what: format!("a role of type {}", role_type.as_str()),
        });
    }
    Ok(candidates.swap_remove(pick))
}

/// createAccount: a new account in a domain the caller manages, with its first user.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    n: &NewAccount,
) -> Result<AccountView, EngineError> {
    let dom = domains::managed_or_own(db, caller, n.domain_id.as_deref()).await?;
    let role = match (&n.role_id, n.account_type) {
        (Some(r), t) => {
            let role = role_by_uuid(db, r).await?;
            let rt =
                RoleType::parse(&role.role_type).ok_or_else(|| EngineError::InvalidParameter {
                    name: "roleid".into(),
                    reason: format!("role {r} has an unknown role type"),
                })?;
            if t.is_some_and(|t| t != account_type_for(rt)) {
                return Err(EngineError::InvalidParameter {
                    name: "accounttype".into(),
                    reason: "the account type does not match the role's type".into(),
                });
            }
            role
        }
        (None, Some(t)) => {
            if !(0..=3).contains(&t) {
                return Err(EngineError::InvalidParameter {
                    name: "accounttype".into(),
                    reason: format!("unsupported account type {t}"),
                });
            }
            default_role(db, RoleType::for_account_type(t)).await?
        }
        (None, None) => {
            return Err(EngineError::InvalidParameter {
                name: "accounttype".into(),
                reason: "Neither account type and role ID are not provided".into(),
            });
        }
    };
    let role_type = RoleType::parse(&role.role_type).unwrap_or(RoleType::User);
    if role_type == RoleType::Admin {
        if !caller.is_root_admin() {
            return Err(EngineError::PermissionDenied(format!(
                "Account {} may not create root admin accounts",
                caller.account_name
            )));
        }
        if dom.parent_id.is_some() {
            return Err(EngineError::InvalidParameter {
                name: "accounttype".into(),
                reason: "root admin accounts can only be created in the ROOT domain".into(),
            });
        }
    }
    let account_name = n.account_name.clone().unwrap_or_else(|| n.username.clone());
    let password_hash = password::hash(&n.password)?;
    let now = chrono::Utc::now().naive_utc();
    let txn = db.begin().await?;
    check_account_name_free(&txn, &dom, &account_name, None).await?;
    users::check_username_free(&txn, &dom, &n.username, None).await?;
    let acct = account::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        account_name: Set(account_name),
        account_type: Set(account_type_for(role_type)),
        role_id: Set(Some(role.id)),
        domain_id: Set(dom.id),
        state: Set(ENABLED.into()),
        network_domain: Set(n.network_domain.clone()),
        is_default: Set(false),
        created: Set(now),
        removed: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    user::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        username: Set(n.username.clone()),
        password: Set(password_hash),
        firstname: Set(n.firstname.clone()),
        lastname: Set(n.lastname.clone()),
        email: Set(n.email.clone()),
        account_id: Set(acct.id),
        state: Set(ENABLED.into()),
        api_key: Set(None),
        secret_key: Set(None),
        timezone: Set(n.timezone.clone()),
        source: Set("native".into()),
        is_default: Set(false),
        created: Set(now),
        removed: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    events::record(
        &txn,
        caller,
        EventRecord {
            event_type: "ACCOUNT.CREATE",
            description: format!(
                "created account {} in domain {}",
                acct.account_name,
                domains::pretty_path(&dom.path)
            ),
            resource_type: Some("Account"),
            resource_id: Some(&acct.uuid),
        },
    )
    .await?;
    let v = view(&txn, acct).await?;
    txn.commit().await?;
    Ok(v)
}

/// updateAccount: rename, network domain, or another role of the same role type.
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    u: &AccountUpdate,
) -> Result<AccountView, EngineError> {
    let (acct, dom, role) = find_managed(db, caller, &u.target).await?;
    let txn = db.begin().await?;
    let mut row = acct.clone().into_active_model();
    if let Some(new_name) = &u.new_name {
        let new_name = new_name.trim();
        if new_name.is_empty() {
            return Err(EngineError::InvalidParameter {
                name: "newname".into(),
                reason: "the new account name can not be blank".into(),
            });
        }
        check_account_name_free(&txn, &dom, new_name, Some(acct.id)).await?;
        row.account_name = Set(new_name.to_string());
    }
    if let Some(nd) = &u.network_domain {
        // An empty value clears it.
        row.network_domain = Set((!nd.is_empty()).then(|| nd.clone()));
    }
    if let Some(r) = &u.role_id {
        let new_role = role_by_uuid(&txn, r).await?;
        if RoleType::parse(&new_role.role_type) != Some(role_type_of(&acct, role.as_ref())) {
            return Err(EngineError::InvalidParameter {
                name: "roleid".into(),
                reason: "the new role must be of the account's role type".into(),
            });
        }
        row.role_id = Set(Some(new_role.id));
    }
    let updated = row.update(&txn).await?;
    events::record(
        &txn,
        caller,
        EventRecord {
            event_type: "ACCOUNT.UPDATE",
            description: format!("updated account {}", updated.account_name),
            resource_type: Some("Account"),
            resource_id: Some(&updated.uuid),
        },
    )
    .await?;
    let v = view(&txn, updated).await?;
    txn.commit().await?;
    Ok(v)
}

/// enableAccount / disableAccount / lockAccount: a disabled or locked account's users can neither log in nor
/// sign requests. Nobody disables or locks their own account.
pub async fn set_state<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    target: &AccountRef,
    state: &str,
) -> Result<AccountView, EngineError> {
    let (acct, _, _) = find_managed(db, caller, target).await?;
    if acct.id == caller.account_id && state != ENABLED {
        return Err(EngineError::InvalidParameter {
            name: "id".into(),
            reason: "you cannot disable or lock your own account".into(),
        });
    }
    let mut row = acct.into_active_model();
    row.state = Set(state.to_string());
    let updated = row.update(db).await?;
    let event_type = if state == ENABLED {
        "ACCOUNT.ENABLE"
    } else {
        "ACCOUNT.DISABLE"
    };
    events::record(
        db,
        caller,
        EventRecord {
            event_type,
            description: format!("account {} is now {state}", updated.account_name),
            resource_type: Some("Account"),
            resource_id: Some(&updated.uuid),
        },
    )
    .await?;
    view(db, updated).await
}

/// deleteAccount: soft-deletes the account and its users; never the caller's own or a default account.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let (acct, _, _) = find_managed(db, caller, &AccountRef::Id(uuid.to_string())).await?;
    if acct.id == caller.account_id {
        return Err(EngineError::InvalidParameter {
            name: "id".into(),
            reason: "you cannot delete your own account".into(),
        });
    }
    if acct.is_default {
        return Err(EngineError::InvalidParameter {
            name: "id".into(),
            reason: format!(
                "account {} is a default account and can not be deleted",
                acct.account_name
            ),
        });
    }
    let now = chrono::Utc::now().naive_utc();
    let txn = db.begin().await?;
    let user_ids: Vec<i64> = user::Entity::find()
        .filter(user::Column::AccountId.eq(acct.id))
        .filter(user::Column::Removed.is_null())
        .select_only()
        .column(user::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    for id in user_ids {
        user::ActiveModel {
            id: Set(id),
            removed: Set(Some(now)),
            ..Default::default()
        }
        .update(&txn)
        .await?;
    }
    let name = acct.account_name.clone();
    let mut row = acct.into_active_model();
    row.removed = Set(Some(now));
    row.update(&txn).await?;
    events::record(
        &txn,
        caller,
        EventRecord {
            event_type: "ACCOUNT.DELETE",
            description: format!("deleted account {name}"),
            resource_type: Some("Account"),
            resource_id: Some(uuid),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
