//! Table `nic`: a VM's network interfaces with their address and MAC.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "nic")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub vm_id: i64,
    pub network_id: i64,
    pub ip_address_id: Option<i64>,
    pub ip4_address: Option<String>,
    pub netmask: Option<String>,
    pub gateway: Option<String>,
    #[sea_orm(unique)]
    pub mac_address: String,
    pub broadcast_uri: Option<String>,
    pub isolation_uri: Option<String>,
    pub device_id: i32,
    pub is_default: bool,
    pub created: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
