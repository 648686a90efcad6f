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
    pub disk_offering_id: Option<i64>,
    pub guest_os_id: Option<i64>,
    pub hypervisor: Option<String>,
    pub ha_enabled: bool,
    /// Base64 as the caller sent it.
    #[sea_orm(column_type = "Text", nullable)]
    pub user_data: Option<String>,
    pub key_pair: Option<String>,
    /// PowerOn, PowerOff, PowerUnknown.
    pub power_state: String,
    /// The host still holding this stopped VM's capacity as reserved.
    pub reserved_host_id: Option<i64>,
    pub stopped_at: Option<DateTime>,
    pub display_vm: bool,
    pub group_name: Option<String>,
    /// The guest network the VM's default NIC joins.
    pub network_id: Option<i64>,
    /// Bumped by every state change; guarded updates compare it.
    pub update_count: i64,
    pub created: DateTime,
    pub updated: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Requested CPU: cores × per-core speed (§7.1).
    pub fn cpu_mhz(&self) -> i64 {
        i64::from(self.cpu_cores).saturating_mul(self.cpu_speed_mhz)
    }
}
