//! A small Simulator cloud built through the topology engine, signed API access, and the VM invariants checks.

use super::api::{SessionClient, Signer};
use super::{TestDb, TestServer, config_for};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::Value;
use server::hypervisor::Drivers;
use std::collections::{HashMap, HashSet};

/// One basic zone, one pod with a 100-address guest range, one cluster of `hosts` Simulator hosts
/// (4 cores × 2000 MHz, 8 GiB each), NFS primary and secondary storage.
pub fn topology(hosts: usize, guest_end: &str) -> String {
    format!(
        r#"
[[zones]]
name = "Z1"
networktype = "Basic"
dns1 = "8.8.8.8"
securitygroupenabled = true
enabled = true
guest_network = {{ name = "guest" }}
secondary_storage = [{{ name = "SS", url = "nfs://nfs.test/export/secondary" }}]

[[zones.pods]]
name = "P1"
gateway = "10.40.1.1"
netmask = "255.255.255.0"
startip = "10.40.1.2"
endip = "10.40.1.60"
guest_ranges = [{{ gateway = "172.16.0.1", netmask = "255.255.0.0", startip = "172.16.0.10", endip = "{guest_end}" }}]

[[zones.pods.clusters]]
name = "C1"
hostgen = {{ count = {hosts}, url = "http://sim/c1/h{{n}}/cpucore=4&cpuspeed=2000&memory=8589934592" }}
primary_storage = [{{ name = "PS", url = "nfs://nfs.test/export/primary" }}]
"#
    )
}

/// Applies `toml` to the test's database (before the server starts).
pub async fn build(db: &TestDb, toml: &str) {
    let conn = server::prepare_database(&db.url).await.unwrap();
    let system = server::engine::accounts::caller::system(&conn)
        .await
        .unwrap();
    let topology = server::topology::parse(toml, false).unwrap();
    server::topology::apply(&conn, &Drivers::default(), &system, &topology, |_| {})
        .await
        .unwrap();
    conn.close().await.unwrap();
}

/// A running server over a freshly built cloud, with the admin's session and API keys.
pub struct Cloud {
    pub srv: TestServer,
    pub admin: SessionClient,
    pub api: Signer,
    pub zone: String,
    pub template: String,
    pub small: String,
    pub label: String,
}

pub async fn start(db: &TestDb, toml: &str) -> Cloud {
    build(db, toml).await;
    start_built(db, Drivers::default()).await
}

pub async fn start_built(db: &TestDb, drivers: Drivers) -> Cloud {
    let srv = TestServer::start_with(config_for(db), drivers).await;
    let admin = SessionClient::login(&srv, "admin", "password").await;
    let api = signer_for(&srv, &admin).await;
    let (_, zones) = api.call(&srv, &[("command", "listZones")]).await;
    let zone = zones["listzonesresponse"]["zone"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // The zone's two system VMs start with the server; wait so tests see settled capacity.
    for _ in 0..200 {
        let (_, body) = api
            .call(&srv, &[("command", "listSystemVms"), ("state", "Running")])
            .await;
        if body["listsystemvmsresponse"]["count"] == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (_, templates) = api
        .call(
            &srv,
            &[
                ("command", "listTemplates"),
                ("templatefilter", "featured"),
                ("zoneid", &zone),
            ],
        )
        .await;
    let template = templates["listtemplatesresponse"]["template"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no featured template: {templates}"))
        .to_string();
    let (_, offerings) = api
        .call(
            &srv,
            &[
                ("command", "listServiceOfferings"),
                ("name", "Small Instance"),
            ],
        )
        .await;
    let small = offerings["listserviceofferingsresponse"]["serviceoffering"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    Cloud {
        srv,
        admin,
        api,
        zone,
        template,
        small,
        label: db.label(),
    }
}

/// API keys for the session's user (registerUserKeys).
pub async fn signer_for(srv: &TestServer, session: &SessionClient) -> Signer {
    let user_id = session.login["loginresponse"]["userid"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, keys) = session
        .call(srv, &[("command", "registerUserKeys"), ("id", &user_id)])
        .await;
    assert_eq!(status, StatusCode::OK, "{keys}");
    Signer {
        api_key: keys["registeruserkeysresponse"]["userkeys"]["apikey"]
            .as_str()
            .unwrap()
            .to_string(),
        secret: keys["registeruserkeysresponse"]["userkeys"]["secretkey"]
            .as_str()
            .unwrap()
            .to_string(),
    }
}

impl Signer {
    /// Polls queryAsyncJobResult with these keys until the job leaves status 0.
    pub async fn wait_for_job(&self, srv: &TestServer, job_id: &str) -> Value {
        for _ in 0..1500 {
            let (status, body) = self
                .call(
                    srv,
                    &[("command", "queryAsyncJobResult"), ("jobid", job_id)],
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let job = body["queryasyncjobresultresponse"].clone();
            if job["jobstatus"] != 0 {
                return job;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("job {job_id} did not finish");
    }

    /// Runs an async command and waits: the finished job.
    pub async fn run_job(&self, srv: &TestServer, params: &[(&str, &str)]) -> Value {
        let (status, body) = self.call(srv, params).await;
        assert_eq!(status, StatusCode::OK, "{params:?}: {body}");
        let response = body.as_object().unwrap().values().next().unwrap().clone();
        let job_id = response["jobid"].as_str().unwrap().to_string();
        self.wait_for_job(srv, &job_id).await
    }
}

impl Cloud {
    /// deployVirtualMachine of a Small Instance with extra parameters; the finished job.
    pub async fn deploy(&self, extra: &[(&str, &str)]) -> Value {
        let mut params = vec![
            ("command", "deployVirtualMachine"),
            ("zoneid", self.zone.as_str()),
            ("templateid", self.template.as_str()),
            ("serviceofferingid", self.small.as_str()),
        ];
        params.extend_from_slice(extra);
        self.api.run_job(&self.srv, &params).await
    }

    /// deploy that must succeed: the VM object.
    pub async fn deploy_ok(&self, extra: &[(&str, &str)]) -> Value {
        let job = self.deploy(extra).await;
        assert_eq!(job["jobstatus"], 1, "{}: {job}", self.label);
        job["jobresult"]["virtualmachine"].clone()
    }

    pub async fn vm(&self, id: &str) -> Value {
        let (_, body) = self
            .api
            .call(&self.srv, &[("command", "listVirtualMachines"), ("id", id)])
            .await;
        body["listvirtualmachinesresponse"]["virtualmachine"][0].clone()
    }
}

/// Checks the claims invariants straight in the database: per host, the used capacity equals the sum of its
/// active VMs and stays within total × overcommit; per pool, the allocated bytes are its volumes' sizes; no address
/// or MAC is held twice.
pub async fn check_invariants(db_url: &str, label: &str) {
    let conn: DatabaseConnection = Database::connect(db_url).await.unwrap();
    let backend = conn.get_database_backend();
    let rows = conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT h.id, h.cpu_used_mhz, h.memory_used_bytes, h.cpu_reserved_mhz, h.memory_reserved_bytes, \
             h.cpu_cores * h.cpu_speed_mhz, h.memory_bytes, c.cpu_overcommit_ratio, c.memory_overcommit_ratio \
             FROM host h JOIN cluster c ON c.id = h.cluster_id WHERE h.removed IS NULL",
        ))
        .await
        .unwrap();
    let vms = conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT host_id, cpu_cores * cpu_speed_mhz, memory_bytes FROM vm_instance \
             WHERE removed IS NULL AND host_id IS NOT NULL AND state IN ('Starting','Running','Stopping','Migrating')",
        ))
        .await
        .unwrap();
    let mut per_host: HashMap<i64, (i64, i64)> = HashMap::new();
    for vm in &vms {
        let host: i64 = vm.try_get_by_index(0).unwrap();
        let cpu: i64 = vm.try_get_by_index(1).unwrap();
        let memory: i64 = vm.try_get_by_index(2).unwrap();
        let e = per_host.entry(host).or_default();
        e.0 += cpu;
        e.1 += memory;
    }
    for row in &rows {
        let id: i64 = row.try_get_by_index(0).unwrap();
        let used_cpu: i64 = row.try_get_by_index(1).unwrap();
        let used_mem: i64 = row.try_get_by_index(2).unwrap();
        let reserved_cpu: i64 = row.try_get_by_index(3).unwrap();
        let reserved_mem: i64 = row.try_get_by_index(4).unwrap();
        let total_cpu: i64 = row.try_get_by_index(5).unwrap();
        let total_mem: i64 = row.try_get_by_index(6).unwrap();
        let cpu_ratio: f64 = row.try_get_by_index(7).unwrap();
        let mem_ratio: f64 = row.try_get_by_index(8).unwrap();
        let (vm_cpu, vm_mem) = per_host.get(&id).copied().unwrap_or_default();
        assert_eq!(
            (used_cpu, used_mem),
            (vm_cpu, vm_mem),
            "{label}: host {id} used vs its VMs"
        );
        assert!(
            reserved_cpu >= 0 && reserved_mem >= 0,
            "{label}: host {id} reserved < 0"
        );
        assert!(
            (used_cpu + reserved_cpu) as f64 <= total_cpu as f64 * cpu_ratio,
            "{label}: host {id} over CPU capacity"
        );
        assert!(
            (used_mem + reserved_mem) as f64 <= total_mem as f64 * mem_ratio,
            "{label}: host {id} over memory capacity"
        );
    }
    // Per pool, the allocated bytes equal the sizes of the live volumes placed on it.
    let placed = conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT pool_id, size_bytes FROM volume WHERE pool_id IS NOT NULL AND removed IS NULL",
        ))
        .await
        .unwrap();
    let mut per_pool: HashMap<i64, i64> = HashMap::new();
    for row in &placed {
        let pool: i64 = row.try_get_by_index(0).unwrap();
        let size: i64 = row.try_get_by_index(1).unwrap();
        *per_pool.entry(pool).or_default() += size;
    }
    let pools = conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, allocated_bytes FROM storage_pool WHERE removed IS NULL",
        ))
        .await
        .unwrap();
    for row in &pools {
        let id: i64 = row.try_get_by_index(0).unwrap();
        let allocated: i64 = row.try_get_by_index(1).unwrap();
        assert_eq!(
            allocated,
            per_pool.get(&id).copied().unwrap_or_default(),
            "{label}: pool {id} allocated vs its volumes"
        );
    }
    for (sql, what) in [
        ("SELECT ip4_address FROM nic", "IP address"),
        ("SELECT mac_address FROM nic", "MAC address"),
    ] {
        let rows = conn
            .query_all_raw(Statement::from_string(backend, sql))
            .await
            .unwrap();
        let mut seen = HashSet::new();
        for row in rows {
            let value: Option<String> = row.try_get_by_index(0).unwrap();
            if let Some(v) = value {
                assert!(seen.insert(v.clone()), "{label}: {what} {v} held twice");
            }
        }
    }
    // The trigger-kept list counts equal the rows they count.
    let mut actual: HashMap<(i64, String, i16), i64> = HashMap::new();
    for row in conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT account_id, vm_type, state FROM vm_instance WHERE removed IS NULL",
        ))
        .await
        .unwrap()
    {
        let account: i64 = row.try_get_by_index(0).unwrap();
        let vm_type: String = row.try_get_by_index(1).unwrap();
        let state: String = row.try_get_by_index(2).unwrap();
        *actual
            .entry((account, vm_type, i16::from(state == "Destroyed")))
            .or_default() += 1;
    }
    let mut kept: HashMap<(i64, String, i16), i64> = HashMap::new();
    for row in conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT account_id, vm_type, destroyed, n FROM vm_list_count WHERE n <> 0",
        ))
        .await
        .unwrap()
    {
        kept.insert(
            (
                row.try_get_by_index(0).unwrap(),
                row.try_get_by_index(1).unwrap(),
                row.try_get_by_index(2).unwrap(),
            ),
            row.try_get_by_index(3).unwrap(),
        );
    }
    assert_eq!(kept, actual, "{label}: vm_list_count vs the VM rows");
    conn.close().await.unwrap();
}
