//! Table `vm_instance`: virtual machines, user and system alike, with their placement and size.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vm_instance")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    /// The hypervisor's name for it: `i-2-5-VM`, `s-1-VM`, `v-2-VM`.
    pub instance_name: String,
    pub display_name: String,
    /// User, SecondaryStorageVm, ConsoleProxy, DomainRouter.
    pub vm_type: String,
    /// Starting, Running, Stopping, Stopped, Destroyed, Expunging, Migrating, Error.
    pub state: String,
    pub account_id: i64,
    pub domain_id: i64,
    pub user_id: i64,
    pub zone_id: i64,
    pub pod_id: Option<i64>,
    pub cluster_id: Option<i64>,
    pub host_id: Option<i64>,
    pub last_host_id: Option<i64>,
    pub template_id: i64,
    pub service_offering_id: Option<i64>,
    pub cpu_cores: i32,
    pub cpu_speed_mhz: i64,
    pub memory_bytes: i64,
    pub private_ip: Option<String>,
    pub public_ip: Option<String>,
    /// Bumped by every state change; guarded updates compare it.
    pub update_count: i64,
    pub created: DateTime,
    pub updated: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
