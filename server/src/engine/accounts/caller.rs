//! The authenticated caller of an operation: user, account, domain and role, loaded once per request.

use super::RoleType;
use crate::db::entity::{account, domain, role, user};
use crate::engine::EngineError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub user_id: i64,
    pub user_uuid: String,
    pub username: String,
    pub account_id: i64,
    pub account_uuid: String,
    pub account_name: String,
    pub account_type: i16,
    pub domain_id: i64,
    pub domain_uuid: String,
    pub domain_path: String,
    pub role_id: Option<i64>,
    pub role_type: RoleType,
    /// User and account are both `enabled`.
    pub enabled: bool,
}

impl Caller {
    pub fn is_root_admin(&self) -> bool {
        self.role_type == RoleType::Admin
    }

    /// Loads the caller for `user_id`; `None` when the user, its account or domain has been removed.
    pub async fn load<C: ConnectionTrait>(
        db: &C,
        user_id: i64,
    ) -> Result<Option<Caller>, EngineError> {
        let Some(user) = user::Entity::find_by_id(user_id)
            .filter(user::Column::Removed.is_null())
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        Self::for_user(db, user).await
    }

    /// Completes a caller from an already loaded user row.
    pub async fn for_user<C: ConnectionTrait>(
        db: &C,
        user: user::Model,
    ) -> Result<Option<Caller>, EngineError> {
        let Some(acct) = account::Entity::find_by_id(user.account_id)
            .filter(account::Column::Removed.is_null())
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        let Some(dom) = domain::Entity::find_by_id(acct.domain_id).one(db).await? else {
            return Ok(None);
        };
        let role_type = match acct.role_id {
            Some(role_id) => role::Entity::find_by_id(role_id)
                .one(db)
                .await?
                .and_then(|r| RoleType::parse(&r.role_type))
                .unwrap_or_else(|| RoleType::for_account_type(acct.account_type)),
            None => RoleType::for_account_type(acct.account_type),
        };
        Ok(Some(Caller {
            user_id: user.id,
            user_uuid: user.uuid,
            username: user.username,
            account_id: acct.id,
            account_uuid: acct.uuid,
            account_name: acct.account_name,
            account_type: acct.account_type,
            domain_id: dom.id,
            domain_uuid: dom.uuid,
            domain_path: dom.path,
            role_id: acct.role_id,
            role_type,
            enabled: user.state == "enabled" && acct.state == "enabled",
        }))
    }
}

/// The seeded `system` user of the default `system` account (not a same-named account someone created): who
/// internal work and the integration port act as.
pub async fn system<C: ConnectionTrait>(db: &C) -> Result<Caller, EngineError> {
    let missing = || EngineError::Internal("the system user is missing or removed".into());
    let acct = account::Entity::find()
        .filter(account::Column::AccountName.eq("system"))
        .filter(account::Column::IsDefault.eq(true))
        .filter(account::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(missing)?;
    let system = user::Entity::find()
        .filter(user::Column::AccountId.eq(acct.id))
        .filter(user::Column::Username.eq("system"))
        .filter(user::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(missing)?;
    Caller::for_user(db, system).await?.ok_or_else(missing)
}
