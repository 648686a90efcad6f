//! Table `network_offering`: templates for guest networks (the defaults are seeded at start).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "network_offering")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    #[sea_orm(unique)]
    pub name: String,
    pub display_text: String,
    /// `Shared` or `Isolated`.
    pub guest_ip_type: String,
    pub traffic_type: String,
    pub is_default: bool,
    pub specify_vlan: bool,
    pub specify_ip_ranges: bool,
    pub state: String,
    /// `Optional` or `Required`.
    pub availability: String,
    /// Mbps; `None` means the global default.
    pub network_rate: Option<i32>,
    pub conserve_mode: bool,
    pub egress_default_policy: bool,
    pub for_vpc: bool,
    pub created: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
