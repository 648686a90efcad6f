//! The `nimbus` binary itself: help text and the database subcommands.

use crate::support::fresh_dbs;
use std::process::Command;

fn nimbus() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nimbus"));
    for (key, _) in std::env::vars() {
        if key.starts_with("NIMBUS_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

#[test]
fn help_lists_every_flag_and_command() {
    let out = nimbus().arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--listen",
        "NIMBUS_LISTEN",
        "--data-dir",
        "NIMBUS_DATA_DIR",
        "--database-url",
        "NIMBUS_DATABASE_URL",
        "--log",
        "NIMBUS_LOG",
        "--site-dir",
        "serve",
        "db",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}:\n{help}");
    }
    let db_help =
        String::from_utf8(nimbus().args(["db", "--help"]).output().unwrap().stdout).unwrap();
    for needle in ["migrate", "status", "reset"] {
        assert!(
            db_help.contains(needle),
            "db --help lacks {needle}:\n{db_help}"
        );
    }
}

#[tokio::test]
async fn db_commands_migrate_report_and_reset_only_when_confirmed() {
    for db in fresh_dbs().await {
        let label = db.label();
        let run = |args: &[&str]| {
            nimbus()
                .args(["--database-url", &db.url])
                .args(args)
                .output()
                .unwrap()
        };

        let status = run(&["db", "status"]);
        assert!(
            status.status.success(),
            "{label}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        assert!(
            String::from_utf8_lossy(&status.stdout).contains("pending m20261125_000001_accounts"),
            "{label}"
        );

        let migrate = run(&["db", "migrate"]);
        assert!(
            migrate.status.success(),
            "{label}: {}",
            String::from_utf8_lossy(&migrate.stderr)
        );
        assert!(
            String::from_utf8_lossy(&run(&["db", "status"]).stdout)
                .contains("applied m20261125_000001_accounts")
        );

        let refused = run(&["db", "reset"]);
        assert!(
            !refused.status.success(),
            "{label}: reset without --yes must refuse"
        );
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains("--yes"),
            "{label}"
        );

        let reset = run(&["db", "reset", "--yes"]);
        assert!(
            reset.status.success(),
            "{label}: {}",
            String::from_utf8_lossy(&reset.stderr)
        );
        let conn = server::db::connect(&db.url).await.unwrap();
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let admin = server::db::entity::user::Entity::find()
            .filter(server::db::entity::user::Column::Username.eq("admin"))
            .one(&conn)
            .await
            .unwrap();
        assert!(admin.is_some(), "{label}: admin exists after reset");
        conn.close().await.unwrap();
    }
}
