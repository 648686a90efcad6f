//! Table `physical_network`: a zone's physical network, carrying traffic types and service providers.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "physical_network")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub zone_id: i64,
    pub domain_id: Option<i64>,
    pub vlan: Option<String>,
    /// Network speed as given, e.g. `1G`.
    pub speed: Option<String>,
    /// Comma-separated, e.g. `VLAN` or `L3`.
    pub isolation_methods: Option<String>,
    /// Comma-separated.
    pub tags: Option<String>,
    /// `Pod` or `Zone`.
    pub broadcast_domain_range: String,
    /// `Enabled` or `Disabled`.
    pub state: String,
    pub created: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
