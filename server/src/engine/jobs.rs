//! Asynchronous jobs: the job row's life (submitted, succeeded, failed) and recovery after a crash.

use crate::db::entity::async_job;
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::accounts::scope::{ListScope, permitted_accounts};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, sea_query::Expr,
};
use serde_json::Value;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{Notify, Semaphore};

pub const IN_PROGRESS: i16 = 0;
pub const SUCCEEDED: i16 = 1;
pub const FAILED: i16 = 2;

/// Records a new job for `command` run by `caller`, owned by management server `msid`.
pub async fn submit<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    command: &str,
    params: &Value,
    instance: Option<(&str, &str)>,
    msid: i64,
) -> Result<async_job::Model, EngineError> {
    let now = chrono::Utc::now().naive_utc();
    Ok(async_job::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        user_id: Set(caller.user_id),
        account_id: Set(caller.account_id),
        cmd: Set(command.to_string()),
        params: Set(params.to_string()),
        status: Set(IN_PROGRESS),
        process_status: Set(0),
        result_code: Set(0),
        result_type: Set(None),
        result: Set(None),
        instance_type: Set(instance.map(|(t, _)| t.to_string())),
        instance_id: Set(instance.map(|(_, id)| id.to_string())),
        msid: Set(Some(msid)),
        created: Set(now),
        last_updated: Set(now),
        completed: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Finishes a job: `Ok(result object)` or `Err((error code, error text))`. Only an in-progress job changes.
pub async fn finish<C: ConnectionTrait>(
    db: &C,
    job_id: i64,
    outcome: Result<Value, (u16, String)>,
) -> Result<(), EngineError> {
    let now = chrono::Utc::now().naive_utc();
    let (status, code, result) = match outcome {
        Ok(value) => (SUCCEEDED, 0, value),
        Err((code, text)) => (
            FAILED,
            i32::from(code),
            serde_json::json!({ "errorcode": code, "errortext": text }),
        ),
    };
    async_job::Entity::update_many()
        .col_expr(async_job::Column::Status, Expr::value(status))
        .col_expr(async_job::Column::ResultCode, Expr::value(code))
        .col_expr(async_job::Column::ResultType, Expr::value("object"))
        .col_expr(async_job::Column::Result, Expr::value(result.to_string()))
        .col_expr(async_job::Column::LastUpdated, Expr::value(now))
        .col_expr(async_job::Column::Completed, Expr::value(now))
        .filter(async_job::Column::Id.eq(job_id))
        .filter(async_job::Column::Status.eq(IN_PROGRESS))
        .exec(db)
        .await?;
    Ok(())
}

/// Fails the jobs that management server `msid` left in progress when it stopped: nothing resumes them.
pub async fn fail_orphans<C: ConnectionTrait>(db: &C, msid: i64) -> Result<u64, EngineError> {
    let now = chrono::Utc::now().naive_utc();
    let result = serde_json::json!({
        "errorcode": 530,
        "errortext": "The management server running this job stopped before it finished; run the command again",
    });
    let res = async_job::Entity::update_many()
        .col_expr(async_job::Column::Status, Expr::value(FAILED))
        .col_expr(async_job::Column::ResultCode, Expr::value(530))
        .col_expr(async_job::Column::ResultType, Expr::value("object"))
        .col_expr(async_job::Column::Result, Expr::value(result.to_string()))
        .col_expr(async_job::Column::LastUpdated, Expr::value(now))
        .col_expr(async_job::Column::Completed, Expr::value(now))
        .filter(async_job::Column::Status.eq(IN_PROGRESS))
        .filter(async_job::Column::Msid.eq(msid))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// The job worker pool: at most `size` jobs run at once; the rest wait for a permit.
#[derive(Clone)]
pub struct Workers {
    permits: Arc<Semaphore>,
    running: Arc<AtomicUsize>,
    idle: Arc<Notify>,
}

impl Workers {
    pub fn new(size: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(size.max(1))),
            running: Arc::new(AtomicUsize::new(0)),
            idle: Arc::new(Notify::new()),
        }
    }

    /// Runs `job` on the pool.
    pub fn spawn(&self, job: impl Future<Output = ()> + Send + 'static) {
        self.running.fetch_add(1, Ordering::SeqCst);
        let (permits, running, idle) = (
            self.permits.clone(),
            self.running.clone(),
            self.idle.clone(),
        );
        tokio::spawn(async move {
            // The semaphore is never closed, so acquiring only waits.
            let _permit = permits.acquire_owned().await;
            job.await;
            if running.fetch_sub(1, Ordering::SeqCst) == 1 {
                idle.notify_waiters();
            }
        });
    }

    /// Resolves once no job is queued or running (tests drive jobs to idle instead of sleeping).
    pub async fn wait_idle(&self) {
        loop {
            let notified = self.idle.notified();
            if self.running.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

/// Filters of listAsyncJobs.
#[derive(Clone, Debug, Default)]
pub struct JobFilter {
    /// Jobs created at or after this time.
    pub start: Option<chrono::NaiveDateTime>,
    /// Part of the command name.
    pub keyword: Option<String>,
    pub scope: ListScope,
    /// (offset, limit)
    pub page: Option<(u64, u64)>,
}

/// listAsyncJobs: jobs the caller may see, oldest first (as CloudStack orders them), and how many match in all.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    f: &JobFilter,
) -> Result<(u64, Vec<async_job::Model>), EngineError> {
    let mut q = async_job::Entity::find();
    if let Some(accounts) = permitted_accounts(db, caller, &f.scope).await? {
        q = q.filter(async_job::Column::AccountId.is_in(accounts));
    }
    if let Some(start) = f.start {
        q = q.filter(async_job::Column::Created.gte(start));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(async_job::Column::Cmd.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(async_job::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}
