//! Reads of a SQLite file through rusqlite: a small pool of read-only connections, each keeping the statements
//! it prepared together with the values last bound to them.
//!
//! SQLite plans a statement again on its next run whenever a value is bound to a parameter the plan was chosen
//! for (one compared with a column that `ANALYZE` sampled, such as the exports' account, or a LIKE pattern),
//! even the same value: rusqlite's statement cache clears every binding when a statement goes back to it, so
//! each read planned its statements anew. A statement here keeps its bindings, and a value equal to the one
//! already bound is not bound again: a caller's repeated listings (its scope's accounts are the same each time)
//! run on the plan already made, and a changed value is bound and planned for as before.

use std::time::Duration;

use hashlink::LruCache;
use r2d2_sqlite::SqliteConnectionManager;
use r2d2_sqlite::rusqlite;
use sea_query::{Value, Values};
use sea_query_rusqlite::RusqliteValue;

use super::{FileRow, counted, sqlite_error};

/// How many read connections a SQLite file gets at least: one per core beyond that, since each of tokio's worker
/// threads (one per core by default) reads in place, one read at a time.
const SQLITE_READERS: u32 = 4;
/// How many statements each read connection keeps prepared (the least recently used is finalized first).
const KEPT_STATEMENTS: usize = 64;
/// How long a read waits for SQLite's lock (a checkpoint) before it fails as busy.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A row decoder of [`SqliteReaders`].
type ReadRow<T> = fn(&FileRow<'_, '_>) -> Result<T, sqlx::Error>;

/// Read-only rusqlite connections to a SQLite file (an r2d2 pool), each used by one thread at a time.
#[derive(Clone)]
pub struct SqliteReaders {
    pool: r2d2::Pool<ReaderManager>,
}

impl SqliteReaders {
    /// Read-only connections to the file `path`, each waiting at most `acquire_timeout` to be free or made.
    /// Read-only: a statement that writes fails instead of writing past sqlx's pool.
    pub(super) fn open(path: &std::path::Path, acquire_timeout: Duration) -> SqliteReaders {
        let manager = SqliteConnectionManager::file(path)
            .with_flags(
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .with_init(configure_reader);
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        // An embedded connection cannot lose its server: no test query before each use.
        let pool = r2d2::Pool::builder()
            .max_size(SQLITE_READERS.max(u32::try_from(cores).unwrap_or(u32::MAX)))
            .min_idle(Some(0))
            .test_on_check_out(false)
            .connection_timeout(acquire_timeout)
            .build_unchecked(ReaderManager(manager));
        SqliteReaders { pool }
    }

    /// The rows of a rendered SQLite statement.
    pub(super) fn select<T>(
        &self,
        sql: &str,
        values: Values,
        read: ReadRow<T>,
    ) -> Result<Vec<T>, sqlx::Error> {
        self.with_statements(|statements| statements.rows(sql, values, read))
    }

    /// [`SqliteReaders::select`] off the calling thread, for a read that may be long: in `block_in_place` on
    /// tokio's multi-threaded runtime (tokio hands this worker's other tasks to another thread), on a blocking
    /// thread on a current-thread runtime (which cannot block in place).
    pub(super) async fn select_off_thread<T: Send + 'static>(
        &self,
        sql: &str,
        values: Values,
        read: ReadRow<T>,
    ) -> Result<Vec<T>, sqlx::Error> {
        let (readers, sql) = (self.clone(), sql.to_owned());
        let select =
            move || readers.with_statements(|statements| statements.rows(&sql, values, read));
        if tokio::runtime::Handle::current().runtime_flavor()
            == tokio::runtime::RuntimeFlavor::MultiThread
        {
            return tokio::task::block_in_place(select);
        }
        tokio::task::spawn_blocking(select).await.map_err(|error| {
            tracing::error!(%error, "a SQLite read stopped on its blocking thread");
            sqlx::Error::WorkerCrashed
        })?
    }

    /// A page and its count, both in one read transaction (one snapshot).
    pub(super) fn page_and_count<T>(
        &self,
        (page, page_values): (&str, Values),
        (count, count_values): (&str, Values),
        read: ReadRow<T>,
    ) -> Result<(Vec<T>, i64), sqlx::Error> {
        self.with_statements(|statements| {
            statements.in_snapshot(|statements| {
                let rows = statements.rows(page, page_values, read)?;
                let counted = statements.rows(count, count_values, counted)?;
                Ok((rows, counted.into_iter().next().unwrap_or(0)))
            })
        })
    }

    /// Runs `work` with a free connection's statements, in place on the request's thread. A read of a file in
    /// the page cache is work for the CPU, as rendering its rows is (which runs in place too): handing it to
    /// another thread (tokio's `block_in_place` or `spawn_blocking`) cost about 25 µs per read, more than many
    /// reads themselves, and lengthened the tail under load (`BENCHMARKS.md`, section 10). What this gives up:
    /// a read that waits (a file not in the page cache, or SQLite's lock while it recovers a WAL file, up to
    /// [`SQLITE_BUSY_TIMEOUT`]) also holds up the tasks queued on its worker thread until it ends.
    fn with_statements<T>(
        &self,
        work: impl FnOnce(&mut Statements<'_, '_>) -> Result<T, sqlx::Error>,
    ) -> Result<T, sqlx::Error> {
        let mut reader = self.pool.get().map_err(|_| sqlx::Error::PoolTimedOut)?;
        reader
            .0
            .with_dependent_mut(|connection, kept| work(&mut Statements { connection, kept }))
    }
}

/// Sets up a read connection of a SQLite file: it waits for a lock at most [`SQLITE_BUSY_TIMEOUT`].
///
/// SQLite's query planner stability guarantee (`SQLITE_DBCONFIG_ENABLE_QPSG`) would plan each statement once
/// whatever its values, but without `ANALYZE`'s samples: the demo customer's listing then sorts all its
/// exports instead of reading the sort's index, which costs more than planning again (`BENCHMARKS.md`,
/// section 8). So it stays off; a kept statement whose values did not change is not planned again anyway.
pub fn configure_reader(connection: &mut rusqlite::Connection) -> rusqlite::Result<()> {
    connection.busy_timeout(SQLITE_BUSY_TIMEOUT)
}

/// The pool's manager: rusqlite connections made by `r2d2_sqlite`, each with its kept statements.
struct ReaderManager(SqliteConnectionManager);

impl r2d2::ManageConnection for ReaderManager {
    type Connection = Reader;
    type Error = rusqlite::Error;

    fn connect(&self) -> Result<Reader, rusqlite::Error> {
        let connection = self.0.connect()?;
        Ok(Reader(ConnectionAndStatements::new(connection, |_| {
            LruCache::new(KEPT_STATEMENTS)
        })))
    }

    fn is_valid(&self, reader: &mut Reader) -> Result<(), rusqlite::Error> {
        reader.0.borrow_owner().execute_batch("")
    }

    fn has_broken(&self, _: &mut Reader) -> bool {
        false
    }
}

self_cell::self_cell!(
    /// A connection and the statements prepared on it, which borrow it.
    struct ConnectionAndStatements {
        owner: rusqlite::Connection,
        #[not_covariant]
        dependent: KeptStatements,
    }
);

/// The statements a connection keeps, by SQL text.
type KeptStatements<'connection> = LruCache<String, Kept<'connection>>;

/// A read connection of the pool with its kept statements.
struct Reader(ConnectionAndStatements);

// SAFETY: a `Reader` owns its connection and every statement prepared on it. rusqlite's `Statement` is not
// `Send` only because it borrows its `Connection` (which is not `Sync`, so that two threads cannot use it at
// once); a `Reader` moves to another thread with all its statements and the connection they borrow, leaving
// nothing behind, and the pool hands it to one thread at a time, as SQLite's multi-thread mode
// (`SQLITE_OPEN_NO_MUTEX`) requires. rusqlite's own statement cache, inside its `Send` connection, rests on the
// same ground.
unsafe impl Send for Reader {}

/// A connection and its kept statements, borrowed for some reads.
struct Statements<'reader, 'connection> {
    connection: &'connection rusqlite::Connection,
    kept: &'reader mut KeptStatements<'connection>,
}

impl Statements<'_, '_> {
    /// Runs `reads` in one read transaction, so that they all see one snapshot of the file.
    fn in_snapshot<T>(
        &mut self,
        reads: impl FnOnce(&mut Self) -> Result<T, sqlx::Error>,
    ) -> Result<T, sqlx::Error> {
        let connection = self.connection;
        let snapshot = connection.unchecked_transaction().map_err(sqlite_error)?;
        let result = reads(self)?;
        snapshot.commit().map_err(sqlite_error)?;
        Ok(result)
    }

    /// The rows of `sql` with `values`, decoded with `read`, through the statement kept for `sql` (prepared
    /// now if none is). A statement that failed is finalized, so that the next read prepares it afresh.
    fn rows<T>(
        &mut self,
        sql: &str,
        values: Values,
        read: ReadRow<T>,
    ) -> Result<Vec<T>, sqlx::Error> {
        if !self.kept.contains_key(sql) {
            let statement = self.connection.prepare(sql).map_err(sqlite_error)?;
            let columns = statement
                .column_names()
                .into_iter()
                .map(str::to_owned)
                .collect();
            let kept = Kept {
                statement,
                columns,
                bound: Vec::new(),
            };
            self.kept.insert(sql.to_owned(), kept);
        }
        let Some(kept) = self.kept.get_mut(sql) else {
            return Err(sqlx::Error::Protocol(
                "SQLite: a statement kept a moment ago is gone".to_owned(),
            ));
        };
        let rows = kept.rows(values, read);
        if rows.is_err() {
            self.kept.remove(sql);
        }
        rows
    }
}

/// A prepared statement, its column names, and the values bound to it now (in parameter order).
struct Kept<'connection> {
    statement: rusqlite::Statement<'connection>,
    columns: Vec<String>,
    bound: Vec<Value>,
}

impl Kept<'_> {
    /// Binds each of `values` that differs from the value bound now (binding a value, even an equal one, makes
    /// SQLite plan the statement again when the plan depended on it), then reads every row with `read`.
    fn rows<T>(&mut self, values: Values, read: ReadRow<T>) -> Result<Vec<T>, sqlx::Error> {
        let values = values.0;
        let expected = self.statement.parameter_count();
        if values.len() != expected {
            return Err(sqlite_error(rusqlite::Error::InvalidParameterCount(
                values.len(),
                expected,
            )));
        }
        for (index, value) in values.into_iter().enumerate() {
            if self.bound.get(index) == Some(&value) {
                continue;
            }
            let value = RusqliteValue(value);
            self.statement
                .raw_bind_parameter(index + 1, &value)
                .map_err(sqlite_error)?;
            match self.bound.get_mut(index) {
                Some(bound) => *bound = value.0,
                None => self.bound.push(value.0),
            }
        }
        let mut rows = self.statement.raw_query();
        let mut records = Vec::new();
        while let Some(row) = rows.next().map_err(sqlite_error)? {
            records.push(read(&FileRow {
                row,
                columns: &self.columns,
            })?);
        }
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The workspace builds SQLite without `SQLITE_ENABLE_MEMORY_MANAGEMENT` (`.cargo/config.toml`): with it,
    /// every connection shares one page cache behind one mutex, and the server's concurrent reads queue on it.
    #[test]
    fn sqlite_gives_each_connection_its_own_page_cache() {
        let connection = rusqlite::Connection::open_in_memory().expect("a connection");
        let options: Vec<String> = connection
            .prepare("PRAGMA compile_options")
            .and_then(|mut statement| {
                statement
                    .query_map([], |row| row.get(0))?
                    .collect::<Result<_, _>>()
            })
            .expect("the compile options");
        assert!(
            options.iter().any(|option| option == "ENABLE_STAT4"),
            "the bundled SQLite's options: {options:?}"
        );
        assert!(
            !options
                .iter()
                .any(|option| option == "ENABLE_MEMORY_MANAGEMENT"),
            "SQLite was built with ENABLE_MEMORY_MANAGEMENT (LIBSQLITE3_FLAGS unset?): {options:?}"
        );
    }

    /// Reads of `SELECT label FROM calls WHERE account = $1` on readers of a file whose `account` index has
    /// `ANALYZE`'s samples (so that SQLite plans the statement for the bound account): each read's labels,
    /// and how many times SQLite had planned the kept statement again after it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn a_kept_statement_is_planned_again_only_when_its_values_change() {
        let directory = tempfile::tempdir().expect("a temporary directory");
        let path = directory.path().join("kept.db");
        let writer = rusqlite::Connection::open(&path).expect("a file");
        writer
            .execute_batch(
                "CREATE TABLE calls (id INTEGER PRIMARY KEY, account INTEGER NOT NULL, label TEXT NOT NULL);
                 CREATE INDEX calls_account ON calls (account);",
            )
            .expect("the table");
        for id in 0..200 {
            writer
                .execute(
                    "INSERT INTO calls (id, account, label) VALUES (?1, ?2, ?3)",
                    (id, id % 10, format!("call {id} of {}", id % 10)),
                )
                .expect("a row");
        }
        writer.execute_batch("ANALYZE").expect("the statistics");
        let readers = SqliteReaders::open(&path, Duration::from_secs(5));
        let sql = "SELECT label FROM calls WHERE account = $1 ORDER BY id LIMIT 2";
        let label = |row: &FileRow<'_, '_>| row.typed::<String>("label");
        let mut planned = Vec::new();
        // The last read is the one off the calling thread (`block_in_place` on this runtime).
        for (read, account) in [(1, 3_i64), (2, 3), (3, 7), (4, 7), (5, 3), (6, 3)] {
            let values = Values(vec![account.into()]);
            let labels = if read < 6 {
                readers.select(sql, values, label)
            } else {
                readers.select_off_thread(sql, values, label).await
            }
            .expect("a read");
            assert_eq!(
                labels,
                [
                    format!("call {account} of {account}"),
                    format!("call {} of {account}", account + 10)
                ],
                "the rows of account {account}"
            );
            let mut reader = readers.pool.get().expect("the one reader");
            let replanned = reader.0.with_dependent_mut(|_, kept| {
                let kept = kept.get(sql).expect("the statement is kept");
                kept.statement
                    .get_status(rusqlite::StatementStatus::RePrepare)
            });
            planned.push(replanned);
        }
        // One connection read them all (the pool lends its last returned one first).
        assert_eq!(readers.pool.state().connections, 1);
        // Planned for the first values on the first read, then again only when the account changed.
        assert_eq!(planned, [1, 1, 2, 2, 3, 3]);
    }
}
