//! Affinity group commands and their `affinitygroup` object.

pub mod create_affinity_group;
pub mod delete_affinity_group;
pub mod list_affinity_group_types;
pub mod list_affinity_groups;

use super::field;
use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::{account, affinity_group, domain};
use crate::engine::EngineError;
use app::model::vm::AffinityGroupResponse;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &create_affinity_group::DEF,
        &delete_affinity_group::DEF,
        &list_affinity_group_types::DEF,
        &list_affinity_groups::DEF,
    ]
}

pub const AFFINITY_GROUP_FIELDS: &[FieldDef] = &[
    field("id", "string", "the ID of the affinity group"),
    field("name", "string", "the name of the affinity group"),
    field(
        "description",
        "string",
        "the description of the affinity group",
    ),
    field("type", "string", "the type of the affinity group"),
    field("account", "string", "the account owning the affinity group"),
    field("domainid", "string", "the domain ID of the affinity group"),
    field("domain", "string", "the domain name of the affinity group"),
    field(
        "virtualmachineIds",
        "list",
        "virtual machine IDs associated with this affinity group",
    ),
];

/// The wire objects for groups with their member VM uuids.
pub async fn responses<C: ConnectionTrait>(
    db: &C,
    rows: Vec<(affinity_group::Model, Vec<String>)>,
) -> Result<Vec<AffinityGroupResponse>, EngineError> {
    let account_ids: Vec<i64> = rows.iter().map(|(g, _)| g.account_id).collect();
    let accounts: HashMap<i64, account::Model> = account::Entity::find()
        .filter(account::Column::Id.is_in(account_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let domain_ids: Vec<i64> = rows.iter().map(|(g, _)| g.domain_id).collect();
    let domains: HashMap<i64, domain::Model> = domain::Entity::find()
        .filter(domain::Column::Id.is_in(domain_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    Ok(rows
        .into_iter()
        .map(|(g, members)| AffinityGroupResponse {
            account: accounts
                .get(&g.account_id)
                .map(|a| a.account_name.clone())
                .unwrap_or_default(),
            domainid: domains
                .get(&g.domain_id)
                .map(|d| d.uuid.clone())
                .unwrap_or_default(),
            domain: domains
                .get(&g.domain_id)
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            id: g.uuid,
            name: g.name,
            description: g.description,
            group_type: g.group_type,
            virtualmachine_ids: members,
        })
        .collect())
}
