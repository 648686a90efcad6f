//! The CloudStack wire protocol at `/client/api`: merged parameters, response format, envelopes; nothing domain-specific.

pub mod envelope;
pub mod params;

use crate::AppState;
use app::model::ApiErrorResponse;
use axum::{
    Router, body::Bytes, extract::RawQuery, http::HeaderMap, response::Response, routing::any,
};
use envelope::ResponseFormat;
use params::Params;

/// CloudStack's text for every authentication failure; it never says which check failed.
pub const UNAUTHENTICATED_TEXT: &str = "unable to verify user credentials and/or request signature";

pub fn router() -> Router<AppState> {
    Router::new().route("/client/api", any(handle))
}

async fn handle(RawQuery(query): RawQuery, headers: HeaderMap, body: Bytes) -> Response {
    let params = Params::from_request(query.as_deref(), &headers, &body);
    let format = ResponseFormat::from_param(params.get("response"));
    // No command is registered and no credential can be verified yet (the API core adds both),
    // so every request is refused exactly as CloudStack refuses an unverifiable one.
    envelope::error(
        format,
        envelope::ERROR_RESPONSE_NAME,
        &ApiErrorResponse::new(401, None, UNAUTHENTICATED_TEXT),
    )
}
