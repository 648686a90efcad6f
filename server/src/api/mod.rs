//! The CloudStack wire protocol at `/client/api`: authentication, dispatch through the registry, envelopes.

pub mod args;
pub mod auth;
pub mod commands;
pub mod envelope;
pub mod error;
pub mod integration;
pub mod openapi;
pub mod params;
pub mod registry;
pub mod reply;

use crate::AppState;
use crate::engine::accounts::caller::Caller;
use crate::engine::jobs;
use args::Args;
use auth::session::{self, SESSION_KEY};
use axum::{
    Router,
    body::Bytes,
    extract::{DefaultBodyLimit, RawQuery, State, rejection::BytesRejection},
    http::{HeaderMap, Method, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{any, get},
};
use envelope::ResponseFormat;
use error::ApiError;
use params::Params;
use registry::{CommandDef, Created, Exec, registry};
use reply::Reply;
use tower_sessions::Session;

/// CloudStack's text for every authentication failure; it never says which check failed.
pub const UNAUTHENTICATED_TEXT: &str = "unable to verify user credentials and/or request signature";
/// Largest request body accepted (CloudStack's userdata limit is 1 MiB base64; leave room for the rest).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    let sessions = session::layer(state.db.clone(), state.session_timeout_secs);
    Router::new()
        .route("/client/api", any(handle))
        .layer(sessions)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
        .route(openapi::PATH, get(openapi::serve))
}

/// Which listener a request came in on: the public one authenticates, the integration port trusts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entry {
    Public,
    /// Loopback-only; every command runs as the system user ([`integration`]).
    Integration,
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
        Entry::Public,
        &method,
        &session,
        query.as_deref(),
        &headers,
        body,
    )
    .await
}

async fn respond(
    state: &AppState,
    entry: Entry,
    method: &Method,
    session: &Session,
    query: Option<&str>,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let params = Params::from_request(query, headers, &[]);
            let format = ResponseFormat::from_param(params.get("response"));
            let text =
                format!("Request body refused ({rejection}); the limit is {MAX_BODY_BYTES} bytes");
            return envelope::error(
                format,
                envelope::ERROR_RESPONSE_NAME,
                &ApiError::param(text).body(),
            );
        }
    };
    let params = Params::from_request(query, headers, &body);
    let format = ResponseFormat::from_param(params.get("response"));
    let def = params.get("command").and_then(|c| registry().get(c));
    let response_name = def.map_or_else(
        || envelope::ERROR_RESPONSE_NAME.to_string(),
        |d| d.response_name(),
    );
    match dispatch(state, entry, method, session, headers, &params, def).await {
        Ok(Outcome::Reply(reply)) => {
            envelope::render(format, &response_name, &reply.body(), StatusCode::OK)
        }
        Ok(Outcome::Response(response)) => response,
        Ok(Outcome::Logout {
            reply,
            expire_cookies,
        }) => {
            let mut response =
                envelope::render(format, &response_name, &reply.body(), StatusCode::OK);
            for name in expire_cookies {
                if let Some(v) = commands::auth::logout::expired_cookie(&name) {
                    response.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            response
        }
        Err(e) => {
            // CloudStack reports unknown or forbidden commands under `errorresponse`.
            let name = if e.code == 432 {
                envelope::ERROR_RESPONSE_NAME
            } else {
                response_name.as_str()
            };
            envelope::error(format, name, &e.body())
        }
    }
}

/// What dispatch produced: a reply to wrap, a finished response, or a logout reply plus cookies to expire.
pub(crate) enum Outcome {
    Reply(Reply),
    Response(Response),
    Logout {
        reply: Reply,
        expire_cookies: Vec<String>,
    },
}

async fn dispatch(
    state: &AppState,
    entry: Entry,
    method: &Method,
    session: &Session,
    headers: &HeaderMap,
    params: &Params,
    def: Option<&'static CommandDef>,
) -> Result<Outcome, ApiError> {
    if let Some(def) = def {
        match def.exec {
            Exec::Login => {
                return commands::auth::login::run(state, method, session, params, def).await;
            }
            Exec::Logout => return commands::auth::logout::run(session, headers).await,
            Exec::Run(_) | Exec::AsyncCreate { .. } => {}
        }
    }

    let caller = if entry == Entry::Integration {
        // The integration port trusts the request: no session, no signature.
        crate::engine::accounts::caller::system(&state.db).await?
    } else if let Some(login) = session::current(session).await {
        session_caller(state, session, headers, params, &login).await?
    } else {
        // Signed requests: an unknown command is the same plain 401 as a bad signature.
        let def = def.ok_or_else(ApiError::unauthenticated)?;
        let caller = auth::caller::resolve_signed(&state.db, params, chrono::Utc::now()).await?;
        return run_command(state, caller, def, params)
            .await
            .map(Outcome::Reply);
    };
    if entry == Entry::Integration
        && let Some(def) = def
        && let Some(p) = def
            .params
            .iter()
            .find(|p| !p.accepted_on_admin_port && params.get(p.name).is_some())
    {
        return Err(ApiError::new(
            531,
            Some(9999),
            format!(
                "Parameter {} can't be passed through the API integration port",
                p.name
            ),
        ));
    }
    let Some(command) = params.get("command") else {
        return Ok(Outcome::Response(
            (StatusCode::BAD_REQUEST, "no command specified").into_response(),
        ));
    };
    let def = def
        .ok_or_else(|| ApiError::new(432, Some(9999), format!("Unknown API command: {command}")))?;
    run_command(state, caller, def, params)
        .await
        .map(Outcome::Reply)
}

/// The session path (cloudstack-api.md §2.3): the sessionkey cookie and parameter must both match the session's.
async fn session_caller(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    params: &Params,
    login: &session::LoginState,
) -> Result<Caller, ApiError> {
    let refuse = || ApiError::new(401, None, "unable to verify user credentials");
    let param_ok = params.get(SESSION_KEY) == Some(login.session_key.as_str());
    let cookie_ok =
        cookie_value(headers, SESSION_KEY).as_deref() == Some(login.session_key.as_str());
    let caller = if param_ok && cookie_ok {
        Caller::load(&state.db, login.user_id)
            .await?
            .filter(|c| c.enabled)
    } else {
        None
    };
    match caller {
        Some(caller) => Ok(caller),
        None => {
            session::end(session).await;
            Err(refuse())
        }
    }
}

/// Role check, argument validation, then the handler: inline for sync commands, as a job for async ones.
async fn run_command(
    state: &AppState,
    caller: Caller,
    def: &'static CommandDef,
    params: &Params,
) -> Result<Reply, ApiError> {
    auth::caller::authorize(&state.db, &caller, def).await?;
    if let Some((name, _)) = params.pairs().iter().find(|(_, v)| has_control_chars(v)) {
        return Err(ApiError::param(format!(
            "Received value containing illegal ASCII non-printable characters for parameter {name}"
        )));
    }
    let mut args = Args::parse(def, params)?;
    if def.param("pagesize").is_some() {
        let limit = crate::engine::settings::cached_integer(
            &state.db,
            "default.page.size",
            crate::engine::settings::ScopeRef::Global,
        )
        .await?;
        args = args.with_page_limit(u64::try_from(limit).ok().filter(|l| *l > 0));
    }
    let (run, created): (JobRun, Option<Created>) = match def.exec {
        Exec::Run(handler) if !def.is_async => return handler(state.clone(), caller, args).await,
        Exec::Run(handler) => (JobRun::Plain(handler), None),
        Exec::AsyncCreate { create, run } => {
            let created = create(state.clone(), caller.clone(), args.clone()).await?;
            (JobRun::Created(run), Some(created))
        }
        Exec::Login | Exec::Logout => return Err(ApiError::unauthenticated()),
    };
    let recorded: serde_json::Map<String, serde_json::Value> = params
        .pairs()
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.to_ascii_lowercase().as_str(),
                "signature" | "sessionkey" | "apikey" | "password"
            )
        })
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    let instance = created.as_ref().map(|c| (c.instance_type, c.id.as_str()));
    let job = jobs::submit(
        &state.db,
        &caller,
        def.name,
        &recorded.into(),
        instance,
        state.msid,
    )
    .await?;
    let job_uuid = job.uuid.clone();
    let worker = state.clone();
    let entity_id = created.as_ref().map(|c| c.id.clone());
    state.job_workers.spawn(async move {
        let result = match (run, created) {
            (JobRun::Plain(handler), _) => handler(worker.clone(), caller, args).await,
            (JobRun::Created(handler), Some(created)) => {
                handler(worker.clone(), caller, args, created).await
            }
            (JobRun::Created(_), None) => Err(ApiError::from(
                crate::engine::EngineError::Internal("async-create job without its entity".into()),
            )),
        };
        let outcome = result
            .map(|reply| reply.body())
            .map_err(|e| (e.code, e.text));
        if let Err(e) = jobs::finish(&worker.db, job.id, outcome).await {
            tracing::error!(job = %job.uuid, "could not record a job's result: {e}");
        }
    });
    let mut fields = serde_json::Map::new();
    if let Some(id) = entity_id {
        fields.insert("id".into(), id.into());
    }
    fields.insert("jobid".into(), job_uuid.into());
    Ok(Reply::Flat(fields))
}

/// The job half of an async command.
enum JobRun {
    Plain(registry::Handler),
    Created(registry::CreatedHandler),
}

fn has_control_chars(value: &str) -> bool {
    value
        .bytes()
        .any(|b| matches!(b, 0x00..=0x09 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F))
}

/// The value of cookie `name` in the request, if sent.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_detected_but_tab_free_text_passes() {
        assert!(has_control_chars("a\u{0}b"));
        assert!(has_control_chars("line\u{b}"));
        assert!(has_control_chars("\u{7f}"));
        assert!(!has_control_chars("line\nbreak\r"));
        assert!(!has_control_chars("é ü"));
    }

    #[test]
    fn cookies_are_found_by_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "JSESSIONID=abc; sessionkey=k1".parse().unwrap(),
        );
        assert_eq!(cookie_value(&h, "sessionkey").as_deref(), Some("k1"));
        assert_eq!(cookie_value(&h, "other"), None);
    }
}
