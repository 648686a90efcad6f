//! Table `host`: hypervisor hosts, their connection status, resource state and capacity.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "host")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    /// `Routing` for hypervisor hosts.
    pub host_type: String,
    /// Connection status: Connecting, Up, Alert, Down, Disconnected.
    pub status: String,
    /// Admin state: Enabled, Disabled, PrepareForMaintenance, Maintenance, ErrorInMaintenance.
    pub resource_state: String,
    pub hypervisor: String,
    pub hypervisor_version: String,
    pub url: String,
    pub guid: String,
    pub private_ip: String,
    pub zone_id: i64,
    pub pod_id: i64,
    pub cluster_id: i64,
    pub cpu_sockets: i32,
    pub cpu_cores: i32,
    pub cpu_speed_mhz: i64,
    pub memory_bytes: i64,
    pub local_storage_bytes: i64,
    pub capabilities: String,
    /// Host tags, comma-separated.
    pub tags: String,
    pub last_pinged: Option<DateTime>,
    pub disconnected: Option<DateTime>,
    pub msid: Option<i64>,
    /// MHz held by running VMs (claimed with guarded updates; see engine::vms::claims).
    pub cpu_used_mhz: i64,
    pub memory_used_bytes: i64,
    /// Held for VMs stopped less than `capacity.skipcounting.hours` ago whose last host this is.
    pub cpu_reserved_mhz: i64,
    pub memory_reserved_bytes: i64,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
