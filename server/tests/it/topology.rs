//! Topology as data: the shipped files apply through the engine, a second apply changes nothing, a bad step is named.

use crate::support::api::SessionClient;
use crate::support::{TestServer, config_for, fresh_dbs};
use server::hypervisor::Drivers;
use std::path::PathBuf;

fn shipped(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("topologies")
        .join(name)
}

#[tokio::test]
async fn the_test_topology_builds_once_and_the_api_sees_it() {
    for db in fresh_dbs().await {
        let label = db.label();
        let conn = server::prepare_database(&db.url).await.unwrap();
        let system = server::engine::accounts::caller::system(&conn)
            .await
            .unwrap();
        let topology = server::topology::load(&shipped("test.toml")).unwrap();
        let drivers = Drivers::default();
        let mut seen = Vec::new();
        let first = server::topology::apply(&conn, &drivers, &system, &topology, |l| {
            seen.push(l.to_string())
        })
        .await
        .unwrap();
        // 2 zones, a physical and a guest network, an image store, 3 pods, a guest range, 2 clusters, 7 hosts,
        // a primary pool, and 1 zone enabled.
        assert_eq!(
            (first.created, first.kept),
            (20, 0),
            "{label}: {:#?}",
            first.lines
        );
        assert_eq!(
            seen.len(),
            first.lines.len(),
            "every step was reported as it happened"
        );
        let again = server::topology::apply(&conn, &drivers, &system, &topology, |_| {})
            .await
            .unwrap();
        assert_eq!(
            (again.created, again.kept),
            (0, 18),
            "{label}: {:#?}",
            again.lines
        );
        conn.close().await.unwrap();

        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let (_, body) = admin
            .call(&srv, &[("command", "listHosts"), ("state", "Up")])
            .await;
        assert_eq!(body["listhostsresponse"]["count"], 7, "{label}: {body}");
        let (_, body) = admin.call(&srv, &[("command", "listVlanIpRanges")]).await;
        assert_eq!(
            body["listvlaniprangesresponse"]["count"], 1,
            "{label}: {body}"
        );
        let (_, body) = admin
            .call(&srv, &[("command", "listStoragePools"), ("name", "T1PS")])
            .await;
        assert_eq!(
            body["liststoragepoolsresponse"]["storagepool"][0]["tags"], "fast",
            "{body}"
        );
        let (_, body) = admin.call(&srv, &[("command", "listNetworks")]).await;
        assert_eq!(
            body["listnetworksresponse"]["network"][0]["name"], "guest",
            "{body}"
        );
        let (_, body) = admin
            .call(&srv, &[("command", "listZones"), ("name", "T1")])
            .await;
        assert_eq!(
            body["listzonesresponse"]["zone"][0]["allocationstate"],
            "Enabled"
        );
        let (_, body) = admin
            .call(&srv, &[("command", "listHosts"), ("keyword", "")])
            .await;
        let tagged = body["listhostsresponse"]["host"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["hosttags"] == "ssd")
            .count();
        assert_eq!(tagged, 1);
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_failing_step_is_named_with_its_reason() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let conn = server::prepare_database(&db.url).await.unwrap();
    let system = server::engine::accounts::caller::system(&conn)
        .await
        .unwrap();
    let bad = server::topology::parse(
        r#"
        [[zones]]
        name = "Z"
        dns1 = "8.8.8.8"
        [[zones.pods]]
        name = "A"
        gateway = "10.0.0.1"
        netmask = "255.255.255.0"
        startip = "10.0.0.2"
        endip = "10.0.0.50"
        [[zones.pods]]
        name = "B"
        gateway = "10.0.0.1"
        netmask = "255.255.255.0"
        startip = "10.0.0.40"
        "#,
        false,
    )
    .unwrap();
    let err = server::topology::apply(&conn, &Drivers::default(), &system, &bad, |_| {})
        .await
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("pod Z/B: "), "{err}");
    assert!(
        err.contains("startip") && err.contains("overlaps pod A"),
        "{err}"
    );
    conn.close().await.unwrap();
}

#[test]
fn the_cli_applies_the_demo_topology_twice() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_nimbus"))
            .args([
                "--data-dir",
                dir.path().to_str().unwrap(),
                "--log",
                "warn",
                "topology",
                "apply",
            ])
            .arg(shipped("demo.toml"))
            .env_remove("NIMBUS_DATABASE_URL")
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(
        out.contains("created host http://sim/c0/h0")
            && out.ends_with("12 created, 0 already there\n"),
        "{out}"
    );
    let second = run();
    assert!(String::from_utf8_lossy(&second.stdout).ends_with("0 created, 10 already there\n"));
}
