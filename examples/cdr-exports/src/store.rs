//! The database: one SQLite or PostgreSQL pool, migrations for both, and the rows of the resources.
//!
//! Statements are built with sea-query (listing) or written by hand with `$1`-style placeholders, which both
//! engines accept; values are bound in each backend's storage format (see `jsonapi_filter::Backend::bind`).
//!
//! A SQLite file is read ([`Store::select`], [`Store::count_where`]) through rusqlite on a small pool of
//! connections, in place on the request's thread, each statement prepared once per connection
//! and kept with its bound values ([`SqliteReaders`]);
//! sqlx, which hands every row of an embedded database across a channel from its worker thread, keeps the
//! migrations and the writes. PostgreSQL is read through sqlx's connections, on a pool of its own that takes a
//! connection back without pinging it ([`PostgresReaders`]); an in-memory SQLite database (one connection) is
//! read through sqlx's pool.

use std::num::NonZeroU32;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use std::net::IpAddr;

use jsonapi_filter::{
    Backend, CountPolicy, Decimal, FilterEnum, FilterValue, Resource, ResourceQuery,
    StatementCache, ValueKind, inet,
};
use sea_query::{
    InsertStatement, PostgresQueryBuilder, SelectStatement, SqliteQueryBuilder, Value, Values,
};
use sea_query_sqlx::SqlxValues;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
};
// SQL text is either a constant or rendered by sea-query with every value bound, hence AssertSqlSafe.
use r2d2_sqlite::rusqlite;
use sqlx::{AssertSqlSafe, Row};
use uuid::Uuid;

use crate::resource::{Account, Cdr, CdrExport, CdrExportStatus, TimeFormat, TransportProtocol};

/// How long a statement waits for a database connection by default (connecting included).
pub const DEFAULT_DATABASE_TIMEOUT: Duration = Duration::from_secs(3);

/// How many connections a server opens to PostgreSQL at most for reads, and as many for writes, unless told
/// otherwise (`--postgres-connections`).
pub const DEFAULT_POSTGRES_CONNECTIONS: NonZeroU32 = NonZeroU32::new(8).expect("not zero");

/// A connection pool to the configured database.
#[derive(Clone)]
pub enum Store {
    /// An embedded SQLite file or in-memory database, and the readers of a file.
    Sqlite(SqlitePool, Option<SqliteReaders>),
    /// A PostgreSQL server: sqlx's pool for migrations and writes, and the readers of the statements that only
    /// read.
    Postgres(PgPool, PostgresReaders),
}

/// How long a PostgreSQL connection may sit idle in the pool before it is pinged again before use.
const POSTGRES_PING_AFTER_IDLE: Duration = Duration::from_secs(1);

mod postgres_readers;
mod sqlite_file;
pub use postgres_readers::PostgresReaders;
pub use sqlite_file::{SQLITE_BUSY_TIMEOUT, SqliteReaders, configure_reader};

/// The single integer of a `SELECT COUNT(*)` row.
fn counted(row: &FileRow<'_, '_>) -> Result<i64, sqlx::Error> {
    row.row.get(0).map_err(sqlite_error)
}

/// A row of a SQLite file read through rusqlite, with its statement's column names: a column is found by
/// comparing names the statement gave once, where rusqlite's own lookup by name asks SQLite for each column's
/// name again and compares it without case on every call.
pub struct FileRow<'row, 'statement> {
    row: &'row rusqlite::Row<'statement>,
    columns: &'row [String],
}

impl FileRow<'_, '_> {
    /// The value of `column`, borrowed from SQLite.
    fn value(&self, column: &str) -> Result<rusqlite::types::ValueRef<'_>, sqlx::Error> {
        let index = self
            .columns
            .iter()
            .position(|name| name == column)
            .ok_or_else(|| sqlx::Error::ColumnNotFound(column.to_owned()))?;
        self.row
            .get_ref(index)
            .map_err(|error| decode_error(column, error))
    }

    /// The text of `column`, borrowed from SQLite; `None` for NULL.
    fn borrowed_text(&self, column: &str) -> Result<Option<&str>, sqlx::Error> {
        self.value(column)?
            .as_str_or_null()
            .map_err(|error| decode_error(column, error))
    }

    /// The value of `column` as `T`.
    fn typed<T: rusqlite::types::FromSql>(&self, column: &str) -> Result<T, sqlx::Error> {
        T::column_result(self.value(column)?).map_err(|error| decode_error(column, error))
    }
}

/// A rusqlite error as the store reports errors: a busy or locked database as unavailable (I/O, retryable),
/// anything else as a protocol error (a bug in a statement).
fn sqlite_error(error: rusqlite::Error) -> sqlx::Error {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            sqlx::Error::Io(std::io::Error::other(error))
        }
        _ => sqlx::Error::Protocol(format!("SQLite: {error}")),
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Connects to `sqlite://PATH`, `sqlite::memory:` or `postgres://...`, creating a SQLite file when missing.
    /// A statement waits at most `acquire_timeout` for a connection (connecting included): when the database
    /// cannot be reached it fails with an error [`is_unavailable`] recognises, instead of hanging.
    /// PostgreSQL gets [`DEFAULT_POSTGRES_CONNECTIONS`]; [`Store::connect_limited`] chooses another number.
    pub async fn connect(url: &str, acquire_timeout: Duration) -> Result<Store, sqlx::Error> {
        Store::connect_limited(url, acquire_timeout, DEFAULT_POSTGRES_CONNECTIONS).await
    }

    /// [`Store::connect`], opening at most `postgres_connections` connections to PostgreSQL for reads and as
    /// many for writes and migrations (so up to twice that many in all). A SQLite store ignores it.
    pub async fn connect_limited(
        url: &str,
        acquire_timeout: Duration,
        postgres_connections: NonZeroU32,
    ) -> Result<Store, sqlx::Error> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            // A connection that sat idle may have been closed by the server or a proxy: it is pinged before
            // use, and replaced when the ping fails. One in steady use is not: a ping before every statement
            // (sqlx's default) is a round trip as long as the statement's own.
            let pool = PgPoolOptions::new()
                .max_connections(postgres_connections.get())
                .test_before_acquire(false)
                .before_acquire(|connection, metadata| {
                    Box::pin(async move {
                        if metadata.idle_for >= POSTGRES_PING_AFTER_IDLE {
                            sqlx::Connection::ping(connection).await?;
                        }
                        Ok(true)
                    })
                })
                .acquire_timeout(acquire_timeout)
                .connect(url)
                .await?;
            let readers = PostgresReaders::open(
                PgConnectOptions::from_str(url)?,
                acquire_timeout,
                postgres_connections,
            );
            return Ok(Store::Postgres(pool, readers));
        }
        if !url.starts_with("sqlite:") {
            return Err(sqlx::Error::Configuration(
                format!("unsupported database URL {url:?}: use sqlite://PATH, sqlite::memory: or postgres://...").into(),
            ));
        }
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let options = if in_memory {
            options
        } else {
            options.journal_mode(SqliteJournalMode::Wal)
        };
        // Every connection to `:memory:` is its own database, so an in-memory store keeps exactly one.
        // An embedded connection cannot lose its server, so it is not pinged (a round trip to its worker
        // thread) before every statement, as a network connection is.
        let pool = if in_memory {
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            SqlitePoolOptions::new().max_connections(4)
        };
        let pool = pool
            .test_before_acquire(false)
            .acquire_timeout(acquire_timeout);
        let readers = if in_memory {
            None
        } else {
            Some(SqliteReaders::open(options.get_filename(), acquire_timeout))
        };
        Ok(Store::Sqlite(pool.connect_with(options).await?, readers))
    }

    /// The SQL dialect of the pool.
    pub fn backend(&self) -> Backend {
        match self {
            Store::Sqlite(..) => Backend::Sqlite,
            Store::Postgres(..) => Backend::Postgres,
        }
    }

    /// Runs the backend's migrations (`migrations/sqlite` or `migrations/postgres`).
    pub async fn migrate(&self) -> Result<(), sqlx::Error> {
        match self {
            Store::Sqlite(pool, _) => SQLITE_MIGRATIONS.run(pool).await?,
            Store::Postgres(pool, _) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Closes every connection.
    pub async fn close(&self) {
        match self {
            // The readers' connections close when the last clone of the store is dropped.
            Store::Sqlite(pool, _) => pool.close().await,
            Store::Postgres(pool, readers) => {
                readers.close();
                pool.close().await;
            }
        }
    }

    /// Runs one statement, returning the rows it changed.
    pub async fn execute(&self, sql: &str, values: Vec<Value>) -> Result<u64, sqlx::Error> {
        let values = SqlxValues(Values(values));
        Ok(match self {
            Store::Sqlite(pool, _) => sqlx::query_with(AssertSqlSafe(sql), values)
                .execute(pool)
                .await?
                .rows_affected(),
            Store::Postgres(pool, _) => sqlx::query_with(AssertSqlSafe(sql), values)
                .execute(pool)
                .await?
                .rows_affected(),
        })
    }

    /// Runs several statements in one transaction: all take effect, or none.
    pub async fn execute_in_transaction(
        &self,
        statements: Vec<(String, Vec<Value>)>,
    ) -> Result<(), sqlx::Error> {
        self.transaction(None, statements).await.map(drop)
    }

    /// Runs `fence` and then `statements` in one transaction, but only when `fence` changes a row; when it
    /// changes none, the transaction is rolled back and the answer is false. The worker records an outcome
    /// this way, fenced on still holding the job's lease.
    pub async fn execute_if_fence_holds(
        &self,
        fence: (String, Vec<Value>),
        statements: Vec<(String, Vec<Value>)>,
    ) -> Result<bool, sqlx::Error> {
        self.transaction(Some(fence), statements).await
    }

    /// One transaction: `fence` first when given (rolled back, answering false, when it changes no row),
    /// then every statement.
    async fn transaction(
        &self,
        fence: Option<(String, Vec<Value>)>,
        statements: Vec<(String, Vec<Value>)>,
    ) -> Result<bool, sqlx::Error> {
        // One body for both pools, whose transaction types differ.
        macro_rules! fenced_transaction {
            ($pool:expr) => {{
                let mut transaction = $pool.begin().await?;
                let holds = match fence {
                    Some((sql, values)) => {
                        sqlx::query_with(AssertSqlSafe(sql.as_str()), SqlxValues(Values(values)))
                            .execute(&mut *transaction)
                            .await?
                            .rows_affected()
                            > 0
                    }
                    None => true,
                };
                if holds {
                    for (sql, values) in statements {
                        sqlx::query_with(AssertSqlSafe(sql.as_str()), SqlxValues(Values(values)))
                            .execute(&mut *transaction)
                            .await?;
                    }
                    transaction.commit().await?;
                } else {
                    transaction.rollback().await?;
                }
                holds
            }};
        }
        Ok(match self {
            Store::Sqlite(pool, _) => fenced_transaction!(pool),
            Store::Postgres(pool, _) => fenced_transaction!(pool),
        })
    }

    /// The single integer of `SELECT COUNT(*) ...`.
    pub async fn count(&self, statement: &SelectStatement) -> Result<u64, sqlx::Error> {
        let (sql, values) = self.backend().build(statement);
        self.count_where(&sql, values).await
    }

    /// The single integer of a rendered `SELECT COUNT(*) ...` (from the statement cache).
    pub async fn count_where(&self, sql: &str, values: Values) -> Result<u64, sqlx::Error> {
        let count: i64 = match self {
            Store::Sqlite(_, Some(readers)) => readers
                .select(sql, values, counted)?
                .into_iter()
                .next()
                .ok_or(sqlx::Error::RowNotFound)?,
            Store::Sqlite(pool, None) => {
                sqlx::query_scalar_with(AssertSqlSafe(sql), SqlxValues(values))
                    .fetch_one(pool)
                    .await?
            }
            Store::Postgres(_, readers) => readers.count(sql, values).await?,
        };
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// A listing's page of `query` (its rows read with `read`) and its count under `policy`, their statements
    /// from `statements`. On PostgreSQL in one statement, so one round trip
    /// (`ResourceQuery::select_with_count_statement`; the count alone only after a page past the end, which
    /// brings none); on a SQLite file in one read transaction, so the two agree; on an in-memory database both
    /// at once.
    pub async fn page_and_count<R: Resource, T: Send + 'static>(
        &self,
        statements: &StatementCache,
        query: &ResourceQuery<R>,
        policy: CountPolicy,
        read: RowReader<T>,
    ) -> Result<(Vec<T>, u64), sqlx::Error> {
        let backend = self.backend();
        if let Store::Postgres(_, readers) = self {
            let (sql, values) = statements.select_with_count(query, backend, policy);
            let (rows, counted) = readers
                .select_with_count(&sql, values, read.postgres)
                .await?;
            let counted = match counted {
                Some(counted) => counted,
                // An empty first page: nothing matches.
                None if query.cursor.is_none() && query.page.offset() == 0 => 0,
                None => {
                    let (sql, values) = statements.count(query, backend, policy);
                    readers.count(&sql, values).await?
                }
            };
            return Ok((rows, u64::try_from(counted).unwrap_or(0)));
        }
        // SQLite: the page and the count as two statements.
        let (page, page_values) = statements.select(query, backend);
        let (count, count_values) = statements.count(query, backend, policy);
        match self {
            Store::Sqlite(_, Some(readers)) => {
                let (rows, counted) = readers.page_and_count(
                    (&page, page_values),
                    (&count, count_values),
                    read.rusqlite,
                )?;
                Ok((rows, u64::try_from(counted).unwrap_or(0)))
            }
            _ => tokio::try_join!(
                self.select(&page, page_values, read),
                self.count_where(&count, count_values)
            ),
        }
    }

    /// The exports returned by hand-written SQL.
    pub async fn exports_where(
        &self,
        sql: &str,
        values: Vec<Value>,
    ) -> Result<Vec<CdrExport>, sqlx::Error> {
        self.select(sql, Values(values), EXPORTS).await
    }

    /// The CDRs a rendered `SELECT cdrs.* ...` returns, with `rec` for `customer`.
    pub async fn cdrs_where(
        &self,
        sql: &str,
        values: Vec<Value>,
        customer: &crate::auth::Customer,
    ) -> Result<Vec<Cdr>, sqlx::Error> {
        let cdrs = self.select(sql, Values(values), CDRS).await?;
        Ok(cdrs.into_iter().map(|cdr| cdr.with_rec(customer)).collect())
    }

    /// The accounts returned by hand-written SQL selecting `accounts.*`.
    pub async fn accounts_where(
        &self,
        sql: &str,
        values: Vec<Value>,
    ) -> Result<Vec<Account>, sqlx::Error> {
        self.select(sql, Values(values), ACCOUNTS).await
    }

    /// The related records a statement of the library loads (`ResourceQuery::include_select`,
    /// `ResourceQuery::related_select`), read with `read`: none without a statement.
    pub async fn related<T: Send + 'static>(
        &self,
        statement: Option<(String, Values)>,
        read: RowReader<T>,
    ) -> Result<Vec<T>, sqlx::Error> {
        match statement {
            Some((sql, values)) => self.select(&sql, values, read).await,
            None => Ok(Vec::new()),
        }
    }

    /// Rows of a statement that only reads, decoded with the driver's row reader: through the SQLite file's
    /// rusqlite readers when it has them (in place on the calling thread), through PostgreSQL's readers, or
    /// through sqlx's pool of an in-memory SQLite database. A statement
    /// that may return any number of rows (an export's CDRs) goes through [`Store::select_all`].
    pub async fn select<T: Send + 'static>(
        &self,
        sql: &str,
        values: Values,
        read: RowReader<T>,
    ) -> Result<Vec<T>, sqlx::Error> {
        match self {
            Store::Sqlite(_, Some(readers)) => readers.select(sql, values, read.rusqlite),
            Store::Postgres(_, readers) => readers.select(sql, values, read.postgres).await,
            Store::Sqlite(_, None) => {
                self.rows(sql, SqlxValues(values), read.sqlx_sqlite, read.postgres)
                    .await
            }
        }
    }

    /// [`Store::select`] for a statement whose rows are not bounded by a page (an export's CDRs): a SQLite file
    /// is read off the calling thread, so that a long read holds up no other task.
    pub async fn select_all<T: Send + 'static>(
        &self,
        sql: &str,
        values: Values,
        read: RowReader<T>,
    ) -> Result<Vec<T>, sqlx::Error> {
        match self {
            Store::Sqlite(_, Some(readers)) => {
                readers.select_off_thread(sql, values, read.rusqlite).await
            }
            _ => self.select(sql, values, read).await,
        }
    }

    /// Rows of any statement (one that writes too, `UPDATE ... RETURNING`), through sqlx, decoded with the
    /// backend's row reader.
    pub async fn rows<T>(
        &self,
        sql: &str,
        values: SqlxValues,
        from_sqlite: fn(&SqliteRow) -> Result<T, sqlx::Error>,
        from_postgres: fn(&PgRow) -> Result<T, sqlx::Error>,
    ) -> Result<Vec<T>, sqlx::Error> {
        match self {
            Store::Sqlite(pool, _) => sqlx::query_with(AssertSqlSafe(sql), values)
                .fetch_all(pool)
                .await?
                .iter()
                .map(from_sqlite)
                .collect(),
            Store::Postgres(pool, _) => sqlx::query_with(AssertSqlSafe(sql), values)
                .fetch_all(pool)
                .await?
                .iter()
                .map(from_postgres)
                .collect(),
        }
    }

    /// Renders an `INSERT` for this backend, with its values.
    pub fn render_insert(&self, statement: &InsertStatement) -> (String, Vec<Value>) {
        let (sql, values) = match self {
            Store::Sqlite(..) => statement.build(SqliteQueryBuilder),
            Store::Postgres(..) => statement.build(PostgresQueryBuilder),
        };
        (sql, values.0)
    }

    /// A uuid in the column format of this backend.
    pub fn uuid(&self, value: Option<Uuid>) -> Value {
        let value = value.map(FilterValue::Uuid);
        self.backend().bind_option(ValueKind::Uuid, value.as_ref())
    }

    /// A datetime in the column format of this backend, as the framework binds it (microseconds; SQLite:
    /// `jsonapi_filter::sql::sqlite_datetime`).
    pub fn time(&self, value: Option<DateTime<Utc>>) -> Value {
        let value = value.map(FilterValue::DateTime);
        self.backend()
            .bind_option(ValueKind::DateTime, value.as_ref())
    }

    /// A JSON document in the column format of this backend (`jsonb` or `TEXT`).
    pub fn json(&self, value: &serde_json::Value) -> Value {
        match self {
            Store::Postgres(..) => Value::Json(Some(Box::new(value.clone()))),
            Store::Sqlite(..) => Value::String(Some(value.to_string())),
        }
    }
}

/// Whether `error` means the database cannot be used right now (unreachable, connection lost, shutting
/// down, busy, no free connection within the acquire timeout), so the request may succeed when retried,
/// rather than a bug in a statement.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(database) => {
            let code = database.code().unwrap_or_default();
            if database
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .is_some()
            {
                is_transient_postgres_state(&code)
            } else if database
                .try_downcast_ref::<sqlx::sqlite::SqliteError>()
                .is_some()
            {
                // SQLite reports extended result codes; the primary code is the low byte.
                code.parse::<i32>()
                    .is_ok_and(|code| matches!(code & 0xff, SQLITE_BUSY | SQLITE_LOCKED))
            } else {
                false
            }
        }
        _ => false,
    }
}

/// SQLite's primary result codes for a database held by another connection.
const SQLITE_BUSY: i32 = 5;
const SQLITE_LOCKED: i32 = 6;

/// PostgreSQL SQLSTATEs of an unusable server: class 08 (connection exception), 53 (insufficient
/// resources, including too many connections), 57P01-57P03 (admin or crash shutdown, cannot connect now),
/// and the retryable 40001 (serialization failure) and 40P01 (deadlock).
fn is_transient_postgres_state(state: &str) -> bool {
    state.starts_with("08")
        || state.starts_with("53")
        || matches!(state, "57P01" | "57P02" | "57P03" | "40001" | "40P01")
}

/// Reads one column in the storage format of its backend.
pub trait ColumnReader {
    /// Whether the row has `column`: an include selects only the columns its document writes.
    fn has(&self, column: &str) -> bool;
    /// A uuid column.
    fn uuid(&self, column: &str) -> Result<Option<Uuid>, sqlx::Error>;
    /// A datetime column.
    fn time(&self, column: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error>;
    /// A JSON column, as its text (checked to be JSON, not parsed into values).
    fn json(&self, column: &str) -> Result<Box<RawValue>, sqlx::Error>;
    /// A text column.
    fn text(&self, column: &str) -> Result<Option<String>, sqlx::Error>;
    /// An integer column.
    fn integer(&self, column: &str) -> Result<Option<i64>, sqlx::Error>;
    /// A boolean column.
    fn boolean(&self, column: &str) -> Result<bool, sqlx::Error>;
    /// An exact decimal column of `scale` fractional digits (SQLite: the value times 10^scale).
    fn decimal(&self, column: &str, scale: u32) -> Result<Option<Decimal>, sqlx::Error>;
    /// An address column (PostgreSQL `inet`; SQLite: the bytes of `jsonapi_filter::inet::to_binary`).
    fn inet(&self, column: &str) -> Result<Option<IpAddr>, sqlx::Error>;
}

fn decode_error(column: &str, problem: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: problem.to_string().into(),
    }
}

/// SQLite's storage formats, whichever driver read the column: uuids and timestamps as text, JSON as text,
/// addresses as `jsonapi_filter::inet::to_binary` bytes.
mod sqlite_storage {
    use super::*;

    pub(super) fn uuid(column: &str, text: Option<&str>) -> Result<Option<Uuid>, sqlx::Error> {
        text.map(|text| Uuid::parse_str(text).map_err(|error| decode_error(column, error)))
            .transpose()
    }

    pub(super) fn time(
        column: &str,
        text: Option<&str>,
    ) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
        text.map(|text| {
            DateTime::parse_from_rfc3339(text)
                .map(|instant| instant.with_timezone(&Utc))
                .map_err(|error| decode_error(column, error))
        })
        .transpose()
    }

    pub(super) fn json(column: &str, text: &str) -> Result<Box<RawValue>, sqlx::Error> {
        RawValue::from_string(text.to_owned()).map_err(|error| decode_error(column, error))
    }

    pub(super) fn inet(column: &str, bytes: Option<&[u8]>) -> Result<Option<IpAddr>, sqlx::Error> {
        bytes
            .map(|bytes| {
                inet::from_binary(bytes).ok_or_else(|| decode_error(column, "not an address"))
            })
            .transpose()
    }
}

impl ColumnReader for SqliteRow {
    fn has(&self, column: &str) -> bool {
        self.try_column(column).is_ok()
    }
    fn uuid(&self, column: &str) -> Result<Option<Uuid>, sqlx::Error> {
        sqlite_storage::uuid(column, self.try_get(column)?)
    }
    fn time(&self, column: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
        sqlite_storage::time(column, self.try_get(column)?)
    }
    fn json(&self, column: &str) -> Result<Box<RawValue>, sqlx::Error> {
        sqlite_storage::json(column, self.try_get(column)?)
    }
    fn text(&self, column: &str) -> Result<Option<String>, sqlx::Error> {
        self.try_get(column)
    }
    fn integer(&self, column: &str) -> Result<Option<i64>, sqlx::Error> {
        self.try_get(column)
    }
    fn boolean(&self, column: &str) -> Result<bool, sqlx::Error> {
        self.try_get(column)
    }
    fn decimal(&self, column: &str, scale: u32) -> Result<Option<Decimal>, sqlx::Error> {
        let scaled: Option<i64> = self.try_get(column)?;
        Ok(scaled.map(|scaled| Decimal::new(scaled, scale)))
    }
    fn inet(&self, column: &str) -> Result<Option<IpAddr>, sqlx::Error> {
        sqlite_storage::inet(column, self.try_get(column)?)
    }
}

impl ColumnReader for PgRow {
    fn has(&self, column: &str) -> bool {
        self.try_column(column).is_ok()
    }
    fn uuid(&self, column: &str) -> Result<Option<Uuid>, sqlx::Error> {
        self.try_get(column)
    }
    fn time(&self, column: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
        self.try_get(column)
    }
    fn json(&self, column: &str) -> Result<Box<RawValue>, sqlx::Error> {
        let json: sqlx::types::Json<Box<RawValue>> = self.try_get(column)?;
        Ok(json.0)
    }
    fn text(&self, column: &str) -> Result<Option<String>, sqlx::Error> {
        self.try_get(column)
    }
    fn integer(&self, column: &str) -> Result<Option<i64>, sqlx::Error> {
        self.try_get(column)
    }
    fn boolean(&self, column: &str) -> Result<bool, sqlx::Error> {
        self.try_get(column)
    }
    fn decimal(&self, column: &str, _scale: u32) -> Result<Option<Decimal>, sqlx::Error> {
        self.try_get(column)
    }
    fn inet(&self, column: &str) -> Result<Option<IpAddr>, sqlx::Error> {
        let network: Option<sqlx::types::ipnetwork::IpNetwork> = self.try_get(column)?;
        Ok(network.map(|network| network.ip()))
    }
}

impl ColumnReader for FileRow<'_, '_> {
    fn has(&self, column: &str) -> bool {
        self.columns.iter().any(|name| name == column)
    }
    fn uuid(&self, column: &str) -> Result<Option<Uuid>, sqlx::Error> {
        sqlite_storage::uuid(column, self.borrowed_text(column)?)
    }
    fn time(&self, column: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
        sqlite_storage::time(column, self.borrowed_text(column)?)
    }
    fn json(&self, column: &str) -> Result<Box<RawValue>, sqlx::Error> {
        sqlite_storage::json(column, required(column, self.borrowed_text(column)?)?)
    }
    fn text(&self, column: &str) -> Result<Option<String>, sqlx::Error> {
        self.typed(column)
    }
    fn integer(&self, column: &str) -> Result<Option<i64>, sqlx::Error> {
        self.typed(column)
    }
    fn boolean(&self, column: &str) -> Result<bool, sqlx::Error> {
        self.typed(column)
    }
    fn decimal(&self, column: &str, scale: u32) -> Result<Option<Decimal>, sqlx::Error> {
        let scaled = self.integer(column)?;
        Ok(scaled.map(|scaled| Decimal::new(scaled, scale)))
    }
    fn inet(&self, column: &str) -> Result<Option<IpAddr>, sqlx::Error> {
        let bytes = self.value(column)?.as_blob_or_null();
        sqlite_storage::inet(column, bytes.map_err(|error| decode_error(column, error))?)
    }
}

fn required<T>(column: &str, value: Option<T>) -> Result<T, sqlx::Error> {
    value.ok_or_else(|| decode_error(column, "unexpected NULL"))
}

/// A column that the statement of an include may leave out, since it selects only what the document writes
/// (`ResourceQuery::include_select`): read when the row has it, `absent` otherwise, a value the document never
/// writes because the sparse fieldset leaves the field out.
fn selected<R: ColumnReader, T>(
    row: &R,
    column: &str,
    absent: T,
    read: impl FnOnce(&str) -> Result<T, sqlx::Error>,
) -> Result<T, sqlx::Error> {
    if row.has(column) {
        read(column)
    } else {
        Ok(absent)
    }
}

/// One generic row reader (`fn f<R: ColumnReader>(row: &R)`) for each driver: [`Store::select`]'s `read`.
/// Made with [`row_reader!`].
pub struct RowReader<T> {
    /// Rows of sqlx's SQLite driver (an in-memory database).
    pub sqlx_sqlite: fn(&SqliteRow) -> Result<T, sqlx::Error>,
    /// Rows of PostgreSQL.
    pub postgres: fn(&PgRow) -> Result<T, sqlx::Error>,
    /// Rows of rusqlite (a SQLite file).
    pub rusqlite: fn(&FileRow<'_, '_>) -> Result<T, sqlx::Error>,
}

impl<T> Clone for RowReader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for RowReader<T> {}

/// The [`RowReader`] of a generic reader function: `row_reader!(export_from_row)`.
#[macro_export]
macro_rules! row_reader {
    ($read:path) => {
        $crate::store::RowReader {
            sqlx_sqlite: $read,
            postgres: $read,
            rusqlite: |row| $read(row),
        }
    };
}
pub use row_reader;

/// The readers of accounts.
pub const ACCOUNTS: RowReader<Account> = row_reader!(account_from_row);
/// The readers of exports.
pub const EXPORTS: RowReader<CdrExport> = row_reader!(export_from_row);
/// The readers of CDRs (their `rec` still to be set for the caller: `Cdr::with_rec`).
pub const CDRS: RowReader<Cdr> = row_reader!(cdr_from_row);
/// The readers of transport protocols.
pub const TRANSPORT_PROTOCOLS: RowReader<TransportProtocol> =
    row_reader!(transport_protocol_from_row);

/// An export from a row of `cdr_exports`, all of its columns or those an include selects.
pub fn export_from_row<R: ColumnReader>(row: &R) -> Result<CdrExport, sqlx::Error> {
    let wire = |column: &str| required(column, row.text(column)?);
    let time = |column: &str| required(column, row.time(column)?);
    Ok(CdrExport {
        id: required("id", row.uuid("id")?)?,
        status: selected(row, "status", CdrExportStatus::Pending, |column| {
            let status = wire(column)?;
            CdrExportStatus::from_wire_value(&status).ok_or_else(|| decode_error(column, &status))
        })?,
        rows_count: selected(row, "rows_count", None, |column| row.integer(column))?,
        created_at: selected(row, "created_at", DateTime::UNIX_EPOCH, time)?,
        updated_at: selected(row, "updated_at", DateTime::UNIX_EPOCH, time)?,
        time_zone_name: selected(row, "time_zone_name", None, |column| row.text(column))?,
        time_format: selected(row, "time_format", TimeFormat::WithTimezone, |column| {
            let format = wire(column)?;
            TimeFormat::from_wire_value(&format).ok_or_else(|| decode_error(column, &format))
        })?,
        account_id: selected(row, "account_id", None, |column| row.uuid(column))?,
        filters: selected(row, "filters", RawValue::NULL.to_owned(), |column| {
            row.json(column)
        })?,
    })
}

/// The scale of an account's money columns (its declaration's `scale = 4`).
const ACCOUNT_MONEY_SCALE: u32 = 4;

/// An account from a row of `accounts`, all of its columns or those an include selects.
pub fn account_from_row<R: ColumnReader>(row: &R) -> Result<Account, sqlx::Error> {
    let money = |column: &str| row.decimal(column, ACCOUNT_MONEY_SCALE);
    let integer = |column: &str| row.integer(column);
    Ok(Account {
        id: required("id", row.uuid("id")?)?,
        name: selected(row, "name", String::new(), |column| {
            required(column, row.text(column)?)
        })?,
        balance: selected(row, "balance", Decimal::ZERO, |column| {
            required(column, money(column)?)
        })?,
        min_balance: selected(row, "min_balance", None, money)?,
        max_balance: selected(row, "max_balance", None, money)?,
        destination_rate_limit: selected(row, "destination_rate_limit", None, money)?,
        origination_capacity: selected(row, "origination_capacity", None, integer)?,
        termination_capacity: selected(row, "termination_capacity", None, integer)?,
        total_capacity: selected(row, "total_capacity", None, integer)?,
    })
}

/// The scale of the decimal field of `Cdr` named `key`.
fn cdr_scale(key: &str) -> u32 {
    Cdr::SCHEMA.field(key).map_or(0, |field| field.scale)
}

/// A CDR from a row of `cdrs` (`rec` false: see `Cdr::with_rec`).
pub fn cdr_from_row<R: ColumnReader>(row: &R) -> Result<Cdr, sqlx::Error> {
    let decimal = |column: &str| row.decimal(column, cdr_scale(column));
    let required_decimal = |column: &str| required(column, decimal(column)?);
    Ok(Cdr {
        id: required("id", row.integer("id")?)?,
        time_start: required("time_start", row.time("time_start")?)?,
        time_connect: row.time("time_connect")?,
        time_end: row.time("time_end")?,
        duration: required("duration", row.integer("duration")?)?,
        success: row.boolean("success")?,
        destination_initial_interval: required(
            "destination_initial_interval",
            row.integer("destination_initial_interval")?,
        )?,
        destination_next_interval: required(
            "destination_next_interval",
            row.integer("destination_next_interval")?,
        )?,
        destination_initial_rate: required_decimal("destination_initial_rate")?,
        destination_next_rate: required_decimal("destination_next_rate")?,
        destination_fee: required_decimal("destination_fee")?,
        customer_price: required_decimal("customer_price")?,
        src_name_in: row.text("src_name_in")?,
        src_prefix_in: row.text("src_prefix_in")?,
        from_domain: row.text("from_domain")?,
        dst_prefix_in: row.text("dst_prefix_in")?,
        to_domain: row.text("to_domain")?,
        ruri_domain: row.text("ruri_domain")?,
        diversion_in: row.text("diversion_in")?,
        local_tag: row.text("local_tag")?,
        lega_disconnect_code: row.integer("lega_disconnect_code")?,
        lega_disconnect_reason: row.text("lega_disconnect_reason")?,
        auth_orig_transport_protocol_id: row.integer("auth_orig_transport_protocol_id")?,
        auth_orig_ip: row.inet("auth_orig_ip")?,
        auth_orig_port: row.integer("auth_orig_port")?,
        src_prefix_routing: row.text("src_prefix_routing")?,
        dst_prefix_routing: row.text("dst_prefix_routing")?,
        destination_prefix: row.text("destination_prefix")?,
        lega_user_agent: row.text("lega_user_agent")?,
        rec: false,
        uuid: required("uuid", row.uuid("uuid")?)?,
        is_last_cdr: row.boolean("is_last_cdr")?,
        destination_reverse_billing: row.boolean("destination_reverse_billing")?,
        customer_acc_vat: decimal("customer_acc_vat")?,
        customer_price_no_vat: decimal("customer_price_no_vat")?,
        customer_duration: row.integer("customer_duration")?,
        orig_call_id: row.text("orig_call_id")?,
        pai_in: row.text("pai_in")?,
        ppi_in: row.text("ppi_in")?,
        privacy_in: row.text("privacy_in")?,
        rpid_in: row.text("rpid_in")?,
        rpid_privacy_in: row.text("rpid_privacy_in")?,
        account_id: required("customer_acc_id", row.uuid("customer_acc_id")?)?,
        src_number: required("src_number", row.text("src_number")?)?,
        dst_number: required("dst_number", row.text("dst_number")?)?,
        audio_recorded: row.boolean("audio_recorded")?,
    })
}

/// A transport protocol from a row of `transport_protocols`.
pub fn transport_protocol_from_row<R: ColumnReader>(
    row: &R,
) -> Result<TransportProtocol, sqlx::Error> {
    Ok(TransportProtocol {
        id: required("id", row.integer("id")?)?,
        name: selected(row, "name", String::new(), |column| {
            required(column, row.text(column)?)
        })?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A SQLite file is read in place on a multi-threaded runtime and on a current-thread runtime (where
    /// `block_in_place` would panic): both give the same rows.
    #[test]
    fn a_sqlite_file_is_read_on_either_runtime() {
        let directory = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", directory.path().join("read.db").display());
        let read = || async {
            let store = Store::connect(&url, Duration::from_secs(5)).await.unwrap();
            store.migrate().await.unwrap();
            let rows = store
                .select(
                    "SELECT name FROM transport_protocols ORDER BY id",
                    Values(Vec::new()),
                    row_reader!(transport_protocol_name),
                )
                .await
                .unwrap();
            store.close().await;
            rows
        };
        let current_thread = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(read());
        let multi_thread = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(read());
        assert!(
            !current_thread.is_empty(),
            "the migrations' transport protocols"
        );
        assert_eq!(current_thread, multi_thread);
    }

    fn transport_protocol_name<R: ColumnReader>(row: &R) -> Result<String, sqlx::Error> {
        required("name", row.text("name")?)
    }
}
