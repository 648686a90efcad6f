//! CloudStack's integration port (`integration.api.port`): unauthenticated `/client/api` running as the system user.

use super::{Entry, MAX_BODY_BYTES, auth::session, respond};
use crate::AppState;
use axum::{
    Router,
    body::Bytes,
    extract::{DefaultBodyLimit, RawQuery, State, rejection::BytesRejection},
    http::{HeaderMap, Method},
    response::Response,
    routing::any,
};
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
