//! The `cdr-exports` command: `serve` (the default) runs the API; `token` prints a token for an API access.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

use cdr_exports::{DEFAULT_TOKEN_LIFETIME, DEVELOPMENT_JWT_SECRET, Settings};
use clap::{Args, Parser, Subcommand};
use jsonapi_filter::CountPolicy;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

/// The jsonapi-filter example server: a customer API for CDR exports.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
    /// The HS256 secret tokens are signed with (a development default is used, with a warning).
    #[arg(
        long,
        env = "CDR_EXPORTS_JWT_SECRET",
        hide_env_values = true,
        global = true
    )]
    jwt_secret: Option<String>,
    /// Log the time of every span when it closes (`time.busy`, `time.idle`); with
    /// `RUST_LOG=cdr_exports=debug` this splits each request into token check, customer load, page and
    /// count, rendering and ETag.
    #[arg(long, env = "CDR_EXPORTS_SPAN_TIMINGS", global = true)]
    span_timings: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the API server (the default).
    Serve(ServeArgs),
    /// Print a valid token for an API access.
    Token {
        /// The API access id (the demo data's `demo` login is 1, `other` is 2).
        #[arg(long, env = "CDR_EXPORTS_API_ACCESS_ID")]
        api_access_id: i64,
        /// The token lifetime, in seconds.
        #[arg(long, default_value_t = DEFAULT_TOKEN_LIFETIME)]
        lifetime: u64,
    },
    /// Print the API's documentation, generated from the resource's derive.
    Docs {
        /// `markdown`: the listing's parameter table; `openapi`: the OpenAPI 3.1 document.
        #[arg(long, value_enum, default_value_t = DocsFormat::Markdown)]
        format: DocsFormat,
        /// The resource whose parameter table `markdown` prints: `cdr-exports` or `cdrs`.
        #[arg(long, default_value = "cdr-exports", value_parser = clap::builder::PossibleValuesParser::new(cdr_exports::api_docs::DOCUMENTED_RESOURCES))]
        resource: String,
    },
}

/// The formats of `cdr-exports docs`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum DocsFormat {
    /// The parameter table, as Markdown.
    Markdown,
    /// The OpenAPI 3.1 document, as JSON.
    Openapi,
}

#[derive(Debug, Clone, Args)]
struct ServeArgs {
    /// The address to listen on.
    #[arg(long, env = "CDR_EXPORTS_LISTEN", default_value = "127.0.0.1:3000")]
    listen: SocketAddr,
    /// `sqlite://PATH`, `sqlite::memory:` or `postgres://USER@HOST/DB` [default: an SQLite file in the
    /// data directory, created and filled with the demo data on first start].
    #[arg(long, env = "CDR_EXPORTS_DATABASE")]
    database: Option<String>,
    /// Fill an empty database with the demo data.
    #[arg(long, env = "CDR_EXPORTS_SEED_DEMO")]
    seed_demo: bool,
    /// How many exports the demo data holds (for benchmarks: 10000, 100000).
    #[arg(long, env = "CDR_EXPORTS_SEED_DEMO_SCALE", default_value_t = cdr_exports::seed::DEMO_EXPORTS)]
    seed_demo_scale: usize,
    /// PostgreSQL only: with the demo data, this many generated CDRs over 2024 (one `generate_series`
    /// statement; the monthly partitions are created).
    #[arg(long, env = "CDR_EXPORTS_SEED_CDRS_SCALE")]
    seed_cdrs_scale: Option<i64>,
    /// Where export files are written.
    #[arg(long, env = "CDR_EXPORTS_DATA_DIR", default_value = "data")]
    data_dir: PathBuf,
    /// Count `meta.total-count` exactly only up to this many exports; past it a listing answers
    /// `meta.total-count-at-least` and no `links.last` [default: always exact, as the reference].
    #[arg(long, env = "CDR_EXPORTS_COUNT_LIMIT")]
    count_limit: Option<u64>,
    /// Seconds a request waits for a database connection (connecting included) before it is answered
    /// 503 with Retry-After.
    #[arg(long, env = "CDR_EXPORTS_DATABASE_TIMEOUT", default_value = "3", value_parser = parse_seconds)]
    database_timeout: Duration,
    /// PostgreSQL: the most connections the server opens for reads, and as many for writes and export jobs
    /// (so up to twice this many in all).
    #[arg(long, env = "CDR_EXPORTS_POSTGRES_CONNECTIONS", default_value_t = cdr_exports::store::DEFAULT_POSTGRES_CONNECTIONS)]
    postgres_connections: NonZeroU32,
    /// Seconds a claimed export job is leased to its worker; a running export renews it every third of
    /// this, and a job whose worker died is run again once its lease has expired.
    #[arg(long, env = "CDR_EXPORTS_JOB_LEASE", default_value = "60", value_parser = parse_seconds)]
    job_lease: Duration,
    /// Testing only: milliseconds the worker pauses after each row of an export file, so that fault
    /// tests can interrupt an export half way. Leave at 0.
    #[arg(long, env = "CDR_EXPORTS_EXPORT_ROW_DELAY_MS", default_value_t = 0)]
    export_row_delay_ms: u64,
}

/// A positive number of seconds (`2`, `0.5`).
fn parse_seconds(text: &str) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|seconds| *seconds > 0.0)
        .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
        .ok_or_else(|| format!("{text:?} is not a positive number of seconds"))
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let span_events = if cli.span_timings {
        FmtSpan::CLOSE
    } else {
        FmtSpan::NONE
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_target(false)
        .with_span_events(span_events)
        .with_writer(std::io::stderr)
        .init();
    let secret = cli.jwt_secret.clone();
    let result = match cli.command {
        Some(Command::Token {
            api_access_id,
            lifetime,
        }) => print_token(secret, api_access_id, lifetime),
        Some(Command::Docs { format, resource }) => print_docs(format, &resource),
        Some(Command::Serve(args)) => serve(args, secret).await,
        None => serve(cli.serve, secret).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

fn secret_or_default(secret: Option<String>) -> String {
    secret.filter(|secret| !secret.is_empty()).unwrap_or_else(|| {
        tracing::warn!(
            "CDR_EXPORTS_JWT_SECRET is not set: using the development secret; set it in production"
        );
        DEVELOPMENT_JWT_SECRET.to_owned()
    })
}

fn print_token(secret: Option<String>, api_access_id: i64, lifetime: u64) -> Result<(), Failure> {
    let keys = cdr_exports::auth::TokenKeys::new(secret_or_default(secret).as_bytes(), lifetime);
    println!("{}", keys.issue(api_access_id)?);
    Ok(())
}

fn print_docs(format: DocsFormat, resource: &str) -> Result<(), Failure> {
    match format {
        DocsFormat::Markdown => print!(
            "{}",
            cdr_exports::api_docs::parameters_markdown(resource).unwrap_or_default()
        ),
        DocsFormat::Openapi => println!(
            "{}",
            serde_json::to_string_pretty(&cdr_exports::api_docs::openapi_document())?
        ),
    }
    Ok(())
}

async fn serve(args: ServeArgs, secret: Option<String>) -> Result<(), Failure> {
    // The default database is a file in the data directory, seeded on first start.
    let (database, seed_demo) = match args.database {
        Some(database) => (database, args.seed_demo),
        None => {
            std::fs::create_dir_all(&args.data_dir)?;
            let path = args.data_dir.join("cdr-exports.db");
            (format!("sqlite://{}", path.display()), true)
        }
    };
    let settings = Settings {
        listen: args.listen,
        database,
        database_timeout: args.database_timeout,
        postgres_connections: args.postgres_connections,
        seed_demo,
        seed_demo_exports: args.seed_demo_scale,
        seed_cdrs_scale: args.seed_cdrs_scale,
        data_dir: args.data_dir,
        jwt_secret: secret_or_default(secret),
        token_lifetime: DEFAULT_TOKEN_LIFETIME,
        run_worker: true,
        job_lease: args.job_lease,
        worker_poll_interval: Duration::from_secs(1),
        count_policy: args
            .count_limit
            .map_or(CountPolicy::Exact, CountPolicy::UpTo),
        export_row_delay: Duration::from_millis(args.export_row_delay_ms),
    };
    let server = cdr_exports::start(settings).await?;
    let base = format!("http://{}", server.address);
    println!(
        "\ncdr-exports is listening on {base}\n\
         Log in as demo/demo (or other/other):\n\
         \n  TOKEN=$(curl -s {base}/api/rest/customer/v1/auth -H 'Content-Type: application/json' \
         -d '{{\"auth\":{{\"login\":\"demo\",\"password\":\"demo\"}}}}' | sed 's/.*\"jwt\":\"\\([^\"]*\\)\".*/\\1/')\n\
         \n  curl -s -g -H \"Authorization: Bearer $TOKEN\" '{base}/api/rest/customer/v1/cdr-exports?filter[status-eq]=Completed&page[size]=2'\n"
    );
    let stop = server.shutdown_token();
    tokio::spawn(async move {
        wait_for_stop_signal().await;
        tracing::info!("stop signal received: finishing requests in flight");
        stop.cancel();
    });
    server.wait().await;
    tracing::info!("stopped");
    Ok(())
}

async fn wait_for_stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
