//! The OpenAPI document over HTTP: unauthenticated, JSON, one operation per registered command.

use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use serde_json::Value;
use server::api::registry::registry;

#[tokio::test]
async fn openapi_document_lists_every_command_without_credentials() {
    // The document does not depend on the database; one backend is enough.
    let db = fresh_dbs().await.remove(0);
    let srv = TestServer::start(config_for(&db)).await;

    let r = srv
        .client
        .get(srv.url("/client/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let content_type = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let doc: Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(paths.len(), registry().all().len());
    let list_users = &paths["/client/api/listUsers"]["get"];
    assert_eq!(list_users["operationId"], "listUsers");
    let params: Vec<&str> = list_users["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    let declared: Vec<&str> = registry()
        .get("listUsers")
        .unwrap()
        .params
        .iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(params, declared);

    // The API itself still refuses anonymous calls.
    let r = srv
        .client
        .get(srv.url("/client/api?command=listUsers&response=json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    srv.stop().await.unwrap();
}
