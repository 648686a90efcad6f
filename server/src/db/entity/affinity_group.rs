//! Table `affinity_group`: host affinity and anti-affinity groups of an account.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "affinity_group")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub description: String,
    /// "host anti-affinity", "host affinity", "non-strict host anti-affinity", "non-strict host affinity".
    pub group_type: String,
    pub account_id: i64,
    pub domain_id: i64,
    pub created: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
