//! Table `pod`: a zone's racks, each with its management (reserved system) IP range.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pod")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub zone_id: i64,
    pub gateway: String,
    pub netmask: String,
    pub start_ip: String,
    pub end_ip: String,
    /// `Enabled` or `Disabled`.
    pub allocation_state: String,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
