//! Table `physical_network_traffic_type`: which traffic (Guest, Management, …) a physical network carries.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "physical_network_traffic_type")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub physical_network_id: i64,
    /// `Guest`, `Management`, `Storage` or `Public`.
    pub traffic_type: String,
    pub kvm_label: Option<String>,
    pub xen_label: Option<String>,
    pub vmware_label: Option<String>,
    pub simulator_label: Option<String>,
    pub hyperv_label: Option<String>,
    pub ovm3_label: Option<String>,
    pub vlan: Option<String>,
    pub isolation_method: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
