//! Typed client of `/client/api` for the browser: form-encoded calls, CloudStack envelopes unwrapped, errors kept typed.

pub mod answer;

pub use answer::Answer;

use crate::model::job::JobSubmitted;
use crate::model::{ApiErrorResponse, LoginResponse};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

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
            ClientError::Api(e) => format!(
                "{} ({}, error {})",
                e.errortext,
                code_words(e.errorcode),
                e.errorcode
            ),
            ClientError::Transport(t) => format!("The server could not be reached: {t}"),
        }
    }
}

/// The items of a list answer (`{"count": N, "<key>": [...]}`; `{}` when empty); unreadable items are skipped.
pub fn items<T: DeserializeOwned>(answer: &Value, key: &str) -> Vec<T> {
    answer
        .get(key)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|item| serde_json::from_value(item.clone()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// `count` of a list answer (absent when the list is empty).
pub fn count_of(answer: &Value) -> u64 {
    answer.get("count").and_then(Value::as_u64).unwrap_or(0)
}

/// What a CloudStack error code means (cloudstack-api.md §3.4), for people.
pub fn code_words(code: u16) -> &'static str {
    match code {
        401 => "not logged in, or the session or signature was refused",
        405 => "wrong HTTP method",
        429 => "too many requests",
        430 => "a parameter is malformed",
        431 => "a parameter value was refused",
        432 => "the command is not available to this account",
        503 => "the server is in maintenance",
        530 => "internal error on the server",
        531 => "not permitted for this account",
        532 => "the account's resource limit is reached",
        533 => "not enough capacity",
        534 => "a resource is unavailable",
        535 => "a resource could not be allocated",
        536 => "the resource is in use",
        537 => "a network rule conflicts",
        _ => "the request failed",
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

/// The console's handle on the API: where it is and who is logged in. Copy it freely; it lives in a context.
#[derive(Clone, Copy)]
pub struct Api {
    base: StoredValue<String>,
    /// The logged-in user; `None` before login and after logout or expiry.
    pub session: RwSignal<Option<LoginResponse>>,
    /// Set when a call answered 401: the session ended on the server.
    pub expired: RwSignal<bool>,
    /// False until the browser has looked for a kept login (always false while server-rendering).
    pub ready: RwSignal<bool>,
}

/// Where the console keeps its login across reloads of the tab (sessionStorage, like a session cookie).
const STORAGE_KEY: &str = "nimbus.session";

impl Api {
    /// An API handle for `base` (e.g. `/client/api` or `https://cloud.example/client/api`) and an optional login.
    pub fn new(base: impl Into<String>, session: Option<LoginResponse>) -> Self {
        let ready = session.is_some();
        Self {
            base: StoredValue::new(base.into()),
            session: RwSignal::new(session),
            expired: RwSignal::new(false),
            ready: RwSignal::new(ready),
        }
    }

    /// The handle provided by [`Api::provide`], or one for this origin's `/client/api` without a login.
    pub fn current() -> Self {
        use_context::<Api>().unwrap_or_else(|| Api::new(API_PATH, None))
    }

    /// Makes this handle the one components below find with [`Api::current`].
    pub fn provide(self) -> Self {
        provide_context(self);
        self
    }

    /// Whether the logged-in user is a root admin (account type 1), tracked.
    pub fn is_root_admin(&self) -> bool {
        self.session
            .with(|s| s.as_ref().is_some_and(|l| l.account_type == "1"))
    }

    pub fn base(&self) -> String {
        self.base.get_value()
    }

    /// The API's absolute URL (a relative base is resolved against this page's origin), for signed URLs.
    pub fn absolute_base(&self) -> String {
        let base = self.base.get_value();
        if base.starts_with("http://") || base.starts_with("https://") {
            return base;
        }
        #[cfg(feature = "hydrate")]
        if let Some(origin) = web_sys::window().and_then(|w| w.location().origin().ok()) {
            return format!("{origin}{base}");
        }
        base
    }

    /// Records a successful login (and keeps it for reloads of this tab).
    pub fn logged_in(&self, login: LoginResponse) {
        if let Ok(json) = serde_json::to_string(&login) {
            storage::save(STORAGE_KEY, &json);
        }
        self.expired.set(false);
        self.session.set(Some(login));
    }

    /// Forgets the login; `expired` says whether the server ended it (so the login page can say so).
    pub fn forget(&self, expired: bool) {
        storage::remove(STORAGE_KEY);
        self.expired.set(expired);
        self.session.set(None);
    }

    /// Loads a login kept by an earlier page of this tab; call once the page is interactive.
    pub fn restore(&self) {
        if self.session.get_untracked().is_none()
            && let Some(login) = storage::load(STORAGE_KEY)
                .and_then(|json| serde_json::from_str::<LoginResponse>(&json).ok())
        {
            self.session.set(Some(login));
        }
        self.ready.set(true);
    }

    /// Calls `command` and decodes its response object; a 401 ends the session.
    pub async fn call<T: DeserializeOwned>(
        &self,
        command: &str,
        params: &[(&str, &str)],
    ) -> Result<T, ClientError> {
        let key = self
            .session
            .get_untracked()
            .map(|login| login.sessionkey)
            .unwrap_or_default();
        let mut form: Vec<(&str, &str)> = vec![("command", command), ("response", "json")];
        if !key.is_empty() {
            form.push(("sessionkey", &key));
        }
        form.extend_from_slice(params);
        let body = transport::post_form(&self.base.get_value(), &form).await?;
        let result = unwrap_envelope(&body);
        if let Err(ClientError::Api(e)) = &result
            && e.errorcode == 401
            && command != "login"
        {
            self.forget(true);
        }
        result
    }

    /// Like [`Api::call`] with owned parameters.
    pub async fn call_owned<T: DeserializeOwned>(
        &self,
        command: &str,
        params: &[(String, String)],
    ) -> Result<T, ClientError> {
        let borrowed: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.call(command, &borrowed).await
    }

    /// Runs an async command: submits it, tells `on_job` the job id, polls until it ends, returns `jobresult`.
    pub async fn run_job(
        &self,
        command: &str,
        params: &[(String, String)],
        on_job: impl Fn(&str),
    ) -> Result<Value, ClientError> {
        let submitted: JobSubmitted = self.call_owned(command, params).await?;
        on_job(&submitted.jobid);
        self.wait_for_job(&submitted.jobid).await
    }

    /// Calls any command; when it answers with a job, tells `on_job` and waits for the job's result.
    pub async fn run(
        &self,
        command: &str,
        params: &[(String, String)],
        on_job: impl Fn(&str),
    ) -> Result<Value, ClientError> {
        let answer: Value = self.call_owned(command, params).await?;
        match answer.get("jobid").and_then(Value::as_str) {
            Some(jobid) if answer.get("jobstatus").is_none() => {
                on_job(jobid);
                self.wait_for_job(jobid).await
            }
            _ => Ok(answer),
        }
    }

    /// Polls `queryAsyncJobResult` until the job succeeds (its `jobresult`) or fails (its error).
    pub async fn wait_for_job(&self, jobid: &str) -> Result<Value, ClientError> {
        loop {
            let job: Value = self
                .call("queryAsyncJobResult", &[("jobid", jobid)])
                .await?;
            match job.get("jobstatus").and_then(Value::as_i64) {
                Some(0) | None => transport::sleep_ms(JOB_POLL_MS).await,
                Some(1) => return Ok(job.get("jobresult").cloned().unwrap_or(Value::Null)),
                Some(_) => {
                    let result = job.get("jobresult").cloned().unwrap_or(Value::Null);
                    let code = result
                        .get("errorcode")
                        .and_then(Value::as_u64)
                        .and_then(|c| u16::try_from(c).ok())
                        .unwrap_or(530);
                    let text = result
                        .get("errortext")
                        .and_then(Value::as_str)
                        .unwrap_or("the job failed without saying why")
                        .to_string();
                    return Err(ClientError::Api(ApiErrorResponse::new(code, None, text)));
                }
            }
        }
    }

    /// CloudStack `login`: a blank domain means ROOT. Records the session on success.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        domain: &str,
    ) -> Result<LoginResponse, ClientError> {
        let domain = if domain.trim().is_empty() {
            "/"
        } else {
            domain.trim()
        };
        let login: LoginResponse = self
            .call(
                "login",
                &[
                    ("username", username),
                    ("password", password),
                    ("domain", domain),
                ],
            )
            .await?;
        self.logged_in(login.clone());
        Ok(login)
    }

    /// Forgets the session here at once (so a reload cannot bring it back), then ends it on the server.
    pub fn logout(&self) {
        let key = self
            .session
            .get_untracked()
            .map(|login| login.sessionkey)
            .unwrap_or_default();
        self.forget(false);
        let api = *self;
        leptos::task::spawn_local(async move {
            // Whatever the server answers, this tab is logged out already.
            let _ignored: Result<Value, ClientError> =
                api.call("logout", &[("sessionkey", &key)]).await;
        });
    }
}

/// Waits `ms` milliseconds in the browser (returns at once outside it), e.g. between refreshes of a list.
pub async fn sleep_ms(ms: i32) {
    transport::sleep_ms(ms).await;
}

/// How often a running job is polled (the CloudStack UI polls every second; jobs here are quick).
const JOB_POLL_MS: i32 = 400;

/// Browser transport: form POSTs through gloo-net, timers through `setTimeout`.
#[cfg(feature = "hydrate")]
mod transport {
    use super::ClientError;
    use gloo_net::http::Request;

    pub async fn post_form(base: &str, form: &[(&str, &str)]) -> Result<String, ClientError> {
        let body =
            serde_urlencoded::to_string(form).map_err(|e| ClientError::Transport(e.to_string()))?;
        let reply = Request::post(base)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .map_err(|e| ClientError::Transport(e.to_string()))?
            .send()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))?;
        reply
            .text()
            .await
            .map_err(|e| ClientError::Transport(e.to_string()))
    }

    pub async fn sleep_ms(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

/// Outside the browser (server rendering, host tests) there is nobody to call: data loads after hydration.
#[cfg(not(feature = "hydrate"))]
mod transport {
    use super::ClientError;

    pub async fn post_form(_base: &str, _form: &[(&str, &str)]) -> Result<String, ClientError> {
        Err(ClientError::Transport(
            "the API is only called from the browser".into(),
        ))
    }

    pub async fn sleep_ms(_ms: i32) {}
}

/// The tab's sessionStorage (nothing outside the browser).
mod storage {
    #[cfg(feature = "hydrate")]
    fn area() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    pub fn save(key: &str, value: &str) {
        #[cfg(feature = "hydrate")]
        if let Some(s) = area() {
            let _ = s.set_item(key, value);
        }
        let _ = (key, value);
    }

    pub fn load(key: &str) -> Option<String> {
        #[cfg(feature = "hydrate")]
        return area()?.get_item(key).ok().flatten();
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = key;
            None
        }
    }

    pub fn remove(key: &str) {
        #[cfg(feature = "hydrate")]
        if let Some(s) = area() {
            let _ = s.remove_item(key);
        }
        let _ = key;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn list_answers_give_items_and_count() {
        let answer: Value = serde_json::json!({"count": 2, "zone": [{"id": "a"}, {"id": "b"}]});
        let ids: Vec<Value> = items(&answer, "zone");
        assert_eq!(ids.len(), 2);
        assert_eq!(count_of(&answer), 2);
        // CloudStack answers an empty list with an empty object.
        assert_eq!(count_of(&serde_json::json!({})), 0);
        assert!(items::<Value>(&serde_json::json!({}), "zone").is_empty());
    }

    #[test]
    fn api_errors_read_in_words() {
        let e = ClientError::Api(ApiErrorResponse::new(531, None, "Failed to authenticate"));
        assert_eq!(
            e.message(),
            "Failed to authenticate (not permitted for this account, error 531)"
        );
    }

    #[test]
    fn garbage_is_a_transport_error() {
        assert!(matches!(
            unwrap_envelope::<LoginResponse>("<html>"),
            Err(ClientError::Transport(_))
        ));
    }
}
