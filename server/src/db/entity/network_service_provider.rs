//! Table `network_service_provider`: a provider (VirtualRouter, SecurityGroupProvider, …) on a physical network.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "network_service_provider")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub physical_network_id: i64,
    pub provider_name: String,
    /// `Enabled`, `Disabled` or `Shutdown`.
    pub state: String,
    /// Comma-separated service names, e.g. `Dhcp,Dns,UserData`.
    pub services: String,
    pub can_enable_individual_services: bool,
    pub created: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
