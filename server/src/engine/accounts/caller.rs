//! The authenticated caller of an operation: user, account, domain and role, loaded once per request.

use super::RoleType;
use crate::db::entity::{account, domain, role, user};
use crate::db::on;
use crate::engine::EngineError;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QuerySelect,
};

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
        Ok(joined(db, user::Column::Id.eq(user_id))
            .await?
            .map(|(caller, _)| caller))
    }

    /// The caller holding API key `api_key`, with the user's secret key; `None` as in [`Caller::load`].
    pub async fn by_api_key<C: ConnectionTrait>(
        db: &C,
        api_key: &str,
    ) -> Result<Option<(Caller, Option<String>)>, EngineError> {
        joined(db, user::Column::ApiKey.eq(api_key)).await
    }

    /// Completes a caller from an already loaded user row.
    pub async fn for_user<C: ConnectionTrait>(
        db: &C,
        user: user::Model,
    ) -> Result<Option<Caller>, EngineError> {
        Self::load(db, user.id).await
    }
}

/// One row per request: user, account, domain and role read together (every signed or session call needs them).
#[derive(FromQueryResult)]
struct CallerRow {
    user_id: i64,
    user_uuid: String,
    username: String,
    user_state: String,
    secret_key: Option<String>,
    account_id: i64,
    account_uuid: String,
    account_name: String,
    account_type: i16,
    account_state: String,
    domain_id: i64,
    domain_uuid: String,
    domain_path: String,
    role_id: Option<i64>,
    role_type: Option<String>,
}

async fn joined<C: ConnectionTrait>(
    db: &C,
    which: sea_orm::sea_query::SimpleExpr,
) -> Result<Option<(Caller, Option<String>)>, EngineError> {
    let row = user::Entity::find()
        .select_only()
        .column_as(user::Column::Id, "user_id")
        .column_as(user::Column::Uuid, "user_uuid")
        .column(user::Column::Username)
        .column_as(user::Column::State, "user_state")
        .column(user::Column::SecretKey)
        .column_as(account::Column::Id, "account_id")
        .column_as(account::Column::Uuid, "account_uuid")
        .column(account::Column::AccountName)
        .column(account::Column::AccountType)
        .column_as(account::Column::State, "account_state")
        .column_as(domain::Column::Id, "domain_id")
        .column_as(domain::Column::Uuid, "domain_uuid")
        .column_as(domain::Column::Path, "domain_path")
        .column(account::Column::RoleId)
        .column(role::Column::RoleType)
        .join(
            JoinType::InnerJoin,
            on(user::Column::AccountId, account::Column::Id),
        )
        .join(
            JoinType::InnerJoin,
            on(account::Column::DomainId, domain::Column::Id),
        )
        .join(
            JoinType::LeftJoin,
            on(account::Column::RoleId, role::Column::Id),
        )
        .filter(which)
        .filter(user::Column::Removed.is_null())
        .filter(account::Column::Removed.is_null())
        .into_model::<CallerRow>()
        .one(db)
        .await?;
    Ok(row.map(|r| {
        let role_type = r
            .role_type
            .as_deref()
            .and_then(RoleType::parse)
            .unwrap_or_else(|| RoleType::for_account_type(r.account_type));
        (
            Caller {
                user_id: r.user_id,
                user_uuid: r.user_uuid,
                username: r.username,
                account_id: r.account_id,
                account_uuid: r.account_uuid,
                account_name: r.account_name,
                account_type: r.account_type,
                domain_id: r.domain_id,
                domain_uuid: r.domain_uuid,
                domain_path: r.domain_path,
                role_id: r.role_id,
                role_type,
                enabled: r.user_state == "enabled" && r.account_state == "enabled",
            },
            r.secret_key,
        )
    }))
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
