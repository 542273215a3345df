//! The database engines: private tables per run (an in-memory SQLite database, a PostgreSQL schema, a
//! MariaDB database), filled with a dataset of [`Probe`] rows and the fixed [`call::Call`] rows, queried only
//! through the framework's statements, and dropped at the end. Shared by the conformance suite (one fixed
//! dataset) and the differential suite (which replaces the rows before every case).

use std::str::FromStr;
use std::time::Duration;

use jsonapi_filter::{Backend, COUNTED_COLUMN, FilterRecord, Resource};
use sea_query::{
    Alias, MysqlQueryBuilder, PostgresQueryBuilder, SelectStatement, SqliteQueryBuilder,
};
use sea_query_sqlx::SqlxBinder;
use sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::{AssertSqlSafe, Column, Connection, Executor, Row};
use tokio::sync::OnceCell;

use crate::call;
use crate::related;
use crate::resource::Probe;

/// How long to wait for a server before the run fails.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The prepared statements a MariaDB connection keeps before they are all closed at once, below sqlx's cache
/// of 100. The suites send thousands of distinct statements; with a full cache, sqlx's MySQL driver closes
/// the oldest statement right before executing each new one, two writes with no reply in between that
/// Nagle's algorithm and the server's delayed ACK hold for about 40 ms every time (the differential suite ran
/// ten times slower). Clearing the cache ahead of that costs one such wait per 90 statements.
const MYSQL_STATEMENTS_KEPT: usize = 90;

/// One engine of the suite: SQLite always, PostgreSQL and MariaDB when their URL is set.
pub struct Engine {
    /// The dialect the framework renders for it.
    pub backend: Backend,
    /// The first segment of its trial names: `sqlite`, `postgres`, `mysql`.
    pub name: &'static str,
    /// The variable holding its URL, or `None` for the in-memory SQLite.
    pub url_variable: Option<&'static str>,
    /// The rows the table holds once prepared.
    initial_rows: fn() -> Vec<Probe>,
    /// Prepared on first use, so that `--list` and filtered runs touch no server.
    database: OnceCell<Result<Database, String>>,
}

/// A prepared engine: a pool on the run's private table, and what to drop at the end.
pub struct Database {
    pool: Pool,
    cleanup: Cleanup,
}

enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
    MySql(MySqlPool),
}

enum Cleanup {
    /// The in-memory database goes with its connection.
    Nothing,
    DropSchema {
        url: String,
        schema: String,
    },
    DropDatabase {
        url: String,
        database: String,
    },
}

impl Engine {
    /// The three engines, in trial order, whose tables are prepared holding `initial_rows()`.
    pub fn all(initial_rows: fn() -> Vec<Probe>) -> Vec<Engine> {
        let engine = |backend, name, url_variable| Engine {
            backend,
            name,
            url_variable,
            initial_rows,
            database: OnceCell::new(),
        };
        vec![
            engine(Backend::Sqlite, "sqlite", None),
            engine(
                Backend::Postgres,
                "postgres",
                Some("JSONAPI_FILTER_POSTGRES_URL"),
            ),
            engine(Backend::MySql, "mysql", Some("JSONAPI_FILTER_MYSQL_URL")),
        ]
    }

    /// The server URL, when the engine is to run; an empty variable counts as unset.
    fn url(&self) -> Option<String> {
        match self.url_variable {
            None => Some(String::new()),
            Some(variable) => std::env::var(variable).ok().filter(|url| !url.is_empty()),
        }
    }

    /// Whether the engine runs in this process (SQLite always; the others when their URL is set).
    pub fn is_enabled(&self) -> bool {
        self.url().is_some()
    }

    /// The prepared database, preparing it on first use. A configured server that cannot be reached is an
    /// error for every trial of the engine, never a skip.
    pub async fn database(&self) -> Result<&Database, String> {
        let prepared = self
            .database
            .get_or_init(|| async {
                match self.url() {
                    None => Err(format!(
                        "{} is not set",
                        self.url_variable.unwrap_or("the URL")
                    )),
                    Some(url) => self.prepare(&url).await.map_err(|error| {
                        format!("could not prepare {} at {url:?}: {error}", self.name)
                    }),
                }
            })
            .await;
        prepared.as_ref().map_err(Clone::clone)
    }

    async fn prepare(&self, url: &str) -> Result<Database, sqlx::Error> {
        let database = match self.backend {
            Backend::Sqlite => prepare_sqlite().await?,
            Backend::Postgres => prepare_postgres(url).await?,
            Backend::MySql => prepare_mysql(url).await?,
        };
        database.create_table(self.backend).await?;
        database
            .replace_rows(self.backend, &(self.initial_rows)())
            .await?;
        database
            .execute(call::create_table_sql(self.backend).to_owned())
            .await?;
        database.replace_rows(self.backend, &call::calls()).await?;
        for create in related::create_tables_sql(self.backend) {
            database.execute(create.to_owned()).await?;
        }
        database
            .replace_rows(self.backend, &related::owners())
            .await?;
        database
            .replace_rows(self.backend, &related::wallets())
            .await?;
        database
            .replace_rows(self.backend, &related::payments())
            .await?;
        Ok(database)
    }

    /// Drops the run's schema or database, if one was prepared.
    pub async fn tear_down(&self) -> Result<(), String> {
        match self.database.get() {
            Some(Ok(database)) => database
                .tear_down()
                .await
                .map_err(|error| format!("could not drop the {} tables: {error}", self.name)),
            _ => Ok(()),
        }
    }
}

/// A name no other run uses: `conformance_<uuid>`.
fn private_name() -> String {
    format!("conformance_{}", uuid::Uuid::new_v4().simple())
}

async fn prepare_sqlite() -> Result<Database, sqlx::Error> {
    // Every connection to `:memory:` is its own database, so the pool keeps exactly one, forever.
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(SqliteConnectOptions::from_str("sqlite::memory:")?)
        .await?;
    Ok(Database {
        pool: Pool::Sqlite(pool),
        cleanup: Cleanup::Nothing,
    })
}

async fn prepare_postgres(url: &str) -> Result<Database, sqlx::Error> {
    let schema = private_name();
    let mut admin = tokio::time::timeout(CONNECT_TIMEOUT, sqlx::PgConnection::connect(url))
        .await
        .map_err(|_| sqlx::Error::PoolTimedOut)??;
    admin
        .execute(AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .await?;
    admin.close().await?;
    let search_path = format!("SET search_path TO {schema}");
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(CONNECT_TIMEOUT)
        .after_connect(move |connection, _| {
            let search_path = search_path.clone();
            Box::pin(async move {
                connection.execute(AssertSqlSafe(search_path)).await?;
                Ok(())
            })
        })
        .connect(url)
        .await?;
    Ok(Database {
        pool: Pool::Postgres(pool),
        cleanup: Cleanup::DropSchema {
            url: url.to_owned(),
            schema,
        },
    })
}

async fn prepare_mysql(url: &str) -> Result<Database, sqlx::Error> {
    let database = private_name();
    let mut admin = tokio::time::timeout(CONNECT_TIMEOUT, sqlx::MySqlConnection::connect(url))
        .await
        .map_err(|_| sqlx::Error::PoolTimedOut)??;
    // MariaDB's default collation, named so that a server configured otherwise still gets the hostile one:
    // case- and accent-insensitive, trailing spaces ignored.
    admin
        .execute(AssertSqlSafe(format!(
            "CREATE DATABASE {database} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
        )))
        .await?;
    admin.close().await?;
    let options = MySqlConnectOptions::from_str(url)?.database(&database);
    let pool = MySqlPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(CONNECT_TIMEOUT)
        .after_release(|connection, _| {
            Box::pin(async move {
                if connection.cached_statements_size() >= MYSQL_STATEMENTS_KEPT {
                    connection.clear_cached_statements().await?;
                }
                Ok(true)
            })
        })
        .connect_with(options)
        .await?;
    Ok(Database {
        pool: Pool::MySql(pool),
        cleanup: Cleanup::DropDatabase {
            url: url.to_owned(),
            database,
        },
    })
}

/// The table in the storage formats documented at the top of `jsonapi-filter/src/sql.rs`. Two text columns
/// get a hostile collation: PostgreSQL's `label_text` sorts linguistically (ICU), MariaDB's `note` uses
/// `utf8mb4_unicode_ci`, where `ß` equals `ss`.
fn create_table_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "CREATE TABLE probes (
                id INTEGER PRIMARY KEY,
                label_text TEXT NOT NULL,
                note TEXT,
                amount INTEGER NOT NULL,
                score INTEGER,
                rate INTEGER,
                created_at TEXT NOT NULL,
                reviewed_at TEXT,
                stage TEXT NOT NULL,
                token TEXT NOT NULL,
                origin BLOB,
                account_id TEXT,
                active INTEGER NOT NULL,
                verified INTEGER,
                region TEXT NOT NULL
            )"
        }
        Backend::Postgres => {
            r#"CREATE TABLE probes (
                id BIGINT PRIMARY KEY,
                label_text TEXT COLLATE "und-x-icu" NOT NULL,
                note TEXT,
                amount BIGINT NOT NULL,
                score BIGINT,
                rate NUMERIC(18, 4),
                created_at TIMESTAMPTZ NOT NULL,
                reviewed_at TIMESTAMPTZ,
                stage TEXT NOT NULL,
                token UUID NOT NULL,
                origin INET,
                account_id UUID,
                active BOOLEAN NOT NULL,
                verified BOOLEAN,
                region TEXT NOT NULL
            )"#
        }
        Backend::MySql => {
            "CREATE TABLE probes (
                id BIGINT PRIMARY KEY,
                label_text VARCHAR(100) NOT NULL,
                note TEXT COLLATE utf8mb4_unicode_ci,
                amount BIGINT NOT NULL,
                score BIGINT,
                rate DECIMAL(18, 4),
                created_at DATETIME(6) NOT NULL,
                reviewed_at DATETIME(6),
                stage VARCHAR(20) NOT NULL,
                token CHAR(36) NOT NULL,
                origin VARBINARY(17),
                account_id CHAR(36),
                active BOOLEAN NOT NULL,
                verified BOOLEAN,
                region VARCHAR(50) NOT NULL
            )"
        }
    }
}

/// One `INSERT` of every row, rendered for `backend`.
fn insert_statement<R: Resource + FilterRecord>(
    backend: Backend,
    rows: &[R],
) -> (String, sea_query_sqlx::SqlxValues) {
    let schema = R::SCHEMA;
    let mut insert = sea_query::Query::insert();
    insert
        .into_table(Alias::new(schema.table))
        .columns(schema.fields.iter().map(|field| Alias::new(field.column)));
    for record in rows {
        let row = schema.fields.iter().map(|field| {
            let bound = backend.bind_for(field, record.field_value(field).as_ref());
            sea_query::Expr::from(bound)
        });
        insert.values_panic(row);
    }
    match backend {
        Backend::Sqlite => insert.build_sqlx(SqliteQueryBuilder),
        Backend::Postgres => insert.build_sqlx(PostgresQueryBuilder),
        Backend::MySql => insert.build_sqlx(MysqlQueryBuilder),
    }
}

impl Database {
    async fn execute(&self, sql: String) -> Result<(), sqlx::Error> {
        match &self.pool {
            Pool::Sqlite(pool) => pool.execute(AssertSqlSafe(sql)).await.map(drop),
            Pool::Postgres(pool) => pool.execute(AssertSqlSafe(sql)).await.map(drop),
            Pool::MySql(pool) => pool.execute(AssertSqlSafe(sql)).await.map(drop),
        }
    }

    async fn create_table(&self, backend: Backend) -> Result<(), sqlx::Error> {
        self.execute(create_table_sql(backend).to_owned()).await
    }

    /// Replaces the rows of `R`'s table ([`Probe`] or [`call::Call`]) with `rows`, in one transaction: a `DELETE`,
    /// then one multi-row `INSERT` with each value bound in the storage format the renderer expects
    /// ([`Backend::bind`]), NULLs typed as their column.
    pub async fn replace_rows<R: Resource + FilterRecord>(
        &self,
        backend: Backend,
        rows: &[R],
    ) -> Result<(), sqlx::Error> {
        let delete = format!("DELETE FROM {}", R::SCHEMA.table);
        let insert = (!rows.is_empty()).then(|| insert_statement(backend, rows));
        macro_rules! replace_in {
            ($pool:expr) => {{
                let mut transaction = $pool.begin().await?;
                sqlx::query(AssertSqlSafe(delete))
                    .execute(&mut *transaction)
                    .await?;
                if let Some((sql, values)) = insert {
                    sqlx::query_with(AssertSqlSafe(sql), values)
                        .execute(&mut *transaction)
                        .await?;
                }
                transaction.commit().await
            }};
        }
        match &self.pool {
            Pool::Sqlite(pool) => replace_in!(pool),
            Pool::Postgres(pool) => replace_in!(pool),
            Pool::MySql(pool) => replace_in!(pool),
        }
    }

    /// Runs a statement the framework rendered for `backend` and returns the `id` column, in order.
    pub async fn ids(
        &self,
        backend: Backend,
        select: &SelectStatement,
    ) -> Result<Vec<i64>, sqlx::Error> {
        let (sql, values) = backend.build_sqlx(select);
        let sql = AssertSqlSafe(sql);
        match &self.pool {
            Pool::Sqlite(pool) => sqlx::query_with(sql, values)
                .fetch_all(pool)
                .await?
                .iter()
                .map(|row| row.try_get("id"))
                .collect(),
            Pool::Postgres(pool) => sqlx::query_with(sql, values)
                .fetch_all(pool)
                .await?
                .iter()
                .map(|row| row.try_get("id"))
                .collect(),
            Pool::MySql(pool) => sqlx::query_with(sql, values)
                .fetch_all(pool)
                .await?
                .iter()
                .map(|row| row.try_get("id"))
                .collect(),
        }
    }

    /// Runs SQL the framework rendered (an include's statement) and returns each row's `id` and the names of
    /// its columns, in order. (The differential suite, which shares this module, does not use it.)
    #[allow(dead_code)]
    pub async fn ids_and_columns(
        &self,
        sql: &str,
        values: sea_query::Values,
    ) -> Result<Vec<(i64, Vec<String>)>, sqlx::Error> {
        let (sql, values) = (AssertSqlSafe(sql), sea_query_sqlx::SqlxValues(values));
        macro_rules! read_in {
            ($pool:expr) => {
                sqlx::query_with(sql, values)
                    .fetch_all($pool)
                    .await?
                    .iter()
                    .map(|row| {
                        let names = row.columns().iter().map(|c| c.name().to_owned()).collect();
                        Ok((row.try_get("id")?, names))
                    })
                    .collect()
            };
        }
        match &self.pool {
            Pool::Sqlite(pool) => read_in!(pool),
            Pool::Postgres(pool) => read_in!(pool),
            Pool::MySql(pool) => read_in!(pool),
        }
    }

    /// Runs a page with its count (`ResourceQuery::select_with_count_statement`) rendered for `backend` and
    /// returns each row's `id` and count, in order. (The differential suite does not use it.)
    #[allow(dead_code)]
    pub async fn ids_and_counts(
        &self,
        backend: Backend,
        select: &SelectStatement,
    ) -> Result<Vec<(i64, i64)>, sqlx::Error> {
        let (sql, values) = backend.build_sqlx(select);
        let sql = AssertSqlSafe(sql);
        macro_rules! read_in {
            ($pool:expr) => {
                sqlx::query_with(sql, values)
                    .fetch_all($pool)
                    .await?
                    .iter()
                    .map(|row| Ok((row.try_get("id")?, row.try_get(COUNTED_COLUMN)?)))
                    .collect()
            };
        }
        match &self.pool {
            Pool::Sqlite(pool) => read_in!(pool),
            Pool::Postgres(pool) => read_in!(pool),
            Pool::MySql(pool) => read_in!(pool),
        }
    }

    /// Runs a `COUNT(*)` statement the framework rendered for `backend`.
    pub async fn count(
        &self,
        backend: Backend,
        count: &SelectStatement,
    ) -> Result<i64, sqlx::Error> {
        let (sql, values) = backend.build_sqlx(count);
        let sql = AssertSqlSafe(sql);
        match &self.pool {
            Pool::Sqlite(pool) => sqlx::query_scalar_with(sql, values).fetch_one(pool).await,
            Pool::Postgres(pool) => sqlx::query_scalar_with(sql, values).fetch_one(pool).await,
            Pool::MySql(pool) => sqlx::query_scalar_with(sql, values).fetch_one(pool).await,
        }
    }

    async fn tear_down(&self) -> Result<(), sqlx::Error> {
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
            Pool::MySql(pool) => pool.close().await,
        }
        match &self.cleanup {
            Cleanup::Nothing => Ok(()),
            Cleanup::DropSchema { url, schema } => {
                let mut admin = sqlx::PgConnection::connect(url).await?;
                admin
                    .execute(AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
                    .await?;
                admin.close().await
            }
            Cleanup::DropDatabase { url, database } => {
                let mut admin = sqlx::MySqlConnection::connect(url).await?;
                admin
                    .execute(AssertSqlSafe(format!("DROP DATABASE {database}")))
                    .await?;
                admin.close().await
            }
        }
    }
}
