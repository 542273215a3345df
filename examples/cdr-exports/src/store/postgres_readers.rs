//! Reads of a PostgreSQL server: a pool of sqlx connections that takes a connection back without a round trip.
//!
//! sqlx's own pool pings every connection it is handed back (a `Sync` message, answered by `ReadyForQuery`)
//! before it lets another statement use it: one more round trip for every statement, which on loopback costs
//! as much as the statement's own, and which wakes the server and PostgreSQL twice as often. A connection here
//! goes back as it is. One whose statement ran to its end is ready for the next: sqlx's connection reads
//! whatever an earlier statement left unread before it sends another, the same as its ping does. One whose
//! statement failed on the connection itself (reset, unreachable) or was abandoned half-way (a client that went
//! away) is closed instead of going back. A connection last handed out [`POSTGRES_PING_AFTER_IDLE`] ago or
//! more is pinged before it is used again, as the sqlx pool's connections are.

use std::num::NonZeroU32;
use std::time::Duration;

use deadpool::managed::{self, Metrics, Object, PoolError, RecycleResult, Timeouts};
use jsonapi_filter::COUNTED_COLUMN;
use sea_query::Values;
use sea_query_sqlx::SqlxValues;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgDatabaseError, PgRow, PgSeverity};
use sqlx::{AssertSqlSafe, Connection, Row};

use super::POSTGRES_PING_AFTER_IDLE;

/// Connections to a PostgreSQL server for statements that only read, each used by one statement at a time.
#[derive(Clone)]
pub struct PostgresReaders {
    pool: managed::Pool<ReaderManager>,
}

impl PostgresReaders {
    /// At most `connections` read connections made with `options` as they are needed; a statement waits at most
    /// `acquire_timeout` for a free connection, as long again for a new one to be made, and as long for an idle
    /// one's ping.
    pub(super) fn open(
        options: PgConnectOptions,
        acquire_timeout: Duration,
        connections: NonZeroU32,
    ) -> PostgresReaders {
        let timeouts = Timeouts {
            wait: Some(acquire_timeout),
            create: Some(acquire_timeout),
            recycle: Some(acquire_timeout),
        };
        let pool = managed::Pool::builder(ReaderManager { options })
            .max_size(usize::try_from(connections.get()).unwrap_or(usize::MAX))
            .timeouts(timeouts)
            .runtime(deadpool::Runtime::Tokio1)
            .build()
            .expect("a pool with a runtime for its timeouts");
        PostgresReaders { pool }
    }

    /// The rows of a rendered PostgreSQL statement, each decoded with `read`.
    pub(super) async fn select<T>(
        &self,
        sql: &str,
        values: Values,
        read: fn(&PgRow) -> Result<T, sqlx::Error>,
    ) -> Result<Vec<T>, sqlx::Error> {
        self.rows(sql, values).await?.iter().map(read).collect()
    }

    /// The rows of a rendered page with its count (`ResourceQuery::select_with_count_statement`), each decoded
    /// with `read`, and the count its rows give: none when the page has no row.
    pub(super) async fn select_with_count<T>(
        &self,
        sql: &str,
        values: Values,
        read: fn(&PgRow) -> Result<T, sqlx::Error>,
    ) -> Result<(Vec<T>, Option<i64>), sqlx::Error> {
        let rows = self.rows(sql, values).await?;
        let counted = match rows.first() {
            Some(row) => Some(row.try_get(COUNTED_COLUMN)?),
            None => None,
        };
        Ok((rows.iter().map(read).collect::<Result<_, _>>()?, counted))
    }

    /// The single integer of a rendered `SELECT COUNT(*) ...`.
    pub(super) async fn count(&self, sql: &str, values: Values) -> Result<i64, sqlx::Error> {
        let mut reader = self.reader().await?;
        let count = sqlx::query_scalar_with(AssertSqlSafe(sql), SqlxValues(values))
            .fetch_one(reader.connection())
            .await;
        reader.finish(count.as_ref().err());
        count
    }

    /// The rows of a rendered statement, undecoded.
    async fn rows(&self, sql: &str, values: Values) -> Result<Vec<PgRow>, sqlx::Error> {
        let mut reader = self.reader().await?;
        let rows = sqlx::query_with(AssertSqlSafe(sql), SqlxValues(values))
            .fetch_all(reader.connection())
            .await;
        reader.finish(rows.as_ref().err());
        rows
    }

    /// Closes every connection; a read after this fails with [`sqlx::Error::PoolClosed`].
    pub(super) fn close(&self) {
        self.pool.close();
    }

    async fn reader(&self) -> Result<Reader, sqlx::Error> {
        match self.pool.get().await {
            Ok(connection) => Ok(Reader {
                connection: Some(connection),
            }),
            Err(PoolError::Backend(error)) => Err(error),
            Err(PoolError::Timeout(_)) => Err(sqlx::Error::PoolTimedOut),
            Err(PoolError::Closed) => Err(sqlx::Error::PoolClosed),
            Err(error) => Err(sqlx::Error::Configuration(error.to_string().into())),
        }
    }
}

/// A read connection lent to one statement: it goes back to the pool only through [`Reader::finish`] after a
/// statement that did not fail on the connection; dropped otherwise (the statement was abandoned half-way), it
/// is closed.
struct Reader {
    connection: Option<Object<ReaderManager>>,
}

impl Reader {
    fn connection(&mut self) -> &mut PgConnection {
        self.connection
            .as_mut()
            .expect("a reader holds its connection until it is finished")
    }

    /// Gives the connection back to the pool, unless `error` says the connection itself failed.
    fn finish(mut self, error: Option<&sqlx::Error>) {
        let Some(connection) = self.connection.take() else {
            return;
        };
        if error.is_some_and(|error| !leaves_the_connection_usable(error)) {
            drop(Object::take(connection));
        } else {
            drop(connection); // back to the pool
        }
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        if let Some(connection) = self.connection.take() {
            drop(Object::take(connection));
        }
    }
}

/// Whether a connection is still fit for the next statement after `error`: PostgreSQL refused the statement
/// without ending the session (an error, not a FATAL one), or a value did not decode.
fn leaves_the_connection_usable(error: &sqlx::Error) -> bool {
    if let sqlx::Error::Database(error) = error {
        return error
            .try_downcast_ref::<PgDatabaseError>()
            .is_none_or(|error| {
                !matches!(error.severity(), PgSeverity::Fatal | PgSeverity::Panic)
            });
    }
    matches!(
        error,
        sqlx::Error::RowNotFound
            | sqlx::Error::ColumnDecode { .. }
            | sqlx::Error::ColumnNotFound(_)
            | sqlx::Error::ColumnIndexOutOfBounds { .. }
            | sqlx::Error::TypeNotFound { .. }
    )
}

/// Makes the read connections, and pings one before its use when it was last handed out a while ago.
struct ReaderManager {
    options: PgConnectOptions,
}

impl managed::Manager for ReaderManager {
    type Type = PgConnection;
    type Error = sqlx::Error;

    async fn create(&self) -> Result<PgConnection, sqlx::Error> {
        PgConnection::connect_with(&self.options).await
    }

    async fn recycle(
        &self,
        connection: &mut PgConnection,
        metrics: &Metrics,
    ) -> RecycleResult<sqlx::Error> {
        if metrics.last_used() >= POSTGRES_PING_AFTER_IDLE {
            connection.ping().await?;
        }
        Ok(())
    }
}
