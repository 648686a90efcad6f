//! Nimbus management server: composes the CloudStack API and the console over one database.

pub mod api;
pub mod config;
pub mod console;
pub mod db;
pub mod engine;

use config::Config;
use engine::accounts::seed::{SeedOutcome, ensure_defaults};
use sea_orm::DatabaseConnection;
use std::future::Future;
use tokio::net::TcpListener;

/// What every request handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Db(#[from] db::DbSetupError),
    #[error("migrating the database: {0}")]
    Migrate(sea_orm::DbErr),
    #[error("creating the default accounts: {0}")]
    Seed(#[from] engine::EngineError),
    #[error("serving: {0}")]
    Serve(#[from] std::io::Error),
}

/// Connects to `url`, applies pending migrations and creates the first-start defaults.
pub async fn prepare_database(url: &str) -> Result<DatabaseConnection, StartupError> {
    let conn = db::connect(url).await?;
    db::migrate(&conn).await.map_err(StartupError::Migrate)?;
    if ensure_defaults(&conn).await? == SeedOutcome::Created {
        tracing::info!(
            "created the ROOT domain, default roles and the admin account (admin / password)"
        );
    }
    Ok(conn)
}

/// The whole HTTP surface: `/client/api` and the console.
pub fn router(state: AppState, config: &Config) -> axum::Router {
    api::router()
        .with_state(state)
        .merge(console::router(&config.site_dir, &config.data_dir))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Prepares the database and serves on `listener` until `shutdown` resolves, then drains open requests.
pub async fn launch(
    config: &Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartupError> {
    let db = prepare_database(&config.effective_database_url()).await?;
    if !config.site_dir.join("pkg").is_dir() {
        tracing::warn!(
            site_dir = %config.site_dir.display(),
            "console assets not found: pages render but will not hydrate; run `make site`"
        );
    }
    let app = router(AppState { db: db.clone() }, config);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await?;
    db.close().await.map_err(StartupError::Migrate)?;
    Ok(())
}
