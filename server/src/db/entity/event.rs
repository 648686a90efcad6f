//! Table `event`: the audit trail of state-changing actions (listEvents).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    /// CloudStack event type, e.g. `USER.LOGIN`, `ACCOUNT.CREATE`.
    pub event_type: String,
    /// INFO, WARN or ERROR.
    pub level: String,
    /// Created, Scheduled, Started or Completed.
    pub state: String,
    pub description: String,
    pub user_id: i64,
    pub account_id: i64,
    pub domain_id: i64,
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    pub parent_id: Option<i64>,
    pub created: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
