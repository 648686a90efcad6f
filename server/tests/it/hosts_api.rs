//! Clusters and Simulator hosts through the API: discovery, validation, the ping loop and fault injection.

use crate::support::api::SessionClient;
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use serde_json::Value;
use server::engine::infra::hosts::{PingPolicy, ping_round};
use server::hypervisor::Drivers;

/// Creates zone Z1 with pod P1 and a Simulator cluster C1; returns (zone, pod, cluster) ids.
async fn zone_pod_cluster(srv: &TestServer, admin: &SessionClient) -> (String, String, String) {
    let (_, body) = admin
        .call(
            srv,
            &[
                ("command", "createZone"),
                ("name", "Z1"),
                ("dns1", "8.8.8.8"),
                ("networktype", "Basic"),
            ],
        )
        .await;
    let zone = body["createzoneresponse"]["zone"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, body) = admin
        .call(
            srv,
            &[
                ("command", "createPod"),
                ("zoneid", &zone),
                ("name", "P1"),
                ("gateway", "172.16.15.1"),
                ("netmask", "255.255.255.0"),
                ("startip", "172.16.15.2"),
                ("endip", "172.16.15.20"),
            ],
        )
        .await;
    let pod = body["createpodresponse"]["pod"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = admin
        .call(
            srv,
            &[
                ("command", "addCluster"),
                ("zoneid", &zone),
                ("podid", &pod),
                ("clustername", "C1"),
                ("hypervisor", "Simulator"),
                ("clustertype", "CloudManaged"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let cluster = &body["addclusterresponse"]["cluster"][0];
    assert_eq!(body["addclusterresponse"]["count"], 1);
    assert_eq!(cluster["hypervisortype"], "Simulator");
    assert_eq!(cluster["cpuovercommitratio"], "1");
    (zone, pod, cluster["id"].as_str().unwrap().to_string())
}

fn error_text(body: &Value) -> String {
    body.as_object().unwrap().values().next().unwrap()["errortext"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn simulator_hosts_connect_are_validated_and_follow_their_pings() {
    for db in fresh_dbs().await {
        let label = db.label();
        let drivers = Drivers::default();
        let srv = TestServer::start_with(config_for(&db), drivers.clone()).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let (zone, pod, cluster) = zone_pod_cluster(&srv, &admin).await;
        let add = |url: &'static str| {
            vec![
                ("command", "addHost"),
                ("zoneid", zone.as_str()),
                ("podid", pod.as_str()),
                ("clusterid", cluster.as_str()),
                ("hypervisor", "Simulator"),
                ("url", url),
                ("username", "root"),
                ("password", "password"),
            ]
        };

        let (status, body) = admin.call(&srv, &add("http://sim/c1/h1")).await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let h1 = &body["addhostresponse"]["host"][0];
        assert_eq!(h1["state"], "Up", "{body}");
        assert_eq!(h1["resourcestate"], "Enabled");
        assert_eq!(h1["type"], "Routing");
        assert_eq!(
            (
                h1["cpunumber"].as_i64(),
                h1["cpuspeed"].as_i64(),
                h1["memorytotal"].as_i64()
            ),
            (Some(4), Some(8000), Some(8 * 1024 * 1024 * 1024))
        );
        assert_eq!(h1["ipaddress"], "172.16.15.2");
        let h1_id = h1["id"].as_str().unwrap().to_string();

        let (status, body) = admin
            .call(&srv, &add("http://sim/c1/h2/cpucore=16&memory=34359738368"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let h2 = &body["addhostresponse"]["host"][0];
        assert_eq!(
            (h2["cpunumber"].as_i64(), h2["memorytotal"].as_i64()),
            (Some(16), Some(34359738368))
        );
        assert_eq!(h2["ipaddress"], "172.16.15.3");
        let h2_id = h2["id"].as_str().unwrap().to_string();

        // Validation names the parameter.
        for (params, needle) in [
            (add("http://sim/c1/h1"), "parameter url"),
            (add("http://10.1.1.1/h"), "parameter url"),
            (
                add("http://sim/c1/h9/gpus=4"),
                "unknown simulator setting gpus",
            ),
            (
                add("http://sim/c1/h9/vms=2"),
                "already runs 2 VM(s) that this cloud does not manage (unmanaged-vm-1, unmanaged-vm-2)",
            ),
        ] {
            let (status, body) = admin.call(&srv, &params).await;
            assert_eq!(status.as_u16(), 431, "{params:?}: {body}");
            assert!(error_text(&body).contains(needle), "{params:?}: {body}");
        }
        let mut kvm = add("http://sim/c1/h3");
        kvm[4] = ("hypervisor", "KVM");
        let (status, body) = admin.call(&srv, &kvm).await;
        assert_eq!(status.as_u16(), 431);
        assert!(error_text(&body).contains("parameter hypervisor"), "{body}");
        let mut no_cluster = add("http://sim/c1/h3");
        no_cluster.remove(3);
        let (status, body) = admin.call(&srv, &no_cluster).await;
        assert_eq!(status.as_u16(), 431);
        assert!(error_text(&body).contains("clusterid"), "{body}");

        // A cluster with hosts cannot be deleted; the message names them.
        let (status, body) = admin
            .call(&srv, &[("command", "deleteCluster"), ("id", &cluster)])
            .await;
        assert_eq!(status.as_u16(), 431);
        assert!(
            error_text(&body).contains("there are 2 hosts in it"),
            "{body}"
        );

        // h2 stops answering pings: Up, then Alert after ping.interval × ping.timeout, then Down after twice that.
        let (status, body) = admin
            .call(
                &srv,
                &[
                    ("command", "configureSimulator"),
                    ("name", "PingCommand"),
                    ("value", "result:fail;message:cable pulled"),
                    ("hostid", &h2_id),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let mock_id = body["configuresimulatorresponse"]["mock"]["id"]
            .as_i64()
            .unwrap()
            .to_string();
        let conn = server::db::connect(&db.url).await.unwrap();
        // ping.interval 40 s × ping.timeout 2: Alert after 80 s of silence, Down after 160 s.
        for (name, value) in [("ping.interval", "40"), ("ping.timeout", "2")] {
            let (status, body) = admin
                .call(
                    &srv,
                    &[
                        ("command", "updateConfiguration"),
                        ("name", name),
                        ("value", value),
                    ],
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let policy = PingPolicy::from_settings(&conn).await.unwrap();
        assert_eq!(
            policy,
            PingPolicy {
                interval_secs: 40,
                timeout_factor: 2.0
            }
        );
        let start = chrono::Utc::now().naive_utc();
        let round = ping_round(
            &conn,
            &drivers,
            policy,
            start + chrono::Duration::seconds(60),
        )
        .await
        .unwrap();
        assert_eq!(
            (round.answered, round.alert.len(), round.down.len()),
            (1, 0, 0),
            "{label}: within the grace period"
        );
        let round = ping_round(
            &conn,
            &drivers,
            policy,
            start + chrono::Duration::seconds(100),
        )
        .await
        .unwrap();
        assert_eq!(round.alert, vec![h2_id.clone()], "{label}");
        let (_, body) = admin
            .call(&srv, &[("command", "listHosts"), ("state", "Alert")])
            .await;
        assert_eq!(body["listhostsresponse"]["count"], 1, "{body}");
        let round = ping_round(
            &conn,
            &drivers,
            policy,
            start + chrono::Duration::seconds(200),
        )
        .await
        .unwrap();
        assert_eq!(round.down, vec![h2_id.clone()]);
        let (_, body) = admin
            .call(&srv, &[("command", "listHosts"), ("id", &h2_id)])
            .await;
        assert_eq!(body["listhostsresponse"]["host"][0]["state"], "Down");
        assert!(body["listhostsresponse"]["host"][0]["disconnected"].is_string());
        let (_, body) = admin
            .call(&srv, &[("command", "querySimulatorMock"), ("id", &mock_id)])
            .await;
        assert_eq!(
            body["querysimulatormockresponse"]["mock"]["hits"], 3,
            "{body}"
        );

        // The fault is cleared: the next round brings it back Up.
        let (status, _) = admin
            .call(
                &srv,
                &[("command", "cleanupSimulatorMock"), ("id", &mock_id)],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        ping_round(
            &conn,
            &drivers,
            policy,
            start + chrono::Duration::seconds(260),
        )
        .await
        .unwrap();
        let (_, body) = admin
            .call(
                &srv,
                &[
                    ("command", "listHosts"),
                    ("clusterid", &cluster),
                    ("state", "Up"),
                ],
            )
            .await;
        assert_eq!(body["listhostsresponse"]["count"], 2, "{body}");

        // Disable, then delete (an enabled host needs forced=true).
        let (status, body) = admin
            .call(&srv, &[("command", "deleteHost"), ("id", &h1_id)])
            .await;
        assert_eq!(status.as_u16(), 431, "{body}");
        let (_, body) = admin
            .call(
                &srv,
                &[
                    ("command", "updateHost"),
                    ("id", &h1_id),
                    ("allocationstate", "Disable"),
                ],
            )
            .await;
        assert_eq!(
            body["updatehostresponse"]["host"]["resourcestate"], "Disabled",
            "{body}"
        );
        let (status, _) = admin
            .call(&srv, &[("command", "deleteHost"), ("id", &h1_id)])
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = admin
            .call(
                &srv,
                &[
                    ("command", "deleteHost"),
                    ("id", &h2_id),
                    ("forced", "true"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = admin
            .call(&srv, &[("command", "deleteCluster"), ("id", &cluster)])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        conn.close().await.unwrap();
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_host_whose_connect_fails_is_refused_and_reconnect_refreshes() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let drivers = Drivers::default();
    let srv = TestServer::start_with(config_for(&db), drivers.clone()).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let (zone, pod, cluster) = zone_pod_cluster(&srv, &admin).await;
    let (_, body) = admin
        .call(
            &srv,
            &[
                ("command", "configureSimulator"),
                ("name", "ReadyCommand"),
                ("value", "result:fail;message:agent not running"),
                ("count", "1"),
            ],
        )
        .await;
    assert!(
        body["configuresimulatorresponse"]["mock"]["id"].is_number(),
        "{body}"
    );
    let params = [
        ("command", "addHost"),
        ("zoneid", zone.as_str()),
        ("podid", pod.as_str()),
        ("clusterid", cluster.as_str()),
        ("hypervisor", "Simulator"),
        ("url", "http://sim/c1/h1"),
    ];
    let (status, body) = admin.call(&srv, &params).await;
    assert_eq!(status.as_u16(), 431, "{body}");
    assert!(
        error_text(&body).contains("the host did not answer: agent not running"),
        "{body}"
    );
    let (status, body) = admin.call(&srv, &params).await;
    assert_eq!(status, StatusCode::OK, "the mock was used up: {body}");
    let host = body["addhostresponse"]["host"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let (_, body) = admin
        .call(&srv, &[("command", "reconnectHost"), ("id", &host)])
        .await;
    let job = body["reconnecthostresponse"]["jobid"]
        .as_str()
        .unwrap()
        .to_string();
    let result = admin.wait_for_job(&srv, &job).await;
    assert_eq!(result["jobstatus"], 1, "{result}");
    assert_eq!(result["jobresult"]["host"]["state"], "Up");
    srv.stop().await.unwrap();
}

/// Preflight for KVM hosts (install trap Q8): a host that does not answer on its SSH port is named at once; one that
/// answers is refused only because this release has no KVM agent.
#[tokio::test]
async fn kvm_hosts_are_checked_for_an_answer_before_anything_else() {
    let db = fresh_dbs().await.remove(0);
    let srv = TestServer::start(config_for(&db)).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let (zone, pod, _) = zone_pod_cluster(&srv, &admin).await;
    let (status, body) = admin
        .call(
            &srv,
            &[
                ("command", "addCluster"),
                ("zoneid", &zone),
                ("podid", &pod),
                ("clustername", "K1"),
                ("hypervisor", "KVM"),
                ("clustertype", "CloudManaged"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let cluster = body["addclusterresponse"]["cluster"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let open = listener.local_addr().unwrap().port();
    let closed = {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap().port()
    };
    for (port, needle) in [
        (closed, format!("does not answer on port {closed} (ssh)")),
        (open, "KVM agent".to_string()),
    ] {
        let url = format!("http://127.0.0.1:{port}");
        let (status, body) = admin
            .call(
                &srv,
                &[
                    ("command", "addHost"),
                    ("zoneid", &zone),
                    ("podid", &pod),
                    ("clusterid", &cluster),
                    ("hypervisor", "KVM"),
                    ("url", &url),
                    ("username", "root"),
                    ("password", "secret"),
                ],
            )
            .await;
        assert_eq!(status.as_u16(), 431, "{body}");
        let text = error_text(&body);
        assert!(
            text.contains("parameter url") && text.contains(&needle),
            "{body}"
        );
    }
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn host_maintenance_is_prepared_and_cancelled_through_jobs() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let (zone, pod, cluster) = zone_pod_cluster(&srv, &admin).await;
        let (status, body) = admin
            .call(
                &srv,
                &[
                    ("command", "addHost"),
                    ("zoneid", &zone),
                    ("podid", &pod),
                    ("clusterid", &cluster),
                    ("hypervisor", "Simulator"),
                    ("url", "http://sim/c1/h1"),
                    ("username", "root"),
                    ("password", "password"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let host = body["addhostresponse"]["host"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();

        // Cancelling before any maintenance is refused without a job.
        let (status, body) = admin
            .call(&srv, &[("command", "cancelHostMaintenance"), ("id", &host)])
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let job = admin
            .wait_for_job(
                &srv,
                body["cancelhostmaintenanceresponse"]["jobid"]
                    .as_str()
                    .unwrap(),
            )
            .await;
        assert_eq!(job["jobstatus"], 2, "{label}: {job}");
        assert!(
            job["jobresult"]["errortext"]
                .as_str()
                .unwrap_or_default()
                .contains("not in maintenance"),
            "{job}"
        );

        for (command, expected) in [
            ("prepareHostForMaintenance", "Maintenance"),
            ("cancelHostMaintenance", "Enabled"),
        ] {
            let (status, body) = admin
                .call(&srv, &[("command", command), ("id", &host)])
                .await;
            assert_eq!(status, StatusCode::OK, "{label} {command}: {body}");
            let response = format!("{}response", command.to_lowercase());
            let job = admin
                .wait_for_job(&srv, body[&response]["jobid"].as_str().unwrap())
                .await;
            assert_eq!(job["jobstatus"], 1, "{label} {command}: {job}");
            assert_eq!(job["jobresult"]["host"]["resourcestate"], expected, "{job}");
            let (_, listed) = admin
                .call(&srv, &[("command", "listHosts"), ("id", &host)])
                .await;
            assert_eq!(
                listed["listhostsresponse"]["host"][0]["resourcestate"],
                expected
            );
        }
    }
}
