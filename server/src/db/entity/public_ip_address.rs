//! Table `public_ip_address`: every address of a zone's public ranges, Free or Allocated to an account, with its
//! static NAT target.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "public_ip_address")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub zone_id: i64,
    pub vlan_id: i64,
    pub address: String,
    /// Free or Allocated.
    pub state: String,
    pub account_id: Option<i64>,
    pub domain_id: Option<i64>,
    /// The guest network the address is associated with while allocated.
    pub network_id: Option<i64>,
    pub allocated: Option<DateTime>,
    pub is_static_nat: bool,
    /// The static NAT target.
    pub vm_id: Option<i64>,
    pub vm_ip: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
