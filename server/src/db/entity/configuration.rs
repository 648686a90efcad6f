//! Table `configuration`: setting values that differ from their defaults, per scope.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "configuration")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub value: Option<String>,
    /// global, zone, cluster, account, domain or storagepool.
    pub scope: String,
    /// Internal id of the scoped object; 0 for global.
    pub scope_id: i64,
    pub updated: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
