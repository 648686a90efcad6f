//! Table `network_offering_service`: which provider supplies each service of a network offering.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "network_offering_service")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub network_offering_id: i64,
    pub service: String,
    pub provider: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
