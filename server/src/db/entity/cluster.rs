//! Table `cluster`: hosts of one hypervisor type in a pod, with overcommit ratios.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cluster")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub zone_id: i64,
    pub pod_id: i64,
    /// `Simulator` or `KVM`.
    pub hypervisor: String,
    /// `CloudManaged` or `ExternalManaged`.
    pub cluster_type: String,
    pub allocation_state: String,
    /// `Managed` or `Unmanaged`.
    pub managed_state: String,
    pub cpu_overcommit_ratio: f64,
    pub memory_overcommit_ratio: f64,
    pub arch: String,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
