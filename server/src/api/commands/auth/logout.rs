//! `logout`: ends the session and expires every cookie the client sent.

use crate::api::Outcome;
use crate::api::auth::session;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, Exec, FieldDef, Roles};
use crate::api::reply::Reply;
use axum::http::{HeaderMap, HeaderValue, header};
use tower_sessions::Session;

pub static DEF: CommandDef = CommandDef {
    name: "logout",
    description: "Logs out the user",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[],
    response_object: "",
    response_fields: &[FieldDef {
        name: "description",
        kind: "string",
        description: "Response description",
    }],
    exec: Exec::Logout,
};

pub(crate) async fn run(session: &Session, headers: &HeaderMap) -> Result<Outcome, ApiError> {
    session::end(session).await;
    let mut fields = serde_json::Map::new();
    fields.insert("description".into(), "success".into());
    Ok(Outcome::Logout {
        reply: Reply::Flat(fields),
        expire_cookies: cookie_names(headers),
    })
}

fn cookie_names(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('=').map(|(k, _)| k.to_string()))
        .filter(|k| !k.is_empty() && k != session::SESSION_COOKIE)
        .collect()
}

/// `Set-Cookie` values that expire `name` on the client.
pub fn expired_cookie(name: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!("{name}=; Path=/client; Max-Age=0")).ok()
}
