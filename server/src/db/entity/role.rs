//! Table `role`: named roles of a role type (Admin, ResourceAdmin, DomainAdmin, User).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "role")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub role_type: String,
    pub description: Option<String>,
    pub is_default: bool,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
