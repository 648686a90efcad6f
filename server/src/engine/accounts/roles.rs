//! Roles and their ordered permission rules: list, create (or clone), update, delete, and rule order.

use super::RoleType;
use super::caller::Caller;
use crate::db::entity::{account, role, role_permission};
use crate::engine::EngineError;
use crate::engine::events;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// Filters of listRoles.
#[derive(Clone, Debug, Default)]
pub struct RoleFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub role_type: Option<String>,
    pub keyword: Option<String>,
    /// (offset, limit)
    pub page: Option<(u64, u64)>,
}

/// What createRole asks for: a role type, or an existing role to copy type and rules from.
#[derive(Clone, Debug, Default)]
pub struct NewRole {
    pub name: String,
    pub role_type: Option<String>,
    pub clone_from: Option<String>,
    pub description: Option<String>,
}

/// What updateRole may change; `None` keeps the current value.
#[derive(Clone, Debug, Default)]
pub struct RoleChanges {
    pub name: Option<String>,
    pub role_type: Option<String>,
    pub description: Option<String>,
}

/// A permission rule with the role it belongs to.
#[derive(Clone, Debug)]
pub struct PermissionView {
    pub permission: role_permission::Model,
    pub role: role::Model,
}

/// How updateRolePermission changes a role's rules.
#[derive(Clone, Debug)]
pub enum PermissionChange {
    /// Every rule of the role, by id, in the new order.
    Reorder(Vec<String>),
    /// One rule's permission flipped to `allow` or `deny`.
    Set { rule_id: String, permission: String },
}

/// listRoles: roles matching `f`, and how many match in all. Only root admins see Admin-type roles.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    f: &RoleFilter,
) -> Result<(u64, Vec<role::Model>), EngineError> {
    let mut q = role::Entity::find().filter(role::Column::Removed.is_null());
    if !caller.is_root_admin() {
        q = q.filter(role::Column::RoleType.ne(RoleType::Admin.as_str()));
    }
    if let Some(id) = &f.id {
        q = q.filter(role::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &f.name {
        q = q.filter(role::Column::Name.contains(name.as_str()));
    }
    if let Some(t) = &f.role_type {
        q = q.filter(role::Column::RoleType.eq(parse_type(t)?.as_str()));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(role::Column::Name.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(role::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}

/// createRole: a new role of a type, or a copy of another role's type and rules (in their order).
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    new: NewRole,
) -> Result<role::Model, EngineError> {
    let source = match (&new.role_type, &new.clone_from) {
        (None, None) => {
            return Err(EngineError::InvalidParameter {
                name: "type".into(),
                reason: "Neither role type nor role ID is provided".into(),
            });
        }
        (Some(_), Some(_)) => {
            return Err(EngineError::InvalidParameter {
                name: "roleid".into(),
                reason: "Both role type and role ID should not be specified".into(),
            });
        }
        (None, Some(id)) => Some(find(db, id).await?),
        (Some(_), None) => None,
    };
    let role_type = match (&new.role_type, &source) {
        (Some(t), _) => parse_type(t)?,
        (None, Some(r)) => parse_type(&r.role_type)?,
        (None, None) => return Err(EngineError::Internal("role type unresolved".into())),
    };
    check_name_free(db, &new.name, None).await?;
    let txn = db.begin().await?;
    let created = role::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(new.name.clone()),
        role_type: Set(role_type.as_str().into()),
        description: Set(new.description),
        is_default: Set(false),
        created: Set(chrono::Utc::now().naive_utc()),
        removed: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(src) = &source {
        for p in rules_of(&txn, src.id).await? {
            role_permission::ActiveModel {
                uuid: Set(uuid::Uuid::new_v4().to_string()),
                role_id: Set(created.id),
                rule: Set(p.rule),
                permission: Set(p.permission),
                description: Set(p.description),
                sort_order: Set(p.sort_order),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    let description = match &source {
        Some(src) => format!("created role {} as a copy of {}", created.name, src.name),
        None => format!(
            "created role {} of type {}",
            created.name, created.role_type
        ),
    };
    events::about(
        &txn,
        caller,
        "ROLE.CREATE",
        "Role",
        &created.uuid,
        description,
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// updateRole: renames, retypes or redescribes a role. Default roles never change; a role's type only while
/// no account uses it.
pub async fn update<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    changes: RoleChanges,
) -> Result<role::Model, EngineError> {
    let found = find(db, uuid).await?;
    if found.is_default {
        return Err(EngineError::InvalidState(
            "Default roles cannot be updated".into(),
        ));
    }
    let role_type = changes.role_type.as_deref().map(parse_type).transpose()?;
    let mut row = found.clone().into_active_model();
    if let Some(name) = changes.name {
        check_name_free(db, &name, Some(found.id)).await?;
        row.name = Set(name);
    }
    if let Some(t) = role_type.filter(|t| t.as_str() != found.role_type) {
        if accounts_using(db, found.id).await? > 0 {
            return Err(EngineError::ResourceInUse(
                "Found accounts that have role in use, won't allow to change role type".into(),
            ));
        }
        row.role_type = Set(t.as_str().into());
    }
    if let Some(d) = changes.description {
        row.description = Set(Some(d));
    }
    let updated = row.update(db).await?;
    events::about(
        db,
        caller,
        "ROLE.UPDATE",
        "Role",
        &updated.uuid,
        format!("updated role {}", updated.name),
    )
    .await?;
    Ok(updated)
}

/// deleteRole: removes a role and its rules; default roles and roles accounts use stay.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let found = find(db, uuid).await?;
    if found.is_default {
        return Err(EngineError::InvalidState(
            "Default roles cannot be deleted".into(),
        ));
    }
    if accounts_using(db, found.id).await? > 0 {
        return Err(EngineError::ResourceInUse(
            "Found accounts that have role in use, won't allow to delete role".into(),
        ));
    }
    let txn = db.begin().await?;
    role_permission::Entity::delete_many()
        .filter(role_permission::Column::RoleId.eq(found.id))
        .exec(&txn)
        .await?;
    let name = found.name.clone();
    let mut row = found.into_active_model();
    row.removed = Set(Some(chrono::Utc::now().naive_utc()));
    row.update(&txn).await?;
    events::about(
        &txn,
        caller,
        "ROLE.DELETE",
        "Role",
        uuid,
        format!("deleted role {name}"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// listRolePermissions: the rules of one role (or of every role), in evaluation order.
pub async fn list_permissions<C: ConnectionTrait>(
    db: &C,
    role_uuid: Option<&str>,
) -> Result<Vec<PermissionView>, EngineError> {
    let roles: HashMap<i64, role::Model> = match role_uuid {
        Some(uuid) => {
            let r = find(db, uuid).await?;
            HashMap::from([(r.id, r)])
        }
        None => role::Entity::find()
            .filter(role::Column::Removed.is_null())
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect(),
    };
    let rules = role_permission::Entity::find()
        .filter(role_permission::Column::RoleId.is_in(roles.keys().copied().collect::<Vec<_>>()))
        .order_by_asc(role_permission::Column::RoleId)
        .order_by_asc(role_permission::Column::SortOrder)
        .order_by_asc(role_permission::Column::Id)
        .all(db)
        .await?;
    Ok(rules
        .into_iter()
        .filter_map(|permission| {
            roles.get(&permission.role_id).map(|role| PermissionView {
                permission,
                role: role.clone(),
            })
        })
        .collect())
}

/// createRolePermission: appends a rule at the end of the role's order.
pub async fn create_permission<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    role_uuid: &str,
    rule: &str,
    permission: &str,
    description: Option<String>,
) -> Result<PermissionView, EngineError> {
    let role = find(db, role_uuid).await?;
    check_rule(rule)?;
    let permission = parse_permission(permission)?;
    if role.is_default {
        return Err(EngineError::InvalidState(
            "Role permission cannot be added for Default roles".into(),
        ));
    }
    let existing = rules_of(db, role.id).await?;
    if existing.iter().any(|p| p.rule == rule) {
        return Err(EngineError::InvalidParameter {
            name: "rule".into(),
            reason: format!("Rule already exists for the role: {}", role.name),
        });
    }
    let next = existing.iter().map(|p| p.sort_order + 1).max().unwrap_or(0);
    let created = role_permission::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        role_id: Set(role.id),
        rule: Set(rule.to_string()),
        permission: Set(permission.into()),
        description: Set(description),
        sort_order: Set(next),
        ..Default::default()
    }
    .insert(db)
    .await?;
    events::about(
        db,
        caller,
        "ROLE.PERMISSION.CREATE",
        "Role",
        &role.uuid,
        format!("added rule {rule} ({permission}) to role {}", role.name),
    )
    .await?;
    Ok(PermissionView {
        permission: created,
        role,
    })
}

/// updateRolePermission: a new order for all of a role's rules, or one rule's permission.
pub async fn update_permissions<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    role_uuid: &str,
    change: PermissionChange,
) -> Result<(), EngineError> {
    let role = find(db, role_uuid).await?;
    if role.is_default {
        return Err(EngineError::InvalidState(
            "Role permission cannot be updated for Default roles".into(),
        ));
    }
    let current = rules_of(db, role.id).await?;
    let txn = db.begin().await?;
    let description = match change {
        PermissionChange::Reorder(order) => {
            let by_uuid: HashMap<&str, &role_permission::Model> =
                current.iter().map(|p| (p.uuid.as_str(), p)).collect();
            let mut seen = std::collections::HashSet::new();
            let complete = order.len() == current.len()
                && order
                    .iter()
                    .all(|id| by_uuid.contains_key(id.as_str()) && seen.insert(id.as_str()));
            if !complete {
                return Err(EngineError::InvalidParameter {
                    name: "ruleorder".into(),
                    reason: format!(
                        "the new order must list each of the {} rules of role {} exactly once",
                        current.len(),
                        role.name
                    ),
                });
            }
            for (position, id) in order.iter().enumerate() {
                if let Some(p) = by_uuid.get(id.as_str()) {
                    let mut row = (*p).clone().into_active_model();
                    row.sort_order = Set(i64::try_from(position).unwrap_or(i64::MAX));
                    row.update(&txn).await?;
                }
            }
            format!("reordered the rules of role {}", role.name)
        }
        PermissionChange::Set {
            rule_id,
            permission,
        } => {
            let permission = parse_permission(&permission)?;
            let rule = current.iter().find(|p| p.uuid == rule_id).ok_or_else(|| {
                EngineError::NotFound {
                    what: format!("role permission with id {rule_id} in role {}", role.name),
                }
            })?;
            let mut row = rule.clone().into_active_model();
            row.permission = Set(permission.into());
            row.update(&txn).await?;
            format!(
                "set rule {} of role {} to {permission}",
                rule.rule, role.name
            )
        }
    };
    events::about(
        &txn,
        caller,
        "ROLE.PERMISSION.UPDATE",
        "Role",
        &role.uuid,
        description,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// deleteRolePermission: removes one rule.
pub async fn delete_permission<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let not_found = || EngineError::NotFound {
        what: format!("role permission with id {uuid}"),
    };
    let rule = role_permission::Entity::find()
        .filter(role_permission::Column::Uuid.eq(uuid))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let role = role::Entity::find_by_id(rule.role_id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    if role.is_default {
        return Err(EngineError::InvalidState(
            "Role permission cannot be deleted for Default roles".into(),
        ));
    }
    role_permission::Entity::delete_by_id(rule.id)
        .exec(db)
        .await?;
    events::about(
        db,
        caller,
        "ROLE.PERMISSION.DELETE",
        "Role",
        &role.uuid,
        format!("removed rule {} from role {}", rule.rule, role.name),
    )
    .await
}

/// A live role by UUID.
pub async fn find<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<role::Model, EngineError> {
    role::Entity::find()
        .filter(role::Column::Uuid.eq(uuid))
        .filter(role::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("role with id {uuid}"),
        })
}

/// A role type as the API spells it (case-insensitive, as CloudStack's `RoleType.fromString`).
fn parse_type(value: &str) -> Result<RoleType, EngineError> {
    [
        RoleType::Admin,
        RoleType::ResourceAdmin,
        RoleType::DomainAdmin,
        RoleType::User,
    ]
    .into_iter()
    .find(|t| t.as_str().eq_ignore_ascii_case(value))
    .ok_or_else(|| EngineError::InvalidParameter {
        name: "type".into(),
        reason: format!(
            "{value} is not a role type; use Admin, ResourceAdmin, DomainAdmin or User"
        ),
    })
}

/// `allow` or `deny`, any case, stored lower-case.
fn parse_permission(value: &str) -> Result<&'static str, EngineError> {
    if value.eq_ignore_ascii_case("allow") {
        Ok("allow")
    } else if value.eq_ignore_ascii_case("deny") {
        Ok("deny")
    } else {
        Err(EngineError::InvalidParameter {
            name: "permission".into(),
            reason: "Values for permission parameter should be: allow or deny".into(),
        })
    }
}

/// Rules are API names and `*` wildcards only (CloudStack's `Rule`: `[a-zA-Z0-9*]+`).
pub fn check_rule(rule: &str) -> Result<(), EngineError> {
    if !rule.is_empty() && rule.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'*') {
        Ok(())
    } else {
        Err(EngineError::InvalidParameter {
            name: "rule".into(),
            reason: format!(
                "Only API names and wildcards are allowed, invalid rule provided: {rule}"
            ),
        })
    }
}

async fn check_name_free<C: ConnectionTrait>(
    db: &C,
    name: &str,
    except: Option<i64>,
) -> Result<(), EngineError> {
    let mut q = role::Entity::find()
        .filter(role::Column::Name.eq(name))
        .filter(role::Column::Removed.is_null());
    if let Some(id) = except {
        q = q.filter(role::Column::Id.ne(id));
    }
    if q.count(db).await? > 0 {
        return Err(EngineError::InvalidParameter {
            name: "name".into(),
            reason: format!("a role named {name} already exists"),
        });
    }
    Ok(())
}

async fn rules_of<C: ConnectionTrait>(
    db: &C,
    role_id: i64,
) -> Result<Vec<role_permission::Model>, EngineError> {
    Ok(role_permission::Entity::find()
        .filter(role_permission::Column::RoleId.eq(role_id))
        .order_by_asc(role_permission::Column::SortOrder)
        .order_by_asc(role_permission::Column::Id)
        .all(db)
        .await?)
}

async fn accounts_using<C: ConnectionTrait>(db: &C, role_id: i64) -> Result<u64, EngineError> {
    Ok(account::Entity::find()
        .filter(account::Column::RoleId.eq(role_id))
        .filter(account::Column::Removed.is_null())
        .select_only()
        .column(account::Column::Id)
        .count(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_allow_api_names_and_wildcards_only() {
        for ok in ["*", "list*", "listUsers", "*VirtualMachine*", "api2"] {
            assert!(check_rule(ok).is_ok(), "{ok}");
        }
        for bad in ["", "list users", "list_*", "list.*", "deploy-vm", "ä"] {
            assert!(check_rule(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn role_types_and_permissions_parse_in_any_case() {
        assert_eq!(parse_type("user").unwrap(), RoleType::User);
        assert_eq!(parse_type("DomainAdmin").unwrap(), RoleType::DomainAdmin);
        assert!(parse_type("Unknown").is_err());
        assert_eq!(parse_permission("ALLOW").unwrap(), "allow");
        assert_eq!(parse_permission("deny").unwrap(), "deny");
        assert!(parse_permission("maybe").is_err());
    }
}
