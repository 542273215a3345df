//! Issue 6 section 3: hostile requests over real HTTP, each answered by its expected 4xx JSON:API error
//! (status and code asserted), never a 5xx, and a normal request still works afterwards.

#[allow(dead_code)]
#[path = "e2e/harness.rs"]
mod harness;

use harness::{API, Env, Outcome, expect, expect_eq, runtime, trial};
use libtest_mimic::{Arguments, Trial};

/// One hostile query string on the listing, its status, and a code its error document must carry.
const HOSTILE_QUERIES: &[(&str, u16, &str)] = &[
    ("filter[a][b][c]=x", 400, "120"),
    ("filter[]=x", 400, "120"),
    ("filter=x", 400, "120"),
    ("filter[status-eq]=%ZZ", 400, "400"),
    ("filter[status-eq]=%C3%28", 400, "400"),
    ("filter[status-eq]=%FF%FE", 400, "400"),
    ("filter[rows-count-eq]=99999999999999999999", 400, "107"),
    ("filter[rows-count-gt]=-99999999999999999999", 400, "107"),
    ("filter[rows-count-eq]=1.5", 400, "107"),
    ("filter[rows-count-eq]=0x10", 400, "107"),
    ("filter[created-at-gt]=10000-01-01T00:00:00Z", 400, "107"),
    ("filter[created-at-gt]=2024-13-01T00:00:00Z", 400, "107"),
    ("filter[created-at-gt]=2024-02-30T00:00:00Z", 400, "107"),
    ("filter[created-at-gt]=2024-01-01T25:00:00Z", 400, "107"),
    ("filter[created-at-gt]=-99999-01-01T00:00:00Z", 400, "107"),
    ("filter[created-at-gt]=not-a-date", 400, "107"),
    ("filter[id]=not-a-uuid", 400, "107"),
    (
        "filter[status-eq]=Pending&filter[status-eq]=Completed",
        400,
        "105",
    ),
    ("sort=id&sort=-id", 400, "105"),
    ("page[size]=1&page[size]=2", 400, "105"),
    ("page[size]=1e9", 400, "118"),
    ("page[size]=1000000000", 400, "118"),
    ("page[size]=0", 400, "118"),
    ("page[size]=-1", 400, "118"),
    ("page[number]=-1", 400, "118"),
    ("page[number]=0", 400, "118"),
    ("page[number]=abc", 400, "118"),
    ("page[unknown]=1", 400, "105"),
    ("sort=--created-at", 400, "114"),
    ("sort=unknown", 400, "114"),
    ("sort=created-at;DROP TABLE cdr_exports", 400, "114"),
    ("sort=id%27%20OR%201%3D1", 400, "114"),
    ("sort=", 400, "114"),
    ("fields[unknown]=id", 400, "101"),
    ("fields[cdr-exports]=unknown", 400, "104"),
    ("include=unknown", 400, "112"),
    ("include=", 400, "112"),
    ("include=account,account", 400, "112"),
    ("include=account,", 400, "112"),
    ("fields[cdr-exports]=,,", 400, "104"),
    ("fields[cdr-exports]=status,", 400, "104"),
    ("fields[accounts]=,name", 400, "104"),
    ("filter[time-zone-name-in]=a,,b", 400, "107"),
    ("filter[time-zone-name-cont-any]=a,", 400, "107"),
    ("page[number]=9223372036854777&page[size]=1", 400, "118"),
    ("include=account.unknown", 400, "112"),
    ("unknown=1", 400, "105"),
    ("filter[unknown-eq]=1", 400, "102"),
    ("filter[status-cont]=x", 400, "102"),
    ("filter[status-eq]=NotAStatus", 400, "107"),
    ("filter[time-format]=%27%20OR%201%3D1%20--", 400, "107"),
];

/// SQL-injection strings, used as data in every text-like filter and refused elsewhere.
const INJECTIONS: &[&str] = &[
    "' OR '1'='1",
    "'; DROP TABLE cdr_exports; --",
    "\" OR \"\"=\"",
    "1; SELECT pg_sleep(10)",
    "%' UNION SELECT * FROM accounts --",
    "\\'; --",
    "1' AND SLEEP(5)#",
    "') OR ('a'='a",
];

fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() {
                (byte as char).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

async fn every_hostile_query_gets_its_error(env: &'static Env) -> Outcome {
    let mut cases: Vec<(String, u16, &str)> = HOSTILE_QUERIES
        .iter()
        .map(|(query, status, code)| (query.to_string(), *status, *code))
        .collect();
    for injection in INJECTIONS {
        let value = encode(injection);
        // Typed filters refuse the string as a value; it never reaches SQL.
        for key in [
            "id",
            "account-id-eq",
            "rows-count-eq",
            "created-at-gt",
            "status-eq",
            "time-format",
        ] {
            cases.push((format!("filter[{key}]={value}"), 400, "107"));
        }
        cases.push((format!("sort={value}"), 400, "114"));
        cases.push((format!("include={value}"), 400, "112"));
    }
    cases.push((
        format!("filter[status-eq]={}", "x".repeat(61_000)),
        414,
        "414",
    ));
    cases.push((
        format!(
            "filter[rows-count-in]={}",
            (0..2_000)
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
        400,
        "107",
    ));
    // 1,000 filters stay under hyper's URI limit, so the framework's own limit answers.
    cases.push((
        (0..1_000)
            .map(|n| format!("filter[x{n}]=1"))
            .collect::<Vec<_>>()
            .join("&"),
        400,
        "120",
    ));
    cases.push((
        (0..100)
            .map(|n| format!("filter[rows-count-gt]={n}"))
            .collect::<Vec<_>>()
            .join("&"),
        400,
        "105",
    ));
    let mut failures = Vec::new();
    for (query, status, code) in &cases {
        let shown: String = query.chars().take(80).collect();
        match env.get(&env.demo, &format!("/cdr-exports?{query}")).await {
            Err(error) => failures.push(format!("{shown}: {}", {
                let text = format!("{error:?}");
                text[text.len().saturating_sub(200)..].to_owned()
            })),
            Ok(reply) => {
                let codes = reply.error_codes();
                if reply.status != *status || !codes.iter().any(|(_, found)| found == code) {
                    failures.push(format!(
                        "{shown}: {} {codes:?}, expected {status} {code}",
                        reply.status
                    ));
                }
            }
        }
    }
    // The single-resource route reads `fields[...]` and `include` as the listing does.
    let visible = env.all_visible(&env.demo, &env.demo.demo_token).await?;
    let id = visible[0]["id"].as_str().unwrap_or("").to_owned();
    for (query, code) in [
        ("fields[cdr-exports]=,,", "104"),
        ("fields[cdr-exports]=name,", "104"),
        ("fields[cdr-exports]=bogus", "104"),
        ("include=", "112"),
        ("include=account,account", "112"),
    ] {
        let reply = env
            .get(&env.demo, &format!("/cdr-exports/{id}?{query}"))
            .await?;
        let codes = reply.error_codes();
        if reply.status != 400 || !codes.iter().any(|(_, found)| found == code) {
            failures.push(format!(
                "/cdr-exports/{{id}}?{query}: {} {codes:?}, expected 400 {code}",
                reply.status
            ));
        }
    }
    eprintln!("{}: {} hostile queries", env.backend, cases.len());
    expect(failures.is_empty(), failures.join("\n"))?;
    expect(cases.len() >= 100, "at least 100 hostile queries")?;
    still_serves(env).await
}

/// The injection strings as filter values are data, bound as parameters: as a `cont` value each matches
/// nothing (no demo time zone holds a quote or a semicolon), and listed with a real zone in `cont-any`
/// each leaves exactly the exports of that zone, a non-empty set that a spliced or mis-bound value would
/// change (an `OR '1'='1'` matching every row, a syntax error, or a dropped value matching none).
async fn injection_strings_are_data(env: &'static Env) -> Outcome {
    let visible = env.all_visible(&env.demo, &env.demo.demo_token).await?;
    let total = visible.len();
    let zone = visible
        .iter()
        .find_map(|export| export["attributes"]["time-zone-name"].as_str())
        .ok_or("the demo data has an export with a time zone")?
        .to_owned();
    let of_zone: Vec<String> = visible
        .iter()
        .filter(|export| {
            export["attributes"]["time-zone-name"]
                .as_str()
                .is_some_and(|name| name.contains(&zone))
        })
        .map(|export| export["id"].as_str().unwrap_or("").to_owned())
        .collect();
    expect(
        !of_zone.is_empty() && of_zone.len() < total,
        format!(
            "{zone} selects some exports but not all ({} of {total})",
            of_zone.len()
        ),
    )?;
    for injection in INJECTIONS {
        let reply = env
            .get(
                &env.demo,
                &format!(
                    "/cdr-exports?filter[time-zone-name-cont]={}&page[size]=1000",
                    encode(injection)
                ),
            )
            .await?;
        expect_eq(reply.status, 200, &format!("{injection} as a cont value"))?;
        expect_eq(reply.ids(), Vec::<String>::new(), injection)?;
        let list = jsonapi_filter::builder::filter_value_line([*injection, zone.as_str()]);
        let reply = env
            .get(
                &env.demo,
                &format!(
                    "/cdr-exports?filter[time-zone-name-cont-any]={}&page[size]=1000",
                    encode(&list)
                ),
            )
            .await?;
        expect_eq(
            reply.status,
            200,
            &format!("{injection} in a cont-any list"),
        )?;
        expect_eq(
            reply.ids(),
            of_zone.clone(),
            &format!("{injection},{zone} as cont-any: exactly the exports of {zone}"),
        )?;
    }
    let after = env
        .all_visible(&env.demo, &env.demo.demo_token)
        .await?
        .len();
    expect_eq(after, total, "the listing after the injections")?;
    expect(total > 0, "the demo data is listed")
}

/// Every list predicate takes its most values (1,000): answered 200, on every backend. A `cont-any` of a
/// thousand values is one OR of a thousand LIKEs, which must neither overflow the renderer's stack nor pass
/// an engine's expression-depth limit (SQLite's is 1,000), and still mean what one `cont` means.
async fn a_thousand_values_in_each_list_predicate(env: &'static Env) -> Outcome {
    let numbers = (0..1_000)
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let uuids = (0..1_000)
        .map(|n| format!("00000000-0000-4000-8000-{n:012}"))
        .collect::<Vec<_>>()
        .join(",");
    let names: Vec<String> = (0..999).map(|n| format!("zone-{n}")).collect();
    let zone = "Europe";
    let with_zone = format!("{},{zone}", names.join(","));
    for (key, values) in [
        ("id", uuids.as_str()),
        ("account-id-not-in", uuids.as_str()),
        ("rows-count-in", numbers.as_str()),
        ("rows-count-not-in", numbers.as_str()),
        ("time-zone-name-in", with_zone.as_str()),
        ("time-zone-name-not-in", with_zone.as_str()),
        ("time-zone-name-cont-any", with_zone.as_str()),
    ] {
        let reply = env
            .get(
                &env.demo,
                &format!("/cdr-exports?filter[{key}]={values}&page[size]=1000"),
            )
            .await?;
        expect_eq(
            reply.status,
            200,
            &format!("filter[{key}] with 1,000 values"),
        )?;
    }
    let any = env
        .get(
            &env.demo,
            &format!("/cdr-exports?filter[time-zone-name-cont-any]={with_zone}&page[size]=1000"),
        )
        .await?;
    let one = env
        .get(
            &env.demo,
            &format!("/cdr-exports?filter[time-zone-name-cont]={zone}&page[size]=1000"),
        )
        .await?;
    expect(
        !one.ids().is_empty(),
        format!("some demo exports are in {zone}"),
    )?;
    expect_eq(
        any.ids(),
        one.ids(),
        "cont-any of 999 absent names and one present: the exports cont finds",
    )
}

async fn still_serves(env: &'static Env) -> Outcome {
    let reply = env.get(&env.demo, "/cdr-exports?page[size]=1").await?;
    expect_eq(reply.status, 200, "a normal request afterwards")
}

async fn raw_bytes_are_refused(env: &'static Env) -> Outcome {
    let address = env.demo.origin.trim_start_matches("http://").to_owned();
    let token = env.demo.demo_token.clone();
    let requests: Vec<(Vec<u8>, &str)> = vec![
        (
            format!("GET {API}/cdr-exports?filter[status-eq]=a\0b HTTP/1.1\r\n").into_bytes(),
            "NUL",
        ),
        (
            [
                format!("GET {API}/cdr-exports?filter[status-eq]=").as_bytes(),
                b"\xff\xfe",
                b" HTTP/1.1\r\n",
            ]
            .concat(),
            "invalid UTF-8",
        ),
        (
            format!(
                "GET {API}/cdr-exports?{} HTTP/1.1\r\n",
                (0..10_000)
                    .map(|n| format!("filter[x{n}]=1"))
                    .collect::<Vec<_>>()
                    .join("&")
            )
            .into_bytes(),
            "10,000 filters (over hyper's URI limit)",
        ),
        (
            format!(
                "GET {API}/cdr-exports?filter[id-in]={} HTTP/1.1\r\n",
                vec!["0"; 100_000].join(",")
            )
            .into_bytes(),
            "an in list of 100,000 values",
        ),
        (
            format!(
                "GET {API}/cdr-exports HTTP/1.1\r\nX-Big: {}\r\n",
                "a".repeat(600_000)
            )
            .into_bytes(),
            "oversized header",
        ),
    ];
    for (request_line, what) in requests {
        let mut bytes = request_line;
        bytes.extend_from_slice(
            format!("Host: {address}\r\nAuthorization: {token}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        let answer = exchange(&address, &bytes).await?;
        expect(
            (400..500).contains(&answer.status),
            format!("{what}: answered {}", answer.status),
        )?;
        answer.expect_json_api_error(what)?;
    }
    still_serves(env).await
}

/// An answer read off a raw connection.
struct RawAnswer {
    status: u16,
    head: String,
    body: String,
}

impl RawAnswer {
    /// The answer is a JSON:API error document whose code is the status, with its media type.
    fn expect_json_api_error(&self, what: &str) -> Outcome {
        let content_type = self
            .head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-type")
                    .then(|| value.trim().to_owned())
            })
            .unwrap_or_default();
        expect_eq(
            content_type.as_str(),
            "application/vnd.api+json",
            &format!("{what}: Content-Type"),
        )?;
        let document: serde_json::Value = serde_json::from_str(&self.body)
            .map_err(|error| format!("{what}: the body is not JSON ({error}): {}", self.body))?;
        expect_eq(
            document["errors"][0]["status"].as_str(),
            Some(self.status.to_string().as_str()),
            &format!("{what}: the error's status"),
        )?;
        expect(
            document["errors"][0]["code"].is_string() && document["errors"][0]["title"].is_string(),
            format!("{what}: a JSON:API error object: {}", self.body),
        )
    }
}

/// Writes `bytes` on a new connection to `address` and reads the answer until the server closes it (at
/// most 10 s).
async fn exchange(address: &str, bytes: &[u8]) -> Result<RawAnswer, libtest_mimic::Failed> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .map_err(|error| error.to_string())?;
    let (mut reader, mut writer) = stream.split();
    let mut answer = Vec::new();
    // Write and read at once: the server may answer (and stop reading) before the request is all sent.
    let (_, read) = tokio::join!(
        async {
            let _ = writer.write_all(bytes).await;
        },
        tokio::time::timeout(
            std::time::Duration::from_secs(10),
            reader.read_to_end(&mut answer)
        )
    );
    if read.is_err() {
        return Err("no answer within 10 s".into());
    }
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text.as_str(), ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    Ok(RawAnswer {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    })
}

/// The server's own limits on the request head, each answered with a JSON:API error by the server (not
/// a bare status by the HTTP library), and heads just within them served.
async fn the_request_head_has_stated_limits(env: &'static Env) -> Outcome {
    use cdr_exports::serve::{MAX_HEADER_BYTES, MAX_HEADER_LINES, MAX_REQUEST_LINE};
    let address = env.demo.origin.trim_start_matches("http://").to_owned();
    let token = env.demo.demo_token.clone();
    let request = |target: &str, headers: &str| {
        format!(
            "GET {API}{target} HTTP/1.1\r\nHost: {address}\r\nAuthorization: {token}\r\nConnection: close\r\n{headers}\r\n"
        )
        .into_bytes()
    };
    // The request line's fixed parts: "GET ", the API path, "/cdr-exports?x=", " HTTP/1.1\r\n".
    let fixed =
        "GET ".len() + API.len() + "/cdr-exports?filter[status-eq]=".len() + " HTTP/1.1\r\n".len();
    let within = request(
        &format!(
            "/cdr-exports?filter[status-eq]={}",
            "x".repeat(MAX_REQUEST_LINE - fixed)
        ),
        "",
    );
    let over = request(
        &format!(
            "/cdr-exports?filter[status-eq]={}",
            "x".repeat(MAX_REQUEST_LINE - fixed + 1)
        ),
        "",
    );
    // Host, Authorization and Connection are three header lines of their own.
    let own = format!("Host: {address}\r\nAuthorization: {token}\r\nConnection: close\r\n").len();
    let filler = |total: usize| {
        format!(
            "X-Filler: {}\r\n",
            "a".repeat(total - own - "X-Filler: \r\n".len())
        )
    };
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        // At 64 KiB the request line reaches the framework, whose 60,000-byte query limit answers.
        (
            within,
            414,
            "a request line of exactly 64 KiB (the query-string limit answers)",
        ),
        (over, 414, "a request line one byte over 64 KiB"),
        (
            request("/cdr-exports?page[size]=1", &filler(MAX_HEADER_BYTES)),
            200,
            "headers of exactly 16 KiB",
        ),
        (
            request("/cdr-exports?page[size]=1", &filler(MAX_HEADER_BYTES + 1)),
            431,
            "headers one byte over 16 KiB",
        ),
        (
            request(
                "/cdr-exports?page[size]=1",
                &"X-A: 1\r\n".repeat(MAX_HEADER_LINES - 3),
            ),
            200,
            "exactly 128 header lines",
        ),
        (
            request(
                "/cdr-exports?page[size]=1",
                &"X-A: 1\r\n".repeat(MAX_HEADER_LINES - 2),
            ),
            431,
            "129 header lines",
        ),
        (
            request(
                "/cdr-exports",
                &format!("X-Big: {}\r\n", "a".repeat(600_000)),
            ),
            431,
            "a 600 KB header (past hyper's own buffer)",
        ),
        (
            format!(
                "GET {API}/cdr-exports?{} HTTP/1.1\r\nHost: x\r\n\r\n",
                "a".repeat(200_000)
            )
            .into_bytes(),
            414,
            "a 200 KB request line (past hyper's URI limit)",
        ),
        (
            b"GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
            "a NUL in the request line",
        ),
        (
            b"GET / HTTP/1.1\r\nBad Header\r\n\r\n".to_vec(),
            400,
            "a header line without a colon",
        ),
        (
            b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"
                .to_vec(),
            400,
            "two different Content-Length",
        ),
    ];
    for (bytes, status, what) in cases {
        let answer = exchange(&address, &bytes).await?;
        expect_eq(answer.status, status, what)?;
        if status == 200 {
            expect(
                answer.body.contains("\"data\""),
                format!("{what}: the listing: {}", answer.body),
            )?;
        } else {
            answer.expect_json_api_error(what)?;
        }
    }
    // Requests with bodies keep the connection in step: two creates' worth of bytes, then a listing, on
    // one connection, all answered.
    let body = "{not json";
    let pipelined = format!(
        "POST {API}/cdr-exports HTTP/1.1\r\nHost: {address}\r\nAuthorization: {token}\r\nContent-Type: application/vnd.api+json\r\nContent-Length: {}\r\n\r\n{body}\
         POST {API}/cdr-exports HTTP/1.1\r\nHost: {address}\r\nAuthorization: {token}\r\nContent-Type: application/vnd.api+json\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{{not\r\n5\r\n json\r\n0\r\n\r\n\
         GET {API}/cdr-exports?page[size]=1 HTTP/1.1\r\nHost: {address}\r\nAuthorization: {token}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let answer = exchange(&address, pipelined.as_bytes()).await?;
    let whole = format!("{}\r\n\r\n{}", answer.head, answer.body);
    let statuses: Vec<&str> = whole
        .match_indices("HTTP/1.1 ")
        .filter_map(|(at, prefix)| whole.get(at + prefix.len()..at + prefix.len() + 3))
        .collect();
    expect_eq(
        statuses,
        vec!["400", "400", "200"],
        "three pipelined requests",
    )?;
    still_serves(env).await
}

async fn host_header_is_never_reflected(env: &'static Env) -> Outcome {
    // A well-formed host name is the client's own origin; only malformed ones must never appear.
    for host in [
        "evil.example\"><script>",
        "evil.example/path?x",
        "evil@example",
    ] {
        let reply = env
            .get_with(
                &env.demo,
                "/cdr-exports?page[size]=1",
                Some(&env.demo.demo_token),
                &[("host", host)],
            )
            .await;
        // `get_with` turns a 5xx or a dropped connection into a failure; the answer is the listing, with
        // the links built on `localhost` instead of the malformed host.
        let reply = reply?;
        expect_eq(reply.status, 200, &format!("status with Host {host}"))?;
        expect(
            reply.json()["links"]["first"]
                .as_str()
                .is_some_and(|link| link.starts_with("http://localhost/")),
            format!("links on localhost with Host {host}: {}", reply.text),
        )?;
        expect(
            !reply.text.contains("evil"),
            format!("Host {host} reflected: {}", reply.text),
        )?;
    }
    still_serves(env).await
}

async fn wrong_methods_and_bodies(env: &'static Env) -> Outcome {
    for method in [reqwest::Method::PUT, reqwest::Method::DELETE] {
        let reply = env
            .send(
                &env.demo,
                method.clone(),
                "/cdr-exports",
                Some(&env.demo.demo_token),
                &[],
                None,
            )
            .await?;
        expect_eq(reply.status, 405, &format!("{method} on the listing"))?;
        expect(
            reply.json()["errors"].is_array(),
            "a 405 is a JSON:API error",
        )?;
    }
    let reply = env
        .send(
            &env.work,
            reqwest::Method::POST,
            "/cdr-exports",
            Some(&env.work.demo_token),
            &[("content-type", "application/vnd.api+json")],
            Some("{not json".to_owned()),
        )
        .await?;
    expect_eq(reply.status, 400, "a non-JSON create body")?;
    expect(reply.json()["errors"].is_array(), "a JSON:API error")?;
    still_serves(env).await
}

fn main() {
    let arguments = Arguments::from_args();
    let mut environments = vec![runtime().block_on(Env::start_sqlite())];
    if let Ok(url) = std::env::var("JSONAPI_FILTER_POSTGRES_URL")
        && !url.is_empty()
    {
        environments.push(
            runtime()
                .block_on(Env::start_postgres(&url))
                .unwrap_or_else(|error| panic!("PostgreSQL is unusable: {error}")),
        );
    }
    let environments: Vec<&'static Env> = environments
        .into_iter()
        .map(|env| &*Box::leak(Box::new(env)))
        .collect();
    let mut trials: Vec<Trial> = Vec::new();
    for env in &environments {
        trials.push(trial(env, "every_hostile_query_gets_its_error", |env| {
            Box::pin(every_hostile_query_gets_its_error(env))
        }));
        trials.push(trial(env, "injection_strings_are_data", |env| {
            Box::pin(injection_strings_are_data(env))
        }));
        trials.push(trial(env, "raw_bytes_are_refused", |env| {
            Box::pin(raw_bytes_are_refused(env))
        }));
        trials.push(trial(
            env,
            "a_thousand_values_in_each_list_predicate",
            |env| Box::pin(a_thousand_values_in_each_list_predicate(env)),
        ));
        trials.push(trial(env, "the_request_head_has_stated_limits", |env| {
            Box::pin(the_request_head_has_stated_limits(env))
        }));
        trials.push(trial(env, "host_header_is_never_reflected", |env| {
            Box::pin(host_header_is_never_reflected(env))
        }));
        trials.push(trial(env, "wrong_methods_and_bodies", |env| {
            Box::pin(wrong_methods_and_bodies(env))
        }));
    }
    if environments.len() == 1 {
        let placeholders = harness::postgres_placeholders(&trials, &[]);
        trials.extend(placeholders);
    }
    let conclusion = libtest_mimic::run(&arguments, trials);
    for env in environments {
        runtime().block_on(env.stop());
    }
    conclusion.exit();
}
