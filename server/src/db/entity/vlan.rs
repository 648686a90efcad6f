//! Table `vlan`: IP ranges (guest ranges of a pod in a basic zone, public ranges later).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vlan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    /// Broadcast URI, e.g. `vlan://untagged` or `vlan://100`.
    pub vlan_tag: String,
    pub gateway: String,
    pub netmask: String,
    pub start_ip: String,
    pub end_ip: String,
    pub zone_id: i64,
    pub pod_id: Option<i64>,
    pub network_id: Option<i64>,
    pub physical_network_id: Option<i64>,
    pub for_virtual_network: bool,
    pub for_system_vms: bool,
    pub created: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
