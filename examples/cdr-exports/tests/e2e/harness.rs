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
        let admin = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|error| format!("cannot connect to {url}: {error}"))?;
        let run = format!(
            "cdr_e2e_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_millis())
        );
        let temporary = tempfile::tempdir().map_err(|error| error.to_string())?;
        let mut servers = Vec::new();
        let mut schemas = Vec::new();
        for (name, seed) in [("demo", true), ("work", true), ("reference", false)] {
            let schema = format!("{run}_{name}");
            admin
                .execute(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                .await
                .map_err(|error| error.to_string())?;
            schemas.push(schema.clone());
            let separator = if url.contains('?') { '&' } else { '?' };
            let database = format!("{url}{separator}options=-c%20search_path%3D{schema}");
            servers
                .push(start_server(settings(database, seed, temporary.path().join(name))).await?);
        }
        admin.close().await;
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
        if let Some((url, schemas)) = &self.postgres
            && let Ok(admin) = sqlx::PgPool::connect(url).await
        {
            for schema in schemas {
                let _ = admin
                    .execute(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
                    .await;
            }
            admin.close().await;
        }
    }
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

    /// Any request.
    pub async fn send(
        &self,
        server: &Server,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<String>,
    ) -> Result<Reply, Failed> {
        let mut request = self
            .http
            .request(method, format!("{}{API}{path}", server.origin));
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
        if status >= 500 {
            return Err(format!("{path} answered {status}: {text}").into());
        }
        Ok(Reply {
            status,
            headers,
            text,
        })
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
