//! Registered templates and ISOs: real copies onto local image stores, checksums, filters, updates, deletion and
//! input checks.

use crate::support::api::SessionClient;
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;
use server::db::entity::{vm_instance, vm_template, zone};
use sha2::Digest;
use std::path::{Path, PathBuf};

async fn call_ok(session: &SessionClient, srv: &TestServer, params: &[(&str, &str)]) -> Value {
    let (status, body) = session.call(srv, params).await;
    assert_eq!(status, StatusCode::OK, "{params:?}: {body}");
    body[format!("{}response", params[0].1.to_ascii_lowercase())].clone()
}

/// Expects 431 with a text naming `param`.
async fn rejects(session: &SessionClient, srv: &TestServer, params: &[(&str, &str)], param: &str) {
    let (status, body) = session.call(srv, params).await;
    assert_eq!(status.as_u16(), 431, "{params:?}: {body}");
    let text = body.as_object().unwrap().values().next().unwrap()["errortext"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.contains(param),
        "{params:?}: {text:?} does not name {param}"
    );
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

async fn create_zone(srv: &TestServer, admin: &SessionClient, name: &str) -> String {
    id(&call_ok(
        admin,
        srv,
        &[
            ("command", "createZone"),
            ("name", name),
            ("dns1", "8.8.8.8"),
            ("networktype", "Basic"),
        ],
    )
    .await["zone"])
}

async fn add_store(srv: &TestServer, admin: &SessionClient, zone: &str, url: &str) {
    call_ok(
        admin,
        srv,
        &[
            ("command", "addImageStore"),
            ("provider", "NFS"),
            ("zoneid", zone),
            ("url", url),
        ],
    )
    .await;
}

/// Adds a pod, a Simulator cluster and one host to `zone`.
async fn add_simulator_host(srv: &TestServer, admin: &SessionClient, zone: &str) {
    let pod = id(&call_ok(
        admin,
        srv,
        &[
            ("command", "createPod"),
            ("zoneid", zone),
            ("name", "P"),
            ("gateway", "10.9.0.1"),
            ("netmask", "255.255.255.0"),
            ("startip", "10.9.0.2"),
            ("endip", "10.9.0.50"),
        ],
    )
    .await["pod"]);
    let cluster = id(&call_ok(
        admin,
        srv,
        &[
            ("command", "addCluster"),
            ("zoneid", zone),
            ("podid", &pod),
            ("clustername", "C"),
            ("hypervisor", "Simulator"),
            ("clustertype", "CloudManaged"),
        ],
    )
    .await["cluster"][0]);
    call_ok(
        admin,
        srv,
        &[
            ("command", "addHost"),
            ("zoneid", zone),
            ("podid", &pod),
            ("clusterid", &cluster),
            ("hypervisor", "Simulator"),
            ("url", "http://sim/tmpl/h0"),
        ],
    )
    .await;
}

async fn os_type(srv: &TestServer, admin: &SessionClient) -> String {
    let list = call_ok(
        admin,
        srv,
        &[("command", "listOsTypes"), ("description", "Ubuntu 22.04")],
    )
    .await;
    id(&list["ostype"][0])
}

/// Lists the one copy of image `image` in the caller's view (`self` filter), as `key` (template or iso).
async fn copy_of(srv: &TestServer, session: &SessionClient, key: &str, image: &str) -> Value {
    copy_in(srv, session, key, image, None).await
}

/// [`copy_of`] in one zone when `zone` is given.
async fn copy_in(
    srv: &TestServer,
    session: &SessionClient,
    key: &str,
    image: &str,
    zone: Option<&str>,
) -> Value {
    let (command, filter) = match key {
        "iso" => ("listIsos", "isofilter"),
        _ => ("listTemplates", "templatefilter"),
    };
    let mut params = vec![("command", command), (filter, "self"), ("id", image)];
    if let Some(z) = zone {
        params.push(("zoneid", z));
    }
    let list = call_ok(session, srv, &params).await;
    assert_eq!(list["count"], 1, "{list}");
    list[key][0].clone()
}

/// Polls until the copy's status leaves "n% Downloaded".
async fn settled(srv: &TestServer, session: &SessionClient, key: &str, image: &str) -> Value {
    settled_in(srv, session, key, image, None).await
}

/// [`settled`] for the copy in `zone`.
async fn settled_in(
    srv: &TestServer,
    session: &SessionClient,
    key: &str,
    image: &str,
    zone: Option<&str>,
) -> Value {
    for _ in 0..500 {
        let copy = copy_in(srv, session, key, image, zone).await;
        if !copy["status"].as_str().unwrap().ends_with("% Downloaded") {
            return copy;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{image} never finished downloading");
}

/// Registers a KVM QCOW2 template from `url` into `zone`; returns the first listed item.
async fn register(
    srv: &TestServer,
    session: &SessionClient,
    name: &str,
    url: &str,
    zone: &str,
    os: &str,
    extra: &[(&str, &str)],
) -> Value {
    let mut params = vec![
        ("command", "registerTemplate"),
        ("name", name),
        ("format", "QCOW2"),
        ("hypervisor", "KVM"),
        ("url", url),
        ("zoneid", zone),
        ("ostypeid", os),
    ];
    params.extend_from_slice(extra);
    let r = call_ok(session, srv, &params).await;
    assert_eq!(r["count"], 1, "{r}");
    r["template"][0].clone()
}

/// Where a template's file lands on a local store.
async fn expected_file(
    conn: &server::db::Db,
    store: &Path,
    top: &str,
    uuid: &str,
    file: &str,
) -> PathBuf {
    let t = vm_template::Entity::find()
        .filter(vm_template::Column::Uuid.eq(uuid))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    store
        .join(top)
        .join("tmpl")
        .join(t.account_id.to_string())
        .join(t.id.to_string())
        .join(file)
}

fn md5_hex(bytes: &[u8]) -> String {
    md5::Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A tiny HTTP server handing out `bytes` at `/images/web.qcow2`; returns its base URL.
async fn serve(bytes: Vec<u8>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().route(
        "/images/web.qcow2",
        axum::routing::get(move || {
            let bytes = bytes.clone();
            async move { bytes }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn templates_are_copied_checked_listed_and_deleted() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let conn = server::db::connect(&db.url).await.unwrap();
        let store = tempfile::tempdir().unwrap();
        let sources = tempfile::tempdir().unwrap();
        let zone = create_zone(&srv, &admin, "Z1").await;
        add_store(
            &srv,
            &admin,
            &zone,
            &format!("file://{}", store.path().display()),
        )
        .await;
        let os = os_type(&srv, &admin).await;

        // 3 MiB and a bit, so progress passes through several chunks.
        let bytes: Vec<u8> = (0..(3 * 1024 * 1024 + 77))
            .map(|i: u32| (i % 251) as u8)
            .collect();
        let source = sources.path().join("disk.qcow2");
        std::fs::write(&source, &bytes).unwrap();
        let url = format!("file://{}", source.display());

        // A plain registration: copied, sized and MD5-summed.
        let first = register(&srv, &admin, "tmpl-a", &url, &zone, &os, &[]).await;
        assert_eq!(first["isready"], false, "{label}: {first}");
        assert_eq!(first["zoneid"].as_str(), Some(zone.as_str()));
        assert_eq!(first["ispublic"], false);
        let a = id(&first);
        let done = settled(&srv, &admin, "template", &a).await;
        assert_eq!(done["status"], "Download Complete", "{label}: {done}");
        assert_eq!(done["isready"], true);
        assert_eq!(done["size"], bytes.len() as i64);
        assert_eq!(done["checksum"].as_str(), Some(md5_hex(&bytes).as_str()));
        let file = expected_file(&conn, store.path(), "template", &a, "disk.qcow2").await;
        assert_eq!(std::fs::read(&file).unwrap(), bytes, "{label}: {file:?}");

        // A matching {SHA-256} checksum passes; a wrong MD5 leaves an error and no file.
        let sha = format!("{{SHA-256}}{}", sha256_hex(&bytes));
        let b = id(&register(
            &srv,
            &admin,
            "tmpl-b",
            &url,
            &zone,
            &os,
            &[("checksum", &sha)],
        )
        .await);
        let done = settled(&srv, &admin, "template", &b).await;
        assert_eq!(done["status"], "Download Complete", "{label}: {done}");
        assert_eq!(done["checksum"].as_str(), Some(sha.as_str()));
        let wrong = md5_hex(b"something else");
        let c = id(&register(
            &srv,
            &admin,
            "tmpl-c",
            &url,
            &zone,
            &os,
            &[("checksum", &wrong)],
        )
        .await);
        let failed = settled(&srv, &admin, "template", &c).await;
        let status = failed["status"].as_str().unwrap();
        assert!(
            status.starts_with("Download Error: checksum mismatch")
                && status.contains(&wrong)
                && status.contains(&md5_hex(&bytes)),
            "{label}: {failed}"
        );
        assert_eq!(failed["isready"], false);
        let c_file = expected_file(&conn, store.path(), "template", &c, "disk.qcow2").await;
        assert!(!c_file.exists(), "{label}: {c_file:?}");
        // A missing source is an error too, with the reason.
        let gone = format!("file://{}/missing.qcow2", sources.path().display());
        let d = id(&register(&srv, &admin, "tmpl-d", &gone, &zone, &os, &[]).await);
        let failed = settled(&srv, &admin, "template", &d).await;
        assert!(
            failed["status"]
                .as_str()
                .unwrap()
                .starts_with("Download Error: cannot open"),
            "{label}: {failed}"
        );

        // Over HTTP as well.
        let base = serve(bytes.clone()).await;
        let web = id(&register(
            &srv,
            &admin,
            "tmpl-web",
            &format!("{base}/images/web.qcow2"),
            &zone,
            &os,
            &[],
        )
        .await);
        let done = settled(&srv, &admin, "template", &web).await;
        assert_eq!(done["status"], "Download Complete", "{label}: {done}");
        let web_file = expected_file(&conn, store.path(), "template", &web, "web.qcow2").await;
        assert_eq!(
            std::fs::metadata(&web_file).unwrap().len(),
            bytes.len() as u64
        );

        // ISOs go under iso/, show in listIsos only, and templates never do.
        let iso = call_ok(
            &admin,
            &srv,
            &[
                ("command", "registerIso"),
                ("name", "iso-a"),
                ("url", &url),
                ("zoneid", &zone),
            ],
        )
        .await;
        assert_eq!(iso["count"], 1, "{label}: {iso}");
        let iso = id(&iso["iso"][0]);
        let done = settled(&srv, &admin, "iso", &iso).await;
        assert_eq!(
            (done["status"].as_str(), done["bootable"].as_bool()),
            (Some("Download Complete"), Some(true)),
            "{label}: {done}"
        );
        assert_eq!(done["format"], "ISO");
        let iso_file = expected_file(&conn, store.path(), "iso", &iso, "disk.qcow2").await;
        assert!(iso_file.is_file(), "{label}: {iso_file:?}");
        let isos = call_ok(
            &admin,
            &srv,
            &[("command", "listIsos"), ("isofilter", "all")],
        )
        .await;
        let names: Vec<&str> = isos["iso"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["iso-a"], "{label}: {isos}");
        let none = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listIsos"),
                ("isofilter", "self"),
                ("bootable", "false"),
            ],
        )
        .await;
        assert!(none.get("iso").is_none(), "{label}: {none}");
        let listed = call_ok(
            &admin,
            &srv,
            &[("command", "listTemplates"), ("templatefilter", "all")],
        )
        .await;
        assert!(
            listed["template"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["format"] != "ISO"),
            "{label}: {listed}"
        );
        // selfexecutable only shows ready copies: a, b and web, not the failed c and d.
        let ready = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listTemplates"),
                ("templatefilter", "selfexecutable"),
                ("zoneid", &zone),
            ],
        )
        .await;
        assert_eq!(ready["count"], 3, "{label}: {ready}");

        // updateTemplate.
        let updated = call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateTemplate"),
                ("id", &a),
                ("name", "tmpl-a2"),
                ("displaytext", "renamed"),
                ("passwordenabled", "true"),
                ("templatetag", "gpu"),
                ("sortkey", "-1"),
            ],
        )
        .await["template"]
            .clone();
        assert_eq!(
            (
                updated["name"].as_str(),
                updated["displaytext"].as_str(),
                updated["passwordenabled"].as_bool(),
                updated["templatetag"].as_str()
            ),
            (Some("tmpl-a2"), Some("renamed"), Some(true), Some("gpu")),
            "{label}: {updated}"
        );
        let first_listed = call_ok(
            &admin,
            &srv,
            &[("command", "listTemplates"), ("templatefilter", "self")],
        )
        .await;
        assert_eq!(first_listed["template"][0]["id"].as_str(), Some(a.as_str()));
        rejects(
            &admin,
            &srv,
            &[
                ("command", "updateTemplate"),
                ("id", &a),
                ("ostypeid", "00000000-0000-0000-0000-000000000000"),
            ],
            "ostypeid",
        )
        .await;
        rejects(
            &admin,
            &srv,
            &[("command", "updateTemplate"), ("id", &a), ("format", "ISO")],
            "format",
        )
        .await;

        // The lead's deploy check: ready copies pass, others say why.
        let z_row = zone::Entity::find()
            .filter(zone::Column::Uuid.eq(zone.as_str()))
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        let system = server::engine::accounts::caller::system(&conn)
            .await
            .unwrap();
        let ok = server::engine::templates::deployable_in_zone(&conn, &system, &a, z_row.id)
            .await
            .unwrap();
        assert_eq!(ok.uuid, a);
        let err = server::engine::templates::deployable_in_zone(&conn, &system, &c, z_row.id)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("templateid") && err.contains("is not ready in zone Z1: Download Error"),
            "{label}: {err}"
        );

        // A VM using a template blocks deleting it unless forced.
        let now = chrono::Utc::now().naive_utc();
        let a_row = vm_template::Entity::find()
            .filter(vm_template::Column::Uuid.eq(a.as_str()))
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        vm_instance::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            name: Set("vm-on-a".into()),
            instance_name: Set("i-2-1-VM".into()),
            display_name: Set("vm-on-a".into()),
            vm_type: Set("User".into()),
            state: Set("Running".into()),
            account_id: Set(a_row.account_id),
            domain_id: Set(system.domain_id),
            user_id: Set(system.user_id),
            zone_id: Set(z_row.id),
            pod_id: Set(None),
            cluster_id: Set(None),
            host_id: Set(None),
            last_host_id: Set(None),
            template_id: Set(a_row.id),
            service_offering_id: Set(None),
            cpu_cores: Set(1),
            cpu_speed_mhz: Set(500),
            memory_bytes: Set(512 << 20),
            private_ip: Set(None),
            public_ip: Set(None),
            update_count: Set(0),
            created: Set(now),
            updated: Set(now),
            removed: Set(None),
            ..Default::default()
        }
        .insert(&conn)
        .await
        .unwrap();
        let job = call_ok(&admin, &srv, &[("command", "deleteTemplate"), ("id", &a)]).await;
        let result = admin
            .wait_for_job(&srv, job["jobid"].as_str().unwrap())
            .await;
        assert_eq!(result["jobstatus"], 2, "{label}: {result}");
        assert_eq!(result["jobresult"]["errorcode"], 431);
        assert!(
            result["jobresult"]["errortext"]
                .as_str()
                .unwrap()
                .contains("vm-on-a"),
            "{label}: {result}"
        );
        assert!(file.exists());
        let job = call_ok(
            &admin,
            &srv,
            &[
                ("command", "deleteTemplate"),
                ("id", &a),
                ("zoneid", &zone),
                ("forced", "true"),
            ],
        )
        .await;
        let result = admin
            .wait_for_job(&srv, job["jobid"].as_str().unwrap())
            .await;
        assert_eq!(result["jobstatus"], 1, "{label}: {result}");
        assert!(!file.exists(), "{label}: {file:?} left behind");
        assert!(!file.parent().unwrap().exists());
        let (_, body) = admin
            .call(
                &srv,
                &[
                    ("command", "listTemplates"),
                    ("templatefilter", "self"),
                    ("id", &a),
                ],
            )
            .await;
        assert!(
            body["listtemplatesresponse"].get("template").is_none(),
            "{label}: {body}"
        );
        // deleteTemplate does not take ISOs, deleteIso does.
        let job = call_ok(&admin, &srv, &[("command", "deleteTemplate"), ("id", &iso)]).await;
        let result = admin
            .wait_for_job(&srv, job["jobid"].as_str().unwrap())
            .await;
        assert_eq!(result["jobresult"]["errorcode"], 431, "{label}: {result}");
        let job = call_ok(&admin, &srv, &[("command", "deleteIso"), ("id", &iso)]).await;
        let result = admin
            .wait_for_job(&srv, job["jobid"].as_str().unwrap())
            .await;
        assert_eq!(result["jobstatus"], 1, "{label}: {result}");
        assert!(!iso_file.exists());
        let job = call_ok(&admin, &srv, &[("command", "deleteTemplate"), ("id", &b)]).await;
        assert_eq!(
            admin
                .wait_for_job(&srv, job["jobid"].as_str().unwrap())
                .await["jobstatus"],
            1
        );

        // Events.
        let events = call_ok(
            &admin,
            &srv,
            &[("command", "listEvents"), ("type", "TEMPLATE.CREATE")],
        )
        .await;
        assert_eq!(events["count"], 5, "{label}: {events}");
        for kind in ["TEMPLATE.DELETE", "ISO.CREATE", "ISO.DELETE"] {
            let events = call_ok(&admin, &srv, &[("command", "listEvents"), ("type", kind)]).await;
            assert!(events["count"].as_i64().unwrap() >= 1, "{label}: {kind}");
        }
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn nfs_and_simulator_zones_say_what_happened() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let srv = TestServer::start(config_for(&db)).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let os = os_type(&srv, &admin).await;
    let nfs = create_zone(&srv, &admin, "ZN").await;
    add_store(&srv, &admin, &nfs, "nfs://nfs.test/export/ss").await;
    let bare = create_zone(&srv, &admin, "ZB").await;
    let sim = create_zone(&srv, &admin, "ZS").await;
    add_store(&srv, &admin, &sim, "nfs://nfs.test/export/ss2").await;
    add_simulator_host(&srv, &admin, &sim).await;

    // zoneid=-1: one copy per zone, cross-zone.
    let r = call_ok(
        &admin,
        &srv,
        &[
            ("command", "registerTemplate"),
            ("name", "everywhere"),
            ("format", "VHD"),
            ("hypervisor", "simulator"),
            ("url", "http://download.example/t.vhd"),
            ("zoneid", "-1"),
            ("ostypeid", &os),
        ],
    )
    .await;
    assert_eq!(r["count"], 3, "{r}");
    let by_zone = |z: &str| {
        r["template"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["zoneid"] == z)
            .unwrap()
            .clone()
    };
    assert_eq!(by_zone(&sim)["status"], "Download Complete", "{r}");
    assert_eq!(by_zone(&sim)["crosszones"], true);
    assert_eq!(by_zone(&sim)["hypervisor"], "Simulator");
    let status = by_zone(&nfs)["status"].as_str().unwrap().to_string();
    assert!(
        status.starts_with("Not Downloaded: image store") && status.contains("NFS"),
        "{status}"
    );
    assert_eq!(
        by_zone(&bare)["status"],
        "Not Downloaded: zone ZB has no image store"
    );
    assert_eq!(by_zone(&bare)["isready"], false);
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn bad_input_is_431_naming_the_parameter_and_private_images_stay_private() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let srv = TestServer::start(config_for(&db)).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let conn = server::db::connect(&db.url).await.unwrap();
    let store = tempfile::tempdir().unwrap();
    let zone = create_zone(&srv, &admin, "Z1").await;
    add_store(
        &srv,
        &admin,
        &zone,
        &format!("file://{}", store.path().display()),
    )
    .await;
    let os = os_type(&srv, &admin).await;
    let nowhere = "00000000-0000-0000-0000-000000000000";
    let long = format!("http://h/{}", "a".repeat(2050));
    let base = [
        ("command", "registerTemplate"),
        ("name", "t"),
        ("format", "QCOW2"),
        ("hypervisor", "KVM"),
        ("url", "http://h/t.qcow2"),
        ("zoneid", zone.as_str()),
        ("ostypeid", os.as_str()),
    ];
    let with = |key: &str, value: &str| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = base
            .iter()
            .filter(|(k, _)| *k != key)
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if !value.is_empty() {
            v.push((key.to_string(), value.to_string()));
        }
        v
    };
    let cases: Vec<(Vec<(String, String)>, &str)> = vec![
        (with("url", "ftp://h/t.qcow2"), "url"),
        (with("url", "nfs://h/t.qcow2"), "url"),
        (with("url", "t.qcow2"), "url"),
        (with("url", &long), "url"),
        (with("format", "EXE"), "format"),
        (with("format", "ISO"), "format"),
        (with("hypervisor", "Bochs"), "hypervisor"),
        (with("ostypeid", nowhere), "ostypeid"),
        (with("ostypeid", ""), "ostypeid"),
        (with("zoneid", nowhere), "zoneid"),
        (with("zoneid", "zone-one"), "zoneid"),
        (with("zoneid", ""), "zoneid"),
        (with("checksum", "xyz"), "checksum"),
        (with("checksum", "{SHA-999}00"), "checksum"),
        (with("bits", "16"), "bits"),
        (with("templatetype", "GOLDEN"), "templatetype"),
        (with("name", ""), "name"),
        (with("url", ""), "url"),
    ];
    for (params, param) in &cases {
        let borrowed: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        rejects(&admin, &srv, &borrowed, param).await;
    }
    rejects(
        &admin,
        &srv,
        &[
            ("command", "registerIso"),
            ("name", "i"),
            ("url", "gopher://h/x.iso"),
            ("zoneid", &zone),
        ],
        "url",
    )
    .await;
    rejects(
        &admin,
        &srv,
        &[("command", "listIsos"), ("isofilter", "system")],
        "isofilter",
    )
    .await;
    // Nothing was recorded by the refused calls.
    assert_eq!(
        vm_template::Entity::find()
            .filter(vm_template::Column::Name.eq("t"))
            .all(&conn)
            .await
            .unwrap()
            .len(),
        0
    );

    // An admin's private template is invisible to a user, who may not feature or type templates either.
    let source = store.path().join("src.raw");
    std::fs::write(&source, b"raw bytes").unwrap();
    let private = call_ok(
        &admin,
        &srv,
        &[
            ("command", "registerTemplate"),
            ("name", "admin-private"),
            ("format", "RAW"),
            ("hypervisor", "KVM"),
            ("url", &format!("file://{}", source.display())),
            ("zoneid", &zone),
            ("ostypeid", &os),
        ],
    )
    .await;
    let private = id(&private["template"][0]);
    settled(&srv, &admin, "template", &private).await;
    call_ok(
        &admin,
        &srv,
        &[
            ("command", "createAccount"),
            ("username", "u1"),
            ("password", "pw"),
            ("firstname", "U"),
            ("lastname", "One"),
            ("email", "u1@example.org"),
            ("accounttype", "0"),
        ],
    )
    .await;
    let user = SessionClient::login(&srv, "u1", "pw").await;
    for filter in ["executable", "self", "featured", "community"] {
        let list = call_ok(
            &user,
            &srv,
            &[
                ("command", "listTemplates"),
                ("templatefilter", filter),
                ("id", &private),
            ],
        )
        .await;
        assert!(list.get("template").is_none(), "{filter}: {list}");
    }
    let (status, _) = user
        .call(
            &srv,
            &[
                ("command", "updateTemplate"),
                ("id", &private),
                ("name", "mine"),
            ],
        )
        .await;
    assert_eq!(status.as_u16(), 531);
    let job = call_ok(
        &user,
        &srv,
        &[("command", "deleteTemplate"), ("id", &private)],
    )
    .await;
    let result = user
        .wait_for_job(&srv, job["jobid"].as_str().unwrap())
        .await;
    assert_eq!(result["jobresult"]["errorcode"], 531, "{result}");
    let mut user_params = with("isfeatured", "true");
    user_params.push(("ispublic".into(), "true".into()));
    let borrowed: Vec<(&str, &str)> = user_params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    rejects(&user, &srv, &borrowed, "isfeatured").await;
    let file_url = format!("file://{}", source.display());
    let local = with("url", &file_url);
    let borrowed: Vec<(&str, &str)> = local
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    rejects(&user, &srv, &borrowed, "url").await;
    let typed = with("templatetype", "SYSTEM");
    let borrowed: Vec<(&str, &str)> = typed
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    rejects(&user, &srv, &borrowed, "templatetype").await;
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn unfinished_copies_restart_with_their_server_and_unreachable_urls_say_why() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let config = config_for(&db);
    let srv = TestServer::start(config.clone()).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let conn = server::db::connect(&db.url).await.unwrap();
    let store = tempfile::tempdir().unwrap();
    let zone = create_zone(&srv, &admin, "Z1").await;
    add_store(
        &srv,
        &admin,
        &zone,
        &format!("file://{}", store.path().display()),
    )
    .await;
    let os = os_type(&srv, &admin).await;
    let source = store.path().join("src.raw");
    std::fs::write(&source, vec![7u8; 100_000]).unwrap();
    let url = format!("file://{}", source.display());
    let t = id(&register(&srv, &admin, "resumable", &url, &zone, &os, &[]).await);
    settled(&srv, &admin, "template", &t).await;
    let file = expected_file(&conn, store.path(), "template", &t, "src.raw").await;
    assert!(file.is_file());

    // An https URL nobody answers is a download error with the reason, not a hang.
    let https = id(&register(
        &srv,
        &admin,
        "unreachable",
        "https://127.0.0.1:1/x.qcow2",
        &zone,
        &os,
        &[],
    )
    .await);
    let failed = settled(&srv, &admin, "template", &https).await;
    assert!(
        failed["status"]
            .as_str()
            .unwrap()
            .starts_with("Download Error: cannot fetch https://127.0.0.1:1/x.qcow2"),
        "{failed}"
    );
    srv.stop().await.unwrap();

    // As if the server had stopped mid-copy: the next start copies it again.
    let row = server::db::entity::template_zone::Entity::find()
        .filter(
            server::db::entity::template_zone::Column::InstallPath.eq(file.display().to_string()),
        )
        .one(&conn)
        .await
        .unwrap()
        .unwrap();
    let mut half = sea_orm::IntoActiveModel::into_active_model(row);
    half.download_state = Set("DOWNLOAD_IN_PROGRESS".into());
    half.download_pct = Set(40);
    half.update(&conn).await.unwrap();
    std::fs::remove_file(&file).unwrap();
    let srv = TestServer::start(config).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let done = settled(&srv, &admin, "template", &t).await;
    assert_eq!(done["status"], "Download Complete", "{done}");
    assert_eq!(std::fs::metadata(&file).unwrap().len(), 100_000);
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn a_store_added_later_receives_the_images_waiting_for_one() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let srv = TestServer::start(config_for(&db)).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let store = tempfile::tempdir().unwrap();
    let os = os_type(&srv, &admin).await;
    let source = store.path().join("late.raw");
    std::fs::write(&source, b"late bytes").unwrap();
    let url = format!("file://{}", source.display());
    let zone = create_zone(&srv, &admin, "Z1").await;
    let waiting = id(&register(&srv, &admin, "waiting", &url, &zone, &os, &[]).await);
    let everywhere = call_ok(
        &admin,
        &srv,
        &[
            ("command", "registerTemplate"),
            ("name", "everywhere"),
            ("format", "RAW"),
            ("hypervisor", "KVM"),
            ("url", &url),
            ("zoneid", "-1"),
            ("ostypeid", &os),
        ],
    )
    .await;
    let everywhere = id(&everywhere["template"][0]);
    let before = copy_of(&srv, &admin, "template", &waiting).await;
    assert_eq!(
        before["status"],
        "Not Downloaded: zone Z1 has no image store"
    );

    // A zone created after a cross-zone registration gets a copy once it has a store.
    let later = create_zone(&srv, &admin, "Z2").await;
    for z in [&zone, &later] {
        add_store(
            &srv,
            &admin,
            z,
            &format!("file://{}/{z}", store.path().display()),
        )
        .await;
    }
    for (t, z) in [
        (&waiting, &zone),
        (&everywhere, &zone),
        (&everywhere, &later),
    ] {
        let done = settled_in(&srv, &admin, "template", t, Some(z)).await;
        assert_eq!(done["status"], "Download Complete", "{done}");
    }
    srv.stop().await.unwrap();
}
