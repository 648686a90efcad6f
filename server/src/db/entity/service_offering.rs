//! Table `service_offering`: compute sizes (CPU, speed, memory) with host/storage tags; customised when a size is open.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_offering")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub display_text: String,
    /// `None` for a customised offering (the size comes with the deploy call).
    pub cpu_number: Option<i32>,
    /// MHz per core.
    pub cpu_speed: Option<i32>,
    pub memory_mb: Option<i32>,
    /// Bounds of a constrained customised offering.
    pub min_cpu_number: Option<i32>,
    pub max_cpu_number: Option<i32>,
    pub min_memory_mb: Option<i32>,
    pub max_memory_mb: Option<i32>,
    /// `shared` or `local`.
    pub storage_type: String,
    pub offer_ha: bool,
    pub limit_cpu_use: bool,
    pub is_volatile: bool,
    /// Comma-separated.
    pub storage_tags: String,
    /// Comma-separated.
    pub host_tags: String,
    pub is_system: bool,
    pub system_vm_type: Option<String>,
    pub default_use: bool,
    pub deployment_planner: Option<String>,
    /// `thin`, `sparse` or `fat`.
    pub provisioning_type: String,
    pub domain_id: Option<i64>,
    pub zone_id: Option<i64>,
    pub is_default: bool,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
