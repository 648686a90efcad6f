//! Typed client of `/client/api` for the browser: form-encoded calls, CloudStack envelopes unwrapped, errors kept typed.

use crate::model::ApiErrorResponse;
use serde::de::DeserializeOwned;

/// Where the console finds the API; embedders may mount the console against another base.
pub const API_PATH: &str = "/client/api";

/// Why a call failed: CloudStack said no (with its code and text), or the request never got an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    Api(ApiErrorResponse),
    Transport(String),
}

impl ClientError {
    /// Text fit to show a person.
    pub fn message(&self) -> String {
        match self {
            ClientError::Api(e) => e.errortext.clone(),
            ClientError::Transport(t) => format!("The server could not be reached: {t}"),
        }
    }
}

/// Unwraps `{"<command>response": {...}}`: an object with `errorcode` is an error, anything else a `T`.
pub fn unwrap_envelope<T: DeserializeOwned>(body: &str) -> Result<T, ClientError> {
    let value: serde_json::Value = serde_json::from_str(body)
        .map_err(|e| ClientError::Transport(format!("unreadable answer ({e})")))?;
    let inner = value
        .as_object()
        .and_then(|o| o.values().next())
        .cloned()
        .ok_or_else(|| ClientError::Transport("answer without a response object".into()))?;
    if inner.get("errorcode").is_some() {
        let err: ApiErrorResponse = serde_json::from_value(inner)
            .map_err(|e| ClientError::Transport(format!("unreadable error ({e})")))?;
        return Err(ClientError::Api(err));
    }
    serde_json::from_value(inner)
        .map_err(|e| ClientError::Transport(format!("unexpected answer ({e})")))
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{API_PATH, ClientError, unwrap_envelope};
    use crate::model::LoginResponse;
    use gloo_net::http::Request;

    /// POSTs `params` (plus `command` and `response=json`) as a form to the API and unwraps the answer.
    pub async fn call<T: serde::de::DeserializeOwned>(
        command: &str,
        params: &[(&str, &str)],
    ) -> Result<T, ClientError> {
        let mut form: Vec<(&str, &str)> = vec![("command", command), ("response", "json")];
        form.extend_from_slice(params);
        let body = serde_urlencoded::to_string(&form)
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        let reply = Request::post(API_PATH)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .map_err(|e| ClientError::Transport(e.to_string()))?
            .send()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        let text = reply
            .text()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        unwrap_envelope(&text)
    }

    /// CloudStack `login`: a blank domain means ROOT.
    pub async fn login(
        username: &str,
        password: &str,
        domain: &str,
    ) -> Result<LoginResponse, ClientError> {
        let domain = if domain.trim().is_empty() {
            "/"
        } else {
            domain.trim()
        };
        call(
            "login",
            &[
                ("username", username),
                ("password", password),
                ("domain", domain),
            ],
        )
        .await
    }
}

#[cfg(feature = "hydrate")]
pub use browser::{call, login};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LoginResponse;

    #[test]
    fn error_envelope_becomes_api_error() {
        let body = r#"{"loginresponse":{"uuidList":[],"errorcode":531,"errortext":"Failed to authenticate user admin in domain 1; please provide valid credentials"}}"#;
        match unwrap_envelope::<LoginResponse>(body) {
            Err(ClientError::Api(e)) => assert_eq!(e.errorcode, 531),
            other => panic!("expected an API error, got {other:?}"),
        }
    }

    #[test]
    fn success_envelope_becomes_value() {
        let body = r#"{"loginresponse":{"username":"admin","userid":"u","domainid":"d","account":"admin","type":"1","timeout":1800,"registered":"false","sessionkey":"k"}}"#;
        let login: LoginResponse = unwrap_envelope(body).unwrap();
        assert_eq!(login.sessionkey, "k");
        assert_eq!(login.timeout, 1800);
    }

    #[test]
    fn garbage_is_a_transport_error() {
        assert!(matches!(
            unwrap_envelope::<LoginResponse>("<html>"),
            Err(ClientError::Transport(_))
        ));
    }
}
