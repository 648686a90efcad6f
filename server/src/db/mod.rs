//! Database access: connecting to SQLite, MariaDB/MySQL or PostgreSQL, and running the schema migrations.

pub mod cache;
pub mod entity;
mod handle;

pub use handle::{Db, DbTxn};

use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ColumnTrait, ConnectOptions, ConnectionTrait, Database, DbBackend, DbErr, EntityTrait,
    RelationDef, TransactionTrait,
};
use std::time::Duration;

/// Why the database could not be opened or brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("cannot create the directory for the SQLite database {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("unsupported database URL scheme in {0}: use sqlite://, mysql:// or postgres://")]
    UnsupportedScheme(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// `from = to` as a join condition between two entities' columns (the entities declare no relations).
pub fn on<F, T>(from: F, to: T) -> RelationDef
where
    F: ColumnTrait,
    T: ColumnTrait,
    F::EntityName: EntityTrait<Column = F>,
    T::EntityName: EntityTrait<Column = T>,
{
    <F::EntityName as EntityTrait>::belongs_to(T::EntityName::default())
        .from(from)
        .to(to)
        .into()
}

/// Opens the pools on `url`; for SQLite, creates the file's directory, enables WAL so readers don't block the writer
/// and gives writes their own connection ([`Db`]).
pub async fn connect(url: &str) -> Result<Db, DbSetupError> {
    let scheme = url.split_once("://").map(|(s, _)| s).unwrap_or_default();
    if !matches!(
        scheme,
        "sqlite" | "mysql" | "mariadb" | "postgres" | "postgresql"
    ) {
        return Err(DbSetupError::UnsupportedScheme(crate::config::redact_url(
            url,
        )));
    }
    if scheme == "sqlite" {
        ensure_sqlite_dir(url)?;
    }
    let url = url.replacen("mariadb://", "mysql://", 1);
    let mut options = ConnectOptions::new(url);
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    if scheme != "sqlite" {
        return Ok(Db::new(Database::connect(options).await?));
    }
    let mut writer = options.clone();
    // Writes queue here in order; a burst of them may wait longer than a read waits for a connection.
    writer
        .max_connections(1)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30));
    Ok(Db::with_writer(
        Database::connect(options).await?,
        Database::connect(writer).await?,
    ))
}

fn ensure_sqlite_dir(url: &str) -> Result<(), DbSetupError> {
    let path = url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| DbSetupError::CreateDir {
                path: dir.display().to_string(),
                source,
            })
        }
        _ => Ok(()),
    }
}

/// Applies every pending migration.
pub async fn migrate(db: &Db) -> Result<(), DbErr> {
    Migrator::up(db.pool(), None).await
}

/// Drops every table (including the migration history) and applies all migrations again.
pub async fn reset(db: &Db) -> Result<(), DbErr> {
    let db = db.pool();
    if db.get_database_backend() == DbBackend::Sqlite {
        // `PRAGMA foreign_keys = OFF` (what fresh relies on) holds for one pooled connection only, and the drops
        // may run on another: defer the checks in one transaction instead, so dropping a referenced table passes.
        let txn = db.begin().await?;
        txn.execute_unprepared("PRAGMA defer_foreign_keys = ON")
            .await?;
        Migrator::fresh(&txn).await?;
        return txn.commit().await;
    }
    Migrator::fresh(db).await
}

/// Each known migration's name and whether it is applied.
pub async fn status(db: &Db) -> Result<Vec<(String, bool)>, DbErr> {
    let applied: Vec<String> = Migrator::get_applied_migrations(db.pool())
        .await?
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    Ok(Migrator::migrations()
        .iter()
        .map(|m| {
            let name = m.name().to_string();
            let done = applied.contains(&name);
            (name, done)
        })
        .collect())
}
