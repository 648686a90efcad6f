//! The database handle: sea-orm's pool, the table cache and, on SQLite, one writer connection that every write
//! queues for.
//!
//! SQLite lets one writer in at a time. When pooled connections race for its lock, the losers sleep in SQLite's busy
//! handler (1, 2, 5, 10… ms, however soon the lock frees), and a deferred transaction that read first may fail with
//! SQLITE_BUSY when it later writes. So on SQLite every write — a transaction, which begins IMMEDIATE, or a single
//! statement outside one — goes through a pool of exactly one connection, whose waiters are served in order and woken
//! the moment the previous writer is done, while reads outside a transaction use the other pool and never wait for a
//! writer. MySQL and PostgreSQL use one pool for everything.

use super::cache::TableCache;
use super::entity::{configuration, role_permission};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    ExecResult, IsolationLevel, QueryResult, SqliteTransactionMode, Statement, TransactionError,
    TransactionOptions, TransactionSession, TransactionTrait,
};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// The pools and the table cache; clones share them.
#[derive(Clone, Debug)]
pub struct Db {
    conn: DatabaseConnection,
    /// SQLite only: the one connection writes go through.
    writer: Option<DatabaseConnection>,
    cache: Arc<TableCache>,
}

impl Db {
    /// One pool for everything (MySQL, PostgreSQL).
    pub fn new(conn: DatabaseConnection) -> Self {
        Db {
            conn,
            writer: None,
            cache: Arc::default(),
        }
    }

    /// SQLite: `readers` for reads outside transactions, `writer` (a pool of one) for the rest.
    pub fn with_writer(readers: DatabaseConnection, writer: DatabaseConnection) -> Self {
        Db {
            writer: Some(writer),
            ..Db::new(readers)
        }
    }

    /// Every configuration override row, at most [`super::cache::FRESH_FOR`] old.
    pub async fn configuration(&self) -> Result<Arc<Vec<configuration::Model>>, DbErr> {
        self.cache.configuration(&self.conn).await
    }

    /// A role's permission rules in checking order, at most [`super::cache::FRESH_FOR`] old.
    pub async fn role_rules(
        &self,
        role_id: i64,
    ) -> Result<Arc<Vec<role_permission::Model>>, DbErr> {
        self.cache.role_rules(&self.conn, role_id).await
    }

    /// Drops the cached tables: called after this server changes settings or role rules.
    pub fn forget_cached(&self) {
        self.cache.forget();
    }

    /// The pool that writes, for what needs sea-orm's own type (migrations).
    pub fn pool(&self) -> &DatabaseConnection {
        self.writes()
    }

    pub async fn close(self) -> Result<(), DbErr> {
        if let Some(writer) = self.writer {
            writer.close().await?;
        }
        self.conn.close().await
    }

    fn writes(&self) -> &DatabaseConnection {
        self.writer.as_ref().unwrap_or(&self.conn)
    }

    fn runs(&self, sql: &str) -> &DatabaseConnection {
        if only_reads(sql) {
            &self.conn
        } else {
            self.writes()
        }
    }
}

/// Whether a statement only reads (sea-orm runs INSERT … RETURNING through the query methods too).
fn only_reads(sql: &str) -> bool {
    let head = sql.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
    head.get(..6)
        .is_some_and(|word| word.eq_ignore_ascii_case("select"))
}

#[async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.runs(&stmt.sql).execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.runs(sql).execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.runs(&stmt.sql).query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.runs(&stmt.sql).query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.conn.support_returning()
    }
}

/// A transaction begun through [`Db`] (on SQLite, on the writer connection).
pub struct DbTxn {
    txn: DatabaseTransaction,
}

#[async_trait::async_trait]
impl ConnectionTrait for DbTxn {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

impl DbTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

#[async_trait::async_trait]
impl TransactionSession for DbTxn {
    async fn commit(self) -> Result<(), DbErr> {
        DbTxn::commit(self).await
    }

    async fn rollback(self) -> Result<(), DbErr> {
        DbTxn::rollback(self).await
    }
}

/// Runs `callback` in `txn`, committing on Ok and rolling back on Err (sea-orm's `transaction` contract).
async fn run_in<F, T, E>(txn: DbTxn, callback: F) -> Result<T, TransactionError<E>>
where
    F: for<'c> FnOnce(&'c DbTxn) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>> + Send,
    T: Send,
    E: std::fmt::Display + std::fmt::Debug + Send,
{
    match callback(&txn).await {
        Ok(value) => {
            txn.commit().await.map_err(TransactionError::Connection)?;
            Ok(value)
        }
        Err(e) => {
            txn.rollback().await.map_err(TransactionError::Connection)?;
            Err(TransactionError::Transaction(e))
        }
    }
}

#[async_trait::async_trait]
impl TransactionTrait for Db {
    type Transaction = DbTxn;

    async fn begin(&self) -> Result<DbTxn, DbErr> {
        self.begin_with_options(TransactionOptions::default()).await
    }

    async fn begin_with_config(
        &self,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<DbTxn, DbErr> {
        self.begin_with_options(TransactionOptions {
            isolation_level,
            access_mode,
            sqlite_transaction_mode: None,
        })
        .await
    }

    async fn begin_with_options(&self, options: TransactionOptions) -> Result<DbTxn, DbErr> {
        // Nobody else in this process writes meanwhile, so taking SQLite's lock at BEGIN costs nothing, and a
        // transaction that reads before it writes can no longer fail to upgrade its lock.
        let options = match self.writer {
            Some(_) => TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..options
            },
            None => options,
        };
        Ok(DbTxn {
            txn: self.writes().begin_with_options(options).await?,
        })
    }

    async fn transaction<F, T, E>(&self, callback: F) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(&'c DbTxn) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>
            + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        let txn = self.begin().await.map_err(TransactionError::Connection)?;
        run_in(txn, callback).await
    }

    async fn transaction_with_config<F, T, E>(
        &self,
        callback: F,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(&'c DbTxn) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>
            + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        let txn = self
            .begin_with_config(isolation_level, access_mode)
            .await
            .map_err(TransactionError::Connection)?;
        run_in(txn, callback).await
    }
}

/// Savepoints inside a transaction.
#[async_trait::async_trait]
impl TransactionTrait for DbTxn {
    type Transaction = DbTxn;

    async fn begin(&self) -> Result<DbTxn, DbErr> {
        Ok(DbTxn {
            txn: self.txn.begin().await?,
        })
    }

    async fn begin_with_config(
        &self,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<DbTxn, DbErr> {
        Ok(DbTxn {
            txn: self
                .txn
                .begin_with_config(isolation_level, access_mode)
                .await?,
        })
    }

    async fn begin_with_options(&self, options: TransactionOptions) -> Result<DbTxn, DbErr> {
        Ok(DbTxn {
            txn: self.txn.begin_with_options(options).await?,
        })
    }

    async fn transaction<F, T, E>(&self, callback: F) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(&'c DbTxn) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>
            + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        let txn = self.begin().await.map_err(TransactionError::Connection)?;
        run_in(txn, callback).await
    }

    async fn transaction_with_config<F, T, E>(
        &self,
        callback: F,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(&'c DbTxn) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>
            + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        let txn = self
            .begin_with_config(isolation_level, access_mode)
            .await
            .map_err(TransactionError::Connection)?;
        run_in(txn, callback).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_selects_go_to_the_readers() {
        assert!(only_reads("SELECT * FROM vm_instance"));
        assert!(only_reads("  (select 1)"));
        assert!(!only_reads(
            "INSERT INTO event (id) VALUES (1) RETURNING id"
        ));
        assert!(!only_reads("UPDATE host SET cpu_used_mhz = 1"));
        assert!(!only_reads("WITH x AS (SELECT 1) DELETE FROM t"));
        assert!(!only_reads("sel"));
    }
}
