//! Which accounts an account-scoped list covers: `account`, `domainid`, `isrecursive`, `listall` as CloudStack reads them.

use super::RoleType;
use super::caller::Caller;
use crate::db::entity::{account, domain};
use crate::engine::EngineError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

/// The account-scoping parameters of a list call (cloudstack-api.md §3.5).
#[derive(Clone, Debug, Default)]
pub struct ListScope {
    /// Account name; looked up in `domain_id`, or the caller's domain.
    pub account: Option<String>,
    /// Domain UUID.
    pub domain_id: Option<String>,
    pub is_recursive: bool,
    pub list_all: bool,
    /// The list asks for one object by id: admins then look beyond their own account without `listall`.
    pub by_id: bool,
}

/// The accounts whose objects the list may return; `None` means every account (a root admin, not narrowed).
///
/// Without `listall` (or an id, a domain or an account) everyone sees only their own account, as in CloudStack's
/// `buildACLSearchParameters`; with it root admins see everything and domain admins their domain subtree.
pub async fn permitted_accounts<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    scope: &ListScope,
) -> Result<Option<Vec<i64>>, EngineError> {
    let domain = match &scope.domain_id {
        Some(uuid) => Some(super::domains::find(db, uuid).await?),
        None => None,
    };
    if let Some(d) = &domain {
        check_domain(caller, d)?;
    }
    if let Some(name) = &scope.account {
        let domain_id = domain.as_ref().map_or(caller.domain_id, |d| d.id);
        let acct = account::Entity::find()
            .filter(account::Column::AccountName.eq(name.as_str()))
            .filter(account::Column::DomainId.eq(domain_id))
            .filter(account::Column::Removed.is_null())
            .one(db)
            .await?
            .ok_or_else(|| EngineError::NotFound {
                what: format!("account {name} in the specified domain"),
            })?;
        if caller.role_type == RoleType::User && acct.id != caller.account_id {
            return Err(denied(caller, &acct.uuid));
        }
        return Ok(Some(vec![acct.id]));
    }
    if caller.role_type == RoleType::User {
        return Ok(Some(vec![caller.account_id]));
    }
    if let Some(d) = domain {
        let path = d.path.clone();
        let domains = if scope.is_recursive {
            domain_ids(db, Some(&path)).await?
        } else {
            vec![d.id]
        };
        return accounts_in(db, domains).await.map(Some);
    }
    if !scope.list_all && !scope.by_id {
        return Ok(Some(vec![caller.account_id]));
    }
    match caller.role_type {
        RoleType::Admin => Ok(None),
        _ => {
            let domains = domain_ids(db, Some(&caller.domain_path)).await?;
            accounts_in(db, domains).await.map(Some)
        }
    }
}

/// A normal user may name only their own domain; a domain admin only their subtree.
fn check_domain(caller: &Caller, d: &domain::Model) -> Result<(), EngineError> {
    let allowed = match caller.role_type {
        RoleType::Admin => true,
        RoleType::User => d.id == caller.domain_id,
        RoleType::DomainAdmin | RoleType::ResourceAdmin => d.path.starts_with(&caller.domain_path),
    };
    if allowed {
        Ok(())
    } else {
        Err(EngineError::PermissionDenied(format!(
            "Account {} does not have permission to operate within domain id={}",
            caller.account_name, d.uuid
        )))
    }
}

fn denied(caller: &Caller, account_uuid: &str) -> EngineError {
    EngineError::PermissionDenied(format!(
        "Account {} does not have permission to access account {account_uuid}",
        caller.account_name
    ))
}

/// Ids of the domains under `path` (inclusive), or all domains.
async fn domain_ids<C: ConnectionTrait>(
    db: &C,
    path: Option<&str>,
) -> Result<Vec<i64>, EngineError> {
    let mut q = domain::Entity::find();
    if let Some(p) = path {
        q = q.filter(super::domains::in_subtree(p));
    }
    Ok(q.select_only()
        .column(domain::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

async fn accounts_in<C: ConnectionTrait>(
    db: &C,
    domains: Vec<i64>,
) -> Result<Vec<i64>, EngineError> {
    Ok(account::Entity::find()
        .filter(account::Column::DomainId.is_in(domains))
        .select_only()
        .column(account::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}
