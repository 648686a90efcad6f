//! The HTTP surface of a freshly started server: console, /client redirect, theme.css and the API's 401.

use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn serves_console_redirects_client_and_refuses_unauthenticated_api_calls() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;

        let page = srv.client.get(srv.url("/")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{label}");
        assert!(
            page.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let html = page.text().await.unwrap();
        for needle in [
            "data-testid=\"shell-header\"",
            "data-testid=\"shell-nav\"",
            "data-testid=\"login-form\"",
            "/pkg/nimbus.js",
        ] {
            assert!(
                html.contains(needle),
                "{label}: console HTML lacks {needle}"
            );
        }

        for path in ["/client", "/client/"] {
            let r = srv.client.get(srv.url(path)).send().await.unwrap();
            assert!(
                r.status().is_redirection(),
                "{label}: {path} -> {}",
                r.status()
            );
            assert_eq!(r.headers()["location"], "/", "{label}: {path}");
        }

        let r = srv
            .client
            .get(srv.url("/client/api?command=listZones&response=json"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{label}");
        assert_eq!(
            r.headers()["content-type"],
            "application/json; charset=UTF-8"
        );
        let body: Value = r.json().await.unwrap();
        // A known command's errors carry its response name.
        assert_eq!(
            body["listzonesresponse"]["errorcode"], 401,
            "{label}: {body}"
        );
        assert_eq!(
            body["listzonesresponse"]["errortext"],
            "unable to verify user credentials and/or request signature"
        );
        assert_eq!(body["listzonesresponse"]["uuidList"], serde_json::json!([]));

        // An unknown command is refused the same way, under errorresponse.
        let r = srv
            .client
            .get(srv.url("/client/api?command=fooBar&response=json"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["errorresponse"]["errorcode"], 401, "{body}");

        // Without response=json CloudStack answers XML; a form POST is read like a query string.
        let r = srv
            .client
            .post(srv.url("/client/api"))
            .form(&[("command", "listZones")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(r.headers()["content-type"], "text/xml; charset=UTF-8");
        let xml = r.text().await.unwrap();
        assert!(
            xml.starts_with(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><listzonesresponse cloud-stack-version="
            ),
            "{xml}"
        );
        assert!(xml.contains("<errorcode>401</errorcode>"), "{xml}");
        let r = srv
            .client
            .post(srv.url("/client/api"))
            .form(&[("command", "listZones"), ("response", "json")])
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.headers()["content-type"],
            "application/json; charset=UTF-8"
        );

        assert_eq!(
            srv.client
                .get(srv.url("/no/such/page"))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::NOT_FOUND
        );

        srv.stop()
            .await
            .unwrap_or_else(|e| panic!("{label}: shutdown: {e}"));
    }
}

#[tokio::test]
async fn theme_css_comes_from_the_data_dir() {
    let db = fresh_dbs().await.into_iter().next().expect("sqlite");
    let srv = TestServer::start(config_for(&db)).await;
    let empty = srv.client.get(srv.url("/theme.css")).send().await.unwrap();
    assert_eq!(empty.status(), StatusCode::OK);
    assert!(
        empty.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert_eq!(empty.text().await.unwrap(), "");

    std::fs::write(
        db.dir.path().join("theme.css"),
        ":root { --nimbus-brand: #c00; }",
    )
    .unwrap();
    let themed = srv
        .client
        .get(srv.url("/theme.css"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(themed, ":root { --nimbus-brand: #c00; }");
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn a_second_start_on_the_same_database_works() {
    for db in fresh_dbs().await {
        let label = db.label();
        for round in 0..2 {
            let srv = TestServer::start(config_for(&db)).await;
            let r = srv.client.get(srv.url("/")).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{label} round {round}");
            srv.stop()
                .await
                .unwrap_or_else(|e| panic!("{label} round {round}: {e}"));
        }
    }
}
