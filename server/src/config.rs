//! Process configuration: command-line flags and `NIMBUS_*` environment variables, with secrets redacted in Debug.

use clap::{Args, Parser, Subcommand};
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Nimbus: a cloud management server that speaks the Apache CloudStack API.
#[derive(Parser, Debug, Clone)]
#[command(name = "nimbus", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug, Clone)]
pub enum Command {
    /// Serve the API and the console (the default when no command is given).
    Serve,
    /// Database maintenance.
    #[command(subcommand)]
    Db(DbCommand),
    /// Build infrastructure from a declarative file.
    #[command(subcommand)]
    Topology(TopologyCommand),
}

#[derive(Subcommand, Debug, Clone)]
pub enum TopologyCommand {
    /// Create the zones, pods, clusters and hosts of FILE (TOML, or JSON by extension) that do not exist yet.
    Apply {
        /// The topology file, e.g. server/topologies/demo.toml.
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug, Clone)]
pub enum DbCommand {
    /// Apply every pending migration, then make sure the default accounts exist.
    Migrate,
    /// List migrations and whether each is applied.
    Status,
    /// Drop every table and re-create the schema and default accounts: all data is lost.
    Reset {
        /// Confirm that all data in the database may be destroyed.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args, Clone)]
pub struct Config {
    /// Address the API and console listen on.
    #[arg(long, env = "NIMBUS_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory for Nimbus's own files (the embedded SQLite database, theme.css).
    #[arg(long, env = "NIMBUS_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Database URL: sqlite://PATH, mysql://USER:PASS@HOST/DB or postgres://USER:PASS@HOST/DB.
    /// Defaults to an SQLite file in the data directory.
    #[arg(long, env = "NIMBUS_DATABASE_URL")]
    pub database_url: Option<String>,

    /// Log filter in tracing's EnvFilter syntax, e.g. `info` or `nimbus=debug,sqlx=warn`.
    #[arg(long, env = "NIMBUS_LOG", default_value = "info")]
    pub log: String,

    /// Seconds of inactivity after which a login session ends (CloudStack's `session.timeout`).
    #[arg(long, env = "NIMBUS_SESSION_TIMEOUT", default_value_t = 1800)]
    pub session_timeout: u32,

    /// Also serve an unauthenticated `/client/api` on 127.0.0.1:PORT (never other interfaces) that runs every
    /// command as the `system` user, like CloudStack's `integration.api.port`. Unset or 0: off.
    #[arg(long, env = "NIMBUS_INTEGRATION_PORT", value_name = "PORT")]
    pub integration_port: Option<u16>,

    /// Directory holding the built console (pkg/, nimbus.css, favicon) produced by `make site`.
    #[arg(long, env = "NIMBUS_SITE_DIR", default_value = "target/site")]
    pub site_dir: PathBuf,
}

impl Config {
    /// This management server's id: stable for one host, data directory and listen address.
    pub fn msid(&self) -> i64 {
        use sha1::Digest;
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
        let identity = format!(
            "{}|{}|{}",
            host.trim(),
            self.data_dir.display(),
            self.listen.port()
        );
        let digest = sha1::Sha1::digest(identity.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        // Positive, so it reads well in listings.
        (u64::from_be_bytes(first) >> 1) as i64
    }

    /// The loopback address of the integration port, when it is on.
    pub fn integration_addr(&self) -> Option<SocketAddr> {
        self.integration_port
            .filter(|&port| port != 0)
            .map(|port| SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, port)))
    }

    /// The database to use: the explicit URL, else `nimbus.db` in the data directory (created if missing).
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => sqlite_url(&self.data_dir.join("nimbus.db")),
        }
    }
}

/// An SQLite URL that creates the file when it does not exist yet.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// Hides the password part of a database URL.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &self.database_url.as_deref().map(redact_url),
            )
            .field("log", &self.log)
            .field("session_timeout", &self.session_timeout)
            .field("integration_port", &self.integration_port)
            .field("site_dir", &self.site_dir)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn debug_output_hides_database_password() {
        let cli = Cli::parse_from([
            "nimbus",
            "--database-url",
            "mysql://root:s3cret@127.0.0.1:3306/cloud",
        ]);
        let shown = format!("{:?}", cli.config);
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("***"));
    }

    #[test]
    fn default_database_is_sqlite_in_data_dir() {
        let cli = Cli::parse_from(["nimbus", "--data-dir", "/var/lib/nimbus"]);
        assert_eq!(
            cli.config.effective_database_url(),
            "sqlite:///var/lib/nimbus/nimbus.db?mode=rwc"
        );
        assert_eq!(cli.config.listen.to_string(), "127.0.0.1:8080");
    }

    #[test]
    fn integration_port_is_off_by_default_and_loopback_only() {
        let off = Cli::parse_from(["nimbus"]);
        assert_eq!(off.config.integration_addr(), None);
        let zero = Cli::parse_from(["nimbus", "--integration-port", "0"]);
        assert_eq!(zero.config.integration_addr(), None);
        let on = Cli::parse_from([
            "nimbus",
            "--listen",
            "0.0.0.0:8080",
            "--integration-port",
            "8096",
        ]);
        assert_eq!(
            on.config
                .integration_addr()
                .map(|a| a.to_string())
                .as_deref(),
            Some("127.0.0.1:8096")
        );
    }

    #[test]
    fn db_reset_takes_a_confirmation_flag() {
        let cli = Cli::parse_from(["nimbus", "db", "reset", "--yes"]);
        assert!(matches!(
            cli.command,
            Some(Command::Db(DbCommand::Reset { yes: true }))
        ));
    }
}
