//! The `nimbus` binary: parse configuration, initialise logging, then serve or run a database command.

use clap::Parser;
use server::config::{Cli, Command, Config, DbCommand, TopologyCommand};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = match EnvFilter::try_new(&cli.config.log) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("nimbus: invalid --log filter {:?}: {e}", cli.config.log);
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt().with_env_filter(filter).init();

    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&cli.config).await,
        Command::Db(cmd) => db_command(&cli.config, cmd).await,
        Command::Topology(TopologyCommand::Apply { file }) => {
            apply_topology(&cli.config, &file).await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("nimbus: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: &Config) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    tracing::info!(
        database = %server::config::redact_url(&config.effective_database_url()),
        "Nimbus listening on http://{}/ (API at /client/api)",
        config.listen
    );
    server::launch(config, listener, shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("Nimbus stopped");
    Ok(())
}

async fn db_command(config: &Config, cmd: DbCommand) -> Result<(), String> {
    let url = config.effective_database_url();
    match cmd {
        DbCommand::Migrate => {
            server::prepare_database(&url)
                .await
                .map_err(|e| e.to_string())?;
            println!("database is up to date");
        }
        DbCommand::Status => {
            let conn = server::db::connect(&url).await.map_err(|e| e.to_string())?;
            let rows = server::db::status(&conn).await.map_err(|e| e.to_string())?;
            for (name, applied) in rows {
                println!("{} {name}", if applied { "applied" } else { "pending" });
            }
        }
        DbCommand::Reset { yes } => {
            if !yes {
                return Err(format!(
                    "`db reset` destroys every table in {}; run it again with --yes to confirm",
                    server::config::redact_url(&url)
                ));
            }
            let conn = server::db::connect(&url).await.map_err(|e| e.to_string())?;
            server::db::reset(&conn).await.map_err(|e| e.to_string())?;
            server::engine::accounts::seed::ensure_defaults(&conn)
                .await
                .map_err(|e| e.to_string())?;
            println!("database re-created; log in as admin / password");
        }
    }
    Ok(())
}

async fn apply_topology(config: &Config, file: &std::path::Path) -> Result<(), String> {
    let topology = server::topology::load(file).map_err(|e| e.to_string())?;
    let db = server::prepare_database(&config.effective_database_url())
        .await
        .map_err(|e| e.to_string())?;
    let system = server::engine::accounts::caller::system(&db)
        .await
        .map_err(|e| e.to_string())?;
    let drivers = server::hypervisor::Drivers::default();
    let report =
        server::topology::apply(&db, &drivers, &system, &topology, |line| println!("{line}"))
            .await
            .map_err(|e| e.to_string())?;
    println!("{} created, {} already there", report.created, report.kept);
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested; finishing open requests");
}
