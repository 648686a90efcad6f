//! The error codes that need a broken resource to appear: 530 (the database fails), 533 (no address left),
//! 534 (a host that does not answer) — each CloudStack-shaped, never a bare 500.

use crate::support::api::SessionClient;
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::Value;

fn inner(body: &Value) -> &Value {
    body.as_object().unwrap().values().next().unwrap()
}

#[tokio::test]
async fn a_failing_database_is_a_530_that_hides_its_cause() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let srv = TestServer::start(config_for(&db)).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let conn = server::db::connect(&db.url).await.unwrap();
    conn.execute_unprepared("DROP TABLE zone").await.unwrap();
    let (status, body) = admin.call(&srv, &[("command", "listZones")]).await;
    assert_eq!(status.as_u16(), 530, "{body}");
    assert_eq!(inner(&body)["cserrorcode"], 4250);
    let text = inner(&body)["errortext"].as_str().unwrap();
    assert_eq!(
        text,
        "Internal error executing command, please contact your system administrator"
    );
    assert!(!text.contains("zone"), "the cause stays in the log");
    conn.close().await.unwrap();
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn a_write_that_fails_halfway_leaves_nothing_behind() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let srv = TestServer::start(config_for(&db)).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let conn = server::db::connect(&db.url).await.unwrap();
    // The zone row would be written, then its event fails: the zone must not stay.
    conn.execute_unprepared("DROP TABLE event").await.unwrap();
    let (status, body) = admin
        .call(
            &srv,
            &[
                ("command", "createZone"),
                ("name", "Z"),
                ("dns1", "8.8.8.8"),
                ("networktype", "Basic"),
            ],
        )
        .await;
    assert_eq!(status.as_u16(), 530, "{body}");
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            "SELECT COUNT(*) FROM zone",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.try_get_by_index::<i64>(0).unwrap(),
        0,
        "the zone insert was rolled back"
    );
    conn.close().await.unwrap();
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn a_full_pod_is_533_and_an_unanswering_host_534() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let srv = TestServer::start(config_for(&db)).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let (_, body) = admin
        .call(
            &srv,
            &[
                ("command", "createZone"),
                ("name", "Z"),
                ("dns1", "8.8.8.8"),
                ("networktype", "Basic"),
            ],
        )
        .await;
    let zone = inner(&body)["zone"]["id"].as_str().unwrap().to_string();
    // A pod with room for exactly one host address.
    let (_, body) = admin
        .call(
            &srv,
            &[
                ("command", "createPod"),
                ("zoneid", &zone),
                ("name", "P"),
                ("gateway", "10.1.1.1"),
                ("netmask", "255.255.255.0"),
                ("startip", "10.1.1.2"),
                ("endip", "10.1.1.2"),
            ],
        )
        .await;
    let pod = inner(&body)["pod"]["id"].as_str().unwrap().to_string();
    let (_, body) = admin
        .call(
            &srv,
            &[
                ("command", "addCluster"),
                ("zoneid", &zone),
                ("podid", &pod),
                ("clustername", "C"),
                ("hypervisor", "Simulator"),
                ("clustertype", "CloudManaged"),
            ],
        )
        .await;
    let cluster = inner(&body)["cluster"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let host = |url: &'static str| {
        vec![
            ("command", "addHost"),
            ("zoneid", zone.as_str()),
            ("podid", pod.as_str()),
            ("clusterid", cluster.as_str()),
            ("hypervisor", "Simulator"),
            ("url", url),
        ]
    };
    let (status, body) = admin.call(&srv, &host("http://sim/c/h1")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let h1 = inner(&body)["host"][0]["id"].as_str().unwrap().to_string();
    let (status, body) = admin.call(&srv, &host("http://sim/c/h2")).await;
    assert_eq!(status.as_u16(), 533, "{body}");
    assert_eq!(inner(&body)["cserrorcode"], 4325);
    assert!(
        inner(&body)["errortext"]
            .as_str()
            .unwrap()
            .contains("no free address"),
        "{body}"
    );

    // The host stops answering: reconnectHost's job fails with 534.
    admin
        .call(
            &srv,
            &[
                ("command", "configureSimulator"),
                ("name", "ReadyCommand"),
                ("value", "result:fail;message:no route to host"),
                ("hostid", &h1),
            ],
        )
        .await;
    let (_, body) = admin
        .call(&srv, &[("command", "reconnectHost"), ("id", &h1)])
        .await;
    let job = admin
        .wait_for_job(&srv, inner(&body)["jobid"].as_str().unwrap())
        .await;
    assert_eq!(job["jobstatus"], 2, "{job}");
    assert_eq!(job["jobresultcode"], 534);
    assert!(
        job["jobresult"]["errortext"]
            .as_str()
            .unwrap()
            .contains("no route to host"),
        "{job}"
    );
    srv.stop().await.unwrap();
}
