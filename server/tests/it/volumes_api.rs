//! Volumes through signed HTTP: create → attach (placed, capacity claimed) → detach → resize → delete (capacity
//! back), the 431/533/535 refusals, and another account's volumes out of reach (531).

use crate::support::TestServer;
use crate::support::api::{SessionClient, Signer};
use crate::support::cloud::{self, Cloud, check_invariants};
use crate::support::fresh_dbs;
use reqwest::StatusCode;
use serde_json::Value;

const GIB: i64 = 1024 * 1024 * 1024;

/// A call's outcome whether it fails at once or in its job: (error code or 0, error text, answer or job result).
async fn outcome(api: &Signer, srv: &TestServer, params: &[(&str, &str)]) -> (i64, String, Value) {
    let (status, body) = api.call(srv, params).await;
    let response = body
        .as_object()
        .and_then(|o| o.values().next())
        .cloned()
        .unwrap_or(Value::Null);
    if status != StatusCode::OK {
        let text = response["errortext"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        return (i64::from(status.as_u16()), text, response);
    }
    let Some(job_id) = response["jobid"].as_str() else {
        return (0, String::new(), response);
    };
    let job = api.wait_for_job(srv, job_id).await;
    if job["jobstatus"] == 2 {
        let text = job["jobresult"]["errortext"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        return (
            job["jobresult"]["errorcode"].as_i64().unwrap_or(-1),
            text,
            job,
        );
    }
    (0, String::new(), job["jobresult"].clone())
}

/// The call must fail with `code` and a text containing every one of `needles`.
async fn refused(
    api: &Signer,
    srv: &TestServer,
    label: &str,
    params: &[(&str, &str)],
    code: i64,
    needles: &[&str],
) {
    let (got, text, body) = outcome(api, srv, params).await;
    assert_eq!(got, code, "{label}: {params:?} → {body}");
    for n in needles {
        assert!(
            text.contains(n),
            "{label}: {params:?}: {text:?} lacks {n:?}"
        );
    }
}

/// The call must succeed: its answer (sync) or job result (async).
async fn ok(api: &Signer, srv: &TestServer, label: &str, params: &[(&str, &str)]) -> Value {
    let (code, text, body) = outcome(api, srv, params).await;
    assert_eq!(code, 0, "{label}: {params:?} failed: {text} {body}");
    body
}

async fn disk_offering(c: &Cloud, name: &str) -> String {
    let (_, body) = c
        .api
        .call(&c.srv, &[("command", "listDiskOfferings"), ("name", name)])
        .await;
    body["listdiskofferingsresponse"]["diskoffering"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name)
        .unwrap_or_else(|| panic!("no disk offering {name}: {body}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// listCapacity's STORAGE_ALLOCATED (type 3) in the zone.
async fn allocated(c: &Cloud) -> i64 {
    let (_, body) = c
        .api
        .call(
            &c.srv,
            &[
                ("command", "listCapacity"),
                ("type", "3"),
                ("zoneid", &c.zone),
            ],
        )
        .await;
    body["listcapacityresponse"]["capacity"][0]["capacityused"]
        .as_i64()
        .unwrap_or_else(|| panic!("no STORAGE_ALLOCATED: {body}"))
}

async fn create_volume(c: &Cloud, api: &Signer, label: &str, extra: &[(&str, &str)]) -> Value {
    let mut params = vec![("command", "createVolume"), ("zoneid", c.zone.as_str())];
    params.extend_from_slice(extra);
    ok(api, &c.srv, label, &params).await["volume"].clone()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_data_volume_is_created_attached_detached_resized_and_deleted() {
    for db in fresh_dbs().await {
        let c = cloud::start(&db, &cloud::topology(2, "172.16.0.109")).await;
        let label = c.label.clone();
        let (api, srv) = (&c.api, &c.srv);
        let vm = c.deploy_ok(&[("name", "db-1")]).await;
        let vm_id = id(&vm);
        let small = disk_offering(&c, "Small").await;
        let medium = disk_offering(&c, "Medium").await;
        let custom = disk_offering(&c, "Custom").await;
        let before = allocated(&c).await;

        // Created without storage: Allocated, no pool, nothing claimed.
        let v = create_volume(
            &c,
            api,
            &label,
            &[("name", "data-1"), ("diskofferingid", &small)],
        )
        .await;
        let vol = id(&v);
        assert_eq!(v["state"], "Allocated", "{label}: {v}");
        assert_eq!(v["type"], "DATADISK");
        assert_eq!(v["size"], 5 * GIB);
        assert_eq!(v["diskofferingname"], "Small");
        assert!(v.get("storageid").is_none(), "{label}: {v}");
        assert!(v.get("virtualmachineid").is_none());
        assert_eq!(allocated(&c).await, before, "{label}");

        // Attached to the running VM: placed on its ROOT's pool, the space claimed at once.
        let a = ok(
            api,
            srv,
            &label,
            &[
                ("command", "attachVolume"),
                ("id", &vol),
                ("virtualmachineid", &vm_id),
            ],
        )
        .await["volume"]
            .clone();
        assert_eq!(a["state"], "Ready", "{label}: {a}");
        assert_eq!(a["virtualmachineid"], vm_id.as_str());
        assert_eq!(a["vmname"], "db-1");
        assert_eq!(a["deviceid"], 1);
        assert_eq!(a["storage"], "PS");
        assert!(a["storageid"].is_string(), "{label}: admins see the pool");
        assert!(a["attached"].is_string());
        assert_eq!(allocated(&c).await, before + 5 * GIB, "{label}");
        check_invariants(&db.url, &label).await;

        let (_, body) = api
            .call(
                srv,
                &[("command", "listVolumes"), ("virtualmachineid", &vm_id)],
            )
            .await;
        assert_eq!(body["listvolumesresponse"]["count"], 2, "{label}: {body}");
        let (_, body) = api
            .call(
                srv,
                &[
                    ("command", "listVolumes"),
                    ("virtualmachineid", &vm_id),
                    ("type", "datadisk"),
                ],
            )
            .await;
        assert_eq!(
            body["listvolumesresponse"]["volume"][0]["id"],
            vol.as_str(),
            "{label}: {body}"
        );
        let (_, body) = api
            .call(srv, &[("command", "listVolumes"), ("type", "ROOT")])
            .await;
        let root = body["listvolumesresponse"]["volume"][0].clone();
        assert_eq!(root["deviceid"], 0, "{label}: {body}");
        assert_eq!(root["serviceofferingname"], "Small Instance");

        // Detached: keeps its storage, so the capacity stays claimed.
        let d = ok(
            api,
            srv,
            &label,
            &[("command", "detachVolume"), ("id", &vol)],
        )
        .await["volume"]
            .clone();
        assert!(d.get("virtualmachineid").is_none(), "{label}: {d}");
        assert!(d.get("deviceid").is_none());
        assert_eq!(d["state"], "Ready");
        assert_eq!(allocated(&c).await, before + 5 * GIB, "{label}");

        // Resized through another offering: the growth is claimed on its pool.
        let r = ok(
            api,
            srv,
            &label,
            &[
                ("command", "resizeVolume"),
                ("id", &vol),
                ("diskofferingid", &medium),
            ],
        )
        .await["volume"]
            .clone();
        assert_eq!(r["size"], 20 * GIB, "{label}: {r}");
        assert_eq!(r["state"], "Ready");
        assert_eq!(r["diskofferingname"], "Medium");
        assert_eq!(allocated(&c).await, before + 20 * GIB, "{label}");
        // To a customised size, then shrunk with shrinkok: the space comes back.
        let r = ok(
            api,
            srv,
            &label,
            &[
                ("command", "resizeVolume"),
                ("id", &vol),
                ("diskofferingid", &custom),
                ("size", "30"),
            ],
        )
        .await["volume"]
            .clone();
        assert_eq!(r["size"], 30 * GIB, "{label}: {r}");
        refused(
            api,
            srv,
            &label,
            &[("command", "resizeVolume"), ("id", &vol), ("size", "10")],
            431,
            &["shrinkok"],
        )
        .await;
        let r = ok(
            api,
            srv,
            &label,
            &[
                ("command", "resizeVolume"),
                ("id", &vol),
                ("size", "10"),
                ("shrinkok", "true"),
            ],
        )
        .await["volume"]
            .clone();
        assert_eq!(r["size"], 10 * GIB, "{label}: {r}");
        assert_eq!(allocated(&c).await, before + 10 * GIB, "{label}");
        check_invariants(&db.url, &label).await;

        // Deleted: the pool gets the space back and the volume is gone from lists.
        let (status, body) = api
            .call(srv, &[("command", "deleteVolume"), ("id", &vol)])
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        assert_eq!(body["deletevolumeresponse"]["success"], true, "{body}");
        assert_eq!(allocated(&c).await, before, "{label}");
        let (_, body) = api
            .call(srv, &[("command", "listVolumes"), ("id", &vol)])
            .await;
        assert_eq!(
            body["listvolumesresponse"],
            serde_json::json!({}),
            "{label}"
        );

        // createVolume with virtualmachineid attaches in its job; device 1 is free again.
        let v = create_volume(
            &c,
            api,
            &label,
            &[
                ("diskofferingid", &custom),
                ("size", "7"),
                ("virtualmachineid", &vm_id),
            ],
        )
        .await;
        assert_eq!(v["virtualmachineid"], vm_id.as_str(), "{label}: {v}");
        assert_eq!(v["deviceid"], 1);
        assert_eq!(v["state"], "Ready");
        assert_eq!(allocated(&c).await, before + 7 * GIB, "{label}");
        // A second one at an explicit device, then detached by VM and device.
        let second = create_volume(&c, api, &label, &[("diskofferingid", &small)]).await;
        let second_id = id(&second);
        let a = ok(
            api,
            srv,
            &label,
            &[
                ("command", "attachVolume"),
                ("id", &second_id),
                ("virtualmachineid", &vm_id),
                ("deviceid", "4"),
            ],
        )
        .await["volume"]
            .clone();
        assert_eq!(a["deviceid"], 4, "{label}: {a}");
        let d = ok(
            api,
            srv,
            &label,
            &[
                ("command", "detachVolume"),
                ("virtualmachineid", &vm_id),
                ("deviceid", "4"),
            ],
        )
        .await["volume"]
            .clone();
        assert_eq!(d["id"], second_id.as_str(), "{label}: {d}");
        assert_eq!(allocated(&c).await, before + 12 * GIB, "{label}");
        check_invariants(&db.url, &label).await;

        // A stopped VM that has run takes volumes too (placed on its ROOT's pool).
        ok(
            api,
            srv,
            &label,
            &[("command", "stopVirtualMachine"), ("id", &vm_id)],
        )
        .await;
        let a = ok(
            api,
            srv,
            &label,
            &[
                ("command", "attachVolume"),
                ("id", &second_id),
                ("virtualmachineid", &vm_id),
            ],
        )
        .await["volume"]
            .clone();
        assert_eq!(a["deviceid"], 2, "{label}: {a}");
        assert_eq!(a["vmstate"], "Stopped");
        check_invariants(&db.url, &label).await;

        let (_, events) = api
            .call(
                srv,
                &[
                    ("command", "listEvents"),
                    ("page", "1"),
                    ("pagesize", "200"),
                ],
            )
            .await;
        let types: Vec<&str> = events["listeventsresponse"]["event"]
            .as_array()
            .unwrap_or_else(|| panic!("{label}: {events}"))
            .iter()
            .filter_map(|e| e["type"].as_str())
            .collect();
        for t in [
            "VOLUME.CREATE",
            "VOLUME.ATTACH",
            "VOLUME.DETACH",
            "VOLUME.RESIZE",
            "VOLUME.DELETE",
        ] {
            assert!(types.contains(&t), "{label}: no {t} event in {types:?}");
        }
        c.srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn bad_volume_calls_are_refused_with_the_right_code_and_text() {
    for db in fresh_dbs().await {
        let c = cloud::start(&db, &cloud::topology(2, "172.16.0.109")).await;
        let label = c.label.clone();
        let (api, srv) = (&c.api, &c.srv);
        let vm = c.deploy_ok(&[("name", "app-1")]).await;
        let vm_id = id(&vm);
        let small = disk_offering(&c, "Small").await;
        let custom = disk_offering(&c, "Custom").await;
        let zone = c.zone.clone();

        // createVolume's parameters.
        for (params, needle) in [
            (vec![("zoneid", zone.as_str())], "diskofferingid"),
            (
                vec![
                    ("zoneid", zone.as_str()),
                    ("snapshotid", "7d5b1f0c-0000-4000-8000-000000000000"),
                ],
                "snapshotid",
            ),
            (
                vec![("zoneid", zone.as_str()), ("diskofferingid", &custom)],
                "size",
            ),
            (
                vec![
                    ("zoneid", zone.as_str()),
                    ("diskofferingid", &custom),
                    ("size", "0"),
                ],
                "size",
            ),
            (
                vec![
                    ("zoneid", zone.as_str()),
                    ("diskofferingid", &custom),
                    ("size", "5000"),
                ],
                "custom.diskoffering.size.max",
            ),
            (
                vec![
                    ("zoneid", zone.as_str()),
                    ("diskofferingid", &small),
                    ("size", "8"),
                ],
                "size",
            ),
            (vec![("diskofferingid", small.as_str())], "zoneid"),
            (
                vec![
                    ("zoneid", "7d5b1f0c-0000-4000-8000-000000000000"),
                    ("diskofferingid", &small),
                ],
                "zoneid",
            ),
            (
                vec![
                    ("zoneid", zone.as_str()),
                    ("diskofferingid", "7d5b1f0c-0000-4000-8000-000000000000"),
                ],
                "diskofferingid",
            ),
            (
                vec![("zoneid", zone.as_str()), ("diskofferingid", "not-a-uuid")],
                "diskofferingid",
            ),
        ] {
            let mut p = vec![("command", "createVolume")];
            p.extend(params);
            refused(api, srv, &label, &p, 431, &[needle]).await;
        }

        // attach/detach/delete/resize misuse.
        let (_, body) = api
            .call(
                srv,
                &[
                    ("command", "listVolumes"),
                    ("virtualmachineid", &vm_id),
                    ("type", "ROOT"),
                ],
            )
            .await;
        let root = id(&body["listvolumesresponse"]["volume"][0]);
        refused(
            api,
            srv,
            &label,
            &[
                ("command", "attachVolume"),
                ("id", &root),
                ("virtualmachineid", &vm_id),
            ],
            431,
            &["ROOT"],
        )
        .await;
        refused(
            api,
            srv,
            &label,
            &[("command", "detachVolume"), ("id", &root)],
            431,
            &["ROOT"],
        )
        .await;
        refused(
            api,
            srv,
            &label,
            &[("command", "detachVolume")],
            431,
            &["id"],
        )
        .await;
        refused(
            api,
            srv,
            &label,
            &[("command", "detachVolume"), ("virtualmachineid", &vm_id)],
            431,
            &["deviceid"],
        )
        .await;
        refused(
            api,
            srv,
            &label,
            &[
                ("command", "detachVolume"),
                ("virtualmachineid", &vm_id),
                ("deviceid", "9"),
            ],
            431,
            &["deviceid"],
        )
        .await;
        let v = create_volume(&c, api, &label, &[("diskofferingid", &small)]).await;
        let vol = id(&v);
        refused(
            api,
            srv,
            &label,
            &[("command", "detachVolume"), ("id", &vol)],
            431,
            &["not attached"],
        )
        .await;
        for device in ["0", "26"] {
            refused(
                api,
                srv,
                &label,
                &[
                    ("command", "attachVolume"),
                    ("id", &vol),
                    ("virtualmachineid", &vm_id),
                    ("deviceid", device),
                ],
                431,
                &["deviceid"],
            )
            .await;
        }
        refused(
            api,
            srv,
            &label,
            &[("command", "resizeVolume"), ("id", &vol)],
            431,
            &["size"],
        )
        .await;
        refused(
            api,
            srv,
            &label,
            &[("command", "resizeVolume"), ("id", &vol), ("size", "50")],
            431,
            &["size", "fixed size"],
        )
        .await;
        ok(
            api,
            srv,
            &label,
            &[
                ("command", "attachVolume"),
                ("id", &vol),
                ("virtualmachineid", &vm_id),
            ],
        )
        .await;
        refused(
            api,
            srv,
            &label,
            &[
                ("command", "attachVolume"),
                ("id", &vol),
                ("virtualmachineid", &vm_id),
            ],
            431,
            &["already attached", "app-1"],
        )
        .await;
        refused(
            api,
            srv,
            &label,
            &[("command", "deleteVolume"), ("id", &vol)],
            431,
            &["id", "detach it first"],
        )
        .await;
        refused(
            api,
            srv,
            &label,
            &[("command", "deleteVolume"), ("id", "not-a-uuid")],
            431,
            &["id"],
        )
        .await;
        refused(
            api,
            srv,
            &label,
            &[
                ("command", "deleteVolume"),
                ("id", "7d5b1f0c-0000-4000-8000-000000000000"),
            ],
            431,
            &["id"],
        )
        .await;
        refused(
            api,
            srv,
            &label,
            &[("command", "listVolumes"), ("type", "SWAP")],
            431,
            &["type"],
        )
        .await;

        // A VM in a transitional or destroyed state takes no volume; the state is named.
        let other = c.deploy_ok(&[("name", "app-2")]).await;
        let other_id = id(&other);
        ok(
            api,
            srv,
            &label,
            &[("command", "destroyVirtualMachine"), ("id", &other_id)],
        )
        .await;
        let spare = id(&create_volume(&c, api, &label, &[("diskofferingid", &small)]).await);
        refused(
            api,
            srv,
            &label,
            &[
                ("command", "attachVolume"),
                ("id", &spare),
                ("virtualmachineid", &other_id),
            ],
            431,
            &["Destroyed"],
        )
        .await;
        // A destroyed VM's data volume can still be rescued before the expunge.
        let rescued = id(&create_volume(
            &c,
            api,
            &label,
            &[("diskofferingid", &small), ("virtualmachineid", &vm_id)],
        )
        .await);
        ok(
            api,
            srv,
            &label,
            &[("command", "destroyVirtualMachine"), ("id", &vm_id)],
        )
        .await;
        ok(
            api,
            srv,
            &label,
            &[("command", "detachVolume"), ("id", &rescued)],
        )
        .await;
        ok(
            api,
            srv,
            &label,
            &[("command", "recoverVirtualMachine"), ("id", &vm_id)],
        )
        .await;
        ok(
            api,
            srv,
            &label,
            &[("command", "startVirtualMachine"), ("id", &vm_id)],
        )
        .await;
        let used = allocated(&c).await;

        // No room: 1 TiB NFS × 2 overprovisioning × 0.85 leaves about 1740 GiB.
        let big = id(&create_volume(
            &c,
            api,
            &label,
            &[("diskofferingid", &custom), ("size", "1000")],
        )
        .await);
        let mid = id(&create_volume(
            &c,
            api,
            &label,
            &[("diskofferingid", &custom), ("size", "600")],
        )
        .await);
        let huge = id(&create_volume(
            &c,
            api,
            &label,
            &[("diskofferingid", &custom), ("size", "800")],
        )
        .await);
        for v in [&big, &mid] {
            ok(
                api,
                srv,
                &label,
                &[
                    ("command", "attachVolume"),
                    ("id", v),
                    ("virtualmachineid", &vm_id),
                ],
            )
            .await;
        }
        let full = allocated(&c).await;
        assert_eq!(full, used + 1600 * GIB, "{label}");
        refused(
            api,
            srv,
            &label,
            &[
                ("command", "attachVolume"),
                ("id", &huge),
                ("virtualmachineid", &vm_id),
            ],
            533,
            &["no primary storage pool", "has room", "PS"],
        )
        .await;
        refused(
            api,
            srv,
            &label,
            &[("command", "resizeVolume"), ("id", &mid), ("size", "1000")],
            533,
            &["pool PS"],
        )
        .await;
        // Nothing leaked from the refusals; the resize left the volume Ready at its old size.
        assert_eq!(allocated(&c).await, full, "{label}");
        let (_, body) = api
            .call(srv, &[("command", "listVolumes"), ("id", &mid)])
            .await;
        let m = &body["listvolumesresponse"]["volume"][0];
        assert_eq!(
            (m["state"].clone(), m["size"].clone()),
            ("Ready".into(), (600 * GIB).into()),
            "{label}"
        );
        let (_, body) = api
            .call(srv, &[("command", "listVolumes"), ("id", &huge)])
            .await;
        let h = &body["listvolumesresponse"]["volume"][0];
        assert_eq!(h["state"], "Allocated", "{label}: {h}");
        assert!(h.get("virtualmachineid").is_none(), "{label}: {h}");
        check_invariants(&db.url, &label).await;
        c.srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_user_reaches_only_its_own_volumes_within_its_limit() {
    for db in fresh_dbs().await {
        let c = cloud::start(&db, &cloud::topology(2, "172.16.0.109")).await;
        let label = c.label.clone();
        let (api, srv) = (&c.api, &c.srv);
        let small = disk_offering(&c, "Small").await;
        let admin_vm = id(&c.deploy_ok(&[("name", "admin-vm")]).await);
        let admin_vol = id(&create_volume(&c, api, &label, &[("diskofferingid", &small)]).await);

        let (_, domains) = api
            .call(srv, &[("command", "listDomains"), ("name", "ROOT")])
            .await;
        let root_domain = domains["listdomainsresponse"]["domain"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let (status, account) = c
            .admin
            .call(
                srv,
                &[
                    ("command", "createAccount"),
                    ("username", "alice"),
                    ("password", "secret-pw"),
                    ("firstname", "Alice"),
                    ("lastname", "User"),
                    ("email", "alice@example.org"),
                    ("domainid", &root_domain),
                    ("accounttype", "0"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {account}");
        let alice_account = account["createaccountresponse"]["account"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let session = SessionClient::login(srv, "alice", "secret-pw").await;
        let alice = cloud::signer_for(srv, &session).await;

        let mine = create_volume(&c, &alice, &label, &[("diskofferingid", &small)]).await;
        let mine_id = id(&mine);
        assert_eq!(mine["account"], "alice", "{label}: {mine}");
        assert!(
            mine.get("storageid").is_none(),
            "{label}: users never see the pool"
        );

        // Lists: only her own, even asked by another account's id.
        let (_, body) = alice.call(srv, &[("command", "listVolumes")]).await;
        assert_eq!(body["listvolumesresponse"]["count"], 1, "{label}: {body}");
        assert_eq!(
            body["listvolumesresponse"]["volume"][0]["id"],
            mine_id.as_str()
        );
        let (_, body) = alice
            .call(srv, &[("command", "listVolumes"), ("id", &admin_vol)])
            .await;
        assert_eq!(
            body["listvolumesresponse"],
            serde_json::json!({}),
            "{label}"
        );

        // Another account's volume or VM: 531.
        for params in [
            vec![("command", "deleteVolume"), ("id", admin_vol.as_str())],
            vec![("command", "detachVolume"), ("id", admin_vol.as_str())],
            vec![
                ("command", "resizeVolume"),
                ("id", admin_vol.as_str()),
                ("size", "9"),
            ],
            vec![
                ("command", "attachVolume"),
                ("id", admin_vol.as_str()),
                ("virtualmachineid", admin_vm.as_str()),
            ],
            vec![
                ("command", "attachVolume"),
                ("id", mine_id.as_str()),
                ("virtualmachineid", admin_vm.as_str()),
            ],
        ] {
            refused(&alice, srv, &label, &params, 531, &[]).await;
        }
        // The admin may act on hers, but not attach it to a VM of another account.
        refused(
            api,
            srv,
            &label,
            &[
                ("command", "attachVolume"),
                ("id", &mine_id),
                ("virtualmachineid", &admin_vm),
            ],
            431,
            &["virtualmachineid", "different accounts"],
        )
        .await;

        // Her own VM takes her volume.
        let params = [
            ("command", "deployVirtualMachine"),
            ("zoneid", c.zone.as_str()),
            ("templateid", c.template.as_str()),
            ("serviceofferingid", c.small.as_str()),
            ("name", "alice-vm"),
        ];
        let job = alice.run_job(srv, &params).await;
        assert_eq!(job["jobstatus"], 1, "{label}: {job}");
        let alice_vm = id(&job["jobresult"]["virtualmachine"]);
        let a = ok(
            &alice,
            srv,
            &label,
            &[
                ("command", "attachVolume"),
                ("id", &mine_id),
                ("virtualmachineid", &alice_vm),
            ],
        )
        .await["volume"]
            .clone();
        assert_eq!(a["state"], "Ready", "{label}: {a}");
        assert!(a.get("storageid").is_none(), "{label}: {a}");
        assert!(a.get("path").is_none(), "{label}: {a}");

        // max.account.volumes: her ROOT and data volume are 2; a limit of 3 allows one more.
        let (status, body) = api
            .call(
                srv,
                &[
                    ("command", "updateConfiguration"),
                    ("name", "max.account.volumes"),
                    ("value", "3"),
                    ("accountid", &alice_account),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        create_volume(&c, &alice, &label, &[("diskofferingid", &small)]).await;
        refused(
            &alice,
            srv,
            &label,
            &[
                ("command", "createVolume"),
                ("zoneid", &c.zone),
                ("diskofferingid", &small),
            ],
            535,
            &["volume"],
        )
        .await;
        check_invariants(&db.url, &label).await;
        c.srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn concurrent_attaches_take_distinct_devices_and_never_overfill_a_pool() {
    for db in fresh_dbs().await {
        let c = cloud::start(&db, &cloud::topology(2, "172.16.0.109")).await;
        let label = c.label.clone();
        let (api, srv) = (&c.api, &c.srv);
        let vm_id = id(&c.deploy_ok(&[("name", "busy-1")]).await);
        let small = disk_offering(&c, "Small").await;
        let custom = disk_offering(&c, "Custom").await;
        let before = allocated(&c).await;
        let mut vols = Vec::new();
        for _ in 0..4 {
            vols.push(id(&create_volume(
                &c,
                api,
                &label,
                &[("diskofferingid", &small)],
            )
            .await));
        }
        fn attach<'a>(v: &'a str, vm: &'a str) -> [(&'a str, &'a str); 3] {
            [
                ("command", "attachVolume"),
                ("id", v),
                ("virtualmachineid", vm),
            ]
        }
        let (p0, p1, p2, p3) = (
            attach(&vols[0], &vm_id),
            attach(&vols[1], &vm_id),
            attach(&vols[2], &vm_id),
            attach(&vols[3], &vm_id),
        );
        let (a, b, d, e) = tokio::join!(
            outcome(api, srv, &p0),
            outcome(api, srv, &p1),
            outcome(api, srv, &p2),
            outcome(api, srv, &p3),
        );
        let mut devices: Vec<i64> = [a, b, d, e]
            .into_iter()
            .map(|(code, text, body)| {
                assert_eq!(code, 0, "{label}: {text} {body}");
                body["volume"]["deviceid"].as_i64().unwrap()
            })
            .collect();
        devices.sort_unstable();
        assert_eq!(devices, vec![1, 2, 3, 4], "{label}");
        assert_eq!(allocated(&c).await, before + 20 * GIB, "{label}");

        // Two 900 GiB volumes race for about 1720 GiB of room: exactly one gets it.
        let x = id(&create_volume(
            &c,
            api,
            &label,
            &[("diskofferingid", &custom), ("size", "900")],
        )
        .await);
        let y = id(&create_volume(
            &c,
            api,
            &label,
            &[("diskofferingid", &custom), ("size", "900")],
        )
        .await);
        let (px, py) = (attach(&x, &vm_id), attach(&y, &vm_id));
        let (rx, ry) = tokio::join!(outcome(api, srv, &px), outcome(api, srv, &py));
        let mut codes = vec![rx.0, ry.0];
        codes.sort_unstable();
        assert_eq!(codes, vec![0, 533], "{label}: {rx:?} {ry:?}");
        assert_eq!(allocated(&c).await, before + 920 * GIB, "{label}");
        check_invariants(&db.url, &label).await;
        c.srv.stop().await.unwrap();
    }
}
