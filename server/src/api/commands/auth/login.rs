//! `login`: password login that starts a session (JSESSIONID cookie + session key).

use crate::AppState;
use crate::api::error::ApiError;
use crate::api::params::Params;
use crate::api::registry::{CommandDef, Exec, FieldDef, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::api::{Outcome, auth::session};
use crate::engine::accounts::login::{self, DomainSelector, LoginError};
use app::model::LoginResponse;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::IntoResponse;
use tower_sessions::Session;

pub static DEF: CommandDef = CommandDef {
    name: "login",
    description: "Logs a user into the CloudStack. A successful login attempt will generate a JSESSIONID cookie value that can be passed in subsequent Query command calls until the \"logout\" command has been issued or the session has expired.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required("username", ParamKind::String, "Username"),
        required(
            "password",
            ParamKind::String,
            "Hashed password (Default is MD5). If you wish to use any other hashing algorithm, you would need to write a custom authentication adapter See Docs section.",
        ),
        optional(
            "domain",
            ParamKind::String,
            "Path of the domain that the user belongs to. Example: domain=/com/cloud/internal. If no domain is passed in, the ROOT (/) domain is assumed.",
        ),
        optional(
            "domainid",
            ParamKind::Long,
            "The id of the domain that the user belongs to. If both domain and domainId are passed in, \"domainId\" parameter takes precedence.",
        ),
    ],
    response_object: "",
    response_fields: &[
        FieldDef {
            name: "username",
            kind: "string",
            description: "Username",
        },
        FieldDef {
            name: "userid",
            kind: "string",
            description: "User ID",
        },
        FieldDef {
            name: "domainid",
            kind: "string",
            description: "Domain ID that the user belongs to",
        },
        FieldDef {
            name: "timeout",
            kind: "int",
            description: "the time period before the session has expired",
        },
        FieldDef {
            name: "account",
            kind: "string",
            description: "the account name the user belongs to",
        },
        FieldDef {
            name: "firstname",
            kind: "string",
            description: "first name of the user",
        },
        FieldDef {
            name: "lastname",
            kind: "string",
            description: "last name of the user",
        },
        FieldDef {
            name: "type",
            kind: "string",
            description: "the account type (admin, domain-admin, read-only-admin, user)",
        },
        FieldDef {
            name: "registered",
            kind: "string",
            description: "Is user registered",
        },
        FieldDef {
            name: "sessionkey",
            kind: "string",
            description: "Session key that can be passed in subsequent Query command calls",
        },
    ],
    exec: Exec::Login,
};

/// Runs `login` (cloudstack-api.md §2.1): POST only; 531 for bad credentials; a new session on success.
pub(crate) async fn run(
    state: &AppState,
    method: &Method,
    session: &Session,
    params: &Params,
    def: &'static CommandDef,
) -> Result<Outcome, ApiError> {
    if method != Method::POST {
        return Ok(Outcome::Response(
            (
                StatusCode::METHOD_NOT_ALLOWED,
                "Please use HTTP POST to authenticate using this API",
            )
                .into_response(),
        ));
    }
    let username = params
        .get("username")
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::missing_param(def.name, "username"))?;
    let password = params
        .get("password")
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::missing_param(def.name, "password"))?;
    let selector = match params.get("domainid").filter(|v| !v.is_empty()) {
        Some(id) => DomainSelector::Id(id),
        None => DomainSelector::Path(params.get("domain").unwrap_or("/")),
    };
    let caller = login::authenticate(&state.db, username, password, selector)
        .await
        .map_err(|e| match e {
            LoginError::BadDomainId => ApiError::new(401, None, e.to_string()),
            LoginError::UnknownDomainPath(_) | LoginError::BadCredentials { .. } => {
                ApiError::new(531, Some(4290), e.to_string())
            }
            LoginError::Engine(engine) => ApiError::from(engine),
        })?;
    let session_key = session::start(session, caller.user_id).await.map_err(|e| {
        ApiError::from(crate::engine::EngineError::Internal(format!(
            "starting a session: {e}"
        )))
    })?;
    let body = LoginResponse {
        username: caller.username.clone(),
        userid: caller.user_uuid.clone(),
        domainid: caller.domain_uuid.clone(),
        account: caller.account_name.clone(),
        firstname: String::new(),
        lastname: String::new(),
        account_type: caller.account_type.to_string(),
        timeout: state.session_timeout_secs,
        registered: "false".into(),
        sessionkey: session_key.clone(),
    };
    let format = crate::api::envelope::ResponseFormat::from_param(params.get("response"));
    let mut response = crate::api::envelope::render(
        format,
        &def.response_name(),
        &Reply::flat(&body)?.body(),
        StatusCode::OK,
    );
    if let Ok(cookie) = HeaderValue::from_str(&format!(
        "{}={session_key}; Path=/client; HttpOnly; SameSite=Lax",
        session::SESSION_KEY
    )) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(Outcome::Response(response))
}
