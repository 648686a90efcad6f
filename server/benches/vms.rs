//! Benchmark: user VMs on SQLite in a Simulator zone of 1,000 hosts — deployVirtualMachine end to end (VMs/s and job
//! latency, many concurrent signed clients that each wait for their job), then signed listVirtualMachines page 20
//! (p50/p99) with 10,000 and with 100,000 VMs in the database.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly on purpose

mod common;

use clap::Parser;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    TransactionTrait,
};
use server::config::Cli;
use server::db::entity::{nic, vm_instance, volume};
use server::hypervisor::Drivers;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const PODS: usize = 4;
const HOSTS_PER_POD: usize = 250;

/// 4 pods (a /23 of management addresses each: every host takes one) × 1 cluster × 250 Simulator hosts (default
/// capacity: 4 × 8000 MHz, 8 GiB), two NFS pools per cluster and a 1,000-address guest range per pod, so neither CPU, memory, storage nor addresses run out for a few thousand VMs.
fn topology() -> String {
    let mut t = String::from(
        r#"
[[zones]]
name = "bench"
networktype = "Basic"
dns1 = "8.8.8.8"
securitygroupenabled = true
enabled = true
guest_network = { name = "guest" }
secondary_storage = [{ name = "SS", url = "nfs://nfs.bench/export/secondary" }]
"#,
    );
    for p in 0..PODS {
        t.push_str(&format!(
            r#"
[[zones.pods]]
name = "P{p}"
gateway = "10.50.{m}.1"
netmask = "255.255.254.0"
startip = "10.50.{m}.2"
endip = "10.50.{m1}.250"
guest_ranges = [{{ gateway = "172.16.0.1", netmask = "255.255.0.0", startip = "172.16.{g}.10", endip = "172.16.{g3}.241" }}]

[[zones.pods.clusters]]
name = "C{p}"
hostgen = {{ count = {HOSTS_PER_POD}, url = "http://sim/c{p}/h{{n}}" }}
primary_storage = [{{ name = "PS{p}a", url = "nfs://nfs.bench/export/p{p}a" }}, {{ name = "PS{p}b", url = "nfs://nfs.bench/export/p{p}b" }}]
"#,
            g = 4 * p + 1,
            g3 = 4 * p + 4,
            m = 2 * p,
            m1 = 2 * p + 1
        ));
    }
    t
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let deploys = env_usize("NIMBUS_BENCH_VMS", 2000);
    let clients = env_usize("NIMBUS_BENCH_CLIENTS", 32);
    let poll_ms = env_usize("NIMBUS_BENCH_POLL_MS", 10) as u64;
    // e.g. NIMBUS_BENCH_LOG=server::engine::vms=debug prints each placement's plan and claim times.
    if let Ok(filter) = std::env::var("NIMBUS_BENCH_LOG") {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .init();
    }
    let data = tempfile::tempdir().unwrap();
    let config = Cli::parse_from([
        "nimbus",
        "--listen",
        "127.0.0.1:0",
        "--data-dir",
        data.path().to_str().unwrap(),
        "--log",
        "off",
    ])
    .config;

    // The zone, through the topology engine as `nimbus topology apply` builds it.
    let db = server::prepare_database(&config.effective_database_url())
        .await
        .unwrap();
    let system = server::engine::accounts::caller::system(&db).await.unwrap();
    let built = Instant::now();
    let plan = server::topology::parse(&topology(), false).unwrap();
    server::topology::apply(&db, &Drivers::default(), &system, &plan, |_| {})
        .await
        .unwrap();
    println!(
        "topology: {} Simulator hosts in {PODS} pods applied in {:.1} s",
        PODS * HOSTS_PER_POD,
        built.elapsed().as_secs_f64()
    );

    // The real server, in this process.
    let listener = tokio::net::TcpListener::bind(config.listen).await.unwrap();
    let base = format!("http://{}/client/api", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(async move {
        server::launch(&config, listener, async {
            let _ = stopped.await;
        })
        .await
    });
    let (key, secret) = common::register_keys(&base).await;
    let api = Api {
        client: reqwest::Client::new(),
        base: base.clone(),
        key,
        secret,
    };
    let zone = api
        .first(&[("command", "listZones")], "listzonesresponse", "zone")
        .await;
    let template = api
        .first(
            &[
                ("command", "listTemplates"),
                ("templatefilter", "featured"),
                ("zoneid", &zone),
            ],
            "listtemplatesresponse",
            "template",
        )
        .await;
    let offering = api
        .first(
            &[
                ("command", "listServiceOfferings"),
                ("name", "Small Instance"),
            ],
            "listserviceofferingsresponse",
            "serviceoffering",
        )
        .await;

    deploy_bench(&api, &zone, &template, &offering, deploys, clients, poll_ms).await;

    for target in [10_000, 100_000] {
        let filled = Instant::now();
        let total = fill(&db, target).await;
        println!(
            "fill: {total} VMs (with NIC and ROOT volume each) in the database after {:.1} s of batched inserts",
            filled.elapsed().as_secs_f64()
        );
        list_bench(&api, total).await;
    }

    let _ = stop.send(());
    served.await.unwrap().unwrap();
}

/// Signed calls with the admin's keys.
struct Api {
    client: reqwest::Client,
    base: String,
    key: String,
    secret: String,
}

impl Api {
    async fn call(&self, params: &[(&str, &str)]) -> (reqwest::StatusCode, serde_json::Value) {
        let url = common::signed_url(&self.base, &self.key, &self.secret, params);
        let r = self.client.get(&url).send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap())
    }

    /// The first listed object's id.
    async fn first(&self, params: &[(&str, &str)], response: &str, object: &str) -> String {
        let (_, body) = self.call(params).await;
        body[response][object][0]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{params:?}: {body}"))
            .to_string()
    }
}

/// `clients` signed clients, each deploying one VM and polling queryAsyncJobResult until its job ends, until
/// `count` deploys have been sent. Latency: from sending deployVirtualMachine to seeing the finished job.
async fn deploy_bench(
    api: &Api,
    zone: &str,
    template: &str,
    offering: &str,
    count: usize,
    clients: usize,
    poll_ms: u64,
) {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let next = next.clone();
            let api = Api {
                client: reqwest::Client::new(),
                base: api.base.clone(),
                key: api.key.clone(),
                secret: api.secret.clone(),
            };
            let (zone, template, offering) =
                (zone.to_string(), template.to_string(), offering.to_string());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut failures = Vec::new();
                while next.fetch_add(1, Ordering::SeqCst) < count {
                    let sent = Instant::now();
                    let (status, body) = api
                        .call(&[
                            ("command", "deployVirtualMachine"),
                            ("zoneid", &zone),
                            ("templateid", &template),
                            ("serviceofferingid", &offering),
                        ])
                        .await;
                    let Some(job) = body["deployvirtualmachineresponse"]["jobid"].as_str() else {
                        failures.push(format!("{status}: {body}"));
                        continue;
                    };
                    let job = job.to_string();
                    // Polls back off (poll_ms, twice that, … up to 16×) as patient clients do, so a slow job is
                    // not polled hundreds of times by the same process that must run it.
                    let mut wait = Duration::from_millis(poll_ms);
                    loop {
                        tokio::time::sleep(wait).await;
                        wait = (wait * 2).min(Duration::from_millis(poll_ms * 16));
                        let (_, r) = api
                            .call(&[("command", "queryAsyncJobResult"), ("jobid", &job)])
                            .await;
                        let r = &r["queryasyncjobresultresponse"];
                        match r["jobstatus"].as_i64() {
                            Some(0) => continue,
                            Some(1) => latencies.push(sent.elapsed()),
                            _ => failures.push(r["jobresult"].to_string()),
                        }
                        break;
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failures = Vec::new();
    for w in workers {
        let (l, f) = w.await.unwrap();
        latencies.extend(l);
        failures.extend(f);
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    println!(
        "deployVirtualMachine, {} hosts, SQLite, release, {clients} signed clients each waiting for its job (polls after {poll_ms} ms, doubling up to {} ms)",
        PODS * HOSTS_PER_POD,
        poll_ms * 16
    );
    println!(
        "deployed {} VMs in {:.1} s: {:.0} VMs/s   job latency p50 {:.1} ms   p99 {:.1} ms   max {:.1} ms   failures {}",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        pct(&latencies, 0.5),
        pct(&latencies, 0.99),
        pct(&latencies, 1.0),
        failures.len()
    );
    assert!(failures.is_empty(), "first failure: {}", failures[0]);
}

/// Copies the deployed VMs (row, NIC, ROOT volume) until the database holds `target` user VMs; returns the count.
async fn fill(db: &server::db::Db, target: usize) -> usize {
    let models = vm_instance::Entity::find()
        .filter(vm_instance::Column::VmType.eq("User"))
        .order_by_asc(vm_instance::Column::Id)
        .all(db)
        .await
        .unwrap();
    let have = models.len();
    let ids: Vec<i64> = models.iter().map(|m| m.id).collect();
    let nics = nic::Entity::find()
        .filter(nic::Column::VmId.is_in(ids.clone()))
        .all(db)
        .await
        .unwrap();
    let roots = volume::Entity::find()
        .filter(volume::Column::VmId.is_in(ids))
        .filter(volume::Column::VolumeType.eq("ROOT"))
        .all(db)
        .await
        .unwrap();
    let max_vm = vm_instance::Entity::find()
        .order_by_desc(vm_instance::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let max_nic = nics.iter().map(|n| n.id).max().unwrap_or(0);
    let max_vol = volume::Entity::find()
        .order_by_desc(volume::Column::Id)
        .one(db)
        .await
        .unwrap()
        .map_or(0, |v| v.id);
    // A batch stays under SQLite's bound-variable limit (vm_instance has ~40 columns).
    const BATCH: usize = 500;
    let mut made = 0;
    while have + made < target {
        let n = BATCH.min(target - have - made);
        let (mut vms, mut ns, mut vs) = (Vec::new(), Vec::new(), Vec::new());
        for k in 0..n {
            let i = made + k;
            let src = &models[i % have];
            let vm_id = max_vm + 1 + i as i64;
            let name = format!("fill-{}-{i}", target);
            vms.push(vm_instance::ActiveModel {
                id: Set(vm_id),
                uuid: Set(uuid::Uuid::new_v4().to_string()),
                name: Set(name.clone()),
                display_name: Set(name),
                instance_name: Set(format!("i-2-{vm_id}-VM")),
                ..src.clone().into_active_model()
            });
            if let Some(n) = nics.iter().find(|n| n.vm_id == src.id) {
                let id = max_nic + 1 + i as i64;
                ns.push(nic::ActiveModel {
                    id: Set(id),
                    uuid: Set(uuid::Uuid::new_v4().to_string()),
                    vm_id: Set(vm_id),
                    ip_address_id: Set(None),
                    mac_address: Set(format!(
                        "1e:01:{:02x}:{:02x}:{:02x}:{:02x}",
                        (id >> 24) & 0xff,
                        (id >> 16) & 0xff,
                        (id >> 8) & 0xff,
                        id & 0xff
                    )),
                    ..n.clone().into_active_model()
                });
            }
            if let Some(v) = roots.iter().find(|v| v.vm_id == Some(src.id)) {
                let id = max_vol + 1 + i as i64;
                vs.push(volume::ActiveModel {
                    id: Set(id),
                    uuid: Set(uuid::Uuid::new_v4().to_string()),
                    name: Set(format!("ROOT-{vm_id}")),
                    vm_id: Set(Some(vm_id)),
                    ..v.clone().into_active_model()
                });
            }
        }
        let txn = db.begin().await.unwrap();
        vm_instance::Entity::insert_many(vms)
            .exec(&txn)
            .await
            .unwrap();
        nic::Entity::insert_many(ns).exec(&txn).await.unwrap();
        volume::Entity::insert_many(vs).exec(&txn).await.unwrap();
        txn.commit().await.unwrap();
        made += n;
    }
    have + made
}

/// Signed listVirtualMachines, pagesize 20, pages 1..=10 in turn, one connection; prints p50/p99.
async fn list_bench(api: &Api, total: usize) {
    let mut latencies = Vec::new();
    for round in 0..60 {
        for page in 1..=10 {
            let page = page.to_string();
            let url = common::signed_url(
                &api.base,
                &api.key,
                &api.secret,
                &[
                    ("command", "listVirtualMachines"),
                    ("page", &page),
                    ("pagesize", "20"),
                ],
            );
            let sent = Instant::now();
            let r = api.client.get(&url).send().await.unwrap();
            assert!(r.status().is_success(), "{}", r.status());
            let body: serde_json::Value = r.json().await.unwrap();
            let took = sent.elapsed();
            let page = &body["listvirtualmachinesresponse"];
            assert_eq!(page["count"].as_u64(), Some(total as u64), "{page}");
            assert_eq!(page["virtualmachine"].as_array().map(Vec::len), Some(20));
            // The first 10 requests warm the connection and the statement cache.
            if round > 0 {
                latencies.push(took);
            }
        }
    }
    latencies.sort_unstable();
    println!(
        "listVirtualMachines, {total} VMs, pagesize 20 (pages 1-10), signed, one connection: {} requests, p50 {:.2} ms, p99 {:.2} ms",
        latencies.len(),
        pct(&latencies, 0.5),
        pct(&latencies, 0.99)
    );
}
