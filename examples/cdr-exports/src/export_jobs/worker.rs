//! The background worker: claims export jobs from the durable `export_jobs` table, runs each export's
//! stored `filters` over `cdrs` through the framework (`ResourceQuery<Cdr>`), writes a gzipped CSV into the data
//! directory and marks the export `Completed` (with `rows-count`) or `Failed`.
//!
//! A claim is one `UPDATE ... RETURNING` that takes a lease (`locked_by`, `locked_until`, `attempts + 1`);
//! on PostgreSQL the candidate row is locked with `FOR UPDATE SKIP LOCKED`, so two servers sharing a
//! database never claim one job at once. A job whose worker died is claimed again once its lease has
//! expired.
//!
//! While an export runs, its lease is renewed every third of the lease, so an export may take longer
//! than the lease. `locked_by` and `attempts` together name one claim: every renewal and the recording of
//! the outcome are fenced on them. A worker that finds its claim gone (its lease expired, say while the
//! database was unreachable, and another worker took the job) abandons the export and records nothing;
//! the worker holding the claim records the outcome. The file is written under a name of its own run and
//! renamed into place when complete, so two runs never mix their rows and a partial file is never served.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;
use jsonapi_filter::{ErrorObject, FilterEnum, Resource, ResourceQuery, Scope, ValueKind};
use sea_query::Order;
use serde_json::Value;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;
use uuid::Uuid;

use crate::resource::{ALLOWED_EXPORT_FILTERS, Cdr, CdrExport, CdrExportStatus, TimeFormat};
use crate::store::{ColumnReader, Store, cdr_from_row, row_reader};

/// How long a claimed job stays leased to its worker without a renewal; a running export renews it every
/// third of this.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(60);

/// The file of an export in the data directory: `<id>.csv.gz`.
pub fn export_file_path(data_dir: &Path, id: Uuid) -> PathBuf {
    data_dir.join(format!("{id}.csv.gz"))
}

/// The framework query over `cdrs` of an export's stored `filters` (`{"time_start_gteq": "...", ...}`),
/// or the problems as 422 error objects pointing at each offending key.
pub fn cdr_query(filters: &Value) -> Result<ResourceQuery<Cdr>, Vec<ErrorObject>> {
    let Some(given) = filters.as_object() else {
        return Err(vec![
            ErrorObject::new(
                422,
                "100",
                "filters - is invalid",
                "filters must be an object.",
            )
            .with_pointer("/data/attributes/filters"),
        ]);
    };
    let mut pairs = Vec::with_capacity(given.len());
    let mut wrong_type = Vec::new();
    for (key, value) in given {
        // Each value has the JSON type the API document gives it: a boolean for `success_eq`, an integer
        // for the durations, a string for the times and prefixes (an unknown key is the parser's to refuse).
        let kind = Cdr::SCHEMA.resolve_filter(key).map(|(field, _)| field.kind);
        let text = match (kind, value) {
            (Some(ValueKind::Boolean), Value::Bool(flag)) => flag.to_string(),
            (Some(ValueKind::Integer), Value::Number(number)) if number.is_i64() => {
                number.to_string()
            }
            (Some(ValueKind::Boolean | ValueKind::Integer), _) => {
                let expected = if kind == Some(ValueKind::Boolean) {
                    "true or false"
                } else {
                    "an integer"
                };
                wrong_type.push(filter_error(
                    key,
                    INVALID_FILTER,
                    format!("filters - {key} must be {expected}."),
                ));
                continue;
            }
            (_, Value::String(text)) => text.clone(),
            _ => {
                wrong_type.push(filter_error(
                    key,
                    INVALID_FILTER,
                    format!("filters - {key} must be a string."),
                ));
                continue;
            }
        };
        pairs.push((key.as_str(), text));
    }
    let pairs = pairs.iter().map(|(key, text)| (*key, text.as_str()));
    let problems = match ResourceQuery::<Cdr>::from_filter_pairs(pairs, &ALLOWED_EXPORT_FILTERS) {
        Ok(query) if wrong_type.is_empty() => return Ok(query),
        Ok(_) => Vec::new(),
        Err(problems) => problems.into_vec(),
    };
    // Keys outside the allow-list first; the values' problems then, those of the types before the framework's.
    let (refused, invalid): (Vec<_>, Vec<_>) =
        problems.iter().partition(|problem| problem.code() == "102");
    let mut errors: Vec<ErrorObject> = refused
        .iter()
        .map(|problem| {
            let key = problem.filter_key().unwrap_or("");
            filter_error(key, NOT_ALLOWED_FILTER, format!("filters - {problem}"))
        })
        .collect();
    if wrong_type.is_empty() {
        errors.extend(invalid.iter().map(|problem| {
            let key = problem.filter_key().unwrap_or("");
            filter_error(key, INVALID_FILTER, format!("filters - {problem}"))
        }));
    } else {
        errors.extend(wrong_type);
    }
    Err(errors)
}

/// The title of a stored filter key outside [`ALLOWED_EXPORT_FILTERS`].
pub const NOT_ALLOWED_FILTER: &str = "filters - not allowed";
/// The title of a stored filter value that does not fit its key.
pub const INVALID_FILTER: &str = "filters - is invalid";

/// A 422 error object on the stored filter `key`.
fn filter_error(key: &str, title: &str, detail: String) -> ErrorObject {
    let pointer = key.replace('~', "~0").replace('/', "~1");
    ErrorObject::new(422, "100", title, detail)
        .with_pointer(format!("/data/attributes/filters/{pointer}"))
}

/// The worker's configuration and its handles.
#[derive(Clone)]
pub struct Worker {
    /// The database.
    pub store: Store,
    /// Where the export files go.
    pub data_dir: PathBuf,
    /// This worker's name in `locked_by`.
    pub name: String,
    /// How long a claim lasts.
    pub lease: Duration,
    /// How often to look for jobs when not woken.
    pub poll_interval: Duration,
    /// Testing only: a pause after each row written (zero in production).
    pub row_delay: Duration,
    /// Wakes the worker when a job is enqueued.
    pub wakeup: Arc<Notify>,
}

/// A claimed job.
struct ClaimedJob {
    id: i64,
    export_id: Uuid,
    /// `attempts` after this claim: with the worker's name, it tells this claim from any later one, even
    /// by a worker of the same name.
    attempt: i64,
}

/// Why an export did not produce its file.
enum ExportFailure {
    /// The database could not be used: the job keeps its lease and is run again once it expires.
    Unavailable(sqlx::Error),
    /// The export itself cannot be run (invalid filters, no account, a file error): it is `Failed`.
    Failed(String),
    /// The worker lost its claim and stopped writing: whoever holds the job now records its outcome.
    Abandoned,
}

impl From<sqlx::Error> for ExportFailure {
    fn from(error: sqlx::Error) -> ExportFailure {
        if crate::store::is_unavailable(&error) {
            ExportFailure::Unavailable(error)
        } else {
            ExportFailure::Failed(error.to_string())
        }
    }
}

impl From<String> for ExportFailure {
    fn from(problem: String) -> ExportFailure {
        ExportFailure::Failed(problem)
    }
}

impl From<&str> for ExportFailure {
    fn from(problem: &str) -> ExportFailure {
        ExportFailure::Failed(problem.to_owned())
    }
}

impl Worker {
    /// Runs jobs until `shutdown` is cancelled; the job in progress is finished first.
    pub async fn run(self, shutdown: CancellationToken) {
        tracing::info!(worker = %self.name, "export worker started");
        loop {
            if shutdown.is_cancelled() {
                break;
            }
            match self.run_one().await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(error) => tracing::error!(%error, "export worker: database error, retrying"),
            }
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = self.wakeup.notified() => {}
                () = tokio::time::sleep(self.poll_interval) => {}
            }
        }
        tracing::info!(worker = %self.name, "export worker stopped");
    }

    /// Claims and runs one job; false when there was none.
    pub async fn run_one(&self) -> Result<bool, sqlx::Error> {
        let Some(job) = self.claim().await? else {
            return Ok(false);
        };
        let span = tracing::info_span!("export job", job_id = job.id, export_id = %job.export_id);
        self.run_and_finish(job).instrument(span).await?;
        Ok(true)
    }

    /// Runs a claimed job's export, renewing its lease meanwhile, and records the outcome on the export
    /// and the job, together, if this worker still holds the claim. When the database is unavailable
    /// nothing is recorded: the job is run again once its lease expires.
    async fn run_and_finish(&self, job: ClaimedJob) -> Result<(), sqlx::Error> {
        let abandon = CancellationToken::new();
        let export = self.run_export(&job, &abandon);
        tokio::pin!(export);
        // The renewal lives only inside this select: it is dropped the moment the export ends.
        let result = tokio::select! {
            result = &mut export => result,
            () = self.keep_lease(&job) => {
                abandon.cancel();
                // Wait for the writer to stop, so nothing of this run outlives the job.
                let _ = export.await;
                tracing::warn!(
                    worker = %self.name,
                    attempt = job.attempt,
                    "lost the lease of the job: export abandoned, no outcome recorded"
                );
                return Ok(());
            }
        };
        let outcome = match result {
            Ok(rows) => Ok(rows),
            Err(ExportFailure::Failed(problem)) => Err(problem),
            Err(ExportFailure::Unavailable(error)) => return Err(error),
            Err(ExportFailure::Abandoned) => return Ok(()),
        };
        let now = Utc::now().trunc_subsecs(3);
        let store = &self.store;
        let (status, rows_count, error) = match &outcome {
            Ok(rows) => (CdrExportStatus::Completed, Some(*rows), None),
            Err(error) => (CdrExportStatus::Failed, None, Some(error.clone())),
        };
        // The job row first: on PostgreSQL this locks it, so no claim can slip in before the commit.
        let recorded = store
            .execute_if_fence_holds(
                (
                    "UPDATE export_jobs SET finished_at = $1, locked_until = NULL, last_error = $2 \
                     WHERE id = $3 AND locked_by = $4 AND attempts = $5 AND finished_at IS NULL"
                        .to_owned(),
                    vec![
                        store.time(Some(now)),
                        error.clone().into(),
                        job.id.into(),
                        self.name.clone().into(),
                        job.attempt.into(),
                    ],
                ),
                vec![(
                    "UPDATE cdr_exports SET status = $1, rows_count = $2, updated_at = $3 \
                     WHERE id = $4 AND status = 'Pending'"
                        .to_owned(),
                    vec![
                        status.wire_value().into(),
                        rows_count.into(),
                        store.time(Some(now)),
                        store.uuid(Some(job.export_id)),
                    ],
                )],
            )
            .await?;
        match (recorded, &error) {
            (false, _) => tracing::warn!(
                worker = %self.name,
                attempt = job.attempt,
                "the job was claimed by another run before its outcome was recorded: nothing recorded"
            ),
            (true, None) => tracing::info!(rows = rows_count, "export completed"),
            (true, Some(error)) => tracing::warn!(%error, "export failed"),
        }
        Ok(())
    }

    /// Renews the job's lease every third of it; returns only once the claim is found lost (the job was
    /// claimed again or finished by another run). A renewal the database cannot answer is tried again at
    /// the next tick: if the lease expires meanwhile, another worker may take the job, which the next
    /// renewal, or the fenced finish, finds out.
    async fn keep_lease(&self, job: &ClaimedJob) {
        let every = self.lease / 3;
        loop {
            tokio::time::sleep(every).await;
            match self.renew_lease(job).await {
                Ok(true) => tracing::debug!("lease renewed"),
                Ok(false) => return,
                Err(error) => tracing::warn!(%error, "could not renew the lease, trying again"),
            }
        }
    }

    /// Extends the lease of a job this worker still holds; false when the claim is gone.
    async fn renew_lease(&self, job: &ClaimedJob) -> Result<bool, sqlx::Error> {
        let store = &self.store;
        let until = Utc::now() + self.lease_duration();
        let renewed = store
            .execute(
                "UPDATE export_jobs SET locked_until = $1 \
                 WHERE id = $2 AND locked_by = $3 AND attempts = $4 AND finished_at IS NULL",
                vec![
                    store.time(Some(until)),
                    job.id.into(),
                    self.name.clone().into(),
                    job.attempt.into(),
                ],
            )
            .await?;
        Ok(renewed == 1)
    }

    fn lease_duration(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.lease).unwrap_or(chrono::Duration::seconds(60))
    }

    /// Takes the oldest runnable job whose lease is free or expired.
    async fn claim(&self) -> Result<Option<ClaimedJob>, sqlx::Error> {
        let store = &self.store;
        let now = Utc::now();
        let lease = self.lease_duration();
        let lock = match store {
            Store::Postgres(..) => " FOR UPDATE SKIP LOCKED",
            Store::Sqlite(..) => "",
        };
        let sql = format!(
            "UPDATE export_jobs SET locked_by = $1, locked_until = $2, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM export_jobs WHERE finished_at IS NULL AND run_at <= $3 \
             AND (locked_until IS NULL OR locked_until < $3) ORDER BY run_at, id LIMIT 1{lock}) \
             RETURNING id, export_id, attempts"
        );
        let claimed = store
            .rows(
                &sql,
                sea_query_sqlx::SqlxValues(sea_query::Values(vec![
                    self.name.clone().into(),
                    store.time(Some(now + lease)),
                    store.time(Some(now)),
                ])),
                job_from_row,
                job_from_row,
            )
            .await?;
        Ok(claimed.into_iter().next())
    }

    /// Runs one export: its CDRs into `<id>.csv.gz`; the number of rows, or why it failed. Once
    /// `abandon` is cancelled the file is left alone and the answer is `Abandoned`.
    async fn run_export(
        &self,
        job: &ClaimedJob,
        abandon: &CancellationToken,
    ) -> Result<i64, ExportFailure> {
        let export_id = job.export_id;
        let store = &self.store;
        let exports = store
            .exports_where(
                "SELECT * FROM cdr_exports WHERE id = $1",
                vec![store.uuid(Some(export_id))],
            )
            .await?;
        let export = exports.into_iter().next().ok_or("the export is gone")?;
        let account_id = export.account_id.ok_or("the export has no account")?;
        let filters: Value = serde_json::from_str(export.filters.get())
            .map_err(|error| format!("The stored filters are not JSON: {error}."))?;
        let query = cdr_query(&filters).map_err(|problems| {
            problems
                .iter()
                .filter_map(|problem| problem.detail.clone())
                .collect::<Vec<_>>()
                .join(" ")
        })?;
        // Exactly the stored filters (no default: an export of every leg includes the legs that are not the
        // last of their call), within the export's account.
        let query = query.scoped(Scope::all().eq("account-id", account_id));
        let table = Cdr::SCHEMA.table;
        let mut select = sea_query::Query::select();
        select
            .column((table, sea_query::Asterisk))
            .from(table)
            .order_by((table, "time_start"), Order::Asc)
            .order_by((table, "id"), Order::Asc);
        query.apply_filters(&mut select, store.backend());
        let (sql, values) = store.backend().build_sqlx(&select);
        let cdrs = store
            .select_all(&sql, values.0, row_reader!(cdr_from_row))
            .await?;
        let path = export_file_path(&self.data_dir, export.id);
        let rows = cdrs.len() as i64;
        let row_delay = self.row_delay;
        let run = format!("{}-{}", self.name, job.attempt);
        let writing = abandon.clone();
        let written = tokio::task::spawn_blocking(move || {
            write_csv(&path, &run, &export, &cdrs, row_delay, &writing)
        })
        .await
        .map_err(|error| error.to_string())?;
        if abandon.is_cancelled() {
            return Err(ExportFailure::Abandoned);
        }
        written.map_err(|error| format!("writing the file failed: {error}"))?;
        Ok(rows)
    }
}

fn job_from_row<R: ColumnReader>(row: &R) -> Result<ClaimedJob, sqlx::Error> {
    Ok(ClaimedJob {
        id: row.integer("id")?.unwrap_or_default(),
        export_id: row.uuid("export_id")?.unwrap_or_default(),
        attempt: row.integer("attempts")?.unwrap_or_default(),
    })
}

/// A call's start in the export's zone and format.
pub fn format_call_time(instant: &DateTime<Utc>, zone: Option<&str>, format: TimeFormat) -> String {
    let zone: chrono_tz::Tz = zone
        .and_then(|name| name.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    let local = instant.with_timezone(&zone);
    match format {
        TimeFormat::WithTimezone => local.format("%Y-%m-%d %H:%M:%S%:z").to_string(),
        TimeFormat::WithoutTimezone => local.format("%Y-%m-%d %H:%M:%S%.3f").to_string(),
        TimeFormat::RoundToSeconds => local
            .round_subsecs(0)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
    }
}

/// The file one run writes before renaming it to `path`: `<id>.csv.gz.<run>.partial`, in the same
/// directory, so the rename is atomic and two runs never write into one file.
pub fn partial_file_path(path: &Path, run: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(format!(".{run}.partial"));
    path.with_file_name(name)
}

/// Removes the partial files of `path` other than this run's: they belong to earlier claims of the job
/// (a worker killed half way, or one that lost its lease), none of which can record an outcome any more.
fn remove_stale_partials(path: &Path, run: &str) {
    let (Some(directory), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let own = partial_file_path(path, run);
    let prefix = format!("{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        if entry_name.starts_with(&prefix)
            && entry_name.ends_with(".partial")
            && entry.path() != own
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes the CSV (header and one line per call) gzipped into this run's own partial file, renamed into
/// place when complete, so a worker killed half way never leaves a partial `<id>.csv.gz` and two runs of
/// one export never mix their rows. Once `abandon` is cancelled it stops, removes its partial file and
/// leaves `path` alone. `row_delay` (testing only) pauses after each row.
fn write_csv(
    path: &Path,
    run: &str,
    export: &CdrExport,
    cdrs: &[Cdr],
    row_delay: Duration,
    abandon: &CancellationToken,
) -> std::io::Result<()> {
    remove_stale_partials(path, run);
    let partial = partial_file_path(path, run);
    let written = write_partial(&partial, export, cdrs, row_delay, abandon).and_then(|()| {
        if abandon.is_cancelled() {
            Err(abandoned())
        } else {
            std::fs::rename(&partial, path)
        }
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

fn abandoned() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "the export was abandoned")
}

fn write_partial(
    partial: &Path,
    export: &CdrExport,
    cdrs: &[Cdr],
    row_delay: Duration,
    abandon: &CancellationToken,
) -> std::io::Result<()> {
    let mut encoder = GzEncoder::new(std::fs::File::create(partial)?, Compression::default());
    writeln!(
        encoder,
        "id,time_start,duration,success,src_number,dst_number,src_prefix_routing,dst_prefix_routing,customer_price"
    )?;
    for cdr in cdrs {
        if abandon.is_cancelled() {
            return Err(abandoned());
        }
        writeln!(
            encoder,
            "{},{},{},{},{},{},{},{},{}",
            cdr.id,
            format_call_time(
                &cdr.time_start,
                export.time_zone_name.as_deref(),
                export.time_format
            ),
            cdr.duration,
            cdr.success,
            cdr.src_number,
            cdr.dst_number,
            cdr.src_prefix_routing.as_deref().unwrap_or(""),
            cdr.dst_prefix_routing.as_deref().unwrap_or(""),
            cdr.customer_price,
        )?;
        if !row_delay.is_zero() {
            std::thread::sleep(row_delay);
        }
    }
    encoder.finish()?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stored_filters_become_a_cdr_query_over_the_allowed_keys() {
        let query = cdr_query(&json!({
            "time_start_gteq": "2025-01-01T00:00:00.000Z",
            "time_start_lt": "2025-02-01",
            "success_eq": true,
            "duration_gteq": 30,
            "src_prefix_routing_eq": "44,20",
        }))
        .unwrap();
        assert_eq!(query.filters.len(), 5);
        let prefix = query
            .filters
            .iter()
            .find(|filter| filter.field.name == "src_prefix_routing")
            .unwrap();
        assert_eq!(
            prefix.values,
            [jsonapi_filter::FilterValue::String("44,20".into())]
        );
    }

    #[test]
    fn invalid_stored_filters_point_at_their_key() {
        let errors = cdr_query(&json!({"time_start_gteq": "soon", "caller_eq": "1"})).unwrap_err();
        let mut pointers: Vec<_> = errors
            .iter()
            .filter_map(|error| error.source.as_ref()?.pointer.clone())
            .collect();
        pointers.sort();
        assert_eq!(
            pointers,
            [
                "/data/attributes/filters/caller_eq",
                "/data/attributes/filters/time_start_gteq"
            ]
        );
    }

    fn export_for_file() -> CdrExport {
        CdrExport {
            id: Uuid::new_v4(),
            status: CdrExportStatus::Pending,
            rows_count: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            time_zone_name: None,
            time_format: TimeFormat::WithTimezone,
            account_id: None,
            filters: serde_json::value::to_raw_value(&json!({})).unwrap(),
        }
    }

    #[test]
    fn a_run_clears_stale_partial_files_and_renames_its_own_into_place() {
        let directory = tempfile::tempdir().unwrap();
        let export = export_for_file();
        let path = export_file_path(directory.path(), export.id);
        let stale = partial_file_path(&path, "killed-worker-1");
        std::fs::write(&stale, b"half a file").unwrap();
        let other = directory.path().join("another-export.csv.gz.w-1.partial");
        std::fs::write(&other, b"someone else's").unwrap();
        write_csv(
            &path,
            "w-2",
            &export,
            &[],
            Duration::ZERO,
            &CancellationToken::new(),
        )
        .unwrap();
        assert!(path.exists());
        assert!(!stale.exists());
        assert!(other.exists());
    }

    #[test]
    fn an_abandoned_run_leaves_neither_its_partial_file_nor_the_export_file() {
        let directory = tempfile::tempdir().unwrap();
        let export = export_for_file();
        let path = export_file_path(directory.path(), export.id);
        let abandon = CancellationToken::new();
        abandon.cancel();
        let error = write_csv(&path, "w-1", &export, &[], Duration::ZERO, &abandon).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::Interrupted);
        assert_eq!(std::fs::read_dir(directory.path()).unwrap().count(), 0);
    }

    #[test]
    fn call_times_are_written_in_the_export_zone_and_format() {
        let instant = "2025-01-05T12:00:00.600Z".parse::<DateTime<Utc>>().unwrap();
        let zone = Some("America/Port_of_Spain");
        assert_eq!(
            format_call_time(&instant, zone, TimeFormat::WithTimezone),
            "2025-01-05 08:00:00-04:00"
        );
        assert_eq!(
            format_call_time(&instant, zone, TimeFormat::WithoutTimezone),
            "2025-01-05 08:00:00.600"
        );
        assert_eq!(
            format_call_time(&instant, None, TimeFormat::RoundToSeconds),
            "2025-01-05 12:00:01"
        );
    }
}
