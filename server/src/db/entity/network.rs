//! Table `network`: guest networks (a basic zone's one shared network, later isolated ones).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "network")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub display_text: String,
    pub zone_id: i64,
    pub physical_network_id: Option<i64>,
    pub network_offering_id: i64,
    pub traffic_type: String,
    /// `Shared` or `Isolated`.
    pub guest_type: String,
    /// `Allocated`, `Setup`, `Implemented`, …
    pub state: String,
    pub gateway: Option<String>,
    pub netmask: Option<String>,
    pub cidr: Option<String>,
    /// `Native` (untagged) or `Vlan`.
    pub broadcast_domain_type: String,
    pub broadcast_uri: Option<String>,
    /// `Domain` (shared) or `Account`.
    pub acl_type: String,
    pub specify_ip_ranges: bool,
    pub account_id: Option<i64>,
    pub domain_id: i64,
    pub created: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
