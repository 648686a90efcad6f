//! `vm_list_count`: live VM counts per (account, VM type, destroyed), kept by triggers, so listVirtualMachines'
//! total is a few-row sum instead of a scan of every VM.
//!
//! The triggers see every write (the engine's, a second management server's, an operator's SQL), so the counts
//! cannot drift from the rows. A row counts while `removed` is NULL; `destroyed` is 1 for state Destroyed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum VmListCount {
    Table,
    AccountId,
    VmType,
    Destroyed,
    N,
}

const SQLITE_TRIGGERS: [&str; 3] = [
    "CREATE TRIGGER vm_list_count_insert AFTER INSERT ON vm_instance WHEN NEW.removed IS NULL
     BEGIN
       INSERT INTO vm_list_count (account_id, vm_type, destroyed, n)
         VALUES (NEW.account_id, NEW.vm_type, NEW.state = 'Destroyed', 1)
         ON CONFLICT (account_id, vm_type, destroyed) DO UPDATE SET n = n + 1;
     END",
    "CREATE TRIGGER vm_list_count_delete AFTER DELETE ON vm_instance WHEN OLD.removed IS NULL
     BEGIN
       UPDATE vm_list_count SET n = n - 1
         WHERE account_id = OLD.account_id AND vm_type = OLD.vm_type AND destroyed = (OLD.state = 'Destroyed');
     END",
    "CREATE TRIGGER vm_list_count_update AFTER UPDATE OF account_id, vm_type, state, removed ON vm_instance
     WHEN (OLD.removed IS NULL) != (NEW.removed IS NULL) OR OLD.account_id != NEW.account_id
       OR OLD.vm_type != NEW.vm_type OR (OLD.state = 'Destroyed') != (NEW.state = 'Destroyed')
     BEGIN
       UPDATE vm_list_count SET n = n - 1
         WHERE OLD.removed IS NULL AND account_id = OLD.account_id AND vm_type = OLD.vm_type
           AND destroyed = (OLD.state = 'Destroyed');
       INSERT INTO vm_list_count (account_id, vm_type, destroyed, n)
         SELECT NEW.account_id, NEW.vm_type, NEW.state = 'Destroyed', 1 WHERE NEW.removed IS NULL
         ON CONFLICT (account_id, vm_type, destroyed) DO UPDATE SET n = n + 1;
     END",
];

// PostgreSQL and MySQL lock counter rows: both change the lower key first, so two transactions moving VMs in
// opposite directions (destroy and recover) cannot deadlock on them.
const POSTGRES_TRIGGERS: [&str; 2] = [
    "CREATE OR REPLACE FUNCTION vm_list_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE
       old_counts boolean := TG_OP <> 'INSERT' AND OLD.removed IS NULL;
       new_counts boolean := TG_OP <> 'DELETE' AND NEW.removed IS NULL;
       old_destroyed smallint;
       new_destroyed smallint;
     BEGIN
       IF old_counts THEN old_destroyed := (OLD.state = 'Destroyed')::int; END IF;
       IF new_counts THEN new_destroyed := (NEW.state = 'Destroyed')::int; END IF;
       IF TG_OP = 'UPDATE' AND old_counts = new_counts AND (NOT old_counts OR (OLD.account_id = NEW.account_id
          AND OLD.vm_type = NEW.vm_type AND old_destroyed = new_destroyed)) THEN
         RETURN NULL;
       END IF;
       IF new_counts AND (NOT old_counts OR (NEW.account_id, NEW.vm_type, new_destroyed)
          < (OLD.account_id, OLD.vm_type, old_destroyed)) THEN
         INSERT INTO vm_list_count (account_id, vm_type, destroyed, n)
           VALUES (NEW.account_id, NEW.vm_type, new_destroyed, 1)
           ON CONFLICT (account_id, vm_type, destroyed) DO UPDATE SET n = vm_list_count.n + 1;
         new_counts := false;
       END IF;
       IF old_counts THEN
         UPDATE vm_list_count SET n = n - 1
           WHERE account_id = OLD.account_id AND vm_type = OLD.vm_type AND destroyed = old_destroyed;
       END IF;
       IF new_counts THEN
         INSERT INTO vm_list_count (account_id, vm_type, destroyed, n)
           VALUES (NEW.account_id, NEW.vm_type, new_destroyed, 1)
           ON CONFLICT (account_id, vm_type, destroyed) DO UPDATE SET n = vm_list_count.n + 1;
       END IF;
       RETURN NULL;
     END $$",
    "CREATE TRIGGER vm_list_count AFTER INSERT OR DELETE OR UPDATE OF account_id, vm_type, state, removed
     ON vm_instance FOR EACH ROW EXECUTE FUNCTION vm_list_count_apply()",
];

const MYSQL_TRIGGERS: [&str; 3] = [
    "CREATE TRIGGER vm_list_count_insert AFTER INSERT ON vm_instance FOR EACH ROW
     BEGIN
       IF NEW.removed IS NULL THEN
         INSERT INTO vm_list_count (account_id, vm_type, destroyed, n)
           VALUES (NEW.account_id, NEW.vm_type, NEW.state = 'Destroyed', 1)
           ON DUPLICATE KEY UPDATE n = n + 1;
       END IF;
     END",
    "CREATE TRIGGER vm_list_count_delete AFTER DELETE ON vm_instance FOR EACH ROW
     BEGIN
       IF OLD.removed IS NULL THEN
         UPDATE vm_list_count SET n = n - 1
           WHERE account_id = OLD.account_id AND vm_type = OLD.vm_type AND destroyed = (OLD.state = 'Destroyed');
       END IF;
     END",
    "CREATE TRIGGER vm_list_count_update AFTER UPDATE ON vm_instance FOR EACH ROW
     BEGIN
       DECLARE old_counts BOOLEAN DEFAULT OLD.removed IS NULL;
       DECLARE new_counts BOOLEAN DEFAULT NEW.removed IS NULL;
       DECLARE old_destroyed SMALLINT DEFAULT OLD.state = 'Destroyed';
       DECLARE new_destroyed SMALLINT DEFAULT NEW.state = 'Destroyed';
       IF NOT (old_counts = new_counts AND (NOT old_counts OR (OLD.account_id = NEW.account_id
           AND OLD.vm_type = NEW.vm_type AND old_destroyed = new_destroyed))) THEN
         IF new_counts AND (NOT old_counts OR (NEW.account_id, NEW.vm_type, new_destroyed)
             < (OLD.account_id, OLD.vm_type, old_destroyed)) THEN
           INSERT INTO vm_list_count (account_id, vm_type, destroyed, n)
             VALUES (NEW.account_id, NEW.vm_type, new_destroyed, 1)
             ON DUPLICATE KEY UPDATE n = n + 1;
           SET new_counts = FALSE;
         END IF;
         IF old_counts THEN
           UPDATE vm_list_count SET n = n - 1
             WHERE account_id = OLD.account_id AND vm_type = OLD.vm_type AND destroyed = old_destroyed;
         END IF;
         IF new_counts THEN
           INSERT INTO vm_list_count (account_id, vm_type, destroyed, n)
             VALUES (NEW.account_id, NEW.vm_type, new_destroyed, 1)
             ON DUPLICATE KEY UPDATE n = n + 1;
         END IF;
       END IF;
     END",
];

/// The counts of the rows already there.
const BACKFILL: &str = "INSERT INTO vm_list_count (account_id, vm_type, destroyed, n)
  SELECT account_id, vm_type, CASE WHEN state = 'Destroyed' THEN 1 ELSE 0 END, COUNT(*)
  FROM vm_instance WHERE removed IS NULL
  GROUP BY account_id, vm_type, CASE WHEN state = 'Destroyed' THEN 1 ELSE 0 END";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(VmListCount::Table)
                    .col(
                        ColumnDef::new(VmListCount::AccountId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(VmListCount::VmType)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(VmListCount::Destroyed)
                            .small_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(VmListCount::N).big_integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(VmListCount::AccountId)
                            .col(VmListCount::VmType)
                            .col(VmListCount::Destroyed),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(BACKFILL).await?;
        let triggers: &[&str] = match db.get_database_backend() {
            DatabaseBackend::Sqlite => &SQLITE_TRIGGERS,
            DatabaseBackend::Postgres => &POSTGRES_TRIGGERS,
            _ => &MYSQL_TRIGGERS,
        };
        for sql in triggers {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let drops: &[&str] = match db.get_database_backend() {
            DatabaseBackend::Postgres => &[
                "DROP TRIGGER IF EXISTS vm_list_count ON vm_instance",
                "DROP FUNCTION IF EXISTS vm_list_count_apply()",
            ],
            _ => &[
                "DROP TRIGGER IF EXISTS vm_list_count_insert",
                "DROP TRIGGER IF EXISTS vm_list_count_delete",
                "DROP TRIGGER IF EXISTS vm_list_count_update",
            ],
        };
        for sql in drops {
            db.execute_unprepared(sql).await?;
        }
        manager
            .drop_table(Table::drop().table(VmListCount::Table).to_owned())
            .await
    }
}
