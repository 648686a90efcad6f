//! Background copies of registered images onto local image stores: progress, size and checksum into `template_zone`.

use super::validate::{self, Algorithm, Checksum, Hasher, Source};
use super::{DOWNLOAD_ERROR, DOWNLOAD_IN_PROGRESS, DOWNLOADED};
use crate::db::Db;
use crate::db::entity::{template_zone, vm_template};
use crate::engine::EngineError;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use std::path::PathBuf;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Bytes read per step; progress is recorded at most once per whole percent.
const CHUNK: usize = 1 << 20;

/// One copy to make: the `template_zone` row `copy_id` of template `template_id`, from `source` into `file`.
#[derive(Clone, Debug)]
pub struct CopyJob {
    pub copy_id: i64,
    pub template_id: i64,
    pub source: Source,
    /// `<store>/template/tmpl/<account id>/<template id>/<file name>`.
    pub file: PathBuf,
    /// The checksum the user gave, to verify; without one an MD5 is computed and recorded.
    pub expected: Option<Checksum>,
}

/// Starts the copy on the runtime; the request that registered the image does not wait for it.
pub fn start(db: Db, job: CopyJob) {
    tokio::spawn(async move {
        run(&db, &job).await;
    });
}

/// Restarts the copies this management server (`msid`) left unfinished when it stopped; returns how many.
pub async fn resume(db: &Db, msid: i64) -> Result<usize, EngineError> {
    let unfinished = template_zone::Entity::find()
        .filter(template_zone::Column::DownloadState.eq(DOWNLOAD_IN_PROGRESS))
        .filter(template_zone::Column::CopierMsid.eq(msid))
        .filter(template_zone::Column::Removed.is_null())
        .all(db)
        .await?;
    let mut resumed = 0;
    for copy in unfinished {
        let Some(template) = vm_template::Entity::find_by_id(copy.template_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let job = template
            .url
            .as_deref()
            .and_then(|u| validate::source(u).ok())
            .zip(copy.install_path.clone());
        let Some((source, file)) = job else {
            let job = CopyJob {
                copy_id: copy.id,
                template_id: template.id,
                source: Source::File(String::new()),
                file: PathBuf::new(),
                expected: None,
            };
            record_error(db, &job, "the image URL or target file was lost").await;
            continue;
        };
        // A checksum recorded earlier (given, or computed by another zone's copy) is the one to match.
        let expected = template
            .checksum
            .as_deref()
            .and_then(|c| Checksum::parse(c).ok());
        start(
            db.clone(),
            CopyJob {
                copy_id: copy.id,
                template_id: template.id,
                source,
                file: PathBuf::from(file),
                expected,
            },
        );
        resumed += 1;
    }
    Ok(resumed)
}

/// Why a copy stopped early.
enum Stop {
    /// The copy (or its template) was deleted meanwhile.
    Deleted,
    Failed(String),
}

async fn run(db: &Db, job: &CopyJob) {
    let algorithm = job
        .expected
        .as_ref()
        .map(|c| c.algorithm)
        .unwrap_or(Algorithm::Md5);
    match copy(db, job, algorithm).await {
        Ok((size, digest)) => finish(db, job, size, digest, algorithm).await,
        Err(Stop::Deleted) => remove_files(job).await,
        Err(Stop::Failed(reason)) => {
            tracing::warn!(copy = job.copy_id, %reason, "image download failed");
            remove_files(job).await;
            record_error(db, job, &reason).await;
        }
    }
}

/// An open source of bytes.
enum Reader {
    File(tokio::fs::File),
    Http(reqwest::Response),
}

impl Reader {
    /// Opens `source`; also returns its length when known.
    async fn open(source: &Source) -> Result<(Reader, Option<u64>), String> {
        match source {
            Source::File(path) => {
                let file = tokio::fs::File::open(path)
                    .await
                    .map_err(|e| format!("cannot open {path}: {e}"))?;
                let meta = file
                    .metadata()
                    .await
                    .map_err(|e| format!("cannot read {path}: {e}"))?;
                if !meta.is_file() {
                    return Err(format!("{path} is not a regular file"));
                }
                Ok((Reader::File(file), Some(meta.len())))
            }
            Source::Http(url) => {
                let response = reqwest::get(url.as_str())
                    .await
                    .map_err(|e| format!("cannot fetch {url}: {e}"))?;
                if !response.status().is_success() {
                    return Err(format!("{url} answered HTTP {}", response.status()));
                }
                let length = response.content_length();
                Ok((Reader::Http(response), length))
            }
        }
    }

    async fn next(&mut self, buf: &mut Vec<u8>) -> Result<bool, String> {
        buf.clear();
        match self {
            Reader::File(file) => {
                buf.resize(CHUNK, 0);
                let n = file
                    .read(buf)
                    .await
                    .map_err(|e| format!("read failed: {e}"))?;
                buf.truncate(n);
                Ok(n > 0)
            }
            Reader::Http(response) => match response.chunk().await {
                Ok(Some(bytes)) => {
                    buf.extend_from_slice(&bytes);
                    Ok(true)
                }
                Ok(None) => Ok(false),
                Err(e) => Err(format!("transfer failed: {e}")),
            },
        }
    }
}

/// Copies the bytes, hashing them; returns the size and the hex digest.
async fn copy(db: &Db, job: &CopyJob, algorithm: Algorithm) -> Result<(u64, String), Stop> {
    let (mut reader, length) = Reader::open(&job.source).await.map_err(Stop::Failed)?;
    if let Some(dir) = job.file.parent() {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| Stop::Failed(format!("cannot create {}: {e}", dir.display())))?;
    }
    let mut out = tokio::fs::File::create(&job.file)
        .await
        .map_err(|e| Stop::Failed(format!("cannot create {}: {e}", job.file.display())))?;
    let mut hasher = Hasher::new(algorithm);
    let mut buf = Vec::with_capacity(CHUNK);
    let (mut done, mut shown_pct) = (0u64, 0i32);
    while reader.next(&mut buf).await.map_err(Stop::Failed)? {
        hasher.update(&buf);
        out.write_all(&buf)
            .await
            .map_err(|e| Stop::Failed(format!("cannot write {}: {e}", job.file.display())))?;
        done += buf.len() as u64;
        let pct = match length {
            Some(total) if total > 0 => i32::try_from(done.saturating_mul(100) / total)
                .unwrap_or(100)
                .min(99),
            _ => 0,
        };
        if pct > shown_pct {
            shown_pct = pct;
            if !update_progress(db, job.copy_id, pct).await? {
                return Err(Stop::Deleted);
            }
        }
    }
    out.flush()
        .await
        .map_err(|e| Stop::Failed(format!("cannot write {}: {e}", job.file.display())))?;
    Ok((done, hasher.finish()))
}

/// Records progress; false when the copy is gone.
async fn update_progress(db: &Db, copy_id: i64, pct: i32) -> Result<bool, Stop> {
    let res = template_zone::Entity::update_many()
        .col_expr(template_zone::Column::DownloadPct, Expr::value(pct))
        .filter(template_zone::Column::Id.eq(copy_id))
        .filter(template_zone::Column::Removed.is_null())
        .exec(db)
        .await
        .map_err(|e| Stop::Failed(format!("cannot record progress: {e}")))?;
    Ok(res.rows_affected > 0)
}

async fn finish(db: &Db, job: &CopyJob, size: u64, digest: String, algorithm: Algorithm) {
    if let Some(expected) = &job.expected
        && expected.hex != digest
    {
        remove_files(job).await;
        let computed = Checksum {
            algorithm,
            hex: digest,
            prefixed: expected.prefixed,
        };
        record_error(
            db,
            job,
            &format!(
                "checksum mismatch: expected {}, the downloaded file has {}",
                expected.render(),
                computed.render()
            ),
        )
        .await;
        return;
    }
    let size = i64::try_from(size).unwrap_or(i64::MAX);
    match record_done(db, job, size, digest).await {
        Ok(true) => {}
        Ok(false) => {
            remove_files(job).await;
            return;
        }
        Err(e) => {
            tracing::error!(copy = job.copy_id, "cannot record a finished download: {e}");
            return;
        }
    }
    tracing::info!(copy = job.copy_id, size, file = %job.file.display(), "image downloaded");
}

/// Marks the copy complete and records the template's size and checksum in one transaction, so no reader sees a
/// ready copy without them; false when the copy was deleted meanwhile.
async fn record_done(
    db: &Db,
    job: &CopyJob,
    size: i64,
    digest: String,
) -> Result<bool, sea_orm::DbErr> {
    let txn = db.begin().await?;
    let done = template_zone::Entity::update_many()
        .col_expr(
            template_zone::Column::DownloadState,
            Expr::value(DOWNLOADED),
        )
        .col_expr(template_zone::Column::DownloadPct, Expr::value(100))
        .col_expr(template_zone::Column::SizeBytes, Expr::value(size))
        .col_expr(
            template_zone::Column::StatusText,
            Expr::value(None::<String>),
        )
        .filter(template_zone::Column::Id.eq(job.copy_id))
        .filter(template_zone::Column::Removed.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        txn.rollback().await?;
        return Ok(false);
    }
    // The template's size is its file's; an unset checksum becomes the computed MD5, as CloudStack records it.
    vm_template::Entity::update_many()
        .col_expr(vm_template::Column::SizeBytes, Expr::value(size))
        .filter(vm_template::Column::Id.eq(job.template_id))
        .exec(&txn)
        .await?;
    if job.expected.is_none() {
        vm_template::Entity::update_many()
            .col_expr(vm_template::Column::Checksum, Expr::value(digest))
            .filter(vm_template::Column::Id.eq(job.template_id))
            .filter(vm_template::Column::Checksum.is_null())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(true)
}

async fn record_error(db: &Db, job: &CopyJob, reason: &str) {
    let res = template_zone::Entity::update_many()
        .col_expr(
            template_zone::Column::DownloadState,
            Expr::value(DOWNLOAD_ERROR),
        )
        .col_expr(
            template_zone::Column::StatusText,
            Expr::value(reason.to_string()),
        )
        .filter(template_zone::Column::Id.eq(job.copy_id))
        .filter(template_zone::Column::Removed.is_null())
        .exec(db)
        .await;
    if let Err(e) = res {
        tracing::error!(copy = job.copy_id, "cannot record a failed download: {e}");
    }
}

/// Removes the copy's directory (`…/<template id>/`), which holds nothing else.
async fn remove_files(job: &CopyJob) {
    if let Some(dir) = job.file.parent() {
        remove_dir(dir).await;
    }
}

/// Removes `dir` and what it holds; a missing directory is fine.
pub async fn remove_dir(dir: &std::path::Path) {
    match tokio::fs::remove_dir_all(dir).await {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!(dir = %dir.display(), "cannot remove image files: {e}"),
    }
}
