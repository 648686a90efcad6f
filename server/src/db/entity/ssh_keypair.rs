//! Table `ssh_keypair`: public keys an account registered under a name, for VMs to be deployed with.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ssh_keypair")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub name: String,
    pub account_id: i64,
    pub domain_id: i64,
    #[sea_orm(column_type = "Text")]
    pub public_key: String,
    /// MD5 of the key blob as `aa:bb:…`, as CloudStack shows it.
    pub fingerprint: String,
    pub created: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
