//! Domains: the tree's reach rules, listing, creation, renaming (with descendant paths) and deletion.

use super::RoleType;
use super::caller::Caller;
use crate::db::entity::{account, domain, user};
use crate::engine::EngineError;
use crate::engine::events::{self, EventRecord};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// State of a live domain, and of one that has been deleted.
const ACTIVE: &str = "Active";
const INACTIVE: &str = "Inactive";

/// A domain with what its `domain` object shows about its neighbours.
#[derive(Clone, Debug)]
pub struct DomainView {
    pub domain: domain::Model,
    pub parent: Option<domain::Model>,
    pub has_child: bool,
}

/// Filters of listDomains.
#[derive(Clone, Debug, Default)]
pub struct DomainFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub level: Option<i32>,
    pub list_all: bool,
    pub keyword: Option<String>,
    /// (offset, limit)
    pub page: Option<(u64, u64)>,
}

/// createDomain input.
#[derive(Clone, Debug, Default)]
pub struct NewDomain {
    pub name: String,
    pub parent_id: Option<String>,
    pub network_domain: Option<String>,
    /// An externally chosen UUID for the new domain.
    pub uuid: Option<String>,
}

/// updateDomain input.
#[derive(Clone, Debug, Default)]
pub struct DomainUpdate {
    pub id: String,
    pub name: Option<String>,
    pub network_domain: Option<String>,
}

/// `/` → `ROOT`, `/a/b/` → `ROOT/a/b`, as CloudStack shows domain paths.
pub fn pretty_path(path: &str) -> String {
    let inner = path.trim_matches('/');
    if inner.is_empty() {
        "ROOT".to_string()
    } else {
        format!("ROOT/{inner}")
    }
}

/// True for root, resource and domain admins.
pub fn is_admin(caller: &Caller) -> bool {
    matches!(
        caller.role_type,
        RoleType::Admin | RoleType::DomainAdmin | RoleType::ResourceAdmin
    )
}

/// Whether `caller` may see `d`: root admins everything, domain-level admins their subtree, users their own domain.
pub fn may_see(caller: &Caller, d: &domain::Model) -> bool {
    match caller.role_type {
        RoleType::Admin => true,
        RoleType::DomainAdmin | RoleType::ResourceAdmin => d.path.starts_with(&caller.domain_path),
        RoleType::User => d.id == caller.domain_id,
    }
}

/// Whether `caller` may manage things in `d`: root admins anywhere, domain-level admins in their subtree.
pub fn may_manage(caller: &Caller, d: &domain::Model) -> bool {
    match caller.role_type {
        RoleType::Admin => true,
        RoleType::DomainAdmin | RoleType::ResourceAdmin => d.path.starts_with(&caller.domain_path),
        RoleType::User => false,
    }
}

pub fn denied(caller: &Caller, d: &domain::Model) -> EngineError {
    EngineError::PermissionDenied(format!(
        "Account {} does not have permission to operate within domain id={}",
        caller.account_name, d.uuid
    ))
}

/// The live domain `uuid`; 431 when unknown.
pub async fn find<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<domain::Model, EngineError> {
    domain::Entity::find()
        .filter(domain::Column::Uuid.eq(uuid))
        .filter(domain::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("domain with id {uuid}"),
        })
}

/// The live domain `uuid` if `caller` may see it; 531 otherwise.
pub async fn find_for<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<domain::Model, EngineError> {
    let d = find(db, uuid).await?;
    if may_see(caller, &d) {
        Ok(d)
    } else {
        Err(denied(caller, &d))
    }
}

/// The caller's own domain.
pub async fn caller_domain<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
) -> Result<domain::Model, EngineError> {
    domain::Entity::find_by_id(caller.domain_id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("domain of account {}", caller.account_name),
        })
}

/// `uuid`'s domain when given, else the caller's; either way one the caller may manage (531 otherwise).
pub async fn managed_or_own<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: Option<&str>,
) -> Result<domain::Model, EngineError> {
    let d = match uuid {
        Some(uuid) => find(db, uuid).await?,
        None => caller_domain(db, caller).await?,
    };
    if may_manage(caller, &d) {
        Ok(d)
    } else {
        Err(denied(caller, &d))
    }
}

/// Every live domain, by id.
async fn live_domains<C: ConnectionTrait>(db: &C) -> Result<Vec<domain::Model>, EngineError> {
    Ok(domain::Entity::find()
        .filter(domain::Column::Removed.is_null())
        .order_by_asc(domain::Column::Id)
        .all(db)
        .await?)
}

/// Ids of the live domains at and below `top` (by path prefix, compared here rather than with SQL LIKE,
/// so names containing `%` or `_` cannot widen the match).
pub async fn subtree_ids<C: ConnectionTrait>(
    db: &C,
    top: &domain::Model,
) -> Result<Vec<i64>, EngineError> {
    Ok(live_domains(db)
        .await?
        .into_iter()
        .filter(|d| d.path.starts_with(&top.path))
        .map(|d| d.id)
        .collect())
}

/// Completes domains with their parents and whether they have live children.
fn views_of(all: &[domain::Model], picked: Vec<domain::Model>) -> Vec<DomainView> {
    let by_id: HashMap<i64, &domain::Model> = all.iter().map(|d| (d.id, d)).collect();
    picked
        .into_iter()
        .map(|d| DomainView {
            parent: d
                .parent_id
                .and_then(|p| by_id.get(&p).map(|m| (*m).clone())),
            has_child: all.iter().any(|c| c.parent_id == Some(d.id)),
            domain: d,
        })
        .collect()
}

/// One domain's view.
pub async fn view<C: ConnectionTrait>(db: &C, d: domain::Model) -> Result<DomainView, EngineError> {
    let all = live_domains(db).await?;
    views_of(&all, vec![d])
        .pop()
        .ok_or_else(|| EngineError::Internal("domain view vanished".into()))
}

/// listDomains (CloudStack's searchForDomains): with `id` that domain; otherwise root admins see every domain,
/// others their own domain, and domain-level admins with `listall` their whole subtree.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    f: &DomainFilter,
) -> Result<(u64, Vec<DomainView>), EngineError> {
    let all = live_domains(db).await?;
    let scope: Box<dyn Fn(&domain::Model) -> bool> = if let Some(id) = &f.id {
        let d = find_for(db, caller, id).await?;
        Box::new(move |x| x.id == d.id)
    } else {
        match caller.role_type {
            RoleType::Admin => Box::new(|_| true),
            RoleType::DomainAdmin | RoleType::ResourceAdmin if f.list_all => {
                let path = caller.domain_path.clone();
                Box::new(move |x| x.path.starts_with(&path))
            }
            _ => {
                let own = caller.domain_id;
                Box::new(move |x| x.id == own)
            }
        }
    };
    let keyword = f.keyword.as_ref().map(|k| k.to_lowercase());
    let matching: Vec<domain::Model> = all
        .iter()
        .filter(|d| scope(d))
        .filter(|d| f.name.as_ref().is_none_or(|n| &d.name == n))
        .filter(|d| f.level.is_none_or(|l| d.level == l))
        .filter(|d| {
            keyword
                .as_ref()
                .is_none_or(|k| d.name.to_lowercase().contains(k))
        })
        .cloned()
        .collect();
    let count = matching.len() as u64;
    let page: Vec<domain::Model> = match f.page {
        Some((offset, limit)) => matching
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect(),
        None => matching,
    };
    Ok((count, views_of(&all, page)))
}

/// A domain name must be non-blank and may not contain `/` (it becomes a path segment).
fn check_name(name: &str) -> Result<String, EngineError> {
    let name = name.trim();
    if name.is_empty() || name.contains('/') {
        return Err(EngineError::InvalidParameter {
            name: "name".into(),
            reason: "a domain name must be non-empty and may not contain '/'".into(),
        });
    }
    Ok(name.to_string())
}

/// 431 when `parent` already has a live child called `name` (case-insensitively, as CloudStack's MySQL compares).
async fn check_sibling_free<C: ConnectionTrait>(
    db: &C,
    parent: &domain::Model,
    name: &str,
    except: Option<i64>,
) -> Result<(), EngineError> {
    let taken = domain::Entity::find()
        .filter(domain::Column::ParentId.eq(parent.id))
        .filter(domain::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .any(|d| Some(d.id) != except && d.name.eq_ignore_ascii_case(name));
    if taken {
        return Err(EngineError::InvalidParameter {
            name: "name".into(),
            reason: format!(
                "Domain with name {name} already exists for the parent id={}",
                parent.uuid
            ),
        });
    }
    Ok(())
}

/// createDomain: a child of `parentdomainid` (default the caller's domain) that the caller may manage.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    n: &NewDomain,
) -> Result<DomainView, EngineError> {
    let parent = managed_or_own(db, caller, n.parent_id.as_deref()).await?;
    let name = check_name(&n.name)?;
    let uuid = match &n.uuid {
        Some(u) => {
            let parsed = uuid::Uuid::parse_str(u).map_err(|_| EngineError::InvalidParameter {
                name: "domainid".into(),
                reason: format!("{u} is not a UUID"),
            })?;
            let exists = domain::Entity::find()
                .filter(domain::Column::Uuid.eq(parsed.to_string()))
                .one(db)
                .await?
                .is_some();
            if exists {
                return Err(EngineError::InvalidParameter {
                    name: "domainid".into(),
                    reason: format!("a domain with id {parsed} already exists"),
                });
            }
            parsed.to_string()
        }
        None => uuid::Uuid::new_v4().to_string(),
    };
    let txn = db.begin().await?;
    check_sibling_free(&txn, &parent, &name, None).await?;
    let created = domain::ActiveModel {
        uuid: Set(uuid),
        parent_id: Set(Some(parent.id)),
        name: Set(name.clone()),
        path: Set(format!("{}{name}/", parent.path)),
        level: Set(parent.level + 1),
        state: Set(ACTIVE.into()),
        network_domain: Set(n.network_domain.clone()),
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
            event_type: "DOMAIN.CREATE",
            description: format!("created domain {}", pretty_path(&created.path)),
            resource_type: Some("Domain"),
            resource_id: Some(&created.uuid),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(DomainView {
        domain: created,
        parent: Some(parent),
        has_child: false,
    })
}

/// updateDomain: new name (the paths of the domain and all below it follow) and/or network domain.
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    u: &DomainUpdate,
) -> Result<DomainView, EngineError> {
    let d = find(db, &u.id).await?;
    if !may_manage(caller, &d) {
        return Err(denied(caller, &d));
    }
    let txn = db.begin().await?;
    let mut row = d.clone().into_active_model();
    if let Some(new_name) = &u.name {
        let Some(parent_id) = d.parent_id else {
            return Err(EngineError::InvalidParameter {
                name: "name".into(),
                reason: "ROOT domain can not be edited with a new name".into(),
            });
        };
        let new_name = check_name(new_name)?;
        if new_name != d.name {
            let parent = domain::Entity::find_by_id(parent_id)
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    EngineError::Internal(format!("domain {} lost its parent", d.uuid))
                })?;
            check_sibling_free(&txn, &parent, &new_name, Some(d.id)).await?;
            let new_path = format!("{}{new_name}/", parent.path);
            for below in live_domains(&txn).await? {
                if below.id == d.id {
                    continue;
                }
                if let Some(rest) = below.path.strip_prefix(&d.path) {
                    let path = format!("{new_path}{rest}");
                    let mut b = below.into_active_model();
                    b.path = Set(path);
                    b.update(&txn).await?;
                }
            }
            row.name = Set(new_name);
            row.path = Set(new_path);
        }
    }
    if let Some(nd) = &u.network_domain {
        // An empty value clears it.
        row.network_domain = Set((!nd.is_empty()).then(|| nd.clone()));
    }
    let updated = row.update(&txn).await?;
    events::record(
        &txn,
        caller,
        EventRecord {
            event_type: "DOMAIN.UPDATE",
            description: format!("updated domain {}", pretty_path(&updated.path)),
            resource_type: Some("Domain"),
            resource_id: Some(&updated.uuid),
        },
    )
    .await?;
    let v = view(&txn, updated).await?;
    txn.commit().await?;
    Ok(v)
}

/// deleteDomain: refuses while child domains or accounts remain unless `cleanup`, which soft-deletes the whole
/// subtree: its users, accounts and domains.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    cleanup: bool,
) -> Result<(), EngineError> {
    let d = find(db, uuid).await?;
    if !may_manage(caller, &d) {
        return Err(denied(caller, &d));
    }
    if d.parent_id.is_none() {
        return Err(EngineError::InvalidParameter {
            name: "id".into(),
            reason: "the ROOT domain can not be deleted".into(),
        });
    }
    if caller.domain_path.starts_with(&d.path) {
        return Err(EngineError::PermissionDenied(format!(
            "Account {} can not delete its own domain or one above it",
            caller.account_name
        )));
    }
    let txn = db.begin().await?;
    let subtree = subtree_ids(&txn, &d).await?;
    let children = subtree.len().saturating_sub(1);
    let accounts = account::Entity::find()
        .filter(account::Column::DomainId.is_in(subtree.clone()))
        .filter(account::Column::Removed.is_null())
        .all(&txn)
        .await?;
    if !cleanup && (children > 0 || !accounts.is_empty()) {
        let mut left = Vec::new();
        if children > 0 {
            left.push(format!("{children} child domain(s)"));
        }
        if !accounts.is_empty() {
            left.push(format!("{} account(s)", accounts.len()));
        }
        return Err(EngineError::ResourceInUse(format!(
            "Domain {} can not be deleted: it still has {}; delete them first or pass cleanup=true",
            pretty_path(&d.path),
            left.join(" and ")
        )));
    }
    if accounts.iter().any(|a| a.is_default) {
        return Err(EngineError::InvalidParameter {
            name: "id".into(),
            reason: "the domain holds a default account, which can not be deleted".into(),
        });
    }
    let now = chrono::Utc::now().naive_utc();
    let account_ids: Vec<i64> = accounts.iter().map(|a| a.id).collect();
    let users = user::Entity::find()
        .filter(user::Column::AccountId.is_in(account_ids))
        .filter(user::Column::Removed.is_null())
        .all(&txn)
        .await?;
    for u in users {
        let mut row = u.into_active_model();
        row.removed = Set(Some(now));
        row.update(&txn).await?;
    }
    let account_count = accounts.len();
    for a in accounts {
        let mut row = a.into_active_model();
        row.removed = Set(Some(now));
        row.update(&txn).await?;
    }
    for dom in domain::Entity::find()
        .filter(domain::Column::Id.is_in(subtree))
        .all(&txn)
        .await?
    {
        let mut row = dom.into_active_model();
        row.state = Set(INACTIVE.into());
        row.removed = Set(Some(now));
        row.update(&txn).await?;
    }
    events::record(
        &txn,
        caller,
        EventRecord {
            event_type: "DOMAIN.DELETE",
            description: format!(
                "deleted domain {} with {children} child domain(s) and {account_count} account(s)",
                pretty_path(&d.path)
            ),
            resource_type: Some("Domain"),
            resource_id: Some(&d.uuid),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_from_root() {
        assert_eq!(pretty_path("/"), "ROOT");
        assert_eq!(pretty_path("/a/"), "ROOT/a");
        assert_eq!(pretty_path("/a/b/"), "ROOT/a/b");
    }

    #[test]
    fn names_become_path_segments() {
        assert_eq!(check_name("  dev ").unwrap(), "dev");
        assert!(check_name("").is_err());
        assert!(check_name("a/b").is_err());
    }
}

/// Domains in the subtree rooted at `path` (itself included): `path LIKE '<path>%'` with `%`, `_` and the escape
/// character in domain names escaped, so an odd name cannot widen a subtree.
pub fn in_subtree(path: &str) -> sea_orm::sea_query::Expr {
    use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
    let mut pattern = String::with_capacity(path.len() + 1);
    for c in path.chars() {
        if matches!(c, '%' | '_' | '!') {
            pattern.push('!');
        }
        pattern.push(c);
    }
    pattern.push('%');
    Expr::col((domain::Entity, domain::Column::Path)).like(LikeExpr::new(pattern).escape('!'))
}

#[cfg(test)]
mod subtree_tests {
    use super::*;
    use sea_orm::sea_query::{Query, SqliteQueryBuilder};

    #[test]
    fn wildcards_in_domain_names_are_escaped() {
        let sql = Query::select()
            .column(domain::Column::Id)
            .from(domain::Entity)
            .and_where(in_subtree("/a_b%c!/"))
            .to_string(SqliteQueryBuilder);
        assert!(sql.contains(r"LIKE '/a!_b!%c!!/%' ESCAPE '!'"), "{sql}");
    }
}
