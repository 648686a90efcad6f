//! Table `account`: accounts of a domain, each of an account type and role.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub account_name: String,
    /// 0 user, 1 root admin, 2 domain admin, 3 resource domain admin, 4 read-only admin, 5 project.
    pub account_type: i16,
    pub role_id: Option<i64>,
    pub domain_id: i64,
    pub state: String,
    pub network_domain: Option<String>,
    pub is_default: bool,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
