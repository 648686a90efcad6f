//! Test harness: a fresh database per test on every reachable backend, and a real server on 127.0.0.1:0.

pub mod api;
pub mod cloud;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const MYSQL_DEFAULT: &str = "mysql://root@127.0.0.1:3306/test";
const POSTGRES_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432/test";
/// Databases made by these tests start with this; ones older than an hour are leftovers of crashed runs.
const DB_PREFIX: &str = "nimbus_t_";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    MySql,
    Postgres,
}

/// One test's own database, dropped when the value is (even when the test panics).
pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    admin_url: Option<String>,
    name: String,
    /// Holds the SQLite file (and serves as data dir) until the test ends.
    pub dir: tempfile::TempDir,
}

/// Fresh, empty databases: SQLite always, plus MariaDB and PostgreSQL when reachable.
/// `NIMBUS_TEST_MYSQL_URL` / `NIMBUS_TEST_POSTGRES_URL` point elsewhere; the value `off` skips a backend.
pub async fn fresh_dbs() -> Vec<TestDb> {
    let mut dbs = vec![TestDb::sqlite()];
    for (backend, var, default) in [
        (Backend::MySql, "NIMBUS_TEST_MYSQL_URL", MYSQL_DEFAULT),
        (
            Backend::Postgres,
            "NIMBUS_TEST_POSTGRES_URL",
            POSTGRES_DEFAULT,
        ),
    ] {
        let admin_url = std::env::var(var).unwrap_or_else(|_| default.to_string());
        if admin_url == "off" {
            continue;
        }
        match TestDb::server_db(backend, &admin_url).await {
            Ok(db) => dbs.push(db),
            Err(e) => eprintln!("skipping {backend:?} ({admin_url}): {e}"),
        }
    }
    dbs
}

impl TestDb {
    fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = server::config::sqlite_url(&dir.path().join("nimbus.db"));
        TestDb {
            backend: Backend::Sqlite,
            url,
            admin_url: None,
            name: String::new(),
            dir,
        }
    }

    async fn server_db(backend: Backend, admin_url: &str) -> Result<Self, String> {
        let admin = connect_quickly(admin_url).await?;
        drop_stale_databases(&admin, backend).await;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let name = format!("{DB_PREFIX}{now}_{}", uuid::Uuid::new_v4().simple());
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .map_err(|e| e.to_string())?;
        admin.close().await.map_err(|e| e.to_string())?;
        let mut url = url::Url::parse(admin_url).map_err(|e| e.to_string())?;
        url.set_path(&format!("/{name}"));
        Ok(TestDb {
            backend,
            url: url.to_string(),
            admin_url: Some(admin_url.to_string()),
            name,
            dir: tempfile::tempdir().map_err(|e| e.to_string())?,
        })
    }

    pub fn label(&self) -> String {
        format!("{:?}", self.backend)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(admin_url) = self.admin_url.clone() else {
            return;
        };
        let sql = match self.backend {
            Backend::Postgres => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            _ => format!("DROP DATABASE IF EXISTS {}", self.name),
        };
        // Drop may run inside a test's runtime, so the async cleanup gets a runtime of its own.
        let cleanup = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async {
                match connect_quickly(&admin_url).await {
                    Ok(admin) => {
                        if let Err(e) = admin.execute_unprepared(&sql).await {
                            eprintln!("could not drop a test database ({sql}): {e}");
                        }
                        let _ = admin.close().await;
                    }
                    Err(e) => eprintln!("could not drop a test database ({sql}): {e}"),
                }
            });
        });
        let _ = cleanup.join();
    }
}

async fn connect_quickly(url: &str) -> Result<DatabaseConnection, String> {
    let mut opts = sea_orm::ConnectOptions::new(url.to_string());
    opts.connect_timeout(Duration::from_secs(2))
        .acquire_timeout(Duration::from_secs(3))
        .max_connections(1)
        .sqlx_logging(false);
    Database::connect(opts).await.map_err(|e| e.to_string())
}

/// Removes databases left by test runs that died more than an hour ago.
async fn drop_stale_databases(admin: &DatabaseConnection, backend: Backend) {
    let list = match backend {
        Backend::MySql => "SHOW DATABASES".to_string(),
        Backend::Postgres => "SELECT datname FROM pg_database".to_string(),
        Backend::Sqlite => return,
    };
    let Ok(rows) = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            list,
        ))
        .await
    else {
        return;
    };
    let cutoff = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
        - 3600;
    for row in rows {
        let Ok(name) = row.try_get_by_index::<String>(0) else {
            continue;
        };
        let Some(rest) = name.strip_prefix(DB_PREFIX) else {
            continue;
        };
        let created: u64 = rest
            .split('_')
            .next()
            .and_then(|t| t.parse().ok())
            .unwrap_or(u64::MAX);
        if created < cutoff {
            let force = if backend == Backend::Postgres {
                " WITH (FORCE)"
            } else {
                ""
            };
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}{force}"))
                .await;
        }
    }
}

/// A config for a test server on `db`, with its data dir in the test's temp dir.
pub fn config_for(db: &TestDb) -> Config {
    Config {
        listen: "127.0.0.1:0".parse().expect("addr"),
        data_dir: db.dir.path().to_path_buf(),
        database_url: Some(db.url.clone()),
        log: "warn".into(),
        site_dir: site_dir(),
        session_timeout: 1800,
        integration_port: None,
    }
}

/// The built console when `make site` has run; pages render without it too.
fn site_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/site")
}

/// The real server, serving on an ephemeral port until [`TestServer::stop`].
pub struct TestServer {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), server::StartupError>>,
}

impl TestServer {
    pub async fn start(config: Config) -> Self {
        Self::start_with(config, server::hypervisor::Drivers::default()).await
    }

    /// Starts with the given drivers, so the test can reach the same Simulator.
    pub async fn start_with(config: Config, drivers: server::hypervisor::Drivers) -> Self {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            server::launch_with(
                &config,
                listener,
                async {
                    let _ = rx.await;
                },
                drivers,
            )
            .await
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let server = TestServer {
            addr,
            client,
            shutdown: Some(tx),
            task,
        };
        server.wait_until_answering().await;
        server
    }

    async fn wait_until_answering(&self) {
        for _ in 0..200 {
            if self
                .client
                .get(self.url("/client/api"))
                .send()
                .await
                .is_ok()
            {
                return;
            }
            assert!(!self.task.is_finished(), "server task ended during startup");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("server did not answer on {}", self.addr);
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Asks for a graceful shutdown and returns how `launch` ended.
    pub async fn stop(mut self) -> Result<(), server::StartupError> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.task.await.expect("server task panicked")
    }
}
