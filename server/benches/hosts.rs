//! Benchmark: 10,000 Simulator hosts — adding them, signed `listHosts` pages of 500 over HTTP (p50/p99), and the
//! CPU one host ping round costs (as a share of one core at the default ping.interval).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly on purpose

mod common;

use clap::Parser;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::config::Cli;
use server::engine::accounts::caller::Caller;
use server::engine::infra::hosts::{self, NewHost, PingPolicy};
use server::engine::infra::{clusters, pods, zones};
use server::hypervisor::Drivers;
use std::time::{Duration, Instant};

const HOSTS_PER_POD: usize = 250;

#[tokio::main]
async fn main() {
    let host_count: usize = std::env::var("NIMBUS_BENCH_HOSTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
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
    let db = server::prepare_database(&config.effective_database_url())
        .await
        .unwrap();
    let admin_row = server::db::entity::user::Entity::find()
        .filter(server::db::entity::user::Column::Username.eq("admin"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let admin = Caller::load(&db, admin_row.id).await.unwrap().unwrap();
    let drivers = Drivers::default();

    // Build the cloud through the same engine functions the API uses.
    let zone = zones::create(
        &db,
        &admin,
        zones::ZoneFields {
            name: Some("bench".into()),
            dns1: Some("8.8.8.8".into()),
            network_type: Some("Basic".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let started = Instant::now();
    let now = chrono::Utc::now().naive_utc();
    for p in 0..host_count.div_ceil(HOSTS_PER_POD) {
        let (a, b) = (10 + p / 250, p % 250);
        let pod = pods::create(
            &db,
            &admin,
            &zone.uuid,
            pods::PodFields {
                name: Some(format!("pod{p}")),
                gateway: Some(format!("10.{a}.{b}.1")),
                netmask: Some("255.255.255.0".into()),
                start_ip: Some(format!("10.{a}.{b}.2")),
                end_ip: Some(format!("10.{a}.{b}.254")),
                allocation_state: None,
            },
        )
        .await
        .unwrap();
        let cluster = clusters::create(
            &db,
            &admin,
            clusters::NewCluster {
                name: format!("cluster{p}"),
                zone_uuid: zone.uuid.clone(),
                pod_uuid: pod.uuid.clone(),
                hypervisor: "Simulator".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        for h in 0..HOSTS_PER_POD.min(host_count - p * HOSTS_PER_POD) {
            let new = NewHost {
                zone_uuid: zone.uuid.clone(),
                pod_uuid: pod.uuid.clone(),
                cluster_uuid: Some(cluster.uuid.clone()),
                hypervisor: "Simulator".into(),
                url: format!("http://sim/c{p}/h{h}"),
                ..Default::default()
            };
            hosts::add(&db, &drivers, &admin, new, now).await.unwrap();
        }
    }
    let added = started.elapsed();
    println!(
        "added {host_count} simulator hosts in {:.1} s ({:.0} hosts/s, engine calls, SQLite)",
        added.as_secs_f64(),
        host_count as f64 / added.as_secs_f64()
    );

    // listHosts over HTTP, signed, pages of 500.
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
    let client = reqwest::Client::new();
    let pages = host_count.div_ceil(500);
    let mut latencies = Vec::new();
    for round in 0..6 {
        for page in 1..=pages {
            let page = page.to_string();
            let url = common::signed_url(
                &base,
                &key,
                &secret,
                &[
                    ("command", "listHosts"),
                    ("page", &page),
                    ("pagesize", "500"),
                ],
            );
            let sent = Instant::now();
            let r = client.get(&url).send().await.unwrap();
            assert!(r.status().is_success(), "{}", r.status());
            let body = r.bytes().await.unwrap();
            if round > 0 {
                latencies.push(sent.elapsed());
            }
            assert!(body.len() > 1000);
        }
    }
    latencies.sort_unstable();
    let pct = |p: f64| {
        latencies[((latencies.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
    };
    println!(
        "listHosts, {host_count} hosts, pagesize 500, signed, one connection: {} requests, p50 {:.1} ms, p99 {:.1} ms",
        latencies.len(),
        pct(0.5),
        pct(0.99)
    );

    // One ping round over every host: wall time and CPU time of this process.
    let policy = PingPolicy::default();
    let rounds = 5;
    let cpu_before = cpu_seconds();
    let wall = Instant::now();
    for _ in 0..rounds {
        let round = hosts::ping_round(&db, &drivers, policy, chrono::Utc::now().naive_utc())
            .await
            .unwrap();
        assert_eq!(round.answered, host_count);
    }
    let per_round_cpu = (cpu_seconds() - cpu_before) / rounds as f64;
    let per_round_wall = wall.elapsed().as_secs_f64() / rounds as f64;
    println!(
        "ping round over {host_count} hosts: {:.0} ms wall, {:.0} ms CPU; at ping.interval {} s that is {:.2}% of one core",
        per_round_wall * 1000.0,
        per_round_cpu * 1000.0,
        policy.interval_secs,
        per_round_cpu / policy.interval_secs as f64 * 100.0
    );

    let _ = stop.send(());
    served.await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(10)).await;
}

/// User + system CPU seconds this process has used (from /proc/self/stat; clock ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields overall.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    ticks as f64 / 100.0
}
