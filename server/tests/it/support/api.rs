//! API clients for tests: a login session (cookies + sessionkey) and API-key signing, both over real HTTP.

use super::TestServer;
use reqwest::{Response, StatusCode};
use serde_json::Value;

/// A logged-in console-style client: JSESSIONID and sessionkey cookies plus the sessionkey parameter.
pub struct SessionClient {
    pub cookies: Vec<(String, String)>,
    pub session_key: String,
    pub login: Value,
}

impl SessionClient {
    pub async fn login(srv: &TestServer, username: &str, password: &str) -> SessionClient {
        let r = srv
            .client
            .post(srv.url("/client/api"))
            .form(&[
                ("command", "login"),
                ("username", username),
                ("password", password),
                ("response", "json"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "login as {username}");
        let cookies = set_cookies(&r);
        let login: Value = r.json().await.unwrap();
        let session_key = login["loginresponse"]["sessionkey"]
            .as_str()
            .unwrap()
            .to_string();
        SessionClient {
            cookies,
            session_key,
            login,
        }
    }

    /// Logs in to the domain at `domain_path` (e.g. `/eng/`); panics unless it succeeds.
    pub async fn login_in(
        srv: &TestServer,
        username: &str,
        password: &str,
        domain_path: &str,
    ) -> SessionClient {
        let r = srv
            .client
            .post(srv.url("/client/api"))
            .form(&[
                ("command", "login"),
                ("username", username),
                ("password", password),
                ("domain", domain_path),
                ("response", "json"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::OK,
            "login as {username} in {domain_path}"
        );
        let cookies = set_cookies(&r);
        let login: Value = r.json().await.unwrap();
        let session_key = login["loginresponse"]["sessionkey"]
            .as_str()
            .unwrap()
            .to_string();
        SessionClient {
            cookies,
            session_key,
            login,
        }
    }

    /// Polls queryAsyncJobResult with this session until the job leaves status 0.
    pub async fn wait_for_job(&self, srv: &TestServer, job_id: &str) -> Value {
        for _ in 0..250 {
            let (status, body) = self
                .call(
                    srv,
                    &[("command", "queryAsyncJobResult"), ("jobid", job_id)],
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let job = body["queryasyncjobresultresponse"].clone();
            if job["jobstatus"] != 0 {
                return job;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("job {job_id} did not finish");
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// GET with the session's cookies and `sessionkey` parameter.
    pub async fn call(&self, srv: &TestServer, params: &[(&str, &str)]) -> (StatusCode, Value) {
        let mut all: Vec<(&str, &str)> =
            vec![("response", "json"), ("sessionkey", &self.session_key)];
        all.extend_from_slice(params);
        let r = srv
            .client
            .get(srv.url("/client/api"))
            .query(&all)
            .header("Cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        json_of(r).await
    }
}

/// `name=value` pairs from the response's Set-Cookie headers.
pub fn set_cookies(r: &Response) -> Vec<(String, String)> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// A login attempt that may fail: the status and body as answered.
pub async fn try_login(
    srv: &TestServer,
    username: &str,
    password: &str,
    domain_path: &str,
) -> (StatusCode, Value) {
    let r = srv
        .client
        .post(srv.url("/client/api"))
        .form(&[
            ("command", "login"),
            ("username", username),
            ("password", password),
            ("domain", domain_path),
            ("response", "json"),
        ])
        .send()
        .await
        .unwrap();
    json_of(r).await
}

pub async fn json_of(r: Response) -> (StatusCode, Value) {
    let status = r.status();
    let text = r.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| Value::String(text));
    (status, value)
}

/// API-key credentials that sign every request as CloudStack clients do.
pub struct Signer {
    pub api_key: String,
    pub secret: String,
}

impl Signer {
    /// The query string for `params` plus apiKey, response=json and the signature.
    pub fn query(&self, params: &[(&str, &str)]) -> String {
        let mut all: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        all.push(("response".into(), "json".into()));
        all.push(("apiKey".into(), self.api_key.clone()));
        let signature = server::api::auth::signature::sign(
            &self.secret,
            &server::api::auth::signature::string_to_sign(
                all.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            ),
        );
        all.push(("signature".into(), signature));
        serde_urlencoded::to_string(&all).unwrap()
    }

    pub async fn call(&self, srv: &TestServer, params: &[(&str, &str)]) -> (StatusCode, Value) {
        let url = format!("{}?{}", srv.url("/client/api"), self.query(params));
        json_of(srv.client.get(url).send().await.unwrap()).await
    }
}
