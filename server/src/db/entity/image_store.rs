//! Table `image_store`: secondary storage for templates, ISOs and snapshots.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "image_store")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub zone_id: Option<i64>,
    pub url: String,
    /// `nfs` or `file`.
    pub protocol: String,
    /// `NFS`.
    pub provider: String,
    /// `ZONE` (or `REGION` for object stores).
    pub scope: String,
    /// The local directory holding the files, for `file` stores.
    pub local_path: Option<String>,
    pub read_only: bool,
    pub capacity_bytes: i64,
    pub used_bytes: i64,
    /// Store details as a JSON object.
    pub details: String,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
