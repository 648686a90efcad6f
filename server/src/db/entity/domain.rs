//! Table `domain`: the tree of domains (ROOT at the top, path `/a/b/`) that scope accounts.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "domain")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub parent_id: Option<i64>,
    pub name: String,
    /// `/` for ROOT, `/child/grandchild/` below it.
    pub path: String,
    pub level: i32,
    pub state: String,
    pub network_domain: Option<String>,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
