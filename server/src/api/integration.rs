//! CloudStack's integration port (`integration.api.port`): unauthenticated `/client/api` running as the system user.

use super::{Entry, MAX_BODY_BYTES, auth::session, error::ApiError, respond};
use crate::AppState;
use crate::db::entity::{account, user};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use axum::{
    Router,
    body::Bytes,
    extract::{DefaultBodyLimit, RawQuery, State, rejection::BytesRejection},
    http::{HeaderMap, Method},
    response::Response,
    routing::any,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use tower_sessions::Session;

/// The router for the integration listener. Only ever bind it to loopback: it trusts every request.
pub fn router(state: AppState) -> Router {
    let sessions = session::layer(state.db.clone(), state.session_timeout_secs);
    Router::new()
        .route("/client/api", any(handle))
        .layer(sessions)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

async fn handle(
    State(state): State<AppState>,
    method: Method,
    session: Session,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    respond(
        &state,
        Entry::Integration,
        &method,
        &session,
        query.as_deref(),
        &headers,
        body,
    )
    .await
}

/// The seeded `system` user of the default `system` account (not a same-named account someone created), whom every integration-port call runs as.
pub(super) async fn system_caller<C: ConnectionTrait>(db: &C) -> Result<Caller, ApiError> {
    let missing = || EngineError::Internal("the system user is missing or removed".into());
    let acct = account::Entity::find()
        .filter(account::Column::AccountName.eq("system"))
        .filter(account::Column::IsDefault.eq(true))
        .filter(account::Column::Removed.is_null())
        .one(db)
        .await
        .map_err(EngineError::from)?
        .ok_or_else(missing)?;
    let system = user::Entity::find()
        .filter(user::Column::AccountId.eq(acct.id))
        .filter(user::Column::Username.eq("system"))
        .filter(user::Column::Removed.is_null())
        .one(db)
        .await
        .map_err(EngineError::from)?
        .ok_or_else(missing)?;
    Ok(Caller::for_user(db, system).await?.ok_or_else(missing)?)
}
