//! The integration port: unauthenticated calls as the system user on loopback, refused on the main port.

use crate::support::api::json_of;
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;

/// A port nobody listens on right now (there is a small window before the server binds it).
fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap().port()
}

#[tokio::test]
async fn integration_port_runs_calls_as_system_without_credentials() {
    for db in fresh_dbs().await {
        let label = db.label();
        let port = free_port();
        let mut config = config_for(&db);
        config.integration_port = Some(port);
        let srv = TestServer::start(config).await;
        let integration = format!("http://127.0.0.1:{port}/client/api");

        let r = srv
            .client
            .get(&integration)
            .query(&[("command", "listUsers"), ("response", "json")])
            .send()
            .await
            .unwrap();
        let (status, body) = json_of(r).await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let users = body["listusersresponse"]["user"].as_array().unwrap();
        assert!(
            users.iter().any(|u| u["username"] == "admin"),
            "{label}: {body}"
        );

        // updateUser's password may not travel over the unauthenticated port (CloudStack's acceptedOnAdminPort=false).
        let admin_id = users.iter().find(|u| u["username"] == "admin").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let r = srv
            .client
            .get(&integration)
            .query(&[
                ("command", "updateUser"),
                ("id", admin_id.as_str()),
                ("password", "x"),
                ("response", "json"),
            ])
            .send()
            .await
            .unwrap();
        let (status, body) = json_of(r).await;
        assert_eq!(status.as_u16(), 531, "{label}: {body}");
        assert_eq!(
            body["updateuserresponse"]["errortext"],
            "Parameter password can't be passed through the API integration port"
        );
        let r = srv
            .client
            .get(&integration)
            .query(&[
                ("command", "updateUser"),
                ("id", admin_id.as_str()),
                ("firstname", "Ada"),
                ("response", "json"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::OK,
            "{label}: other updateUser parameters are fine there"
        );

        // The same anonymous call on the main port is refused.
        let r = srv
            .client
            .get(srv.url("/client/api"))
            .query(&[("command", "listUsers"), ("response", "json")])
            .send()
            .await
            .unwrap();
        let (status, body) = json_of(r).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}: {body}");

        // login behaves as usual there: wrong password fails, the right one gives a session.
        let login = |password: &'static str| {
            srv.client.post(&integration).form(&[
                ("command", "login"),
                ("username", "admin"),
                ("password", password),
                ("response", "json"),
            ])
        };
        let (status, _) = json_of(login("wrong").send().await.unwrap()).await;
        assert_eq!(status.as_u16(), 531, "{label}");
        let (status, body) = json_of(login("password").send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        assert!(body["loginresponse"]["sessionkey"].is_string(), "{label}");

        // Unknown commands are reported, not silently accepted.
        let r = srv
            .client
            .get(&integration)
            .query(&[("command", "noSuchThing"), ("response", "json")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 432, "{label}");

        srv.stop().await.unwrap();
        // Shutting the server down closes the integration port too.
        assert!(
            port_closed(port).await,
            "{label}: integration port still open after stop"
        );
    }
}

async fn port_closed(port: u16) -> bool {
    tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
}
