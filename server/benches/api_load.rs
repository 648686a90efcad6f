//! Benchmark: signed `listUsers` over HTTP on 127.0.0.1 with 32 concurrent connections; prints req/s, p50, p99.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly on purpose

mod common;

use clap::Parser;
use server::config::Cli;
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 32;

#[tokio::main]
async fn main() {
    let seconds: u64 = std::env::var("NIMBUS_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let data = tempfile::tempdir().unwrap();
    let cli = Cli::parse_from([
        "nimbus",
        "--listen",
        "127.0.0.1:0",
        "--data-dir",
        data.path().to_str().unwrap(),
        "--log",
        "off",
    ]);
    let config = cli.config;
    let listener = tokio::net::TcpListener::bind(config.listen).await.unwrap();
    let base = format!("http://{}/client/api", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        server::launch(&config, listener, async {
            let _ = stopped.await;
        })
        .await
    });

    let (api_key, secret) = common::register_keys(&base).await;
    let url = common::signed_url(&base, &api_key, &secret, &[("command", "listUsers")]);

    // Warm-up: every connection opened and the server's caches (statements, pool) filled.
    run_load(&url, Duration::from_secs(1)).await;
    let (latencies, failures, elapsed) = run_load(&url, Duration::from_secs(seconds)).await;

    let mut micros = latencies;
    micros.sort_unstable();
    let pct = |p: f64| micros[((micros.len() as f64 - 1.0) * p).round() as usize] as f64 / 1000.0;
    println!(
        "signed listUsers, {CONNECTIONS} connections, {seconds} s, release build, SQLite, client and server in one process"
    );
    println!(
        "requests {}   failures {failures}   {:.0} req/s   p50 {:.2} ms   p99 {:.2} ms   max {:.2} ms",
        micros.len(),
        micros.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        pct(1.0),
    );
    assert_eq!(failures, 0, "some requests did not answer 200");

    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

/// Drives `CONNECTIONS` clients (one keep-alive connection each) for `length`; latencies in µs.
async fn run_load(url: &str, length: Duration) -> (Vec<u64>, usize, Duration) {
    let started = Instant::now();
    let deadline = started + length;
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let url = url.to_string();
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .pool_max_idle_per_host(1)
                    .build()
                    .unwrap();
                let mut latencies = Vec::new();
                let mut failures = 0usize;
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    let ok = match client.get(&url).send().await {
                        Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                        Err(_) => false,
                    };
                    if ok {
                        latencies.push(sent.elapsed().as_micros() as u64);
                    } else {
                        failures += 1;
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut failures = 0;
    for w in workers {
        let (latencies, failed) = w.await.unwrap();
        all.extend(latencies);
        failures += failed;
    }
    (all, failures, started.elapsed())
}
