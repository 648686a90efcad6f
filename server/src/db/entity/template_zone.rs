//! Table `template_zone`: a template's copy in a zone and its download state.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "template_zone")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub template_id: i64,
    pub zone_id: i64,
    pub image_store_id: Option<i64>,
    /// NOT_DOWNLOADED, DOWNLOAD_IN_PROGRESS, DOWNLOADED, DOWNLOAD_ERROR.
    pub download_state: String,
    pub download_pct: i32,
    pub size_bytes: i64,
    /// The file on a local image store, once the copy has started.
    pub install_path: Option<String>,
    /// Why the copy is not ready (an error, or why Nimbus cannot download it).
    pub status_text: Option<String>,
    /// The management server copying it, which resumes the copy when it restarts.
    pub copier_msid: Option<i64>,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
