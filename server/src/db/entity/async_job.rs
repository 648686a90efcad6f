//! Table `async_job`: asynchronous API commands, their progress and results.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "async_job")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub user_id: i64,
    pub account_id: i64,
    /// The API command name, e.g. `deployVirtualMachine`.
    pub cmd: String,
    /// The call's parameters as a JSON object.
    pub params: String,
    /// 0 in progress, 1 succeeded, 2 failed.
    pub status: i16,
    pub process_status: i32,
    pub result_code: i32,
    pub result_type: Option<String>,
    /// JSON of the result object or the error.
    pub result: Option<String>,
    pub instance_type: Option<String>,
    pub instance_id: Option<String>,
    /// The management server running the job.
    pub msid: Option<i64>,
    pub created: DateTime,
    pub last_updated: DateTime,
    pub completed: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
