//! Table `volume`: ROOT and DATADISK volumes, their pool, VM attachment and state.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volume")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub account_id: i64,
    pub domain_id: i64,
    pub zone_id: i64,
    pub pod_id: Option<i64>,
    pub pool_id: Option<i64>,
    pub vm_id: Option<i64>,
    /// ROOT or DATADISK.
    pub volume_type: String,
    pub device_id: Option<i32>,
    pub size_bytes: i64,
    pub disk_offering_id: Option<i64>,
    pub template_id: Option<i64>,
    /// Allocated, Creating, Ready, Resizing, Destroy, Expunging, Expunged.
    pub state: String,
    pub path: Option<String>,
    pub provisioning_type: String,
    pub update_count: i64,
    pub created: DateTime,
    pub attached: Option<DateTime>,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
