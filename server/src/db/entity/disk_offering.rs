//! Table `disk_offering`: data-disk sizes (or a customised size) with storage tags.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disk_offering")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub display_text: String,
    /// `None` when customised (the size comes with the call).
    pub disk_size_gb: Option<i64>,
    pub is_customized: bool,
    /// `shared` or `local`.
    pub storage_type: String,
    /// Comma-separated storage tags.
    pub tags: String,
    pub provisioning_type: String,
    pub min_iops: Option<i64>,
    pub max_iops: Option<i64>,
    pub domain_id: Option<i64>,
    pub zone_id: Option<i64>,
    pub is_default: bool,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
