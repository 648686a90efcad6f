//! Table `storage_pool`: primary storage, scoped to a cluster or a whole zone.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "storage_pool")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub zone_id: i64,
    pub pod_id: Option<i64>,
    pub cluster_id: Option<i64>,
    /// `CLUSTER` or `ZONE`.
    pub scope: String,
    /// NetworkFilesystem, Filesystem, SharedMountPoint, PreSetup.
    pub pool_type: String,
    /// The server of the URL (`localhost` for local paths).
    pub host_address: String,
    pub path: String,
    /// The URL as given, normalized.
    pub url: String,
    /// StoragePoolStatus: Up, Disabled, PrepareForMaintenance, Maintenance, ...
    pub state: String,
    pub hypervisor: Option<String>,
    pub provider: String,
    /// Storage tags, comma-separated.
    pub tags: String,
    pub capacity_bytes: i64,
    pub used_bytes: i64,
    pub managed: bool,
    /// Pool details as a JSON object.
    pub details: String,
    /// Σ size of the volumes placed on the pool (STORAGE_ALLOCATED), claimed with guarded updates.
    pub allocated_bytes: i64,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
