//! Table `user`: people (and the system user) who log in or sign requests for an account.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub username: String,
    /// A PHC-format password hash (argon2id); never the password itself.
    pub password: String,
    pub firstname: String,
    pub lastname: String,
    pub email: Option<String>,
    pub account_id: i64,
    pub state: String,
    pub api_key: Option<String>,
    pub secret_key: Option<String>,
    pub timezone: Option<String>,
    pub source: String,
    pub is_default: bool,
    pub created: DateTime,
    pub removed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
