//! Affinity groups: an account's host affinity / anti-affinity groups (strict and non-strict) and their members.

use super::invalid;
use super::snapshot::ACTIVE_STATES;
use crate::db::entity::{account, affinity_group, affinity_group_vm_map, domain, vm_instance};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use crate::scheduler::{AffinityGroup, AffinityKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

/// The group types CloudStack offers (listAffinityGroupTypes), with what each means to the scheduler.
pub const TYPES: [(&str, AffinityKind, bool); 4] = [
    ("host anti-affinity", AffinityKind::HostAntiAffinity, true),
    ("host affinity", AffinityKind::HostAffinity, true),
    (
        "non-strict host anti-affinity",
        AffinityKind::HostAntiAffinity,
        false,
    ),
    (
        "non-strict host affinity",
        AffinityKind::HostAffinity,
        false,
    ),
];

fn kind_of(group_type: &str) -> Option<(AffinityKind, bool)> {
    TYPES
        .iter()
        .find(|(name, _, _)| name.eq_ignore_ascii_case(group_type))
        .map(|(_, kind, strict)| (*kind, *strict))
}

/// createAffinityGroup for `owner`.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    owner: &account::Model,
    name: &str,
    group_type: &str,
    description: Option<String>,
) -> Result<affinity_group::Model, EngineError> {
    let canonical = TYPES
        .iter()
        .find(|(t, _, _)| t.eq_ignore_ascii_case(group_type.trim()))
        .map(|(t, _, _)| *t)
        .ok_or_else(|| {
            invalid(
                "type",
                format!(
                    "{group_type} is not one of {}",
                    TYPES.map(|(t, _, _)| t).join(", ")
                ),
            )
        })?;
    let name = name.trim();
    if name.is_empty() || name.len() > 255 {
        return Err(invalid("name", "must be 1 to 255 characters"));
    }
    let exists = affinity_group::Entity::find()
        .filter(affinity_group::Column::AccountId.eq(owner.id))
        .filter(affinity_group::Column::Name.eq(name))
        .count(db)
        .await?;
    if exists > 0 {
        return Err(invalid(
            "name",
            format!(
                "unable to create affinity group, a group with name {name} already exists for account {}",
                owner.account_name
            ),
        ));
    }
    let created = affinity_group::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(name.into()),
        description: Set(description.unwrap_or_default()),
        group_type: Set(canonical.into()),
        account_id: Set(owner.id),
        domain_id: Set(owner.domain_id),
        created: Set(chrono::Utc::now().naive_utc()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    events::about(
        db,
        caller,
        "AG.CREATE",
        "AffinityGroup",
        &created.uuid,
        format!("created affinity group {name} ({canonical})"),
    )
    .await?;
    Ok(created)
}

/// A group by id or by name in `owner`'s account, which `caller` may use.
pub async fn find<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    owner_account_id: i64,
    by_id: Option<&str>,
    by_name: Option<&str>,
    param: &str,
) -> Result<affinity_group::Model, EngineError> {
    let mut query = affinity_group::Entity::find();
    query = match (by_id, by_name) {
        (Some(id), _) => query.filter(affinity_group::Column::Uuid.eq(id)),
        (None, Some(name)) => query
            .filter(affinity_group::Column::Name.eq(name))
            .filter(affinity_group::Column::AccountId.eq(owner_account_id)),
        (None, None) => return Err(invalid(param, "either id or name is required")),
    };
    let group = query.one(db).await?.ok_or_else(|| {
        invalid(
            param,
            format!(
                "unable to find affinity group {}",
                by_id.or(by_name).unwrap_or_default()
            ),
        )
    })?;
    let path = domain::Entity::find_by_id(group.domain_id)
        .one(db)
        .await?
        .map(|d| d.path)
        .unwrap_or_default();
    if !super::may_access(caller, group.account_id, &path) {
        return Err(EngineError::PermissionDenied(format!(
            "Account {} does not have permission to access affinity group {}",
            caller.account_name, group.uuid
        )));
    }
    Ok(group)
}

/// deleteAffinityGroup: refused while VMs are members, as CloudStack does.
pub async fn delete<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    group: &affinity_group::Model,
) -> Result<(), EngineError> {
    let members = affinity_group_vm_map::Entity::find()
        .filter(affinity_group_vm_map::Column::GroupId.eq(group.id))
        .count(db)
        .await?;
    if members > 0 {
        return Err(EngineError::ResourceInUse(format!(
            "Cannot delete affinity group {}: {members} VM(s) still belong to it",
            group.name
        )));
    }
    affinity_group::Entity::delete_by_id(group.id)
        .exec(db)
        .await?;
    events::about(
        db,
        caller,
        "AG.DELETE",
        "AffinityGroup",
        &group.uuid,
        format!("deleted affinity group {}", group.name),
    )
    .await
}

/// Puts the VM in the groups (at deploy).
pub async fn join<C: ConnectionTrait>(
    db: &C,
    vm_id: i64,
    groups: &[affinity_group::Model],
) -> Result<(), EngineError> {
    for group in groups {
        affinity_group_vm_map::ActiveModel {
            group_id: Set(group.id),
            vm_id: Set(vm_id),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Takes the VM out of every group (expunge).
pub async fn leave_all<C: ConnectionTrait>(db: &C, vm_id: i64) -> Result<(), EngineError> {
    affinity_group_vm_map::Entity::delete_many()
        .filter(affinity_group_vm_map::Column::VmId.eq(vm_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The VM's groups with the hosts their other running members occupy (the scheduler's input).
pub async fn for_placement<C: ConnectionTrait>(
    db: &C,
    vm_id: i64,
) -> Result<Vec<AffinityGroup>, EngineError> {
    let memberships = affinity_group_vm_map::Entity::find()
        .filter(affinity_group_vm_map::Column::VmId.eq(vm_id))
        .all(db)
        .await?;
    let mut groups = Vec::with_capacity(memberships.len());
    for membership in memberships {
        let Some(group) = affinity_group::Entity::find_by_id(membership.group_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let Some((kind, strict)) = kind_of(&group.group_type) else {
            continue;
        };
        let member_ids: Vec<i64> = affinity_group_vm_map::Entity::find()
            .filter(affinity_group_vm_map::Column::GroupId.eq(group.id))
            .filter(affinity_group_vm_map::Column::VmId.ne(vm_id))
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.vm_id)
            .collect();
        let member_host_ids = if member_ids.is_empty() {
            Vec::new()
        } else {
            vm_instance::Entity::find()
                .filter(vm_instance::Column::Id.is_in(member_ids))
                .filter(vm_instance::Column::State.is_in(ACTIVE_STATES))
                .all(db)
                .await?
                .into_iter()
                .filter_map(|vm| vm.host_id)
                .collect()
        };
        groups.push(AffinityGroup {
            name: group.name,
            kind,
            strict,
            member_host_ids,
        });
    }
    Ok(groups)
}

/// Filters of listAffinityGroups.
#[derive(Clone, Debug, Default)]
pub struct GroupFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub group_type: Option<String>,
    pub vm_id: Option<i64>,
    pub keyword: Option<String>,
    /// `None`: every account.
    pub accounts: Option<Vec<i64>>,
    pub page: Option<(u64, u64)>,
}

/// listAffinityGroups: the groups and, per group, its member VM uuids.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &GroupFilter,
) -> Result<(u64, Vec<(affinity_group::Model, Vec<String>)>), EngineError> {
    let mut query = affinity_group::Entity::find().order_by_asc(affinity_group::Column::Id);
    if let Some(id) = &f.id {
        query = query.filter(affinity_group::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &f.name {
        query = query.filter(affinity_group::Column::Name.eq(name.as_str()));
    }
    if let Some(t) = &f.group_type {
        query = query.filter(affinity_group::Column::GroupType.eq(t.as_str()));
    }
    if let Some(accounts) = &f.accounts {
        query = query.filter(affinity_group::Column::AccountId.is_in(accounts.clone()));
    }
    let mut rows = query.all(db).await?;
    if let Some(k) = &f.keyword {
        let k = k.to_lowercase();
        rows.retain(|g| g.name.to_lowercase().contains(&k));
    }
    let maps = affinity_group_vm_map::Entity::find().all(db).await?;
    if let Some(vm_id) = f.vm_id {
        rows.retain(|g| maps.iter().any(|m| m.group_id == g.id && m.vm_id == vm_id));
    }
    let vm_ids: Vec<i64> = maps.iter().map(|m| m.vm_id).collect();
    let uuids: HashMap<i64, String> = if vm_ids.is_empty() {
        HashMap::new()
    } else {
        vm_instance::Entity::find()
            .filter(vm_instance::Column::Id.is_in(vm_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|vm| (vm.id, vm.uuid))
            .collect()
    };
    let count = rows.len() as u64;
    let (offset, limit) = f.page.unwrap_or((0, u64::MAX));
    let page = rows
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|g| {
            let members = maps
                .iter()
                .filter(|m| m.group_id == g.id)
                .filter_map(|m| uuids.get(&m.vm_id).cloned())
                .collect();
            (g, members)
        })
        .collect();
    Ok((count, page))
}
