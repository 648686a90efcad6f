//! Table `role_permission`: a role's ordered allow/deny rules over API names.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "role_permission")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub role_id: i64,
    /// API name pattern: letters, digits and `*`.
    pub rule: String,
    /// `allow` or `deny`.
    pub permission: String,
    pub description: Option<String>,
    pub sort_order: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
