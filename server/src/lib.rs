//! Nimbus management server: composes the CloudStack API and the console over one database.

pub mod api;
pub mod config;
pub mod console;
pub mod db;
pub mod engine;
pub mod hypervisor;
pub mod scheduler;
pub mod topology;

use crate::db::Db;
use config::Config;
use engine::accounts::seed::{SeedOutcome, ensure_defaults};
use std::future::{Future, IntoFuture};
use tokio::net::TcpListener;

/// What every request handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub session_timeout_secs: u32,
    /// This management server's id; jobs it runs carry it.
    pub msid: i64,
    pub job_workers: engine::jobs::Workers,
    pub drivers: hypervisor::Drivers,
    /// Zone snapshots reused between VM placements.
    pub snapshots: engine::vms::snapshot::SnapshotCache,
}

/// Async jobs that may run at once on one management server.
const JOB_WORKERS: usize = 32;

impl AppState {
    pub fn new(db: Db, config: &Config) -> Self {
        AppState {
            db,
            session_timeout_secs: config.session_timeout,
            msid: config.msid(),
            job_workers: engine::jobs::Workers::new(JOB_WORKERS),
            drivers: hypervisor::Drivers::default(),
            snapshots: engine::vms::snapshot::SnapshotCache::default(),
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Db(#[from] db::DbSetupError),
    #[error("migrating the database: {0}")]
    Migrate(sea_orm::DbErr),
    #[error("preparing the server: {0}")]
    Engine(#[from] engine::EngineError),
    #[error("serving: {0}")]
    Serve(#[from] std::io::Error),
}

/// Connects to `url`, applies pending migrations and creates the first-start defaults.
pub async fn prepare_database(url: &str) -> Result<Db, StartupError> {
    let conn = db::connect(url).await?;
    db::migrate(&conn).await.map_err(StartupError::Migrate)?;
    if ensure_defaults(&conn).await? == SeedOutcome::Created {
        tracing::info!(
            "created the ROOT domain, default roles and the admin account (admin / password)"
        );
    }
    let offerings = engine::network::offerings::ensure_defaults(&conn).await?;
    if offerings > 0 {
        tracing::info!(offerings, "created the default network offerings");
    }
    engine::offerings::ensure_defaults(&conn).await?;
    engine::guest_os::ensure_defaults(&conn).await?;
    engine::templates::ensure_builtins(&conn).await?;
    engine::network::addresses::backfill(&conn).await?;
    Ok(conn)
}

/// The whole HTTP surface: `/client/api` and the console.
pub fn router(state: AppState, config: &Config) -> axum::Router {
    api::router(state)
        .merge(console::router(&config.site_dir, &config.data_dir))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Prepares the database and serves on `listener` (and on the integration port when configured) until
/// `shutdown` resolves, then drains open requests on both.
pub async fn launch(
    config: &Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartupError> {
    launch_with(config, listener, shutdown, hypervisor::Drivers::default()).await
}

/// [`launch`] with given hypervisor drivers (tests share the Simulator to inject faults and drive pings).
pub async fn launch_with(
    config: &Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
    drivers: hypervisor::Drivers,
) -> Result<(), StartupError> {
    let db = prepare_database(&config.effective_database_url()).await?;
    if !config.site_dir.join("pkg").is_dir() {
        tracing::warn!(
            site_dir = %config.site_dir.display(),
            "console assets not found: pages render but will not hydrate; run `make site`"
        );
    }
    let integration = match config.integration_addr() {
        Some(addr) => {
            let listener = TcpListener::bind(addr).await?;
            tracing::warn!(
                "integration port open on http://{addr}/client/api: unauthenticated, every call runs as system"
            );
            Some(listener)
        }
        None => None,
    };
    let state = AppState {
        drivers,
        ..AppState::new(db.clone(), config)
    };
    let orphans = engine::jobs::fail_orphans(&db, state.msid).await?;
    if orphans > 0 {
        tracing::warn!(
            orphans,
            "failed the async jobs left in progress by this server's previous run"
        );
    }
    let copies = engine::templates::download::resume(&db, state.msid).await?;
    if copies > 0 {
        tracing::info!(
            copies,
            "restarted the image copies this server's previous run left unfinished"
        );
    }
    let housekeeping = tokio::spawn(delete_expired_sessions(db.clone()));
    let pinger = tokio::spawn(ping_hosts(state.clone()));
    let system_vms = tokio::spawn(scan_system_vms(state.clone()));
    let expunger = tokio::spawn(expunge_vms(state.clone()));
    // One shutdown signal, fanned out to every listener.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let relay = tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        // An error means the relay is gone, which only happens once it has sent or been aborted.
        let _ = rx.wait_for(|&stop| stop).await;
    };
    let main = axum::serve(listener, router(state.clone(), config))
        .with_graceful_shutdown(stopped(stop_rx.clone()))
        .into_future();
    let integration = async {
        match integration {
            Some(listener) => {
                let app = api::integration::router(state.clone())
                    .layer(tower_http::trace::TraceLayer::new_for_http());
                axum::serve(listener, app)
                    .with_graceful_shutdown(stopped(stop_rx.clone()))
                    .await
            }
            None => Ok(()),
        }
    };
    let (served, integration_served) = tokio::join!(main, integration);
    relay.abort();
    housekeeping.abort();
    pinger.abort();
    system_vms.abort();
    expunger.abort();
    state.job_workers.wait_idle().await;
    served?;
    integration_served?;
    db.close().await.map_err(StartupError::Migrate)?;
    Ok(())
}

/// Removes expired login sessions every few minutes.
async fn delete_expired_sessions(db: Db) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        every.tick().await;
        match api::auth::session::delete_expired(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(n, "deleted expired sessions"),
            Err(e) => tracing::warn!("could not delete expired sessions: {e}"),
        }
    }
}

/// The host ping loop: one round every `ping.interval` seconds, silence judged by `ping.timeout`.
async fn ping_hosts(state: AppState) {
    use engine::infra::hosts::{PingPolicy, ping_round};
    loop {
        let policy = match PingPolicy::from_settings(&state.db).await {
            Ok(p) => p,
            Err(e) => {
                tracing::warn!("cannot read ping.interval/ping.timeout, using the defaults: {e}");
                PingPolicy::default()
            }
        };
        tokio::time::sleep(std::time::Duration::from_secs(policy.interval_secs)).await;
        let now = chrono::Utc::now().naive_utc();
        if let Err(e) = ping_round(&state.db, &state.drivers, policy, now).await {
            tracing::warn!("host ping round failed: {e}");
        }
    }
}

/// Every 30 s, starts the system VMs enabled zones lack (as CloudStack's system VM managers scan).
async fn scan_system_vms(state: AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(30));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let now = chrono::Utc::now().naive_utc();
        if let Err(e) = engine::systemvms::scan(&state.db, &state.drivers, now).await {
            tracing::warn!("system VM scan failed: {e}");
        }
    }
}

/// The expunger: every `expunge.interval` seconds (at most 30 s apart, and re-read every second so a lowered value
/// takes effect at once), expunges VMs destroyed longer than `expunge.delay` and releases stale reservations.
async fn expunge_vms(state: AppState) {
    use engine::settings::{ScopeRef, integer};
    let mut last_round = tokio::time::Instant::now();
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        let interval = integer(&state.db, "expunge.interval", ScopeRef::Global)
            .await
            .unwrap_or(30)
            .clamp(1, 30);
        if last_round.elapsed() < std::time::Duration::from_secs(interval.unsigned_abs()) {
            continue;
        }
        last_round = tokio::time::Instant::now();
        let system = match engine::accounts::caller::system(&state.db).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!("expunger cannot load the system account: {e}");
                continue;
            }
        };
        let now = chrono::Utc::now().naive_utc();
        match engine::vms::lifecycle::housekeeping(&state.db, &system, now).await {
            Ok(done) if done.expunged + done.reservations_released > 0 => {
                tracing::info!(
                    expunged = done.expunged,
                    reservations_released = done.reservations_released,
                    "expunger round"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("expunger round failed: {e}"),
        }
    }
}
