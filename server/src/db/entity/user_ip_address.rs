//! Table `user_ip_address`: every guest address of a shared network's IP ranges, Free or Allocated to a VM.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_ip_address")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub zone_id: i64,
    pub pod_id: Option<i64>,
    pub vlan_id: i64,
    pub network_id: i64,
    pub address: String,
    /// Free or Allocated.
    pub state: String,
    pub vm_id: Option<i64>,
    pub allocated: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
