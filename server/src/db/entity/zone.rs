//! Table `zone`: availability zones (Basic or Advanced networking).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "zone")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub description: Option<String>,
    pub dns1: String,
    pub dns2: Option<String>,
    pub ip6_dns1: Option<String>,
    pub ip6_dns2: Option<String>,
    pub internal_dns1: Option<String>,
    pub internal_dns2: Option<String>,
    pub guest_cidr: Option<String>,
    pub network_domain: Option<String>,
    /// Set for a zone dedicated to one domain.
    pub domain_id: Option<i64>,
    /// `Basic` or `Advanced`.
    pub network_type: String,
    pub security_group_enabled: bool,
    pub local_storage_enabled: bool,
    /// `Enabled` or `Disabled`.
    pub allocation_state: String,
    pub zone_token: String,
    pub dhcp_provider: String,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
