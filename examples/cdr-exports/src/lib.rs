//! `cdr-exports`: the jsonapi-filter example server. A customer API for exports of call detail records,
//! reproducing the reference API (`GET /api/rest/customer/v1/cdr-exports` and its neighbours) end to end:
//! the listing's filters, sort, paging, sparse fieldsets and includes all come from the framework's
//! `#[derive(Filterable)]` on [`resource::CdrExport`].
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//! let settings = cdr_exports::Settings::development("sqlite::memory:");
//! let server = cdr_exports::start(settings).await?;
//! println!("listening on {}", server.address);
//! server.shutdown().await;
//! # Ok(()) }
//! ```

pub mod account_routes;
pub mod api_docs;
pub mod auth;
pub mod cdr_routes;
pub mod documents;
pub mod errors;
pub mod export_jobs;
pub mod http;
pub mod included;
pub mod resource;
pub mod routes;
pub mod seed;
pub mod serve;
pub mod store;

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use jsonapi_filter::{CountPolicy, CursorKey, QueryOptions, Resource};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::auth::TokenKeys;
use crate::documents::API_PATH;
use crate::errors::ApiError;
use crate::export_jobs::worker::Worker;
use crate::resource::{Account, Cdr, CdrExport};
use crate::store::Store;

/// The signing secret used when `CDR_EXPORTS_JWT_SECRET` is not set: for development only.
pub const DEVELOPMENT_JWT_SECRET: &str = "cdr-exports-development-secret-do-not-use-in-production";

/// The default lifetime of a token, in seconds (as the reference).
pub const DEFAULT_TOKEN_LIFETIME: u64 = 600;

/// Everything a server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The address to listen on (`127.0.0.1:0` picks a free port).
    pub listen: SocketAddr,
    /// `sqlite://PATH`, `sqlite::memory:` or `postgres://...`.
    pub database: String,
    /// How long a request waits for a database connection before it is answered 503.
    pub database_timeout: Duration,
    /// PostgreSQL only: the most connections opened for reads, and as many for writes.
    pub postgres_connections: NonZeroU32,
    /// Fill an empty database with the demo data.
    pub seed_demo: bool,
    /// How many exports the demo data holds ([`seed::DEMO_EXPORTS`] by default; more for benchmarks).
    pub seed_demo_exports: usize,
    /// PostgreSQL only: generated CDRs added over 2024 when the demo data is seeded (`--seed-cdrs-scale`).
    pub seed_cdrs_scale: Option<i64>,
    /// Where export files are written.
    pub data_dir: PathBuf,
    /// The HS256 signing secret of tokens.
    pub jwt_secret: String,
    /// How long issued tokens are valid, in seconds.
    pub token_lifetime: u64,
    /// Whether to run the background export worker in this process.
    pub run_worker: bool,
    /// How long a claimed job is leased to its worker.
    pub job_lease: Duration,
    /// How often an idle worker looks for jobs.
    pub worker_poll_interval: Duration,
    /// How listings count `meta.total-count`: exactly (the reference's behaviour), or up to a bound.
    pub count_policy: CountPolicy,
    /// Testing only: a pause after each row written to an export file (zero in production), so that a
    /// fault test can interrupt an export half way.
    pub export_row_delay: Duration,
}

impl Settings {
    /// Development settings for `database`: `127.0.0.1:0`, demo data, the development secret, a data
    /// directory under the system's temporary directory.
    pub fn development(database: &str) -> Settings {
        Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            database: database.to_owned(),
            database_timeout: store::DEFAULT_DATABASE_TIMEOUT,
            postgres_connections: store::DEFAULT_POSTGRES_CONNECTIONS,
            seed_demo: true,
            seed_demo_exports: seed::DEMO_EXPORTS,
            seed_cdrs_scale: None,
            data_dir: std::env::temp_dir().join("cdr-exports"),
            jwt_secret: DEVELOPMENT_JWT_SECRET.to_owned(),
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
            run_worker: true,
            job_lease: export_jobs::worker::DEFAULT_LEASE,
            worker_poll_interval: Duration::from_millis(500),
            count_policy: CountPolicy::Exact,
            export_row_delay: Duration::ZERO,
        }
    }
}

/// The state every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Token signing keys.
    pub keys: Arc<TokenKeys>,
    /// Where export files are.
    pub data_dir: PathBuf,
    /// Wakes the worker when an export is created.
    pub worker_wakeup: Arc<Notify>,
    /// How listings count `meta.total-count`.
    pub count_policy: CountPolicy,
    /// Signs and checks the listings' cursors (`page[after]`, `page[before]`, `meta.page.cursor`), derived
    /// from the token secret.
    pub cursor_key: CursorKey,
}

/// How the listing of `R` reads its query: the limits its documentation gives, and cursors signed with the
/// server's key.
fn listing_options<R: Resource>(state: &AppState) -> axum::Extension<QueryOptions> {
    axum::Extension(QueryOptions {
        cursor_key: Some(state.cursor_key.clone()),
        ..QueryOptions::documenting::<R>()
    })
}

/// The application's routes and middleware, over `state`.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/auth", post(routes::login))
        .route(
            "/cdr-exports",
            get(routes::list_exports)
                .post(export_jobs::routes::create_export)
                .layer(listing_options::<CdrExport>(&state)),
        )
        .route("/cdr-exports/{id}", get(routes::show_export))
        .route(
            "/cdr-exports/{id}/relationships/account",
            get(routes::show_account_relationship),
        )
        .route("/cdr-exports/{id}/account", get(routes::show_account))
        .route(
            "/cdr-exports/{id}/download",
            get(export_jobs::routes::download_export),
        )
        .route(
            "/cdrs",
            get(cdr_routes::list_cdrs).layer(listing_options::<Cdr>(&state)),
        )
        .route("/cdrs/{id}", get(cdr_routes::show_cdr))
        .route(
            "/cdrs/{id}/relationships/{relationship}",
            get(cdr_routes::show_cdr_relationship),
        )
        .route(
            "/cdrs/{id}/{relationship}",
            get(cdr_routes::show_cdr_related),
        )
        .route(
            "/accounts",
            get(account_routes::list_accounts).layer(listing_options::<Account>(&state)),
        )
        .route("/accounts/{id}", get(account_routes::show_account))
        .route("/openapi.json", get(api_docs::openapi_json))
        .route("/docs", get(api_docs::docs_page));
    Router::new()
        .nest(API_PATH, api)
        .fallback(|uri: axum::http::Uri| async move { ApiError::no_route(uri.path()) })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .layer(axum::middleware::from_fn(jsonapi_filter::axum::negotiate))
        .layer(axum::middleware::from_fn(
            jsonapi_filter::axum::error_documents,
        ))
        .layer(axum::middleware::from_fn(http::envelope))
        .with_state(state)
}

/// A running server: its address, and the handles to stop it.
pub struct RunningServer {
    /// The address it listens on.
    pub address: SocketAddr,
    /// The database it uses.
    pub store: Store,
    /// The token keys, to issue tokens directly.
    pub keys: Arc<TokenKeys>,
    shutdown: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningServer {
    /// Stops accepting connections, lets requests in flight and the worker's current job finish, then
    /// closes the database.
    pub async fn shutdown(self) {
        self.shutdown.cancel();
        self.wait().await;
    }

    /// Waits until the server has stopped (after [`RunningServer::shutdown`] or a stop signal).
    pub async fn wait(self) {
        for task in self.tasks {
            let _ = task.await;
        }
        self.store.close().await;
    }

    /// A token that cancels the server.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }
}

/// Connects, migrates, seeds (when asked and empty), binds and starts serving and the worker.
pub async fn start(
    settings: Settings,
) -> Result<RunningServer, Box<dyn std::error::Error + Send + Sync>> {
    let store = Store::connect_limited(
        &settings.database,
        settings.database_timeout,
        settings.postgres_connections,
    )
    .await?;
    store.migrate().await?;
    if settings.seed_demo {
        if seed::is_empty(&store).await? {
            seed::seed_demo(&store, settings.seed_demo_exports).await?;
            tracing::info!("filled the empty database with the demo data");
            if let Some(count) = settings.seed_cdrs_scale {
                seed::seed_cdrs_scale(&store, count, seed::SCALE_CDRS_FROM, 12).await?;
                tracing::info!(count, "added generated CDRs over 2024");
            }
        } else {
            tracing::info!("the database already has data: demo data not added");
        }
    }
    std::fs::create_dir_all(&settings.data_dir)?;
    let keys = Arc::new(TokenKeys::new(
        settings.jwt_secret.as_bytes(),
        settings.token_lifetime,
    ));
    let wakeup = Arc::new(Notify::new());
    let state = AppState {
        store: store.clone(),
        keys: keys.clone(),
        data_dir: settings.data_dir.clone(),
        worker_wakeup: wakeup.clone(),
        count_policy: settings.count_policy,
        cursor_key: CursorKey::new(settings.jwt_secret.as_bytes()),
    };
    let listener = tokio::net::TcpListener::bind(settings.listen).await?;
    let address = listener.local_addr()?;
    let shutdown = CancellationToken::new();
    let mut tasks = Vec::new();
    let server_shutdown = shutdown.clone();
    tasks.push(tokio::spawn(serve::serve(
        listener,
        router(state),
        server_shutdown,
    )));
    if settings.run_worker {
        let worker = Worker {
            store: store.clone(),
            data_dir: settings.data_dir.clone(),
            name: format!("{}-{}", std::process::id(), uuid::Uuid::new_v4()),
            lease: settings.job_lease,
            poll_interval: settings.worker_poll_interval,
            row_delay: settings.export_row_delay,
            wakeup,
        };
        tasks.push(tokio::spawn(worker.run(shutdown.clone())));
    }
    tracing::info!(%address, database = %redacted(&settings.database), "listening");
    Ok(RunningServer {
        address,
        store,
        keys,
        shutdown,
        tasks,
    })
}

/// A database URL without its password, for logs.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_passwords_are_redacted_in_logs() {
        assert_eq!(
            super::redacted("postgres://app:s3cret@db:5432/x"),
            "postgres://app:***@db:5432/x"
        );
        assert_eq!(
            super::redacted("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(super::redacted("sqlite::memory:"), "sqlite::memory:");
    }
}
