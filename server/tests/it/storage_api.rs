//! Primary pools, image stores, deletion guards, capacity and scoped settings through the API.

use crate::support::api::SessionClient;
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use serde_json::Value;

const GIB: i64 = 1024 * 1024 * 1024;
const TIB: i64 = 1 << 40;

async fn call_ok(session: &SessionClient, srv: &TestServer, params: &[(&str, &str)]) -> Value {
    let (status, body) = session.call(srv, params).await;
    assert_eq!(status, StatusCode::OK, "{params:?}: {body}");
    body[format!("{}response", params[0].1.to_ascii_lowercase())].clone()
}

/// Expects a failure with `code`; returns the error text.
async fn call_err(
    session: &SessionClient,
    srv: &TestServer,
    params: &[(&str, &str)],
    code: u16,
) -> String {
    let (status, body) = session.call(srv, params).await;
    assert_eq!(status.as_u16(), code, "{params:?}: {body}");
    let obj = body.as_object().unwrap().values().next().unwrap();
    obj["errortext"].as_str().unwrap().to_string()
}

/// Expects 431 with a text naming `param`.
async fn rejects(session: &SessionClient, srv: &TestServer, params: &[(&str, &str)], param: &str) {
    let text = call_err(session, srv, params, 431).await;
    assert!(
        text.contains(param),
        "{params:?}: {text:?} does not name {param}"
    );
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// Zone Z1, pod P1, Simulator cluster C1 with two default simulator hosts (4 cores × 8000 MHz, 8 GiB each).
async fn zone_pod_cluster_hosts(
    srv: &TestServer,
    admin: &SessionClient,
) -> (String, String, String) {
    let zone = id(&call_ok(
        admin,
        srv,
        &[
            ("command", "createZone"),
            ("name", "Z1"),
            ("dns1", "8.8.8.8"),
            ("networktype", "Basic"),
        ],
    )
    .await["zone"]);
    let pod = id(&call_ok(
        admin,
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
    .await["pod"]);
    let cluster = id(&add_cluster(srv, admin, &zone, &pod, "C1").await);
    for url in ["http://sim/c1/h1", "http://sim/c1/h2"] {
        add_host(srv, admin, &zone, &pod, &cluster, url).await;
    }
    (zone, pod, cluster)
}

async fn add_cluster(
    srv: &TestServer,
    admin: &SessionClient,
    zone: &str,
    pod: &str,
    name: &str,
) -> Value {
    call_ok(
        admin,
        srv,
        &[
            ("command", "addCluster"),
            ("zoneid", zone),
            ("podid", pod),
            ("clustername", name),
            ("hypervisor", "Simulator"),
            ("clustertype", "CloudManaged"),
        ],
    )
    .await["cluster"][0]
        .clone()
}

async fn add_host(
    srv: &TestServer,
    admin: &SessionClient,
    zone: &str,
    pod: &str,
    cluster: &str,
    url: &str,
) {
    let host = call_ok(
        admin,
        srv,
        &[
            ("command", "addHost"),
            ("zoneid", zone),
            ("podid", pod),
            ("clusterid", cluster),
            ("hypervisor", "Simulator"),
            ("url", url),
            ("username", "root"),
            ("password", "password"),
        ],
    )
    .await;
    assert_eq!(host["host"][0]["state"], "Up", "{host}");
}

/// The single capacity row of `kind` in a listCapacity answer.
fn row(list: &Value, kind: i64) -> Value {
    let rows: Vec<&Value> = list["capacity"]
        .as_array()
        .unwrap_or_else(|| panic!("no capacity in {list}"))
        .iter()
        .filter(|r| r["type"] == kind)
        .collect();
    assert_eq!(rows.len(), 1, "type {kind} in {list}");
    rows[0].clone()
}

async fn capacity(
    srv: &TestServer,
    admin: &SessionClient,
    place: (&str, &str),
    kind: i64,
) -> Value {
    let kind_text = kind.to_string();
    let list = call_ok(
        admin,
        srv,
        &[("command", "listCapacity"), place, ("type", &kind_text)],
    )
    .await;
    row(&list, kind)
}

async fn wait_job(srv: &TestServer, admin: &SessionClient, submitted: &Value) -> Value {
    let job = submitted["jobid"].as_str().unwrap().to_string();
    admin.wait_for_job(srv, &job).await
}

#[tokio::test]
async fn primary_pools_are_validated_listed_updated_and_maintained() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let tmp = tempfile::tempdir().unwrap();
        let (zone, pod, cluster) = zone_pod_cluster_hosts(&srv, &admin).await;

        // An NFS pool for the cluster (Marvin's form: podid, clusterid, tags).
        let created = call_ok(
            &admin,
            &srv,
            &[
                ("command", "createStoragePool"),
                ("name", "PS1"),
                ("url", "nfs://10.0.0.5/export/primary/"),
                ("zoneid", &zone),
                ("podid", &pod),
                ("clusterid", &cluster),
                ("tags", "ssd,fast"),
                ("details[0].nfsmountopts", "vers=4"),
            ],
        )
        .await;
        let ps1 = &created["storagepool"];
        assert_eq!(ps1["type"], "NetworkFilesystem", "{label}: {ps1}");
        assert_eq!(ps1["scope"], "CLUSTER");
        assert_eq!(ps1["state"], "Up");
        assert_eq!(ps1["ipaddress"], "10.0.0.5");
        assert_eq!(ps1["path"], "/export/primary");
        assert_eq!(ps1["clustername"], "C1");
        assert_eq!(ps1["podname"], "P1");
        assert_eq!(ps1["zonename"], "Z1");
        assert_eq!(ps1["hypervisor"], "Simulator");
        assert_eq!(ps1["provider"], "DefaultPrimary");
        assert_eq!(ps1["tags"], "ssd,fast");
        assert_eq!(ps1["disksizetotal"], TIB);
        assert_eq!(ps1["disksizeused"], 0);
        assert_eq!(ps1["overprovisionfactor"], "2");
        let ps1_id = id(ps1);

        // A zone-wide pool on a local directory that does not exist yet.
        let dir = tmp.path().join("primary").join("zone-wide");
        let dir_text = dir.to_str().unwrap().to_string();
        let created = call_ok(
            &admin,
            &srv,
            &[
                ("command", "createStoragePool"),
                ("name", "LOCAL1"),
                ("url", &format!("file://{dir_text}")),
                ("zoneid", &zone),
                ("scope", "zone"),
                ("hypervisor", "simulator"),
                ("capacitybytes", &(100 * GIB).to_string()),
            ],
        )
        .await;
        let local = &created["storagepool"];
        assert!(dir.is_dir(), "{label}: {dir_text} was not created");
        assert_eq!(local["type"], "Filesystem", "{local}");
        assert_eq!(local["scope"], "ZONE");
        assert_eq!(local["path"], dir_text.as_str());
        assert_eq!(local["ipaddress"], "localhost");
        assert_eq!(local["hypervisor"], "Simulator");
        assert_eq!(local["disksizetotal"], 100 * GIB);
        assert!(local.get("clusterid").is_none(), "{local}");
        let local_id = id(local);

        // A bare absolute path without capacitybytes measures the filesystem.
        let bare = tmp.path().join("bare");
        let created = call_ok(
            &admin,
            &srv,
            &[
                ("command", "createStoragePool"),
                ("name", "SMP"),
                ("url", bare.to_str().unwrap()),
                ("zoneid", &zone),
                ("clusterid", &cluster),
            ],
        )
        .await;
        assert!(bare.is_dir());
        assert!(created["storagepool"]["disksizetotal"].as_i64().unwrap() > 0);
        let bare_id = id(&created["storagepool"]);
        call_ok(
            &admin,
            &srv,
            &[("command", "deleteStoragePool"), ("id", &bare_id)],
        )
        .await;

        // Every validation failure is a 431 naming its parameter.
        let other_pod = id(&call_ok(
            &admin,
            &srv,
            &[
                ("command", "createPod"),
                ("zoneid", &zone),
                ("name", "P2"),
                ("gateway", "172.16.16.1"),
                ("netmask", "255.255.255.0"),
                ("startip", "172.16.16.2"),
                ("endip", "172.16.16.20"),
            ],
        )
        .await["pod"]);
        let pool = |url: &'static str| {
            vec![
                ("command", "createStoragePool"),
                ("name", "BAD"),
                ("url", url),
                ("zoneid", zone.as_str()),
                ("clusterid", cluster.as_str()),
            ]
        };
        rejects(&admin, &srv, &pool("cifs://srv/share"), "url").await;
        rejects(&admin, &srv, &pool("nfs://srv"), "url").await;
        rejects(&admin, &srv, &pool("relative/path"), "url").await;
        rejects(&admin, &srv, &pool("/proc/nimbus-cannot-exist"), "url").await;
        rejects(&admin, &srv, &pool("nfs://10.0.0.5/export/primary"), "url").await;
        let mut p = pool("nfs://10.0.0.9/a");
        p.push(("podid", other_pod.as_str()));
        rejects(&admin, &srv, &p, "clusterid").await;
        let mut p = pool("nfs://10.0.0.9/a");
        p.push(("scope", "region"));
        rejects(&admin, &srv, &p, "scope").await;
        let mut p = pool("nfs://10.0.0.9/a");
        p.push(("provider", "SolidFire"));
        rejects(&admin, &srv, &p, "provider").await;
        let mut p = pool("nfs://10.0.0.9/a");
        p.push(("capacitybytes", "-5"));
        rejects(&admin, &srv, &p, "capacitybytes").await;
        let mut p = pool("nfs://10.0.0.9/a");
        p.push(("hypervisor", "KVM"));
        rejects(&admin, &srv, &p, "hypervisor").await;
        rejects(
            &admin,
            &srv,
            &[
                ("command", "createStoragePool"),
                ("name", "BAD"),
                ("url", "nfs://10.0.0.9/a"),
                ("zoneid", &zone),
                ("scope", "zone"),
            ],
            "hypervisor",
        )
        .await;
        rejects(
            &admin,
            &srv,
            &[
                ("command", "createStoragePool"),
                ("name", "BAD"),
                ("url", "nfs://10.0.0.9/a"),
                ("zoneid", &zone),
            ],
            "clusterid",
        )
        .await;
        rejects(
            &admin,
            &srv,
            &[
                ("command", "createStoragePool"),
                ("url", "nfs://10.0.0.9/a"),
                ("zoneid", &zone),
            ],
            "name",
        )
        .await;

        // Lists filter by cluster, scope, keyword and page.
        let all = call_ok(&admin, &srv, &[("command", "listStoragePools")]).await;
        assert_eq!(all["count"], 2, "{label}: {all}");
        let by_cluster = call_ok(
            &admin,
            &srv,
            &[("command", "listStoragePools"), ("clusterid", &cluster)],
        )
        .await;
        assert_eq!(by_cluster["count"], 1);
        assert_eq!(by_cluster["storagepool"][0]["name"], "PS1");
        let zone_wide = call_ok(
            &admin,
            &srv,
            &[("command", "listStoragePools"), ("scope", "ZONE")],
        )
        .await;
        assert_eq!(zone_wide["storagepool"][0]["name"], "LOCAL1");
        let keyword = call_ok(
            &admin,
            &srv,
            &[("command", "listStoragePools"), ("keyword", "LOC")],
        )
        .await;
        assert_eq!(keyword["count"], 1);
        let page = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listStoragePools"),
                ("page", "2"),
                ("pagesize", "1"),
            ],
        )
        .await;
        assert_eq!(page["count"], 2);
        assert_eq!(page["storagepool"][0]["name"], "LOCAL1");

        // updateStoragePool: disable, enable, retag.
        let updated = call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateStoragePool"),
                ("id", &ps1_id),
                ("enabled", "false"),
                ("tags", "gold"),
            ],
        )
        .await;
        assert_eq!(updated["storagepool"]["state"], "Disabled");
        assert_eq!(updated["storagepool"]["tags"], "gold");
        let updated = call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateStoragePool"),
                ("id", &ps1_id),
                ("enabled", "true"),
            ],
        )
        .await;
        assert_eq!(updated["storagepool"]["state"], "Up");
        assert_eq!(updated["storagepool"]["tags"], "gold");

        // Maintenance is an async job: Up → Maintenance, again fails, cancel → Up.
        let submitted = call_ok(
            &admin,
            &srv,
            &[("command", "enableStorageMaintenance"), ("id", &ps1_id)],
        )
        .await;
        let job = wait_job(&srv, &admin, &submitted).await;
        assert_eq!(job["jobstatus"], 1, "{label}: {job}");
        assert_eq!(job["jobresult"]["storagepool"]["state"], "Maintenance");
        let submitted = call_ok(
            &admin,
            &srv,
            &[("command", "enableStorageMaintenance"), ("id", &ps1_id)],
        )
        .await;
        let job = wait_job(&srv, &admin, &submitted).await;
        assert_eq!(job["jobstatus"], 2, "{job}");
        assert_eq!(job["jobresultcode"], 431, "{job}");
        call_err(
            &admin,
            &srv,
            &[
                ("command", "updateStoragePool"),
                ("id", &ps1_id),
                ("enabled", "true"),
            ],
            431,
        )
        .await;
        let submitted = call_ok(
            &admin,
            &srv,
            &[("command", "cancelStorageMaintenance"), ("id", &ps1_id)],
        )
        .await;
        let job = wait_job(&srv, &admin, &submitted).await;
        assert_eq!(job["jobstatus"], 1, "{job}");
        assert_eq!(job["jobresult"]["storagepool"]["state"], "Up");
        let events = call_ok(
            &admin,
            &srv,
            &[("command", "listEvents"), ("type", "MAINT.PREPARE.PS")],
        )
        .await;
        assert_eq!(events["count"], 1, "{events}");

        // Deleting the pool hides it; the local directory stays.
        call_ok(
            &admin,
            &srv,
            &[("command", "deleteStoragePool"), ("id", &local_id)],
        )
        .await;
        let gone = call_ok(
            &admin,
            &srv,
            &[("command", "listStoragePools"), ("id", &local_id)],
        )
        .await;
        assert!(gone.get("count").is_none(), "{gone}");
        assert!(dir.is_dir());
        call_err(
            &admin,
            &srv,
            &[("command", "deleteStoragePool"), ("id", &local_id)],
            431,
        )
        .await;
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn image_stores_are_real_directories_or_nfs_shares() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let tmp = tempfile::tempdir().unwrap();
        let zone = id(&call_ok(
            &admin,
            &srv,
            &[
                ("command", "createZone"),
                ("name", "Z1"),
                ("dns1", "8.8.8.8"),
                ("networktype", "Basic"),
            ],
        )
        .await["zone"]);

        let dir = tmp.path().join("secondary");
        let dir_text = dir.to_str().unwrap().to_string();
        let added = call_ok(
            &admin,
            &srv,
            &[
                ("command", "addImageStore"),
                ("provider", "NFS"),
                ("name", "LOCAL-SEC"),
                ("url", &dir_text),
                ("zoneid", &zone),
            ],
        )
        .await;
        let store = &added["imagestore"];
        assert_eq!(store["protocol"], "file", "{label}: {store}");
        assert_eq!(store["providername"], "NFS");
        assert_eq!(store["scope"], "ZONE");
        assert_eq!(store["zonename"], "Z1");
        assert_eq!(store["readonly"], false);
        assert_eq!(store["url"], format!("file://{dir_text}"));
        assert!(store["disksizetotal"].as_i64().unwrap() > 0);
        for sub in ["template", "iso", "snapshot"] {
            assert!(dir.join(sub).is_dir(), "{label}: {sub}/ missing");
        }
        let local_id = id(store);

        let added = call_ok(
            &admin,
            &srv,
            &[
                ("command", "addImageStore"),
                ("provider", "nfs"),
                ("url", "nfs://10.0.0.6/export/secondary"),
                ("zoneid", &zone),
            ],
        )
        .await;
        let nfs = &added["imagestore"];
        assert_eq!(nfs["protocol"], "nfs");
        assert_eq!(nfs["name"], "nfs://10.0.0.6/export/secondary");
        assert_eq!(nfs["disksizetotal"], TIB);

        let legacy = call_ok(
            &admin,
            &srv,
            &[
                ("command", "addSecondaryStorage"),
                ("url", "nfs://10.0.0.7/sec"),
                ("zoneid", &zone),
            ],
        )
        .await;
        assert_eq!(legacy["secondarystorage"]["protocol"], "nfs", "{legacy}");

        let add = |provider: &'static str, url: &'static str| {
            vec![
                ("command", "addImageStore"),
                ("provider", provider),
                ("url", url),
                ("zoneid", zone.as_str()),
            ]
        };
        rejects(&admin, &srv, &add("S3", "nfs://h/p"), "provider").await;
        rejects(&admin, &srv, &add("NFS", "ftp://h/p"), "url").await;
        rejects(&admin, &srv, &add("NFS", "SharedMountPoint://h/p"), "url").await;
        rejects(
            &admin,
            &srv,
            &add("NFS", "nfs://10.0.0.6/export/secondary"),
            "url",
        )
        .await;
        rejects(
            &admin,
            &srv,
            &[
                ("command", "addImageStore"),
                ("provider", "NFS"),
                ("url", "nfs://h/p"),
            ],
            "zoneid",
        )
        .await;
        rejects(
            &admin,
            &srv,
            &[
                ("command", "addImageStore"),
                ("provider", "NFS"),
                ("zoneid", &zone),
            ],
            "url",
        )
        .await;

        let listed = call_ok(
            &admin,
            &srv,
            &[("command", "listImageStores"), ("zoneid", &zone)],
        )
        .await;
        assert_eq!(listed["count"], 3, "{listed}");
        let files = call_ok(
            &admin,
            &srv,
            &[("command", "listImageStores"), ("protocol", "file")],
        )
        .await;
        assert_eq!(files["count"], 1);
        assert_eq!(files["imagestore"][0]["name"], "LOCAL-SEC");

        // Secondary storage capacity is the zone's sum.
        let sec = capacity(&srv, &admin, ("zoneid", &zone), 6).await;
        let total = listed["imagestore"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["disksizetotal"].as_i64().unwrap())
            .sum::<i64>();
        assert_eq!(sec["capacitytotal"], total);
        assert_eq!(sec["name"], "SECONDARY_STORAGE");

        call_ok(
            &admin,
            &srv,
            &[("command", "deleteImageStore"), ("id", &local_id)],
        )
        .await;
        let files = call_ok(
            &admin,
            &srv,
            &[("command", "listImageStores"), ("protocol", "file")],
        )
        .await;
        assert!(files.get("count").is_none(), "{files}");
        assert!(dir.join("template").is_dir(), "files stay on disk");
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn zones_and_clusters_holding_storage_are_not_deletable() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let (zone, pod, _) = zone_pod_cluster_hosts(&srv, &admin).await;

        // A cluster without hosts but with a pool.
        let c2 = id(&add_cluster(&srv, &admin, &zone, &pod, "C2").await);
        let pool = id(&call_ok(
            &admin,
            &srv,
            &[
                ("command", "createStoragePool"),
                ("name", "PS-C2"),
                ("url", "nfs://10.0.0.5/c2"),
                ("zoneid", &zone),
                ("clusterid", &c2),
            ],
        )
        .await["storagepool"]);
        let text = call_err(
            &admin,
            &srv,
            &[("command", "deleteCluster"), ("id", &c2)],
            431,
        )
        .await;
        assert_eq!(
            text,
            "The cluster is not deletable because there are 1 primary storage pools in it: PS-C2",
            "{label}"
        );
        call_ok(
            &admin,
            &srv,
            &[("command", "deleteStoragePool"), ("id", &pool)],
        )
        .await;
        call_ok(&admin, &srv, &[("command", "deleteCluster"), ("id", &c2)]).await;

        // A zone without pods but with a zone-wide pool and an image store.
        let z2 = id(&call_ok(
            &admin,
            &srv,
            &[
                ("command", "createZone"),
                ("name", "Z2"),
                ("dns1", "8.8.8.8"),
                ("networktype", "Advanced"),
            ],
        )
        .await["zone"]);
        let pool = id(&call_ok(
            &admin,
            &srv,
            &[
                ("command", "createStoragePool"),
                ("name", "ZW"),
                ("url", "SharedMountPoint://h/mnt/zw"),
                ("zoneid", &z2),
                ("scope", "zone"),
                ("hypervisor", "KVM"),
            ],
        )
        .await["storagepool"]);
        let store = id(&call_ok(
            &admin,
            &srv,
            &[
                ("command", "addImageStore"),
                ("provider", "NFS"),
                ("name", "SEC2"),
                ("url", "nfs://10.0.0.8/sec"),
                ("zoneid", &z2),
            ],
        )
        .await["imagestore"]);
        let text = call_err(&admin, &srv, &[("command", "deleteZone"), ("id", &z2)], 431).await;
        assert_eq!(
            text,
            "The zone is not deletable because there are primary storage pools in this zone: ZW"
        );
        call_ok(
            &admin,
            &srv,
            &[("command", "deleteStoragePool"), ("id", &pool)],
        )
        .await;
        let text = call_err(&admin, &srv, &[("command", "deleteZone"), ("id", &z2)], 431).await;
        assert_eq!(
            text,
            "The zone is not deletable because there are image stores in this zone: SEC2"
        );
        call_ok(
            &admin,
            &srv,
            &[("command", "deleteImageStore"), ("id", &store)],
        )
        .await;
        call_ok(&admin, &srv, &[("command", "deleteZone"), ("id", &z2)]).await;
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn capacity_follows_hosts_pools_and_overcommit_ratios() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let (zone, pod, cluster) = zone_pod_cluster_hosts(&srv, &admin).await;
        let tmp = tempfile::tempdir().unwrap();
        let local = tmp.path().join("p");
        let pool = id(&call_ok(
            &admin,
            &srv,
            &[
                ("command", "createStoragePool"),
                ("name", "PS1"),
                ("url", "nfs://10.0.0.5/export/primary"),
                ("zoneid", &zone),
                ("clusterid", &cluster),
                ("capacitybytes", &(500 * GIB).to_string()),
            ],
        )
        .await["storagepool"]);
        call_ok(
            &admin,
            &srv,
            &[
                ("command", "createStoragePool"),
                ("name", "ZW"),
                ("url", local.to_str().unwrap()),
                ("zoneid", &zone),
                ("scope", "zone"),
                ("hypervisor", "Simulator"),
                ("capacitybytes", &(100 * GIB).to_string()),
            ],
        )
        .await;

        // Zone level: every type, sorted by type; two hosts of 4 × 8000 MHz and 8 GiB.
        let all = call_ok(
            &admin,
            &srv,
            &[("command", "listCapacity"), ("zoneid", &zone)],
        )
        .await;
        let types: Vec<i64> = all["capacity"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["type"].as_i64().unwrap())
            .collect();
        // Type 8 (guest IPs) is reported at zero: this zone has no guest IP range.
        assert_eq!(types, vec![0, 1, 2, 3, 6, 8], "{label}: {all}");
        let cpu = row(&all, 1);
        assert_eq!(cpu["capacitytotal"], 2 * 4 * 8000, "{cpu}");
        assert_eq!(cpu["capacityused"], 0);
        assert_eq!(cpu["percentused"], "0");
        assert_eq!(cpu["name"], "CPU");
        assert_eq!(cpu["zonename"], "Z1");
        assert!(cpu.get("podid").is_none());
        assert_eq!(row(&all, 0)["capacitytotal"], 2 * 8 * GIB);
        assert_eq!(row(&all, 2)["capacitytotal"], 600 * GIB);
        // Allocated storage is overprovisioned by storage.overprovisioning.factor (2).
        assert_eq!(row(&all, 3)["capacitytotal"], 1200 * GIB);

        // Cluster level leaves out zone-wide pools; pod level names the pod.
        let storage = capacity(&srv, &admin, ("clusterid", &cluster), 2).await;
        assert_eq!(storage["capacitytotal"], 500 * GIB);
        assert_eq!(storage["clustername"], "C1");
        let mem = capacity(&srv, &admin, ("podid", &pod), 0).await;
        assert_eq!(mem["podname"], "P1");
        assert!(mem.get("clusterid").is_none());

        // updateCluster's ratio multiplies the CPU total.
        call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateCluster"),
                ("id", &cluster),
                ("cpuovercommitratio", "2"),
            ],
        )
        .await;
        let cpu = capacity(&srv, &admin, ("zoneid", &zone), 1).await;
        assert_eq!(cpu["capacitytotal"], 2 * 4 * 8000 * 2, "{label}");
        let listed = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listConfigurations"),
                ("clusterid", &cluster),
                ("name", "cpu.overprovisioning.factor"),
            ],
        )
        .await;
        assert_eq!(listed["configuration"][0]["value"], "2", "{listed}");

        // The cluster-scoped setting is the same ratio.
        let updated = call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "mem.overprovisioning.factor"),
                ("value", "1.5"),
                ("clusterid", &cluster),
            ],
        )
        .await;
        assert_eq!(updated["configuration"]["scope"], "cluster", "{updated}");
        assert_eq!(updated["configuration"]["value"], "1.5");
        let mem = capacity(&srv, &admin, ("clusterid", &cluster), 0).await;
        assert_eq!(mem["capacitytotal"], 2 * 8 * GIB * 3 / 2);
        let clusters = call_ok(
            &admin,
            &srv,
            &[("command", "listClusters"), ("id", &cluster)],
        )
        .await;
        assert_eq!(clusters["cluster"][0]["memoryovercommitratio"], "1.5");
        rejects(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "cpu.overprovisioning.factor"),
                ("value", "0.5"),
                ("clusterid", &cluster),
            ],
            "value",
        )
        .await;

        // A global override is what a new cluster starts with.
        call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "cpu.overprovisioning.factor"),
                ("value", "3"),
            ],
        )
        .await;
        let c2 = add_cluster(&srv, &admin, &zone, &pod, "C2").await;
        assert_eq!(c2["cpuovercommitratio"], "3", "{c2}");
        let c2 = id(&c2);
        add_host(&srv, &admin, &zone, &pod, &c2, "http://sim/c2/h1").await;
        let cpu = capacity(&srv, &admin, ("clusterid", &c2), 1).await;
        assert_eq!(cpu["capacitytotal"], 4 * 8000 * 3);
        let cpu = capacity(&srv, &admin, ("zoneid", &zone), 1).await;
        assert_eq!(cpu["capacitytotal"], 2 * 4 * 8000 * 2 + 4 * 8000 * 3);
        let cpu = capacity(&srv, &admin, ("clusterid", &cluster), 1).await;
        assert_eq!(cpu["capacitytotal"], 2 * 4 * 8000 * 2, "C1 keeps its ratio");

        // A pool-scoped storage factor changes that pool's allocated total.
        let updated = call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "storage.overprovisioning.factor"),
                ("value", "3"),
                ("storageid", &pool),
            ],
        )
        .await;
        assert_eq!(updated["configuration"]["scope"], "storagepool");
        let alloc = capacity(&srv, &admin, ("clusterid", &cluster), 3).await;
        assert_eq!(alloc["capacitytotal"], 1500 * GIB);
        let listed = call_ok(
            &admin,
            &srv,
            &[("command", "listStoragePools"), ("id", &pool)],
        )
        .await;
        assert_eq!(listed["storagepool"][0]["overprovisionfactor"], "3");

        // showcapacities embeds the same rows.
        let zones = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listZones"),
                ("id", &zone),
                ("showcapacities", "true"),
            ],
        )
        .await;
        let embedded = &zones["zone"][0];
        assert_eq!(
            row(embedded, 1)["capacitytotal"],
            2 * 4 * 8000 * 2 + 4 * 8000 * 3
        );
        let plain = call_ok(&admin, &srv, &[("command", "listZones"), ("id", &zone)]).await;
        assert!(plain["zone"][0].get("capacity").is_none());
        let clusters = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listClusters"),
                ("id", &c2),
                ("showcapacities", "true"),
            ],
        )
        .await;
        assert_eq!(
            row(&clusters["cluster"][0], 1)["capacitytotal"],
            4 * 8000 * 3
        );
        let pods = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listPods"),
                ("id", &pod),
                ("showcapacities", "true"),
            ],
        )
        .await;
        assert_eq!(row(&pods["pod"][0], 0)["podname"], "P1");

        // Type and sort filters.
        rejects(
            &admin,
            &srv,
            &[("command", "listCapacity"), ("type", "42")],
            "type",
        )
        .await;
        rejects(
            &admin,
            &srv,
            &[("command", "listCapacity"), ("sortby", "name")],
            "sortby",
        )
        .await;
        call_ok(
            &admin,
            &srv,
            &[
                ("command", "listCapacity"),
                ("sortby", "usage"),
                ("fetchlatest", "true"),
            ],
        )
        .await;
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn zone_and_cluster_scoped_settings_resolve_their_targets() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let (zone, _pod, cluster) = zone_pod_cluster_hosts(&srv, &admin).await;

        let updated = call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "cpu.overprovisioning.factor"),
                ("value", "4"),
                ("zoneid", &zone),
            ],
        )
        .await;
        assert_eq!(
            updated["configuration"]["scope"], "zone",
            "{label}: {updated}"
        );
        assert_eq!(updated["configuration"]["value"], "4");
        let at_zone = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listConfigurations"),
                ("zoneid", &zone),
                ("name", "cpu.overprovisioning.factor"),
            ],
        )
        .await;
        assert_eq!(at_zone["configuration"][0]["value"], "4");
        let global = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listConfigurations"),
                ("name", "cpu.overprovisioning.factor"),
            ],
        )
        .await;
        assert_eq!(global["configuration"][0]["value"], "1.0", "{global}");

        let updated = call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "cluster.cpu.allocated.capacity.disablethreshold"),
                ("value", "0.5"),
                ("clusterid", &cluster),
            ],
        )
        .await;
        assert_eq!(updated["configuration"]["scope"], "cluster");
        let at_cluster = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listConfigurations"),
                ("clusterid", &cluster),
                ("name", "cluster.cpu.allocated.capacity.disablethreshold"),
            ],
        )
        .await;
        assert_eq!(at_cluster["configuration"][0]["value"], "0.5");
        // The cluster's overprovisioning factor is its own ratio, not the zone's value.
        let own = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listConfigurations"),
                ("clusterid", &cluster),
                ("name", "cpu.overprovisioning.factor"),
            ],
        )
        .await;
        assert_eq!(own["configuration"][0]["value"], "1", "{own}");
        // Keys the cluster has no value of fall back to its zone.
        call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "cluster.memory.allocated.capacity.disablethreshold"),
                ("value", "0.7"),
                ("zoneid", &zone),
            ],
        )
        .await;
        let fallback = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listConfigurations"),
                ("clusterid", &cluster),
                ("name", "cluster.memory.allocated.capacity.disablethreshold"),
            ],
        )
        .await;
        assert_eq!(fallback["configuration"][0]["value"], "0.7", "{fallback}");

        // Unknown targets still answer 431 naming what was not found.
        let missing = uuid::Uuid::new_v4().to_string();
        for (param, what) in [
            ("zoneid", "zone"),
            ("clusterid", "cluster"),
            ("storageid", "storage pool"),
        ] {
            let text = call_err(
                &admin,
                &srv,
                &[
                    ("command", "updateConfiguration"),
                    ("name", "cpu.overprovisioning.factor"),
                    ("value", "2"),
                    (param, &missing),
                ],
                431,
            )
            .await;
            assert_eq!(text, format!("Unable to find {what} with id {missing}"));
        }
        srv.stop().await.unwrap();
    }
}
