//! Benchmark: CloudStack signature verification (canonical string, HMAC-SHA1, base64, compare) on a ~250-byte query.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails loudly on purpose

use axum::http::HeaderMap;
use server::api::auth::signature;
use server::api::params::Params;
use std::hint::black_box;
use std::time::{Duration, Instant};

const API_KEY: &str =
    "plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg";
const SECRET: &str =
    "VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ";

/// A typical client call: a list command with paging and signatureVersion 3 (about 250 bytes signed).
fn signed_query() -> String {
    let mut pairs: Vec<(String, String)> = [
        ("command", "listVirtualMachines"),
        ("response", "json"),
        ("apiKey", API_KEY),
        ("page", "1"),
        ("pagesize", "500"),
        ("signatureVersion", "3"),
        ("expires", "2030-01-01T00:00:00+0000"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let sig = signature::sign(
        SECRET,
        &signature::string_to_sign(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
    );
    pairs.push(("signature".into(), sig));
    serde_urlencoded::to_string(&pairs).unwrap()
}

/// Runs `op` in batches for about `budget`, five rounds; returns the ns/op of each round.
fn measure(budget: Duration, mut op: impl FnMut() -> bool) -> Vec<f64> {
    // Warm-up, and a sanity check that the operation succeeds.
    for _ in 0..10_000 {
        assert!(op(), "the operation failed during warm-up");
    }
    (0..5)
        .map(|_| {
            let started = Instant::now();
            let mut n: u64 = 0;
            while started.elapsed() < budget / 5 {
                for _ in 0..1000 {
                    black_box(op());
                }
                n += 1000;
            }
            started.elapsed().as_nanos() as f64 / n as f64
        })
        .collect()
}

fn report(what: &str, mut rounds: Vec<f64>) {
    rounds.sort_by(f64::total_cmp);
    println!(
        "{what:<52} best {:>7.0} ns/op   median {:>7.0} ns/op",
        rounds[0],
        rounds[rounds.len() / 2]
    );
}

fn main() {
    let query = signed_query();
    let headers = HeaderMap::new();
    let params = Params::from_request(Some(&query), &headers, b"");
    let received = params.get("signature").unwrap().to_string();
    let budget = Duration::from_secs(
        std::env::var("NIMBUS_BENCH_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(2),
    );
    println!(
        "signature verification, {}-byte query ({} parameters)",
        query.len(),
        params.pairs().len()
    );
    report(
        "canonical string only",
        measure(budget, || {
            let pairs = params.pairs().iter().map(|(k, v)| (k.as_str(), v.as_str()));
            !black_box(signature::string_to_sign(pairs)).is_empty()
        }),
    );
    report(
        "verify: canonical string + HMAC-SHA1 + compare",
        measure(budget, || {
            let pairs = params.pairs().iter().map(|(k, v)| (k.as_str(), v.as_str()));
            signature::verify(pairs, black_box(SECRET), &received)
        }),
    );
    report(
        "parse the raw query, then verify",
        measure(budget, || {
            let params = Params::from_request(Some(black_box(&query)), &headers, b"");
            let pairs = params.pairs().iter().map(|(k, v)| (k.as_str(), v.as_str()));
            signature::verify(pairs, SECRET, params.get("signature").unwrap_or_default())
        }),
    );
}
