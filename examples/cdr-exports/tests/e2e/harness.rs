//! The test environment: servers on ephemeral ports over fresh databases, an HTTP client, and assertions
//! that explain what differed.

use std::fmt::Debug;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use cdr_exports::store::Store;
use cdr_exports::{RunningServer, Settings};
use libtest_mimic::{Failed, Trial};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use sqlx::Executor;

/// The one runtime every server and every case runs on.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime")
    })
}

/// The result of a case.
pub type Outcome = Result<(), Failed>;

/// One server of the environment.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    /// The database it uses.
    pub store: Store,
    /// A token of the `demo` API access (id 1).
    pub demo_token: String,
    /// A token of the `other` API access (id 2).
    pub other_token: String,
    /// Where its export files go.
    pub data_dir: PathBuf,
    /// Its token keys.
    pub keys: std::sync::Arc<cdr_exports::auth::TokenKeys>,
    running: Mutex<Option<RunningServer>>,
}

/// The servers of one backend.
pub struct Env {
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// The demo data, never changed by a case.
    pub demo: Server,
    /// The demo data, for cases that create exports.
    pub work: Server,
    /// Only the reference's fixture, inserted by hand.
    pub reference: Server,
    /// The HTTP client.
    pub http: reqwest::Client,
    _temporary: tempfile::TempDir,
    postgres: Option<(String, Vec<String>)>,
}

fn settings(database: String, seed_demo: bool, data_dir: PathBuf) -> Settings {
    Settings {
        seed_demo,
        data_dir,
        job_lease: Duration::from_secs(30),
        worker_poll_interval: Duration::from_millis(200),
        ..Settings::development(&database)
    }
}

async fn start_server(settings: Settings) -> Result<Server, String> {
    let data_dir = settings.data_dir.clone();
    let running = cdr_exports::start(settings)
        .await
        .map_err(|error| error.to_string())?;
    let keys = running.keys.clone();
    Ok(Server {
        origin: format!("http://{}", running.address),
        store: running.store.clone(),
        demo_token: keys.issue(1).map_err(|error| error.to_string())?,
        other_token: keys.issue(2).map_err(|error| error.to_string())?,
        data_dir,
        keys,
        running: Mutex::new(Some(running)),
    })
}

impl Env {
    /// Three servers over SQLite files in a temporary directory.
    pub async fn start_sqlite() -> Env {
        let temporary = tempfile::tempdir().expect("a temporary directory");
        let mut servers = Vec::new();
        for (name, seed) in [("demo", true), ("work", true), ("reference", false)] {
            let file = temporary.path().join(format!("{name}.db"));
            let database = format!("sqlite://{}", file.display());
            let server = start_server(settings(database, seed, temporary.path().join(name)))
                .await
                .unwrap_or_else(|error| {
                    panic!("the SQLite {name} server failed to start: {error}")
                });
            servers.push(server);
        }
        Env::assemble("sqlite", servers, temporary, None)
    }

    /// Three servers, each over a fresh schema of the PostgreSQL database at `url`.
    pub async fn start_postgres(url: &str) -> Result<Env, String> {
        let run = unique_name("cdr_e2e");
        let temporary = tempfile::tempdir().map_err(|error| error.to_string())?;
        let mut servers = Vec::new();
        let mut schemas = Vec::new();
        for (name, seed) in [("demo", true), ("work", true), ("reference", false)] {
            let schema = PostgresSchema::create(url, &format!("{run}_{name}")).await?;
            let database = schema.database_url();
            schemas.push(schema.name);
            servers
                .push(start_server(settings(database, seed, temporary.path().join(name))).await?);
        }
        Ok(Env::assemble(
            "postgres",
            servers,
            temporary,
            Some((url.to_owned(), schemas)),
        ))
    }

    fn assemble(
        backend: &'static str,
        servers: Vec<Server>,
        temporary: tempfile::TempDir,
        postgres: Option<(String, Vec<String>)>,
    ) -> Env {
        let mut servers = servers.into_iter();
        let mut next = || servers.next().expect("three servers");
        Env {
            backend,
            demo: next(),
            work: next(),
            reference: next(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("an HTTP client"),
            _temporary: temporary,
            postgres,
        }
    }

    /// Stops the servers and drops the PostgreSQL schemas.
    pub async fn stop(&self) {
        for server in [&self.demo, &self.work, &self.reference] {
            let running = server.running.lock().ok().and_then(|mut slot| slot.take());
            if let Some(running) = running {
                running.shutdown().await;
            }
        }
        if let Some((url, schemas)) = &self.postgres {
            for schema in schemas {
                PostgresSchema {
                    url: url.clone(),
                    name: schema.clone(),
                }
                .remove()
                .await;
            }
        }
    }
}

/// A name unique to this process and moment, for PostgreSQL schemas: `<prefix>_<pid>_<milliseconds>`.
pub fn unique_name(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_millis())
    )
}

/// A fresh schema of a PostgreSQL database, so suites sharing the server never see each other's rows.
pub struct PostgresSchema {
    /// The database's URL, as given.
    pub url: String,
    /// The schema's name.
    pub name: String,
}

impl PostgresSchema {
    /// Creates the schema `name` in the database at `url`.
    pub async fn create(url: &str, name: &str) -> Result<PostgresSchema, String> {
        let admin = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|error| format!("cannot connect to {url}: {error}"))?;
        let created = admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {name}")))
            .await
            .map_err(|error| format!("CREATE SCHEMA {name}: {error}"));
        admin.close().await;
        created?;
        Ok(PostgresSchema {
            url: url.to_owned(),
            name: name.to_owned(),
        })
    }

    /// The database's URL with this schema as the search path.
    pub fn database_url(&self) -> String {
        with_search_path(&self.url, &self.name)
    }

    /// Drops the schema and everything in it.
    pub async fn remove(&self) {
        if let Ok(admin) = sqlx::PgPool::connect(&self.url).await {
            let _ = admin
                .execute(sqlx::AssertSqlSafe(format!(
                    "DROP SCHEMA {} CASCADE",
                    self.name
                )))
                .await;
            admin.close().await;
        }
    }
}

/// `url` with `schema` as the search path of its connections.
pub fn with_search_path(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-c%20search_path%3D{schema}")
}

/// An answer of the server.
#[derive(Debug)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub text: String,
}

impl Reply {
    /// The body as JSON (`null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }

    /// A header as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }

    /// The ids of `data[]`, in order.
    pub fn ids(&self) -> Vec<String> {
        self.json()["data"]
            .as_array()
            .map(|data| {
                data.iter()
                    .map(|object| object["id"].as_str().unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `(status, code)` pairs of an error document.
    pub fn error_codes(&self) -> Vec<(String, String)> {
        self.json()["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|error| {
                        (
                            error["status"].as_str().unwrap_or("").to_owned(),
                            error["code"].as_str().unwrap_or("").to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The API's path prefix.
pub const API: &str = "/api/rest/customer/v1";

impl Env {
    /// `GET {API}{path}` on `server` with the `Authorization` header `token` (none when `None`) and extra
    /// headers.
    pub async fn get_with(
        &self,
        server: &Server,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Result<Reply, Failed> {
        self.send(server, reqwest::Method::GET, path, token, headers, None)
            .await
    }

    /// `GET {API}{path}` as the demo customer.
    pub async fn get(&self, server: &Server, path: &str) -> Result<Reply, Failed> {
        self.get_with(server, path, Some(&server.demo_token), &[])
            .await
    }

    /// Any request; a 5xx answer is a failure.
    pub async fn send(
        &self,
        server: &Server,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<String>,
    ) -> Result<Reply, Failed> {
        let reply = request(
            &self.http,
            &server.origin,
            method,
            path,
            token,
            headers,
            body,
        )
        .await?;
        if reply.status >= 500 {
            return Err(format!("{path} answered {}: {}", reply.status, reply.text).into());
        }
        Ok(reply)
    }

    /// Every export the demo customer sees on `server`, with account linkage, in the default order.
    pub async fn all_visible(&self, server: &Server, token: &str) -> Result<Vec<Value>, Failed> {
        let reply = self
            .get_with(
                server,
                "/cdr-exports?include=account&page[size]=1000",
                Some(token),
                &[],
            )
            .await?;
        expect_eq(reply.status, 200, "status of the full listing")?;
        Ok(reply.json()["data"].as_array().cloned().unwrap_or_default())
    }
}

/// Any request to `{origin}{API}{path}`, with the `Authorization` header `token` (none when `None`), extra
/// headers and a body; every status is an answer.
pub async fn request(
    http: &reqwest::Client,
    origin: &str,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Result<Reply, Failed> {
    let mut request = http.request(method, format!("{origin}{API}{path}"));
    if let Some(token) = token {
        request = request.header("authorization", token);
    }
    for (name, value) in headers {
        request = request.header(
            HeaderName::from_bytes(name.as_bytes()).map_err(|error| error.to_string())?,
            HeaderValue::from_str(value).map_err(|error| error.to_string())?,
        );
    }
    if let Some(body) = body {
        request = request.body(body);
    }
    let response = request
        .send()
        .await
        .map_err(|error| format!("{path}: {error}"))?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response
        .text()
        .await
        .map_err(|error| format!("{path}: {error}"))?;
    Ok(Reply {
        status,
        headers,
        text,
    })
}

/// Fails with both values when they differ.
pub fn expect_eq<T: PartialEq + Debug>(actual: T, expected: T, what: &str) -> Outcome {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("{what}:\n  actual:   {actual:?}\n  expected: {expected:?}").into())
    }
}

/// Fails with `what` when `condition` is false.
pub fn expect(condition: bool, what: impl Into<String>) -> Outcome {
    if condition {
        Ok(())
    } else {
        Err(what.into().into())
    }
}

/// The future of a case.
pub type CaseFuture = Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// A named case over one environment, as a libtest-mimic trial named `<backend>::<name>`.
pub fn trial(
    env: &'static Env,
    name: &str,
    case: impl FnOnce(&'static Env) -> CaseFuture + Send + 'static,
) -> Trial {
    Trial::test(format!("{}::{name}", env.backend), move || {
        runtime().block_on(case(env))
    })
}

/// The `cdr-exports` binary run as its own process, for faults an in-process server cannot suffer
/// (`kill -9`, SIGTERM). Killed when dropped.
pub struct ServerProcess {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    /// Where its stderr (the logs) goes.
    pub log: PathBuf,
    child: tokio::process::Child,
}

impl ServerProcess {
    /// Starts `cdr-exports serve --listen 127.0.0.1:0 <arguments>` with the development secret and no
    /// other `CDR_EXPORTS_*` variable, and waits until it prints the address it listens on.
    pub async fn start(arguments: &[String], log: PathBuf) -> Result<ServerProcess, String> {
        use tokio::io::AsyncBufReadExt;
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_cdr-exports"));
        command
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(arguments)
            .env(
                "CDR_EXPORTS_JWT_SECRET",
                cdr_exports::DEVELOPMENT_JWT_SECRET,
            )
            .env("RUST_LOG", "info,sqlx=warn")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::fs::File::create(&log).map_err(|error| error.to_string())?)
            .kill_on_drop(true);
        for (name, _) in std::env::vars() {
            if name.starts_with("CDR_EXPORTS_") && name != "CDR_EXPORTS_JWT_SECRET" {
                command.env_remove(name);
            }
        }
        let mut child = command
            .spawn()
            .map_err(|error| format!("cannot start cdr-exports: {error}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = tokio::io::BufReader::new(stdout).lines();
        let listening = tokio::time::timeout(Duration::from_secs(120), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(origin) = line.split("listening on ").nth(1) {
                    return Some(origin.trim().to_owned());
                }
            }
            None
        })
        .await;
        let Ok(Some(origin)) = listening else {
            let _ = child.kill().await;
            return Err(format!("cdr-exports did not start: {}", log_tail(&log)));
        };
        // Keep reading stdout, so the server never writes into a closed pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(ServerProcess { origin, log, child })
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id().unwrap_or(0)
    }

    /// `kill -9`: the process dies at once, whatever it is doing.
    pub async fn kill(&mut self) -> Result<(), String> {
        self.child.kill().await.map_err(|error| error.to_string())
    }

    /// Sends SIGTERM (a graceful stop).
    pub fn terminate(&self) -> Result<(), String> {
        let pid = i32::try_from(self.pid()).map_err(|error| error.to_string())?;
        // SAFETY: kill(2) on the id of a child this process started and has not reaped.
        if unsafe { libc::kill(pid, libc::SIGTERM) } == 0 {
            Ok(())
        } else {
            Err(format!(
                "kill -TERM {pid}: {}",
                std::io::Error::last_os_error()
            ))
        }
    }

    /// Waits at most `limit` for the process to exit, and returns its exit code.
    pub async fn wait(&mut self, limit: Duration) -> Result<Option<i32>, String> {
        match tokio::time::timeout(limit, self.child.wait()).await {
            Ok(Ok(status)) => Ok(status.code()),
            Ok(Err(error)) => Err(error.to_string()),
            Err(_) => Err(format!(
                "cdr-exports did not exit within {limit:?}: {}",
                log_tail(&self.log)
            )),
        }
    }

    /// SIGTERM, then expects exit code 0 within `limit`.
    pub async fn stop(&mut self, limit: Duration) -> Outcome {
        self.terminate()?;
        let code = self.wait(limit).await?;
        expect_eq(code, Some(0), "exit code after SIGTERM")
    }
}

/// The last lines of a log file, for failure messages.
pub fn log_tail(log: &std::path::Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    format!(
        "last log lines of {}:\n{}",
        log.display(),
        lines[lines.len().saturating_sub(15)..].join("\n")
    )
}

/// Polls `check` every 50 ms until it returns `Some`, failing with `what` after `limit`.
pub async fn wait_until<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> Result<T, Failed>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, Failed>>,
{
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(value) = check().await? {
            return Ok(value);
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("timed out after {limit:?} waiting for {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The PostgreSQL twins of the SQLite trials (`sqlite::x` becomes `postgres::x`), listed as ignored when
/// `JSONAPI_FILTER_POSTGRES_URL` is not set, so a run shows what it did not test; run with
/// `--include-ignored`, each fails saying why. `sqlite_only` names the cases that run on SQLite alone.
pub fn postgres_placeholders(trials: &[Trial], sqlite_only: &[&str]) -> Vec<Trial> {
    trials
        .iter()
        .filter_map(|trial| trial.name().strip_prefix("sqlite::"))
        .filter(|name| !sqlite_only.contains(name))
        .map(|name| {
            Trial::test(format!("postgres::{name}"), || {
                Err("JSONAPI_FILTER_POSTGRES_URL is not set".into())
            })
            .with_ignored_flag(true)
        })
        .collect()
}
