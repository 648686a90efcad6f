//! Service and disk offerings: CloudStack's defaults, creation with validation naming the parameter, deletion.

use crate::support::api::SessionClient;
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use serde_json::Value;

fn error_text(body: &Value) -> String {
    body.as_object().unwrap().values().next().unwrap()["errortext"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn offerings_are_seeded_created_validated_and_deleted() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;

        let (_, body) = admin
            .call(&srv, &[("command", "listServiceOfferings")])
            .await;
        let names: Vec<&str> = body["listserviceofferingsresponse"]["serviceoffering"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Small Instance", "Medium Instance"], "{label}");
        let small = &body["listserviceofferingsresponse"]["serviceoffering"][0];
        assert_eq!(
            (
                small["cpunumber"].as_i64(),
                small["cpuspeed"].as_i64(),
                small["memory"].as_i64()
            ),
            (Some(1), Some(500), Some(512))
        );
        let (_, body) = admin.call(&srv, &[("command", "listDiskOfferings")]).await;
        assert_eq!(body["listdiskofferingsresponse"]["count"], 4, "{label}");
        let custom = body["listdiskofferingsresponse"]["diskoffering"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "Custom")
            .unwrap()
            .clone();
        assert_eq!(custom["iscustomized"], true);

        let (status, body) = admin
            .call(
                &srv,
                &[
                    ("command", "createServiceOffering"),
                    ("name", "Big"),
                    ("cpunumber", "4"),
                    ("cpuspeed", "2000"),
                    ("memory", "8192"),
                    ("hosttags", "ssd"),
                    ("tags", "fast"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let big = &body["createserviceofferingresponse"]["serviceoffering"];
        assert_eq!(
            (
                big["hosttags"].as_str(),
                big["tags"].as_str(),
                big["iscustomized"].as_bool()
            ),
            (Some("ssd"), Some("fast"), Some(false))
        );
        let big_id = big["id"].as_str().unwrap().to_string();
        let (_, body) = admin
            .call(
                &srv,
                &[
                    ("command", "createServiceOffering"),
                    ("name", "Flex"),
                    ("mincpunumber", "1"),
                    ("maxcpunumber", "8"),
                ],
            )
            .await;
        let flex = &body["createserviceofferingresponse"]["serviceoffering"];
        assert_eq!(flex["iscustomized"], true, "{body}");
        assert_eq!(flex["serviceofferingdetails"]["maxcpunumber"], "8");
        // The size filters keep offerings that can provide the size: exact ones and customised ones.
        let (_, body) = admin
            .call(
                &srv,
                &[("command", "listServiceOfferings"), ("cpunumber", "4")],
            )
            .await;
        let fit: Vec<&str> = body["listserviceofferingsresponse"]["serviceoffering"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap())
            .collect();
        assert_eq!(fit, ["Big", "Flex"], "{label}");

        for (params, param) in [
            (
                vec![
                    ("command", "createServiceOffering"),
                    ("name", "x"),
                    ("cpunumber", "0"),
                ],
                "cpunumber",
            ),
            (
                vec![
                    ("command", "createServiceOffering"),
                    ("name", "x"),
                    ("memory", "16"),
                ],
                "memory",
            ),
            (
                vec![
                    ("command", "createServiceOffering"),
                    ("name", "x"),
                    ("mincpunumber", "4"),
                    ("maxcpunumber", "2"),
                ],
                "maxcpunumber",
            ),
            (
                vec![
                    ("command", "createServiceOffering"),
                    ("name", "x"),
                    ("storagetype", "tape"),
                ],
                "storagetype",
            ),
            (
                vec![("command", "createDiskOffering"), ("name", "x")],
                "disksize",
            ),
            (
                vec![
                    ("command", "createDiskOffering"),
                    ("name", "x"),
                    ("disksize", "-5"),
                ],
                "disksize",
            ),
            (
                vec![
                    ("command", "createDiskOffering"),
                    ("name", "x"),
                    ("disksize", "5"),
                    ("miniops", "10"),
                    ("maxiops", "5"),
                ],
                "maxiops",
            ),
        ] {
            let (status, body) = admin.call(&srv, &params).await;
            assert_eq!(status.as_u16(), 431, "{label}: {params:?}: {body}");
            assert!(
                error_text(&body).contains(&format!("parameter {param}")),
                "{params:?}: {body}"
            );
        }

        let (status, body) = admin
            .call(
                &srv,
                &[
                    ("command", "createDiskOffering"),
                    ("name", "Huge"),
                    ("disksize", "500"),
                    ("tags", "fast"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            body["creatediskofferingresponse"]["diskoffering"]["disksize"],
            500
        );
        let (status, _) = admin
            .call(
                &srv,
                &[
                    ("command", "updateServiceOffering"),
                    ("id", &big_id),
                    ("displaytext", "Big and fast"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = admin
            .call(
                &srv,
                &[("command", "deleteServiceOffering"), ("id", &big_id)],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, body) = admin
            .call(
                &srv,
                &[("command", "listServiceOfferings"), ("id", &big_id)],
            )
            .await;
        assert!(
            body["listserviceofferingsresponse"]
                .get("serviceoffering")
                .is_none(),
            "{body}"
        );
        srv.stop().await.unwrap();
        // A restart does not bring deleted defaults back, nor duplicate the others.
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let (_, body) = admin
            .call(&srv, &[("command", "listServiceOfferings")])
            .await;
        assert_eq!(
            body["listserviceofferingsresponse"]["count"], 3,
            "{label}: Small, Medium, Flex"
        );
        srv.stop().await.unwrap();
    }
}
