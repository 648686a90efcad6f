//! Shared by the benchmarks: logging in and registering keys over HTTP, and signing request URLs.

use server::api::auth::signature;
use std::time::Duration;

/// Logs in as admin over HTTP and registers API keys for that user on the session.
pub async fn register_keys(base: &str) -> (String, String) {
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client.get(base).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let r = client
        .post(base)
        .form(&[
            ("command", "login"),
            ("username", "admin"),
            ("password", "password"),
            ("response", "json"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "login: {}", r.status());
    let cookies: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .collect();
    let login: serde_json::Value = r.json().await.unwrap();
    let login = &login["loginresponse"];
    let r = client
        .get(base)
        .query(&[
            ("command", "registerUserKeys"),
            ("id", login["userid"].as_str().unwrap()),
            ("sessionkey", login["sessionkey"].as_str().unwrap()),
            ("response", "json"),
        ])
        .header("Cookie", cookies.join("; "))
        .send()
        .await
        .unwrap();
    let keys: serde_json::Value = r.json().await.unwrap();
    let keys = &keys["registeruserkeysresponse"]["userkeys"];
    (
        keys["apikey"].as_str().unwrap().to_string(),
        keys["secretkey"].as_str().unwrap().to_string(),
    )
}

/// `base?params…` signed with signatureVersion 3 and an expiry an hour ahead (`apiKey` and `response=json` added).
pub fn signed_url(base: &str, api_key: &str, secret: &str, params: &[(&str, &str)]) -> String {
    let expires = (chrono::Utc::now() + chrono::Duration::hours(1))
        .format("%Y-%m-%dT%H:%M:%S+0000")
        .to_string();
    let mut pairs: Vec<(&str, &str)> = params.to_vec();
    pairs.extend([
        ("response", "json"),
        ("apiKey", api_key),
        ("signatureVersion", "3"),
        ("expires", &expires),
    ]);
    let sig = signature::sign(secret, &signature::string_to_sign(pairs.iter().copied()));
    pairs.push(("signature", &sig));
    format!("{base}?{}", serde_urlencoded::to_string(&pairs).unwrap())
}
