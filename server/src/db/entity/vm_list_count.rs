//! Table `vm_list_count`: live VMs per (account, VM type, destroyed), maintained by database triggers (migration
//! 000014); read-only here.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vm_list_count")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub vm_type: String,
    /// 1 for rows in state Destroyed, else 0.
    #[sea_orm(primary_key, auto_increment = false)]
    pub destroyed: i16,
    pub n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
