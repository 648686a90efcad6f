//! Table `vm_template`: VM images (system, built-in and user templates).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vm_template")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub display_text: String,
    /// VHD, QCOW2, RAW, ISO…
    pub format: String,
    /// SYSTEM, BUILTIN, USER, ROUTING.
    pub template_type: String,
    pub hypervisor: String,
    pub guest_os_id: i64,
    pub is_public: bool,
    pub is_featured: bool,
    pub cross_zone: bool,
    pub bits: i32,
    pub size_bytes: i64,
    pub checksum: Option<String>,
    pub url: Option<String>,
    pub account_id: i64,
    pub password_enabled: bool,
    pub requires_hvm: bool,
    pub extractable: bool,
    /// ISOs: whether a VM may boot from it (templates are always bootable).
    pub bootable: bool,
    /// Host tag a VM from this template must land on.
    pub template_tag: Option<String>,
    /// Listing order set by updateTemplate (CloudStack's `sortkey`).
    pub sort_key: i32,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
