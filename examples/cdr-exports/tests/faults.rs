//! Issue 6 section 5: faults of the running `cdr-exports` binary, each over real HTTP against its own
//! processes and database.
//!
//! - A server killed (`kill -9`) in the middle of an export, then restarted: the export completes exactly
//!   once and no job is lost (SQLite and PostgreSQL).
//! - SIGTERM under load: requests in flight are answered in full, then new connections are refused and
//!   the process exits 0 (SQLite).
//! - The database unavailable for a while (PostgreSQL behind a TCP proxy in this process that drops every
//!   connection and swallows new ones): requests get a 503 JSON:API error in bounded time, and the server
//!   and its worker recover by themselves.
//! - PostgreSQL reads abandoned half-way, and reads on connections the server closed: the connection is not used
//!   again, and the reads after them go through.
//! - Two servers on one PostgreSQL database: every export is processed exactly once.
//! - `--postgres-connections`: reads and writes at once never hold more PostgreSQL connections than it allows.
//! - An export that runs several times longer than its job lease, with a second server polling the same
//!   database: the lease is renewed, so the export runs once (SQLite and PostgreSQL).
//!
//! The PostgreSQL trials run when `JSONAPI_FILTER_POSTGRES_URL` is set (and fail when it cannot be
//! reached); otherwise they are reported as ignored.

#[allow(dead_code)]
#[path = "e2e/harness.rs"]
mod harness;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Read;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cdr_exports::auth::TokenKeys;
use cdr_exports::store::{ColumnReader, Store};
use harness::{
    API, Outcome, PostgresSchema, Reply, ServerProcess, expect, expect_eq, request, runtime,
    unique_name, wait_until, with_search_path,
};
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

/// The database of a trial: a SQLite file, or a fresh schema of the PostgreSQL database.
enum Database {
    Sqlite(String),
    Postgres(PostgresSchema),
}

impl Database {
    async fn create(
        postgres_url: Option<&str>,
        directory: &Path,
        name: &str,
    ) -> Result<Database, Failed> {
        Ok(match postgres_url {
            None => Database::Sqlite(format!(
                "sqlite://{}",
                directory.join(format!("{name}.db")).display()
            )),
            Some(url) => Database::Postgres(PostgresSchema::create(url, &unique_name(name)).await?),
        })
    }

    fn url(&self) -> String {
        match self {
            Database::Sqlite(url) => url.clone(),
            Database::Postgres(schema) => schema.database_url(),
        }
    }

    /// A pool of this process's own on the database, to look at what the servers did.
    async fn inspect(&self) -> Result<Store, Failed> {
        Ok(Store::connect(&self.url(), Duration::from_secs(10)).await?)
    }

    async fn remove(self) {
        if let Database::Postgres(schema) = self {
            schema.remove().await;
        }
    }
}

fn arguments(database: &str, data_dir: &Path, extra: &[&str]) -> Vec<String> {
    let mut arguments: Vec<String> = vec![
        "--database".into(),
        database.into(),
        "--seed-demo".into(),
        "--data-dir".into(),
        data_dir.display().to_string(),
    ];
    arguments.extend(extra.iter().map(|argument| (*argument).to_owned()));
    arguments
}

fn demo_token() -> Result<String, Failed> {
    Ok(TokenKeys::new(cdr_exports::DEVELOPMENT_JWT_SECRET.as_bytes(), 600).issue(1)?)
}

fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client")
}

/// The filters of the exports the trials create: every call of one day, or of the whole seeded period.
const ONE_DAY: (&str, &str) = ("2025-01-01T00:00:00.000Z", "2025-01-02T00:00:00.000Z");
const WHOLE_PERIOD: (&str, &str) = ("2025-01-01T00:00:00.000Z", "2025-03-01T00:00:00.000Z");

fn create_body((from, until): (&str, &str)) -> String {
    let account = cdr_exports::seed::demo_accounts()[0].0.to_string();
    json!({"data": {
        "type": "cdr-exports",
        "attributes": {
            "filters": {"time_start_gteq": from, "time_start_lt": until},
            "time-format": "with_timezone",
            "time-zone-name": "Europe/Kyiv",
        },
        "relationships": {"account": {"data": {"type": "accounts", "id": account}}},
    }})
    .to_string()
}

async fn create_export(
    http: &reqwest::Client,
    origin: &str,
    token: &str,
    period: (&str, &str),
) -> Result<String, Failed> {
    let reply = post_create(http, origin, token, period).await?;
    expect_eq(reply.status, 201, "status of a create")?;
    id_of(&reply)
}

async fn post_create(
    http: &reqwest::Client,
    origin: &str,
    token: &str,
    period: (&str, &str),
) -> Result<Reply, Failed> {
    request(
        http,
        origin,
        reqwest::Method::POST,
        "/cdr-exports",
        Some(token),
        &[("content-type", "application/vnd.api+json")],
        Some(create_body(period)),
    )
    .await
}

fn id_of(reply: &Reply) -> Result<String, Failed> {
    reply.json()["data"]["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no data.id in {}", reply.text).into())
}

async fn get(
    http: &reqwest::Client,
    origin: &str,
    token: &str,
    path: &str,
) -> Result<Reply, Failed> {
    request(
        http,
        origin,
        reqwest::Method::GET,
        path,
        Some(token),
        &[],
        None,
    )
    .await
}

/// Waits until the export is no longer `Pending` and returns its status and `rows-count`.
async fn wait_for_export(
    http: &reqwest::Client,
    origin: &str,
    token: &str,
    id: &str,
    limit: Duration,
) -> Result<(String, Option<i64>), Failed> {
    wait_until(limit, &format!("export {id} to finish"), || async {
        let reply = get(http, origin, token, &format!("/cdr-exports/{id}")).await?;
        expect_eq(reply.status, 200, "status of the export")?;
        let attributes = &reply.json()["data"]["attributes"];
        let status = attributes["status"].as_str().unwrap_or("").to_owned();
        Ok((status != "Pending").then(|| (status, attributes["rows-count"].as_i64())))
    })
    .await
}

/// One row of `export_jobs`.
#[derive(Debug, Clone, PartialEq)]
struct Job {
    export_id: String,
    locked_by: Option<String>,
    attempts: i64,
    finished: bool,
    last_error: Option<String>,
}

fn job_from_row<R: ColumnReader>(row: &R) -> Result<Job, sqlx::Error> {
    Ok(Job {
        export_id: row
            .uuid("export_id")?
            .map(|id| id.to_string())
            .unwrap_or_default(),
        locked_by: row.text("locked_by")?,
        attempts: row.integer("attempts")?.unwrap_or_default(),
        finished: row.time("finished_at")?.is_some(),
        last_error: row.text("last_error")?,
    })
}

/// Every job row of an export (there must be exactly one).
async fn jobs_of(store: &Store, export_id: &str) -> Result<Vec<Job>, Failed> {
    let id = uuid::Uuid::parse_str(export_id)?;
    Ok(store
        .rows(
            "SELECT export_id, locked_by, attempts, finished_at, last_error FROM export_jobs \
             WHERE export_id = $1",
            values(vec![store.uuid(Some(id))]),
            job_from_row,
            job_from_row,
        )
        .await?)
}

fn values(values: Vec<sea_query::Value>) -> sea_query_sqlx::SqlxValues {
    sea_query_sqlx::SqlxValues(sea_query::Values(values))
}

/// The number of calls of demo's first account in `period`, counted in the database directly.
async fn calls_in(store: &Store, (from, until): (&str, &str)) -> Result<i64, Failed> {
    let account = cdr_exports::seed::demo_accounts()[0].0;
    let from: chrono::DateTime<chrono::Utc> = from.parse()?;
    let until: chrono::DateTime<chrono::Utc> = until.parse()?;
    let counts = store
        .rows(
            "SELECT COUNT(*) AS calls FROM cdrs WHERE customer_acc_id = $1 AND time_start >= $2 \
             AND time_start < $3",
            values(vec![
                store.uuid(Some(account)),
                store.time(Some(from)),
                store.time(Some(until)),
            ]),
            |row| row.integer("calls"),
            |row| row.integer("calls"),
        )
        .await?;
    Ok(counts.into_iter().flatten().next().unwrap_or(-1))
}

/// The lines of a gzipped CSV file (header included).
fn gzip_lines(path: &Path) -> Result<usize, Failed> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path)?).read_to_string(&mut text)?;
    expect(text.ends_with('\n'), "the file ends with a complete line")?;
    Ok(text.lines().count())
}

/// The names of the files in a directory.
fn file_names(directory: &Path) -> Result<BTreeSet<String>, Failed> {
    let mut names = BTreeSet::new();
    if directory.exists() {
        for entry in std::fs::read_dir(directory)? {
            names.insert(entry?.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(names)
}

// ---------------------------------------------------------------------------------------------------
// kill -9 in the middle of an export, then a restart

async fn killed_in_the_middle_of_an_export(postgres_url: Option<String>) -> Outcome {
    let directory = tempfile::tempdir()?;
    let database =
        Database::create(postgres_url.as_deref(), directory.path(), "cdr_killed").await?;
    let outcome = killed_case(&database, directory.path()).await;
    database.remove().await;
    outcome
}

async fn killed_case(database: &Database, directory: &Path) -> Outcome {
    let files = directory.join("files");
    // A 3 s lease; 3 ms per row makes the export of 600 calls last about 2 s.
    let arguments = arguments(
        &database.url(),
        &files,
        &["--job-lease", "3", "--export-row-delay-ms", "3"],
    );
    let http = http_client();
    let token = demo_token()?;
    let mut first = ServerProcess::start(&arguments, directory.join("first.log")).await?;
    let id = create_export(&http, &first.origin, &token, WHOLE_PERIOD).await?;
    let store = database.inspect().await?;
    let claimed = wait_until(Duration::from_secs(20), "the job to be claimed", || async {
        let jobs = jobs_of(&store, &id).await?;
        Ok(jobs
            .into_iter()
            .next()
            .filter(|job| job.locked_by.is_some()))
    })
    .await?;
    let final_name = format!("{id}.csv.gz");
    // Once the worker has started writing its run's file (about 2 s of writing ahead of it), kill it.
    let partial_prefix = format!("{final_name}.{}-", first.pid());
    let partial_name = wait_until(
        Duration::from_secs(20),
        "the worker to start writing",
        || async {
            Ok(file_names(&files)?
                .into_iter()
                .find(|name| name.starts_with(&partial_prefix) && name.ends_with(".partial")))
        },
    )
    .await?;
    first.kill().await?;
    expect_eq(claimed.attempts, 1, "attempts of the first claim")?;
    let after_kill = jobs_of(&store, &id).await?;
    expect(
        after_kill.len() == 1 && !after_kill[0].finished,
        format!("the killed job is unfinished: {after_kill:?}"),
    )?;
    expect_eq(
        file_names(&files)?,
        BTreeSet::from([partial_name.clone()]),
        "the killed attempt left only its partial file",
    )?;
    let expected_rows = calls_in(&store, WHOLE_PERIOD).await?;
    expect(expected_rows > 100, "the export has hundreds of calls")?;
    expect(
        gzip_lines(&files.join(&partial_name)).map_or(true, |lines| {
            lines < usize::try_from(expected_rows).unwrap_or(0) + 1
        }),
        "the kill landed in the middle of the export: its partial file is incomplete",
    )?;

    let mut second = ServerProcess::start(&arguments, directory.join("second.log")).await?;
    // Until the second attempt completes, the partial file is never served.
    let status = get(&http, &second.origin, &token, &format!("/cdr-exports/{id}")).await?;
    expect_eq(
        status.json()["data"]["attributes"]["status"].as_str(),
        Some("Pending"),
        "status right after the restart",
    )?;
    let download = get(
        &http,
        &second.origin,
        &token,
        &format!("/cdr-exports/{id}/download"),
    )
    .await?;
    expect_eq(download.status, 404, "download of the unfinished export")?;

    let (status, rows) =
        wait_for_export(&http, &second.origin, &token, &id, Duration::from_secs(40)).await?;
    expect_eq(status.as_str(), "Completed", "status after the restart")?;
    expect_eq(rows, Some(expected_rows), "rows-count")?;
    let jobs = jobs_of(&store, &id).await?;
    expect_eq(jobs.len(), 1, "job rows of the export")?;
    expect_eq(
        jobs[0].attempts,
        2,
        "attempts: the killed one and the rerun",
    )?;
    expect(jobs[0].finished, "the job is finished")?;
    expect_eq(jobs[0].last_error.as_deref(), None, "last_error")?;
    let worker = jobs[0].locked_by.clone().unwrap_or_default();
    expect(
        worker.starts_with(&format!("{}-", second.pid())),
        format!("the restarted server ran the job, not {worker}"),
    )?;
    expect_eq(
        file_names(&files)?,
        BTreeSet::from([final_name.clone()]),
        "exactly one file, and no partial one left",
    )?;
    expect_eq(
        gzip_lines(&files.join(&final_name))?,
        usize::try_from(expected_rows)? + 1,
        "lines of the file (header and one per call)",
    )?;
    let download = http
        .get(format!("{}{API}/cdr-exports/{id}/download", second.origin))
        .header("authorization", &token)
        .send()
        .await?;
    expect_eq(download.status().as_u16(), 200, "download status")?;
    let downloaded = download.bytes().await?;
    expect_eq(
        downloaded.to_vec(),
        std::fs::read(files.join(&final_name))?,
        "the downloaded file is the completed one",
    )?;
    store.close().await;
    second.stop(Duration::from_secs(20)).await
}

// ---------------------------------------------------------------------------------------------------
// SIGTERM under load

/// A request on a raw connection: sends `head` and `body`, reads a response of known length.
struct RawConnection {
    stream: TcpStream,
}

impl RawConnection {
    async fn open(origin: &str) -> Result<RawConnection, Failed> {
        let address = origin.trim_start_matches("http://");
        Ok(RawConnection {
            stream: TcpStream::connect(address).await?,
        })
    }

    /// Reads one response: status, headers (lower-case names) and the `Content-Length` body.
    async fn read_response(&mut self) -> Result<(u16, BTreeMap<String, String>, Vec<u8>), Failed> {
        let mut buffer = Vec::new();
        let header_end = loop {
            if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
                break end;
            }
            let mut chunk = [0u8; 4096];
            let read = self.stream.read(&mut chunk).await?;
            if read == 0 {
                return Err(format!(
                    "connection closed after {} bytes of a response",
                    buffer.len()
                )
                .into());
            }
            buffer.extend_from_slice(&chunk[..read]);
        };
        let head = String::from_utf8(buffer[..header_end].to_vec())?;
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or("");
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| format!("not an HTTP status line: {status_line:?}"))?;
        let headers: BTreeMap<String, String> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        let length: usize = headers
            .get("content-length")
            .ok_or("a response without Content-Length")?
            .parse()?;
        let mut body = buffer[header_end + 4..].to_vec();
        while body.len() < length {
            let mut chunk = [0u8; 4096];
            let read = self.stream.read(&mut chunk).await?;
            if read == 0 {
                return Err(format!("the body was cut at {} of {length} bytes", body.len()).into());
            }
            body.extend_from_slice(&chunk[..read]);
        }
        expect_eq(body.len(), length, "body length")?;
        Ok((status, headers, body))
    }
}

/// What happened to one request of the steady stream.
enum StreamOutcome {
    /// A complete, correct answer (for a create: the new id).
    Answered(Option<String>),
    /// The connection was refused: the server no longer listens.
    Refused,
    /// No answer at all (the connection closed or was reset before any byte of a response).
    Unanswered(String),
    /// Anything else: a wrong status, a cut body, a body that is not the expected document.
    Wrong(String),
}

async fn stream_request(
    http: &reqwest::Client,
    origin: &str,
    token: &str,
    round: usize,
) -> StreamOutcome {
    let (method, path, body) = match round % 4 {
        0 => (
            reqwest::Method::POST,
            "/cdr-exports".to_owned(),
            Some(create_body(ONE_DAY)),
        ),
        1 => (
            reqwest::Method::GET,
            "/cdr-exports?page[size]=50&include=account".to_owned(),
            None,
        ),
        _ => (
            reqwest::Method::GET,
            "/cdr-exports?filter[status-eq]=Completed&page[size]=5".to_owned(),
            None,
        ),
    };
    let mut builder = http
        .request(method.clone(), format!("{origin}{API}{path}"))
        .header("authorization", token)
        .header("content-type", "application/vnd.api+json");
    if let Some(body) = body {
        builder = builder.body(body);
    }
    let response = match builder.send().await {
        Ok(response) => response,
        Err(error) if error.is_connect() => return StreamOutcome::Refused,
        Err(error) => return StreamOutcome::Unanswered(format!("{error:?}")),
    };
    let status = response.status().as_u16();
    let text = match response.text().await {
        Ok(text) => text,
        Err(error) => return StreamOutcome::Wrong(format!("{path}: body cut: {error:?}")),
    };
    let document: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let expected_status = if method == reqwest::Method::POST {
        201
    } else {
        200
    };
    if status != expected_status {
        return StreamOutcome::Wrong(format!("{path}: status {status}: {text}"));
    }
    match &document["data"] {
        Value::Array(_) if method == reqwest::Method::GET => StreamOutcome::Answered(None),
        Value::Object(data) if method == reqwest::Method::POST => {
            StreamOutcome::Answered(data.get("id").and_then(Value::as_str).map(str::to_owned))
        }
        _ => StreamOutcome::Wrong(format!("{path}: not the expected document: {text}")),
    }
}

async fn sigterm_under_load() -> Outcome {
    let directory = tempfile::tempdir()?;
    let database = format!("sqlite://{}", directory.path().join("sigterm.db").display());
    let files = directory.path().join("files");
    let mut server = ServerProcess::start(
        &arguments(&database, &files, &[]),
        directory.path().join("server.log"),
    )
    .await?;
    let origin = server.origin.clone();
    let token = demo_token()?;

    // Slow requests, in flight when SIGTERM arrives: each on a connection that has already been
    // answered once (so the server has accepted it), then a create whose headers and first half of the
    // body are sent before SIGTERM and the rest after.
    let mut slow = Vec::new();
    for _ in 0..4 {
        let mut connection = RawConnection::open(&origin).await?;
        let host = origin.trim_start_matches("http://");
        connection
            .stream
            .write_all(
                format!(
                    "GET {API}/cdr-exports?page[size]=1 HTTP/1.1\r\nHost: {host}\r\n\
                     Authorization: {token}\r\n\r\n"
                )
                .as_bytes(),
            )
            .await?;
        let (status, _, _) = connection.read_response().await?;
        expect_eq(status, 200, "the first request of a slow connection")?;
        let body = create_body(ONE_DAY);
        let (first_half, second_half) = body.split_at(body.len() / 2);
        connection
            .stream
            .write_all(
                format!(
                    "POST {API}/cdr-exports HTTP/1.1\r\nHost: {host}\r\nAuthorization: {token}\r\n\
                     Content-Type: application/vnd.api+json\r\nContent-Length: {}\r\n\r\n{first_half}",
                    body.len()
                )
                .as_bytes(),
            )
            .await?;
        slow.push((connection, second_half.to_owned()));
    }

    // The steady stream: 16 clients with keep-alive connections, until the server is gone.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()?;
    let stop_stream = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..16usize)
        .map(|client| {
            let (http, origin, token) = (http.clone(), origin.clone(), token.clone());
            let stop_stream = stop_stream.clone();
            tokio::spawn(async move {
                let mut outcomes = Vec::new();
                let mut round = client;
                while !stop_stream.load(Ordering::Relaxed) {
                    let started = Instant::now();
                    let outcome = stream_request(&http, &origin, &token, round).await;
                    let refused = matches!(outcome, StreamOutcome::Refused);
                    outcomes.push((started, outcome));
                    if refused {
                        break;
                    }
                    round += 1;
                }
                outcomes
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_millis(1500)).await;
    let sent_at = Instant::now();
    server.terminate()?;
    // While the slow requests keep the server draining, it accepts no new connection.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let during_drain = TcpStream::connect(origin.trim_start_matches("http://")).await;
    expect(
        during_drain.is_err(),
        "a new connection during the drain is refused",
    )?;
    let mut slow_ids = Vec::new();
    for (mut connection, rest) in slow {
        connection.stream.write_all(rest.as_bytes()).await?;
        let (status, headers, body) = connection.read_response().await?;
        let text = String::from_utf8(body)?;
        expect_eq(
            status,
            201,
            &format!("the request in flight is answered: {text}"),
        )?;
        expect_eq(
            headers.get("content-type").map(String::as_str),
            Some("application/vnd.api+json"),
            "its content type",
        )?;
        let document: Value = serde_json::from_str(&text)?;
        let id = document["data"]["id"]
            .as_str()
            .ok_or("a created export")?
            .to_owned();
        slow_ids.push(id);
    }
    let code = server.wait(Duration::from_secs(20)).await?;
    let exited_after = sent_at.elapsed();
    expect_eq(code, Some(0), "exit code after SIGTERM")?;
    stop_stream.store(true, Ordering::Relaxed);

    let mut answered = 0;
    let mut answered_after_signal = 0;
    let mut refused = 0;
    let mut unanswered = 0;
    let mut created = Vec::new();
    let mut problems = Vec::new();
    // A request sent this close to SIGTERM may still be unread by the server when it starts closing idle
    // connections (the HTTP/1.1 keep-alive race): it may go unanswered, never answered wrongly.
    let window = Duration::from_millis(250);
    for client in clients {
        for (started, outcome) in client.await? {
            let before_signal = started + window < sent_at;
            match outcome {
                StreamOutcome::Answered(id) => {
                    answered += 1;
                    if started + Duration::from_millis(1) > sent_at {
                        answered_after_signal += 1;
                    }
                    created.extend(id);
                }
                StreamOutcome::Refused if !before_signal => refused += 1,
                StreamOutcome::Unanswered(_) if !before_signal => unanswered += 1,
                StreamOutcome::Refused => problems.push("refused before SIGTERM".to_owned()),
                StreamOutcome::Unanswered(error) => {
                    problems.push(format!("unanswered before SIGTERM: {error}"))
                }
                StreamOutcome::Wrong(problem) => problems.push(problem),
            }
        }
    }
    eprintln!(
        "sigterm: {answered} answered ({answered_after_signal} sent after SIGTERM), {refused} refused, \
         {unanswered} unanswered at the shutdown, 4 slow requests answered; exit after {exited_after:?}"
    );
    expect(
        problems.is_empty(),
        format!("wrong answers: {:?}", &problems[..problems.len().min(5)]),
    )?;
    expect(
        answered > 50,
        format!("the stream made requests ({answered})"),
    )?;
    expect(
        exited_after < Duration::from_secs(15),
        format!("exit within 15 s ({exited_after:?})"),
    )?;
    let after_exit = TcpStream::connect(origin.trim_start_matches("http://")).await;
    expect(
        after_exit
            .as_ref()
            .is_err_and(|error| error.kind() == std::io::ErrorKind::ConnectionRefused),
        format!("a connection after the exit is refused: {after_exit:?}"),
    )?;

    // Every create that was answered is stored, with its job.
    let store = Store::connect(&database, Duration::from_secs(10)).await?;
    for id in slow_ids.iter().chain(&created) {
        let jobs = jobs_of(&store, id).await?;
        expect_eq(
            jobs.len(),
            1,
            &format!("the job of the answered create {id}"),
        )?;
    }
    store.close().await;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// The database unavailable for a while

/// A TCP proxy in front of PostgreSQL that can cut the database off: [`DatabaseProxy::cut_off`] resets
/// every connection and swallows new ones (accepted, never answered); [`DatabaseProxy::restore`] forwards
/// again.
struct DatabaseProxy {
    address: SocketAddr,
    forwarding: Arc<AtomicBool>,
    generation: Arc<Mutex<CancellationToken>>,
    stop: CancellationToken,
}

impl DatabaseProxy {
    async fn start(upstream: String) -> Result<DatabaseProxy, Failed> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let forwarding = Arc::new(AtomicBool::new(true));
        let generation = Arc::new(Mutex::new(CancellationToken::new()));
        let stop = CancellationToken::new();
        let (state, generations, stopped) = (forwarding.clone(), generation.clone(), stop.clone());
        tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    () = stopped.cancelled() => break,
                    accepted = listener.accept() => accepted,
                };
                let Ok((client, _)) = accepted else { continue };
                let Ok(cut) = generations.lock().map(|token| token.clone()) else {
                    break;
                };
                if state.load(Ordering::SeqCst) {
                    let upstream = upstream.clone();
                    tokio::spawn(forward(client, upstream, cut));
                } else {
                    // Swallowed: held open, never answered, until the database comes back.
                    tokio::spawn(async move {
                        cut.cancelled().await;
                        drop(client);
                    });
                }
            }
        });
        Ok(DatabaseProxy {
            address,
            forwarding,
            generation,
            stop,
        })
    }

    /// A proxy in front of the server of `postgres_url`, and the URL of `schema` through it.
    async fn in_front_of(
        postgres_url: &str,
        schema: &PostgresSchema,
    ) -> Result<(DatabaseProxy, String), Failed> {
        let (server, host) = server_of(postgres_url)?;
        let proxy = DatabaseProxy::start(server).await?;
        let mut proxied_url = postgres_url.to_owned();
        proxied_url.replace_range(host, &proxy.address.to_string());
        let database = with_search_path(&proxied_url, &schema.name);
        Ok((proxy, database))
    }

    fn next_generation(&self) {
        if let Ok(mut token) = self.generation.lock() {
            token.cancel();
            *token = CancellationToken::new();
        }
    }

    fn cut_off(&self) {
        self.forwarding.store(false, Ordering::SeqCst);
        self.next_generation();
    }

    fn restore(&self) {
        self.forwarding.store(true, Ordering::SeqCst);
        self.next_generation();
    }
}

impl Drop for DatabaseProxy {
    fn drop(&mut self) {
        self.stop.cancel();
        self.next_generation();
    }
}

async fn forward(mut client: TcpStream, upstream: String, cut: CancellationToken) {
    let Ok(mut server) = TcpStream::connect(&upstream).await else {
        return;
    };
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
        () = cut.cancelled() => {
            // A reset, as when the database host goes away.
            let _ = client.set_zero_linger();
            let _ = server.set_zero_linger();
        }
    }
}

/// The `host:port` of a `postgres://user@host:port/db` URL, and where it is in the URL.
fn server_of(url: &str) -> Result<(String, std::ops::Range<usize>), Failed> {
    let after_scheme = url.find("://").ok_or("a URL with a scheme")? + 3;
    let authority_end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |end| after_scheme + end);
    let host_start = url[after_scheme..authority_end]
        .rfind('@')
        .map_or(after_scheme, |at| after_scheme + at + 1);
    let host = &url[host_start..authority_end];
    let server = if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:5432")
    };
    Ok((server, host_start..authority_end))
}

async fn database_outage(postgres_url: String) -> Outcome {
    let directory = tempfile::tempdir()?;
    let schema = PostgresSchema::create(&postgres_url, &unique_name("cdr_outage")).await?;
    let outcome = outage_case(&postgres_url, &schema, directory.path()).await;
    schema.remove().await;
    outcome
}

async fn outage_case(postgres_url: &str, schema: &PostgresSchema, directory: &Path) -> Outcome {
    let (proxy, database) = DatabaseProxy::in_front_of(postgres_url, schema).await?;
    let files = directory.join("files");
    let mut server = ServerProcess::start(
        &arguments(
            &database,
            &files,
            &[
                "--database-timeout",
                "1",
                "--job-lease",
                "3",
                "--export-row-delay-ms",
                "3",
            ],
        ),
        directory.join("server.log"),
    )
    .await?;
    let origin = server.origin.clone();
    let http = http_client();
    let token = demo_token()?;
    let listing = get(&http, &origin, &token, "/cdr-exports?page[size]=5").await?;
    expect_eq(listing.status, 200, "the listing before the outage")?;
    let show_path = format!("/cdr-exports/{}", listing.ids().first().ok_or("an export")?);

    // An export running when the database goes away.
    let interrupted = create_export(&http, &origin, &token, WHOLE_PERIOD).await?;
    let store = Store::connect(&schema.database_url(), Duration::from_secs(10)).await?;
    wait_until(Duration::from_secs(20), "the job to be claimed", || async {
        let jobs = jobs_of(&store, &interrupted).await?;
        Ok(jobs.into_iter().find(|job| job.locked_by.is_some()))
    })
    .await?;

    proxy.cut_off();
    let outage_started = Instant::now();
    let mut unavailable = 0;
    // About 4 s of outage: longer than the export's remaining run, so its end falls in the outage.
    while outage_started.elapsed() < Duration::from_secs(4) {
        let requests = [
            (
                reqwest::Method::GET,
                "/cdr-exports?page[size]=5".to_owned(),
                None,
            ),
            (reqwest::Method::GET, show_path.clone(), None),
            (
                reqwest::Method::POST,
                "/cdr-exports".to_owned(),
                Some(create_body(ONE_DAY)),
            ),
        ];
        let mut tasks = Vec::new();
        for (method, path, body) in requests {
            let (http, origin, token) = (http.clone(), origin.clone(), token.clone());
            tasks.push(tokio::spawn(async move {
                let started = Instant::now();
                let reply = request(
                    &http,
                    &origin,
                    method,
                    &path,
                    Some(&token),
                    &[("content-type", "application/vnd.api+json")],
                    body,
                )
                .await;
                (path, started.elapsed(), reply)
            }));
        }
        let login = {
            let (http, origin) = (http.clone(), origin.clone());
            tokio::spawn(async move {
                let started = Instant::now();
                let reply = request(
                    &http,
                    &origin,
                    reqwest::Method::POST,
                    "/auth",
                    None,
                    &[("content-type", "application/json")],
                    Some(json!({"auth": {"login": "demo", "password": "demo"}}).to_string()),
                )
                .await;
                ("/auth".to_owned(), started.elapsed(), reply)
            })
        };
        tasks.push(login);
        for task in tasks {
            let (path, took, reply) = task.await?;
            let reply = reply?;
            expect_eq(
                reply.status,
                503,
                &format!("{path} while the database is unavailable: {}", reply.text),
            )?;
            expect(
                took < Duration::from_secs(4),
                format!("{path} answered within 4 s (took {took:?})"),
            )?;
            expect_eq(
                reply.error_codes(),
                vec![("503".to_owned(), "503".to_owned())],
                "a JSON:API 503 error",
            )?;
            expect_eq(
                reply.header("content-type"),
                "application/vnd.api+json",
                "content type of the 503",
            )?;
            expect_eq(
                reply.header("retry-after"),
                cdr_exports::errors::RETRY_AFTER_SECONDS
                    .to_string()
                    .as_str(),
                "Retry-After",
            )?;
            unavailable += 1;
        }
    }

    proxy.restore();
    let restored = Instant::now();
    wait_until(
        Duration::from_secs(15),
        "the listing to answer 200 again",
        || async {
            let reply = get(&http, &origin, &token, "/cdr-exports?page[size]=5").await?;
            Ok((reply.status == 200).then_some(()))
        },
    )
    .await?;
    let recovered_after = restored.elapsed();
    for _ in 0..5 {
        let reply = get(&http, &origin, &token, &show_path).await?;
        expect_eq(reply.status, 200, "show after the recovery")?;
    }
    let login = request(
        &http,
        &origin,
        reqwest::Method::POST,
        "/auth",
        None,
        &[("content-type", "application/json")],
        Some(json!({"auth": {"login": "demo", "password": "demo"}}).to_string()),
    )
    .await?;
    expect_eq(login.status, 201, "login after the recovery")?;

    // The worker came through: a new export is run, and the interrupted one completes exactly once.
    let after = create_export(&http, &origin, &token, ONE_DAY).await?;
    let (status, rows) =
        wait_for_export(&http, &origin, &token, &after, Duration::from_secs(30)).await?;
    expect_eq(
        status.as_str(),
        "Completed",
        "an export created after the outage",
    )?;
    expect_eq(
        rows,
        Some(calls_in(&store, ONE_DAY).await?),
        "its rows-count",
    )?;
    let (status, rows) = wait_for_export(
        &http,
        &origin,
        &token,
        &interrupted,
        Duration::from_secs(30),
    )
    .await?;
    expect_eq(
        status.as_str(),
        "Completed",
        "the export interrupted by the outage",
    )?;
    let expected_rows = calls_in(&store, WHOLE_PERIOD).await?;
    expect_eq(rows, Some(expected_rows), "its rows-count")?;
    let jobs = jobs_of(&store, &interrupted).await?;
    expect(
        jobs.len() == 1 && jobs[0].finished && jobs[0].last_error.is_none(),
        format!("its one job is finished without error: {jobs:?}"),
    )?;
    expect_eq(
        gzip_lines(&files.join(format!("{interrupted}.csv.gz")))?,
        usize::try_from(expected_rows)? + 1,
        "lines of its file",
    )?;
    eprintln!(
        "outage: {unavailable} requests answered 503 during 4 s; 200 again {recovered_after:?} after \
         the database came back; the interrupted export took {} attempt(s)",
        jobs[0].attempts
    );
    store.close().await;
    server.stop(Duration::from_secs(20)).await
}

// ---------------------------------------------------------------------------------------------------
// Pooled connections closed while idle

/// The server does not ping a PostgreSQL connection before every statement, only one that sat idle: when the
/// database (or a proxy) closed the pool's connections while they were idle, the next requests still get
/// fresh connections, with no error.
async fn idle_connections_closed(postgres_url: String) -> Outcome {
    let directory = tempfile::tempdir()?;
    let schema = PostgresSchema::create(&postgres_url, &unique_name("cdr_idle")).await?;
    let outcome = idle_case(&postgres_url, &schema, directory.path()).await;
    schema.remove().await;
    outcome
}

async fn idle_case(postgres_url: &str, schema: &PostgresSchema, directory: &Path) -> Outcome {
    let (proxy, database) = DatabaseProxy::in_front_of(postgres_url, schema).await?;
    let mut server = ServerProcess::start(
        &arguments(&database, &directory.join("files"), &[]),
        directory.join("server.log"),
    )
    .await?;
    let origin = server.origin.clone();
    let http = http_client();
    let token = demo_token()?;
    // Several connections in the pool: concurrent listings.
    let mut listings = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let (http, origin, token) = (http.clone(), origin.clone(), token.clone());
        listings
            .spawn(async move { get(&http, &origin, &token, "/cdr-exports?page[size]=5").await });
    }
    while let Some(reply) = listings.join_next().await {
        expect_eq(
            reply??.status,
            200,
            "a listing before the connections close",
        )?;
    }

    // Every open connection is reset, as a database restart or a proxy's idle timeout does; new ones
    // go through.
    proxy.next_generation();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    for attempt in 0..10 {
        let reply = get(&http, &origin, &token, "/cdr-exports?page[size]=5").await?;
        expect_eq(
            reply.status,
            200,
            &format!("listing {attempt} after the idle connections were closed"),
        )?;
    }
    server.stop(Duration::from_secs(20)).await
}

/// The server's PostgreSQL readers take a connection back without pinging it, so they must not take back one
/// that is unfit for the next statement: one whose statement was abandoned half-way (a client that went away)
/// would make the next statement wait for the abandoned one's end, and one that the server closed would fail
/// it.
async fn abandoned_and_broken_reads(postgres_url: String) -> Outcome {
    let schema = PostgresSchema::create(&postgres_url, &unique_name("cdr_readers")).await?;
    let outcome = abandoned_and_broken_case(&schema.database_url()).await;
    schema.remove().await;
    outcome
}

async fn abandoned_and_broken_case(database_url: &str) -> Outcome {
    let store = Store::connect(database_url, Duration::from_secs(10)).await?;
    let count = |sql: &'static str| store.count_where(sql, sea_query::Values(Vec::new()));
    expect_eq(count("SELECT 1::int8").await?, 1, "a first read")?;

    // A read abandoned in the middle of a two-second statement.
    let abandoned = tokio::time::timeout(
        Duration::from_millis(200),
        count("SELECT COUNT(*) FROM pg_sleep(2)"),
    )
    .await;
    expect(abandoned.is_err(), "the slow read is abandoned")?;
    let started = Instant::now();
    expect_eq(count("SELECT 2::int8").await?, 2, "the read after it")?;
    let waited = started.elapsed();
    expect(
        waited < Duration::from_secs(1),
        format!("the read after an abandoned one does not wait for it ({waited:?})"),
    )?;

    // The connection of the last read closed by the server (which says so with a FATAL error): the read that
    // finds it closed fails, and the connection is dropped, so the next read goes through on a new one.
    let backend = count("SELECT pg_backend_pid()::int8").await?;
    let inspector = Store::connect(database_url, Duration::from_secs(10)).await?;
    inspector
        .execute(
            "SELECT pg_terminate_backend($1::int4, 5000)",
            vec![sea_query::Value::from(backend)],
        )
        .await?;
    inspector.close().await;
    match count("SELECT 3::int8").await {
        Err(error) if cdr_exports::store::is_unavailable(&error) => {}
        other => return Err(format!("the read on the closed connection: {other:?}").into()),
    }
    expect_eq(count("SELECT 4::int8").await?, 4, "the read after it")?;
    store.close().await;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Two servers on one PostgreSQL database

async fn two_servers_one_database(postgres_url: String) -> Outcome {
    let directory = tempfile::tempdir()?;
    let schema = PostgresSchema::create(&postgres_url, &unique_name("cdr_two_servers")).await?;
    let outcome = two_servers_case(&schema, directory.path()).await;
    schema.remove().await;
    outcome
}

async fn two_servers_case(schema: &PostgresSchema, directory: &Path) -> Outcome {
    let database = schema.database_url();
    // Separate data directories, so each file shows which server wrote it.
    let directories = [directory.join("files-a"), directory.join("files-b")];
    let mut servers = Vec::new();
    for (index, files) in directories.iter().enumerate() {
        servers.push(
            ServerProcess::start(
                &arguments(&database, files, &[]),
                directory.join(format!("server-{index}.log")),
            )
            .await?,
        );
    }
    let origins: Vec<String> = servers.iter().map(|server| server.origin.clone()).collect();
    let http = http_client();
    let token = demo_token()?;
    let mut tasks = Vec::new();
    for batch in 0..10 {
        let (http, origins, token) = (http.clone(), origins.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for index in 0..10 {
                let origin = &origins[(batch * 10 + index) % 2];
                ids.push(create_export(&http, origin, &token, ONE_DAY).await?);
            }
            Ok::<_, Failed>(ids)
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.extend(task.await??);
    }
    expect_eq(
        ids.iter().collect::<HashSet<_>>().len(),
        100,
        "distinct created exports",
    )?;
    let store = Store::connect(&database, Duration::from_secs(10)).await?;
    wait_until(Duration::from_secs(60), "every job to finish", || async {
        let finished = store
            .rows(
                "SELECT COUNT(*) AS finished FROM export_jobs WHERE finished_at IS NOT NULL",
                values(vec![]),
                |row| row.integer("finished"),
                |row| row.integer("finished"),
            )
            .await?;
        Ok((finished.into_iter().flatten().next() == Some(100)).then_some(()))
    })
    .await?;
    let expected_rows = calls_in(&store, ONE_DAY).await?;
    let workers: Vec<String> = servers
        .iter()
        .map(|server| format!("{}-", server.pid()))
        .collect();
    let mut ran = [BTreeSet::new(), BTreeSet::new()];
    for id in &ids {
        let jobs = jobs_of(&store, id).await?;
        expect_eq(jobs.len(), 1, &format!("job rows of {id}"))?;
        let job = &jobs[0];
        expect_eq(job.attempts, 1, &format!("attempts of {id}"))?;
        expect(
            job.finished && job.last_error.is_none(),
            format!("{id} finished without error: {job:?}"),
        )?;
        let by = job.locked_by.clone().unwrap_or_default();
        let worker = workers
            .iter()
            .position(|prefix| by.starts_with(prefix))
            .ok_or_else(|| format!("{id} run by an unknown worker {by:?}"))?;
        ran[worker].insert(format!("{id}.csv.gz"));
        let reply = get(&http, &origins[0], &token, &format!("/cdr-exports/{id}")).await?;
        let attributes = &reply.json()["data"]["attributes"];
        expect_eq(
            (
                attributes["status"].as_str(),
                attributes["rows-count"].as_i64(),
            ),
            (Some("Completed"), Some(expected_rows)),
            &format!("status and rows-count of {id}"),
        )?;
    }
    for (worker, files) in ran.iter().enumerate() {
        expect(
            !files.is_empty(),
            format!(
                "server {worker} ran exports too ({} / {})",
                ran[0].len(),
                ran[1].len()
            ),
        )?;
        expect_eq(
            &file_names(&directories[worker])?,
            files,
            &format!("the files of server {worker} are exactly the exports it ran"),
        )?;
        for name in files {
            expect_eq(
                gzip_lines(&directories[worker].join(name))?,
                usize::try_from(expected_rows)? + 1,
                &format!("lines of {name}"),
            )?;
        }
    }
    eprintln!(
        "two servers: 100 exports, each run once: {} by one server, {} by the other",
        ran[0].len(),
        ran[1].len()
    );
    store.close().await;
    for server in &mut servers {
        server.stop(Duration::from_secs(20)).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// An export longer than its lease, with a second server waiting for jobs

async fn export_longer_than_its_lease(postgres_url: Option<String>) -> Outcome {
    let directory = tempfile::tempdir()?;
    let database = Database::create(postgres_url.as_deref(), directory.path(), "cdr_long").await?;
    let outcome = longer_than_lease_case(&database, directory.path()).await;
    database.remove().await;
    outcome
}

async fn longer_than_lease_case(database: &Database, directory: &Path) -> Outcome {
    // A 0.5 s lease; 3 ms per row makes the export of 600 calls last about 2 s, four leases. The
    // second server polls every second, so it would take the job over were the lease not renewed.
    let directories = [directory.join("files-a"), directory.join("files-b")];
    let mut servers = Vec::new();
    for (index, files) in directories.iter().enumerate() {
        let arguments = arguments(
            &database.url(),
            files,
            &["--job-lease", "0.5", "--export-row-delay-ms", "3"],
        );
        // One after the other: the first one migrates and seeds the database.
        servers.push(
            ServerProcess::start(&arguments, directory.join(format!("server-{index}.log"))).await?,
        );
    }
    let http = http_client();
    let token = demo_token()?;
    let started = Instant::now();
    let id = create_export(&http, &servers[0].origin, &token, WHOLE_PERIOD).await?;
    let (status, rows) = wait_for_export(
        &http,
        &servers[1].origin,
        &token,
        &id,
        Duration::from_secs(15),
    )
    .await?;
    let took = started.elapsed();
    let store = database.inspect().await?;
    let expected_rows = calls_in(&store, WHOLE_PERIOD).await?;
    expect_eq(status.as_str(), "Completed", "status of the export")?;
    expect_eq(rows, Some(expected_rows), "rows-count")?;
    expect(
        took > Duration::from_millis(1500),
        format!("the export took several leases of 0.5 s (took {took:?})"),
    )?;
    // Time for a second run, if there were one, to get as far as recording its outcome.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let jobs = jobs_of(&store, &id).await?;
    expect_eq(jobs.len(), 1, "job rows of the export")?;
    expect_eq(jobs[0].attempts, 1, "attempts: claimed once, never again")?;
    expect(
        jobs[0].finished && jobs[0].last_error.is_none(),
        format!("the job is finished without error: {jobs:?}"),
    )?;
    let by = jobs[0].locked_by.clone().unwrap_or_default();
    let runner = servers
        .iter()
        .position(|server| by.starts_with(&format!("{}-", server.pid())))
        .ok_or_else(|| format!("the export was run by an unknown worker {by:?}"))?;
    let final_name = format!("{id}.csv.gz");
    for (index, files) in directories.iter().enumerate() {
        let expected = if index == runner {
            BTreeSet::from([final_name.clone()])
        } else {
            BTreeSet::new()
        };
        expect_eq(
            file_names(files)?,
            expected,
            &format!("the files of server {index} (server {runner} ran the export)"),
        )?;
    }
    expect_eq(
        gzip_lines(&directories[runner].join(&final_name))?,
        usize::try_from(expected_rows)? + 1,
        "lines of the file (header and one per call)",
    )?;
    let mut completions = 0;
    for server in &servers {
        let log = std::fs::read_to_string(&server.log)?;
        completions += log.matches("export completed").count();
        expect(
            !log.contains("lost the lease") && !log.contains("nothing recorded"),
            format!("no run lost its lease: {}", harness::log_tail(&server.log)),
        )?;
    }
    expect_eq(
        completions,
        1,
        "\"export completed\" lines in both servers' logs",
    )?;
    eprintln!(
        "longer than its lease: {expected_rows} rows in {took:?} under a 0.5 s lease, run once by \
         server {runner}"
    );
    store.close().await;
    for server in &mut servers {
        server.stop(Duration::from_secs(20)).await?;
    }
    Ok(())
}

/// The store's two pools keep to their bound (`--postgres-connections`): eight slow statements at once are
/// served by one connection each for reads and for writes when the bound is one, and by two or three when it is
/// three.
async fn connections_bounded(postgres_url: String) -> Outcome {
    const SLOW_BACKEND: &str = "SELECT pg_backend_pid()::int8 FROM pg_sleep(0.05)";
    for (bound, least) in [(1, 1), (3, 2)] {
        let limit = std::num::NonZeroU32::new(bound).expect("not zero");
        let store = Store::connect_limited(&postgres_url, Duration::from_secs(10), limit).await?;
        let mut statements = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let reader = store.clone();
            statements.spawn(async move {
                let pid = reader
                    .count_where(SLOW_BACKEND, sea_query::Values(Vec::new()))
                    .await?;
                Ok::<_, sqlx::Error>(("reads", i64::try_from(pid).unwrap_or(-1)))
            });
            let writer = store.clone();
            statements.spawn(async move {
                let pids = writer
                    .rows(
                        SLOW_BACKEND,
                        values(Vec::new()),
                        |_| Err(sqlx::Error::RowNotFound),
                        |row| sqlx::Row::try_get::<i64, _>(row, 0),
                    )
                    .await?;
                Ok(("writes", pids.first().copied().unwrap_or(-1)))
            });
        }
        let mut readers = HashSet::new();
        let mut writers = HashSet::new();
        while let Some(served) = statements.join_next().await {
            match served.map_err(|error| error.to_string())?? {
                ("reads", pid) => readers.insert(pid),
                (_, pid) => writers.insert(pid),
            };
        }
        store.close().await;
        for (pool, connections) in [("reads", readers.len()), ("writes", writers.len())] {
            expect(
                (least..=bound as usize).contains(&connections),
                format!(
                    "with --postgres-connections {bound}, eight {pool} at once used {connections} connections"
                ),
            )?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------

fn postgres_trial<F, Fut>(name: &str, postgres_url: Option<&String>, case: F) -> Trial
where
    F: FnOnce(String) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Outcome>,
{
    let name = format!("postgres::{name}");
    match postgres_url {
        Some(url) => {
            let url = url.clone();
            Trial::test(name, move || runtime().block_on(case(url)))
        }
        None => Trial::test(
            name,
            || Err("JSONAPI_FILTER_POSTGRES_URL is not set".into()),
        )
        .with_ignored_flag(true),
    }
}

fn main() {
    let arguments = Arguments::from_args();
    let postgres_url = std::env::var("JSONAPI_FILTER_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty());
    let trials = vec![
        Trial::test("sqlite::killed_in_the_middle_of_an_export", || {
            runtime().block_on(killed_in_the_middle_of_an_export(None))
        }),
        Trial::test("sqlite::export_longer_than_its_lease", || {
            runtime().block_on(export_longer_than_its_lease(None))
        }),
        Trial::test("sqlite::sigterm_under_load", || {
            runtime().block_on(sigterm_under_load())
        }),
        postgres_trial(
            "killed_in_the_middle_of_an_export",
            postgres_url.as_ref(),
            |url| killed_in_the_middle_of_an_export(Some(url)),
        ),
        postgres_trial("database_outage", postgres_url.as_ref(), database_outage),
        postgres_trial(
            "idle_connections_closed",
            postgres_url.as_ref(),
            idle_connections_closed,
        ),
        postgres_trial(
            "export_longer_than_its_lease",
            postgres_url.as_ref(),
            |url| export_longer_than_its_lease(Some(url)),
        ),
        postgres_trial(
            "abandoned_and_broken_reads",
            postgres_url.as_ref(),
            abandoned_and_broken_reads,
        ),
        postgres_trial(
            "connections_bounded",
            postgres_url.as_ref(),
            connections_bounded,
        ),
        postgres_trial(
            "two_servers_one_database",
            postgres_url.as_ref(),
            two_servers_one_database,
        ),
    ];
    // Each trial runs its own processes and measures time: one at a time.
    let arguments = Arguments {
        test_threads: Some(1),
        ..arguments
    };
    libtest_mimic::run(&arguments, trials).exit();
}
