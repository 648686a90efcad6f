//! System VMs on the Simulator: built-in templates reach a zone with its first host; enabling a zone with secondary
//! storage starts the secondary-storage VM and console proxy; a missing template or a failed start is an alert.

use crate::support::api::SessionClient;
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;
use server::db::entity::{template_zone, zone};
use server::engine::systemvms;
use server::hypervisor::Drivers;

/// A zone with a pod, a Simulator cluster and one host; returns (zone id, host id).
async fn zone_with_host(
    srv: &TestServer,
    admin: &SessionClient,
    name: &str,
    octet: u8,
) -> (String, String) {
    let (_, body) = admin
        .call(
            srv,
            &[
                ("command", "createZone"),
                ("name", name),
                ("dns1", "8.8.8.8"),
                ("networktype", "Basic"),
            ],
        )
        .await;
    let zone = body["createzoneresponse"]["zone"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (gw, start, end) = (
        format!("10.{octet}.0.1"),
        format!("10.{octet}.0.2"),
        format!("10.{octet}.0.50"),
    );
    let (_, body) = admin
        .call(
            srv,
            &[
                ("command", "createPod"),
                ("zoneid", &zone),
                ("name", "P"),
                ("gateway", &gw),
                ("netmask", "255.255.255.0"),
                ("startip", &start),
                ("endip", &end),
            ],
        )
        .await;
    let pod = body["createpodresponse"]["pod"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, body) = admin
        .call(
            srv,
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
    let cluster = body["addclusterresponse"]["cluster"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let url = format!("http://sim/{name}/h0");
    let (status, body) = admin
        .call(
            srv,
            &[
                ("command", "addHost"),
                ("zoneid", &zone),
                ("podid", &pod),
                ("clusterid", &cluster),
                ("hypervisor", "Simulator"),
                ("url", &url),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // System VMs need primary storage for their disks, as in CloudStack.
    let (status, pool) = admin
        .call(
            srv,
            &[
                ("command", "createStoragePool"),
                ("zoneid", &zone),
                ("podid", &pod),
                ("clusterid", &cluster),
                ("name", &format!("{name}-primary")),
                ("url", &format!("nfs://nfs.test/{name}/primary")),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{pool}");
    (
        zone,
        body["addhostresponse"]["host"][0]["id"]
            .as_str()
            .unwrap()
            .to_string(),
    )
}

async fn add_store(srv: &TestServer, admin: &SessionClient, zone: &str, dir: &std::path::Path) {
    let url = format!("file://{}", dir.display());
    let (status, body) = admin
        .call(
            srv,
            &[
                ("command", "addImageStore"),
                ("provider", "NFS"),
                ("zoneid", zone),
                ("url", &url),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn system_vms(body: &Value) -> Vec<Value> {
    body["listsystemvmsresponse"]["systemvm"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn enabled_zones_with_storage_get_their_system_vms() {
    for db in fresh_dbs().await {
        let label = db.label();
        let drivers = Drivers::default();
        let srv = TestServer::start_with(config_for(&db), drivers.clone()).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let conn = server::db::connect(&db.url).await.unwrap();
        let store = tempfile::tempdir().unwrap();

        // The first Simulator host brings the built-in templates into the zone.
        let (z1, h1) = zone_with_host(&srv, &admin, "Z1", 1).await;
        let z1_row = zone::Entity::find()
            .filter(zone::Column::Uuid.eq(z1.as_str()))
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        let copies = template_zone::Entity::find()
            .filter(template_zone::Column::ZoneId.eq(z1_row.id))
            .count(&conn)
            .await
            .unwrap();
        assert_eq!(copies, 2, "{label}: system and CentOS templates");

        // Enabled but without secondary storage: nothing starts.
        admin
            .call(
                &srv,
                &[
                    ("command", "updateZone"),
                    ("id", &z1),
                    ("allocationstate", "Enabled"),
                ],
            )
            .await;
        let (_, body) = admin
            .call(&srv, &[("command", "listSystemVms"), ("zoneid", &z1)])
            .await;
        assert!(system_vms(&body).is_empty(), "{label}: {body}");

        // With secondary storage the next scan starts both, on the zone's host, each with its own pod address.
        add_store(&srv, &admin, &z1, store.path()).await;
        let report = systemvms::scan(&conn, &drivers, chrono::Utc::now().naive_utc())
            .await
            .unwrap();
        assert_eq!(report.started.len(), 2, "{label}: {report:?}");
        let (_, body) = admin
            .call(&srv, &[("command", "listSystemVms"), ("zoneid", &z1)])
            .await;
        let vms = system_vms(&body);
        assert_eq!(vms.len(), 2, "{body}");
        let mut types: Vec<&str> = vms
            .iter()
            .map(|v| v["systemvmtype"].as_str().unwrap())
            .collect();
        types.sort_unstable();
        assert_eq!(types, ["consoleproxy", "secondarystoragevm"]);
        for vm in &vms {
            assert_eq!(vm["state"], "Running", "{vm}");
            assert_eq!(vm["hostid"].as_str(), Some(h1.as_str()));
            assert_eq!(vm["templatename"], "SystemVM Template (simulator)");
            assert!(vm["name"].as_str().unwrap().ends_with("-VM"));
        }
        assert_ne!(vms[0]["privateip"], vms[1]["privateip"]);
        assert_ne!(vms[0]["privateip"], "10.1.0.2", "the host has that one");
        let again = systemvms::scan(&conn, &drivers, chrono::Utc::now().naive_utc())
            .await
            .unwrap();
        assert!(
            again.started.is_empty(),
            "running system VMs are left alone"
        );

        // The zone cannot go while it has system VMs; disabled, its system VMs can be destroyed and stay gone;
        // enabled again, it gets new ones.
        let (status, body) = admin
            .call(&srv, &[("command", "deleteZone"), ("id", &z1)])
            .await;
        assert_eq!(status.as_u16(), 431, "{body}");
        assert!(
            body["deletezoneresponse"]["errortext"]
                .as_str()
                .unwrap()
                .contains("system VMs"),
            "{body}"
        );
        admin
            .call(
                &srv,
                &[
                    ("command", "updateZone"),
                    ("id", &z1),
                    ("allocationstate", "Disabled"),
                ],
            )
            .await;
        for vm in &vms {
            let (_, body) = admin
                .call(
                    &srv,
                    &[
                        ("command", "destroySystemVm"),
                        ("id", vm["id"].as_str().unwrap()),
                    ],
                )
                .await;
            let job = admin
                .wait_for_job(
                    &srv,
                    body["destroysystemvmresponse"]["jobid"].as_str().unwrap(),
                )
                .await;
            assert_eq!(job["jobstatus"], 1, "{job}");
            assert_eq!(job["jobresult"]["systemvm"]["state"], "Expunging");
        }
        systemvms::scan(&conn, &drivers, chrono::Utc::now().naive_utc())
            .await
            .unwrap();
        let (_, body) = admin
            .call(&srv, &[("command", "listSystemVms"), ("zoneid", &z1)])
            .await;
        assert!(
            system_vms(&body).is_empty(),
            "a disabled zone gets none back: {body}"
        );
        admin
            .call(
                &srv,
                &[
                    ("command", "updateZone"),
                    ("id", &z1),
                    ("allocationstate", "Enabled"),
                ],
            )
            .await;
        let (_, body) = admin
            .call(
                &srv,
                &[
                    ("command", "listSystemVms"),
                    ("zoneid", &z1),
                    ("state", "Running"),
                ],
            )
            .await;
        let fresh = system_vms(&body);
        assert_eq!(fresh.len(), 2, "{body}");
        assert!(
            fresh
                .iter()
                .all(|v| vms.iter().all(|old| old["id"] != v["id"])),
            "new VMs, not the old rows"
        );

        // A start that fails once: an alert now, Running after the next scan.
        let (z2, _) = zone_with_host(&srv, &admin, "Z2", 2).await;
        add_store(&srv, &admin, &z2, store.path()).await;
        admin
            .call(
                &srv,
                &[
                    ("command", "configureSimulator"),
                    ("name", "StartCommand"),
                    ("value", "result:fail;message:no space left"),
                    ("zoneid", &z2),
                    ("count", "1"),
                ],
            )
            .await;
        admin
            .call(
                &srv,
                &[
                    ("command", "updateZone"),
                    ("id", &z2),
                    ("allocationstate", "Enabled"),
                ],
            )
            .await;
        let (_, body) = admin
            .call(
                &srv,
                &[
                    ("command", "listAlerts"),
                    ("name", "System VM start failed"),
                ],
            )
            .await;
        assert_eq!(body["listalertsresponse"]["count"], 1, "{label}: {body}");
        assert!(
            body["listalertsresponse"]["alert"][0]["description"]
                .as_str()
                .unwrap()
                .contains("no space left")
        );
        systemvms::scan(&conn, &drivers, chrono::Utc::now().naive_utc())
            .await
            .unwrap();
        let (_, body) = admin
            .call(
                &srv,
                &[
                    ("command", "listSystemVms"),
                    ("zoneid", &z2),
                    ("state", "Running"),
                ],
            )
            .await;
        assert_eq!(system_vms(&body).len(), 2, "{label}: retried: {body}");

        // No system VM template in the zone: no system VMs, one alert however often it scans.
        let (z3, _) = zone_with_host(&srv, &admin, "Z3", 3).await;
        add_store(&srv, &admin, &z3, store.path()).await;
        let z3_row = zone::Entity::find()
            .filter(zone::Column::Uuid.eq(z3.as_str()))
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        template_zone::Entity::delete_many()
            .filter(template_zone::Column::ZoneId.eq(z3_row.id))
            .exec(&conn)
            .await
            .unwrap();
        admin
            .call(
                &srv,
                &[
                    ("command", "updateZone"),
                    ("id", &z3),
                    ("allocationstate", "Enabled"),
                ],
            )
            .await;
        systemvms::scan(&conn, &drivers, chrono::Utc::now().naive_utc())
            .await
            .unwrap();
        let (_, body) = admin
            .call(&srv, &[("command", "listSystemVms"), ("zoneid", &z3)])
            .await;
        assert!(system_vms(&body).is_empty(), "{body}");
        let (_, body) = admin
            .call(
                &srv,
                &[
                    ("command", "listAlerts"),
                    ("keyword", "Zone Z3 has no system VM template"),
                ],
            )
            .await;
        assert_eq!(
            body["listalertsresponse"]["count"], 2,
            "{label}: one per system VM kind, no repeats: {body}"
        );
        conn.close().await.unwrap();
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn hypervisors_and_os_types() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let srv = TestServer::start(config_for(&db)).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let (_, body) = admin.call(&srv, &[("command", "listHypervisors")]).await;
    let names: Vec<&str> = body["listhypervisorsresponse"]["hypervisor"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Simulator", "KVM"]);
    let (zone, _) = zone_with_host(&srv, &admin, "ZH", 9).await;
    let (_, body) = admin
        .call(&srv, &[("command", "listHypervisors"), ("zoneid", &zone)])
        .await;
    assert_eq!(
        body["listhypervisorsresponse"]["hypervisor"][0]["name"], "Simulator",
        "{body}"
    );
    assert_eq!(body["listhypervisorsresponse"]["count"], 1);

    let (_, body) = admin
        .call(&srv, &[("command", "listOsCategories"), ("name", "Ubuntu")])
        .await;
    let ubuntu = body["listoscategoriesresponse"]["oscategory"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, body) = admin
        .call(
            &srv,
            &[("command", "listOsTypes"), ("oscategoryid", &ubuntu)],
        )
        .await;
    let types = body["listostypesresponse"]["ostype"].as_array().unwrap();
    assert!(
        types.iter().all(|t| t["oscategoryname"] == "Ubuntu") && types.len() == 3,
        "{body}"
    );
    let (_, body) = admin
        .call(
            &srv,
            &[("command", "listOsTypes"), ("description", "CentOS 5.3")],
        )
        .await;
    assert_eq!(body["listostypesresponse"]["count"], 1, "{body}");
    let (status, _) = admin
        .call(
            &srv,
            &[
                ("command", "listOsTypes"),
                ("oscategoryid", &uuid::Uuid::new_v4().to_string()),
            ],
        )
        .await;
    assert_eq!(status.as_u16(), 431);
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn list_templates_follows_its_filters() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let srv = TestServer::start(config_for(&db)).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let (zone, _) = zone_with_host(&srv, &admin, "ZT", 7).await;

    let (status, body) = admin.call(&srv, &[("command", "listTemplates")]).await;
    assert_eq!(status.as_u16(), 431);
    assert_eq!(
        body["listtemplatesresponse"]["errortext"],
        "Unable to execute API command listtemplates due to missing parameter templatefilter"
    );
    let (status, body) = admin
        .call(
            &srv,
            &[("command", "listTemplates"), ("templatefilter", "popular")],
        )
        .await;
    assert_eq!(status.as_u16(), 431);
    assert!(
        body["listtemplatesresponse"]["errortext"]
            .as_str()
            .unwrap()
            .contains("parameter templatefilter")
    );

    // featured: the CentOS Simulator template, ready in the zone; the system template is not a guest template.
    let (_, body) = admin
        .call(
            &srv,
            &[
                ("command", "listTemplates"),
                ("templatefilter", "featured"),
                ("zoneid", &zone),
            ],
        )
        .await;
    let t = &body["listtemplatesresponse"]["template"];
    assert_eq!(body["listtemplatesresponse"]["count"], 1, "{body}");
    assert_eq!(t[0]["name"], "CentOS 5.3(64-bit) no GUI (Simulator)");
    assert_eq!(
        (t[0]["isready"].as_bool(), t[0]["isfeatured"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(t[0]["ostypename"], "CentOS 5.3 (64-bit)");
    assert_eq!(t[0]["zoneid"].as_str(), Some(zone.as_str()));
    assert_eq!(t[0]["status"], "Download Complete");
    let (_, body) = admin
        .call(
            &srv,
            &[("command", "listTemplates"), ("templatefilter", "system")],
        )
        .await;
    assert_eq!(
        body["listtemplatesresponse"]["template"][0]["templatetype"], "SYSTEM",
        "{body}"
    );
    let (_, body) = admin
        .call(
            &srv,
            &[
                ("command", "listTemplates"),
                ("templatefilter", "community"),
            ],
        )
        .await;
    assert!(
        body["listtemplatesresponse"].get("template").is_none(),
        "no public non-featured template: {body}"
    );

    // A user sees featured and executable templates, but may not ask for all of them.
    let (_, body) = admin
        .call(
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
    assert!(
        body["createaccountresponse"]["account"].is_object(),
        "{body}"
    );
    let user = SessionClient::login(&srv, "u1", "pw").await;
    let (_, body) = user
        .call(
            &srv,
            &[
                ("command", "listTemplates"),
                ("templatefilter", "executable"),
            ],
        )
        .await;
    assert_eq!(body["listtemplatesresponse"]["count"], 1, "{body}");
    let (status, _) = user
        .call(
            &srv,
            &[("command", "listTemplates"), ("templatefilter", "all")],
        )
        .await;
    assert_eq!(status.as_u16(), 431);
    let (_, body) = user
        .call(
            &srv,
            &[("command", "listTemplates"), ("templatefilter", "self")],
        )
        .await;
    assert!(
        body["listtemplatesresponse"].get("template").is_none(),
        "{body}"
    );
    srv.stop().await.unwrap();
}
