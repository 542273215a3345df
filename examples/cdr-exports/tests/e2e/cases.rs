//! The cases over the demo data: login, the listing against the reference document, every filter, sort,
//! paging and links, sparse fieldsets, include, scoping, create, the worker, download, headers, 304 and
//! content negotiation.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::time::{Duration, Instant};

use cdr_exports::auth::Claims;
use cdr_exports::store::{ColumnReader, Store};
use chrono::{DateTime, Utc};
use libtest_mimic::Trial;
use reqwest::Method;
use serde_json::{Value, json};

use super::harness::{API, CaseFuture, Env, Outcome, Server, expect, expect_eq, trial};
use super::oracle;

/// The reference's published listing document, kept in the repository.
const REFERENCE_LISTING: &str = include_str!("../../../../tests/fixtures/cdr-exports-listing.txt");

/// The cases that run on SQLite only (they restart or reconfigure a server of their own).
pub const SQLITE_ONLY: [&str; 2] = [
    "shutdown_finishes_requests_in_flight_then_refuses",
    "count_limit_gives_a_lower_bound_and_keeps_next_exact",
];

/// Every case of this module for `env`.
pub fn trials(env: &'static Env) -> Vec<Trial> {
    let mut trials = cases!(
        env,
        login_answers_a_reference_jwt,
        login_refuses_wrong_credentials,
        requests_without_a_valid_token_are_401,
        listing_has_the_shape_of_the_reference_document,
        demo_data_has_the_documented_spread,
        listing_default_sort_is_newest_first_with_id_tie_breaker,
        multi_key_sort_follows_the_model,
        invalid_queries_report_every_error_at_once,
        underscored_filter_keys_are_accepted,
        paging_walks_every_export_once_with_links_keeping_parameters,
        page_past_the_end_is_an_empty_200,
        sparse_fieldsets_keep_only_the_named_fields,
        include_account_adds_linkage_and_included_accounts,
        sort_through_the_account_orders_by_its_name,
        show_relationship_and_related_account,
        another_customers_export_is_404_on_every_route,
        account_filters_never_reach_other_accounts,
        filters_through_the_account_see_the_callers_accounts_only,
        accounts_are_the_callers_and_filter_through_their_exports,
        includes_load_to_many_and_nested_paths_within_the_scope,
        malformed_ids_and_unknown_routes_are_json_api_errors,
        responses_carry_the_reference_headers,
        etag_is_answered_with_304,
        content_negotiation_406_and_415,
        create_validates_like_the_reference_with_pointers,
        create_enqueues_a_job_the_worker_completes_and_download_serves,
        download_is_404_unless_completed,
        an_expired_lease_is_claimed_again,
        concurrent_workers_run_each_job_once,
        hostile_inputs_never_produce_a_500,
    );
    // Keep in step with `SQLITE_ONLY`.
    if env.backend == "sqlite" {
        trials.extend(cases!(
            env,
            shutdown_finishes_requests_in_flight_then_refuses,
            count_limit_gives_a_lower_bound_and_keeps_next_exact,
        ));
    }
    for (key, _) in FILTERS {
        let key = *key;
        trials.push(trial(
            env,
            &format!("filter::{key}"),
            move |env| -> CaseFuture { Box::pin(filter_matches_the_model(env, key)) },
        ));
    }
    for key in SORTABLE {
        for direction in ["", "-"] {
            let sort = format!("{direction}{key}");
            trials.push(trial(
                env,
                &format!("sort::{sort}"),
                move |env| -> CaseFuture { Box::pin(sort_matches_the_model(env, sort)) },
            ));
        }
    }
    trials
}

fn no_values() -> sea_query_sqlx::SqlxValues {
    sea_query_sqlx::SqlxValues(sea_query::Values(Vec::new()))
}

// ---------------------------------------------------------------------------------------------------
// Login

async fn login(
    env: &Env,
    server: &Server,
    login: &str,
    password: &str,
) -> Result<super::harness::Reply, libtest_mimic::Failed> {
    env.send(
        server,
        Method::POST,
        "/auth",
        None,
        &[("content-type", "application/json")],
        Some(json!({"auth": {"login": login, "password": password}}).to_string()),
    )
    .await
}

/// Decodes the claims of a JWT (base64url, no padding) without checking its signature.
fn jwt_claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap_or("");
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut count = 0;
    let mut bytes = Vec::new();
    for character in payload.bytes() {
        let Some(index) = alphabet.iter().position(|&a| a == character) else {
            break;
        };
        bits = (bits << 6) | index as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
        }
    }
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

async fn login_answers_a_reference_jwt(env: &'static Env) -> Outcome {
    let reply = login(env, &env.demo, "demo", "demo").await?;
    expect_eq(reply.status, 201, "status of a good login")?;
    let token = reply.json()["jwt"].as_str().unwrap_or("").to_owned();
    let claims = jwt_claims(&token);
    expect_eq(claims["aud"].clone(), json!(["customer-v1"]), "aud")?;
    expect_eq(claims["sub"].clone(), json!(1), "sub of demo")?;
    let now = Utc::now().timestamp();
    let lifetime = claims["exp"].as_i64().unwrap_or(0) - now;
    expect(
        (595..=601).contains(&lifetime),
        format!("token lifetime {lifetime}s, expected 600"),
    )?;
    for header in [
        token.clone(),
        format!("Bearer {token}"),
        format!("bearer  {token}"),
    ] {
        let listed = env
            .get_with(&env.demo, "/cdr-exports?page[size]=1", Some(&header), &[])
            .await?;
        expect_eq(listed.status, 200, "listing with the issued token")?;
    }
    let other = login(env, &env.demo, "other", "other").await?;
    expect_eq(other.status, 201, "status of other's login")?;
    expect_eq(
        jwt_claims(other.json()["jwt"].as_str().unwrap_or(""))["sub"].clone(),
        json!(2),
        "sub of other",
    )
}

async fn login_refuses_wrong_credentials(env: &'static Env) -> Outcome {
    for (user, password) in [
        ("de\u{0}mo", "demo"),
        ("demo", "wrong"),
        ("nobody", "demo"),
        ("demo", ""),
        ("DEMO", "demo"),
    ] {
        let reply = login(env, &env.demo, user, password).await?;
        expect_eq(reply.status, 401, &format!("status for {user}/{password}"))?;
        let error = &reply.json()["errors"][0];
        expect_eq(
            error["title"].as_str(),
            Some("Authentication failed"),
            "title",
        )?;
        expect_eq(error["code"].as_str(), Some("401"), "code")?;
    }
    let malformed = env
        .send(
            &env.demo,
            Method::POST,
            "/auth",
            None,
            &[("content-type", "application/json")],
            Some("{\"auth\":".into()),
        )
        .await?;
    expect_eq(malformed.status, 400, "status of a malformed login body")
}

async fn requests_without_a_valid_token_are_401(env: &'static Env) -> Outcome {
    let now = Utc::now().timestamp() as u64;
    let keys = &env.demo.keys;
    let sign = |aud: &str, sub: i64, exp: u64| {
        keys.sign(&Claims {
            aud: vec![aud.to_owned()],
            sub,
            exp,
        })
        .unwrap_or_default()
    };
    let foreign = cdr_exports::auth::TokenKeys::new(b"another secret", 600)
        .issue(1)
        .unwrap_or_default();
    let cases = [
        ("no token", None),
        ("garbage", Some("garbage".to_owned())),
        ("expired", Some(sign("customer-v1", 1, now - 5))),
        ("other audience", Some(sign("admin-v1", 1, now + 600))),
        (
            "unknown api access",
            Some(sign("customer-v1", 999, now + 600)),
        ),
        ("other secret", Some(foreign)),
        ("empty bearer", Some("Bearer ".to_owned())),
    ];
    for (what, token) in cases {
        for path in [
            "/cdr-exports",
            "/cdr-exports/00000000-0000-4000-8000-000000000000",
        ] {
            let reply = env.get_with(&env.demo, path, token.as_deref(), &[]).await?;
            expect_eq(reply.status, 401, &format!("status with {what} on {path}"))?;
            let error = &reply.json()["errors"][0];
            expect_eq(
                error["title"].as_str(),
                Some("Authorization failed"),
                "title",
            )?;
            expect_eq(
                error["detail"].as_str(),
                Some("Authorization token expired or incorrect."),
                "detail",
            )?;
            expect_eq(
                reply.header("content-type"),
                "application/vnd.api+json",
                "content type of a 401",
            )?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// The listing

/// The body of the reference's published listing response.
fn reference_body() -> Value {
    let body = REFERENCE_LISTING.split("\nBody\n").nth(1).unwrap_or("");
    serde_json::from_str(body.trim()).expect("the reference listing body is JSON")
}

/// The JSON type of every leaf, keyed by path (`null` reported as `null`).
fn shape(value: &Value, path: &str, out: &mut Vec<(String, &'static str)>) {
    match value {
        Value::Object(map) => {
            out.push((path.to_owned(), "object"));
            for (key, member) in map {
                shape(member, &format!("{path}/{key}"), out);
            }
        }
        Value::Array(_) => out.push((path.to_owned(), "array")),
        Value::String(_) => out.push((path.to_owned(), "string")),
        Value::Number(_) => out.push((path.to_owned(), "number")),
        Value::Bool(_) => out.push((path.to_owned(), "boolean")),
        Value::Null => out.push((path.to_owned(), "null")),
    }
}

fn is_reference_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 24
        && text.ends_with('Z')
        && bytes[10] == b'T'
        && bytes[19] == b'.'
        && DateTime::parse_from_rfc3339(text).is_ok()
}

async fn listing_has_the_shape_of_the_reference_document(env: &'static Env) -> Outcome {
    let reply = env
        .get_with(
            &env.demo,
            "/cdr-exports",
            Some(&env.demo.demo_token),
            &[("host", "example.org")],
        )
        .await?;
    expect_eq(reply.status, 200, "status")?;
    let body = reply.json();
    let reference = reference_body();
    let keys = |value: &Value| -> Vec<String> {
        value
            .as_object()
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default()
    };
    expect_eq(keys(&body), keys(&reference), "top-level members")?;
    expect_eq(
        keys(&body["meta"]),
        keys(&reference["meta"]),
        "meta members",
    )?;
    let data = body["data"].as_array().cloned().unwrap_or_default();
    expect_eq(data.len(), 50, "default page size")?;
    let mut reference_shape = Vec::new();
    shape(&reference["data"][0], "", &mut reference_shape);
    // The one deliberate addition to the reference's resource objects: each carries its cursor (the JSON:API
    // Cursor Pagination profile), announced in the top-level `links.profile`.
    reference_shape.extend(
        [
            ("/meta", "object"),
            ("/meta/page", "object"),
            ("/meta/page/cursor", "string"),
        ]
        .map(|(path, kind)| (path.to_owned(), kind)),
    );
    // Members of the reference's `filters` vary per export; every other member must match exactly.
    let outside_filters = |shape: &Vec<(String, &'static str)>| -> Vec<String> {
        shape
            .iter()
            .filter(|(path, _)| !path.starts_with("/attributes/filters/"))
            .map(|(path, _)| path.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    for export in &data {
        let mut ours = Vec::new();
        shape(export, "", &mut ours);
        expect_eq(
            outside_filters(&ours),
            outside_filters(&reference_shape),
            "members of a resource object",
        )?;
        for (path, kind) in &ours {
            let nullable =
                ["/attributes/rows-count", "/attributes/time-zone-name"].contains(&path.as_str());
            let expected = reference_shape
                .iter()
                .find(|(reference_path, _)| reference_path == path)
                .map(|(_, kind)| *kind);
            if let Some(expected) = expected
                && !path.starts_with("/attributes/filters/")
                && !(nullable && (*kind == "null" || expected == "null"))
            {
                expect_eq(*kind, expected, &format!("JSON type of {path}"))?;
            }
        }
        let id = export["id"].as_str().unwrap_or("");
        let self_link = format!("http://example.org{API}/cdr-exports/{id}");
        expect_eq(
            export["links"]["self"].as_str(),
            Some(self_link.as_str()),
            "links.self",
        )?;
        expect_eq(
            export["relationships"]["account"]["links"]["related"].as_str(),
            Some(format!("{self_link}/account").as_str()),
            "related link",
        )?;
        expect_eq(
            export["relationships"]["account"]["links"]["self"].as_str(),
            Some(format!("{self_link}/relationships/account").as_str()),
            "relationship link",
        )?;
        for attribute in ["created-at", "updated-at"] {
            let text = export["attributes"][attribute].as_str().unwrap_or("");
            expect(
                is_reference_timestamp(text),
                format!("{attribute} {text} is not UTC with milliseconds"),
            )?;
        }
    }
    // The members come in the reference's order.
    let first = &reply.text[..reply.text.find("\"relationships\"").unwrap_or(0)];
    let positions: Vec<usize> = [
        "\"id\"",
        "\"type\"",
        "\"links\"",
        "\"attributes\"",
        "\"filters\"",
        "\"status\"",
        "\"rows-count\"",
        "\"created-at\"",
        "\"updated-at\"",
        "\"time-format\"",
        "\"time-zone-name\"",
    ]
    .iter()
    .map(|member| first.find(member).unwrap_or(usize::MAX))
    .collect();
    expect(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        format!("member order {positions:?}"),
    )?;
    let total = body["meta"]["total-count"].as_u64().unwrap_or(0);
    let last_page = total.div_ceil(50);
    expect_eq(
        body["links"]["first"].as_str(),
        Some(
            format!("http://example.org{API}/cdr-exports?page%5Bnumber%5D=1&page%5Bsize%5D=50")
                .as_str(),
        ),
        "links.first",
    )?;
    expect_eq(
        body["links"]["last"].as_str(),
        Some(
            format!(
                "http://example.org{API}/cdr-exports?page%5Bnumber%5D={last_page}&page%5Bsize%5D=50"
            )
            .as_str(),
        ),
        "links.last",
    )?;
    expect(body["links"].get("prev").is_none(), "no prev on page 1")?;
    expect(body["links"]["next"].is_string(), "next on page 1")
}

async fn demo_data_has_the_documented_spread(env: &'static Env) -> Outcome {
    let demo = env.all_visible(&env.demo, &env.demo.demo_token).await?;
    let other = env.all_visible(&env.demo, &env.demo.other_token).await?;
    expect(
        demo.len() >= 150,
        format!("demo sees {} exports", demo.len()),
    )?;
    expect(!other.is_empty(), "other sees its own exports")?;
    let demo_ids: BTreeSet<String> = oracle::ids(&demo).into_iter().collect();
    expect(
        oracle::ids(&other).iter().all(|id| !demo_ids.contains(id)),
        "demo and other see disjoint exports",
    )?;
    let rows = env
        .demo
        .store
        .rows(
            "SELECT COUNT(*) AS n FROM cdr_exports",
            no_values(),
            |row| row.integer("n"),
            |row| row.integer("n"),
        )
        .await?;
    expect(rows[0].unwrap_or(0) >= 300, "at least 300 exports in all")?;
    let without_account = env
        .demo
        .store
        .rows(
            "SELECT COUNT(*) AS n FROM cdr_exports WHERE account_id IS NULL",
            no_values(),
            |row| row.integer("n"),
            |row| row.integer("n"),
        )
        .await?;
    let jobs = env
        .demo
        .store
        .rows(
            "SELECT COUNT(*) AS n FROM export_jobs",
            no_values(),
            |row| row.integer("n"),
            |row| row.integer("n"),
        )
        .await?;
    expect_eq(jobs[0], Some(0), "the historical exports have no jobs")?;
    expect(
        without_account[0].unwrap_or(0) > 0,
        "some exports have no account",
    )?;
    let set = |key: &str| -> BTreeSet<String> {
        demo.iter()
            .map(|export| {
                export["attributes"][key]
                    .as_str()
                    .unwrap_or("null")
                    .to_owned()
            })
            .collect()
    };
    expect_eq(
        set("status"),
        ["Completed", "Deleted", "Failed", "Pending"]
            .map(String::from)
            .into(),
        "statuses",
    )?;
    expect_eq(
        set("time-format"),
        ["round_to_seconds", "with_timezone", "without_timezone"]
            .map(String::from)
            .into(),
        "time formats",
    )?;
    let zones = set("time-zone-name");
    expect(
        zones.contains("America/Port_of_Spain") && zones.contains("null") && zones.len() >= 6,
        format!("zones {zones:?}"),
    )?;
    for export in &demo {
        let completed = export["attributes"]["status"] == "Completed";
        expect_eq(
            export["attributes"]["rows-count"].is_number(),
            completed,
            "rows-count is set exactly for completed exports",
        )?;
    }
    let created: Vec<&str> = demo
        .iter()
        .filter_map(|export| export["attributes"]["created-at"].as_str())
        .collect();
    let distinct: BTreeSet<&str> = created.iter().copied().collect();
    expect(
        distinct.len() < created.len(),
        "some exports share a created-at",
    )?;
    let parse = |text: &str| {
        DateTime::parse_from_rfc3339(text)
            .map(|instant| instant.with_timezone(&Utc))
            .ok()
    };
    let first = distinct.iter().next().and_then(|text| parse(text));
    let last = distinct.iter().last().and_then(|text| parse(text));
    let spread = last
        .zip(first)
        .map_or(0, |(last, first)| (last - first).num_days());
    expect(
        spread >= 300,
        format!("created-at spread over {spread} days"),
    )
}

async fn listing_default_sort_is_newest_first_with_id_tie_breaker(env: &'static Env) -> Outcome {
    let all = env.all_visible(&env.demo, &env.demo.demo_token).await?;
    let mut expected = all.clone();
    expected.sort_by(|a, b| oracle::compare(a, b, &["-created-at"]));
    expect_eq(oracle::ids(&all), oracle::ids(&expected), "default order")
}

/// Every sortable key of the listing.
const SORTABLE: [&str; 8] = [
    "id",
    "status",
    "rows-count",
    "created-at",
    "updated-at",
    "time-zone-name",
    "time-format",
    "account-id",
];

async fn sort_matches_the_model(env: &'static Env, sort: String) -> Outcome {
    let all = env.all_visible(&env.demo, &env.demo.demo_token).await?;
    let reply = env
        .get(
            &env.demo,
            &format!("/cdr-exports?include=account&page[size]=1000&sort={sort}"),
        )
        .await?;
    expect_eq(reply.status, 200, "status")?;
    let mut expected = all;
    expected.sort_by(|a, b| oracle::compare(a, b, &[sort.as_str()]));
    expect_eq(
        reply.ids(),
        oracle::ids(&expected),
        &format!("order of sort={sort}"),
    )
}

async fn multi_key_sort_follows_the_model(env: &'static Env) -> Outcome {
    let all = env.all_visible(&env.demo, &env.demo.demo_token).await?;
    for sort in [
        "status,-created-at",
        "-time-zone-name,rows-count",
        "time-format,-status,updated-at",
    ] {
        let reply = env
            .get(
                &env.demo,
                &format!("/cdr-exports?include=account&page[size]=1000&sort={sort}"),
            )
            .await?;
        let keys: Vec<&str> = sort.split(',').collect();
        let mut expected = all.clone();
        expected.sort_by(|a, b| oracle::compare(a, b, &keys));
        expect_eq(
            reply.ids(),
            oracle::ids(&expected),
            &format!("order of sort={sort}"),
        )?;
    }
    Ok(())
}

/// Every filter key of the reference documentation, with how the case chooses its values.
const FILTERS: &[(&str, &str)] = &[
    ("id", "id"),
    ("status-eq", "status"),
    ("status-not-eq", "status"),
    ("status-in", "status"),
    ("status-not-in", "status"),
    ("rows-count-eq", "rows-count"),
    ("rows-count-not-eq", "rows-count"),
    ("rows-count-gt", "rows-count"),
    ("rows-count-gteq", "rows-count"),
    ("rows-count-lt", "rows-count"),
    ("rows-count-lteq", "rows-count"),
    ("rows-count-in", "rows-count"),
    ("rows-count-not-in", "rows-count"),
    ("created-at-eq", "created-at"),
    ("created-at-not-eq", "created-at"),
    ("created-at-gt", "created-at"),
    ("created-at-gteq", "created-at"),
    ("created-at-lt", "created-at"),
    ("created-at-lteq", "created-at"),
    ("created-at-in", "created-at"),
    ("created-at-not-in", "created-at"),
    ("updated-at-eq", "updated-at"),
    ("updated-at-not-eq", "updated-at"),
    ("updated-at-gt", "updated-at"),
    ("updated-at-gteq", "updated-at"),
    ("updated-at-lt", "updated-at"),
    ("updated-at-lteq", "updated-at"),
    ("updated-at-in", "updated-at"),
    ("updated-at-not-in", "updated-at"),
    ("time-zone-name-eq", "time-zone-name"),
    ("time-zone-name-not-eq", "time-zone-name"),
    ("time-zone-name-cont", "time-zone-name"),
    ("time-zone-name-start", "time-zone-name"),
    ("time-zone-name-end", "time-zone-name"),
    ("time-zone-name-in", "time-zone-name"),
    ("time-zone-name-not-in", "time-zone-name"),
    ("time-zone-name-cont-any", "time-zone-name"),
    ("account-id-eq", "account-id"),
    ("account-id-not-eq", "account-id"),
    ("account-id-in", "account-id"),
    ("account-id-not-in", "account-id"),
    ("time-format", "time-format"),
];

/// Two values of `field` taken from the data: a repeated one when there is one (so `eq` matches several
/// rows), and another.
fn sample_values(all: &[Value], field: &str) -> Vec<String> {
    let mut values: Vec<String> = all
        .iter()
        .filter_map(|export| match oracle::cell(export, field)? {
            oracle::Cell::Number(number) => Some(number.to_string()),
            oracle::Cell::Text(text) => Some(text),
        })
        .collect();
    values.sort();
    let repeated = values
        .windows(2)
        .find(|pair| pair[0] == pair[1])
        .map(|pair| pair[0].clone());
    let middle = values[values.len() / 2].clone();
    let first = repeated.unwrap_or_else(|| middle.clone());
    let second = values
        .iter()
        .rev()
        .find(|value| **value != first)
        .cloned()
        .unwrap_or(middle);
    vec![first, second]
}

fn values_for(all: &[Value], key: &str, field: &str) -> Vec<String> {
    let predicate = key
        .strip_prefix(field)
        .unwrap_or("")
        .trim_start_matches('-');
    match (field, predicate) {
        ("time-zone-name", "eq") => vec!["America/Port_of_Spain".into()],
        ("time-zone-name", "not-eq") => vec!["Europe/Kyiv".into()],
        // Mixed case, and `_` that must match only itself.
        ("time-zone-name", "cont") => vec!["PORT_of".into()],
        ("time-zone-name", "start") => vec!["america/".into()],
        ("time-zone-name", "end") => vec!["_SPAIN".into()],
        ("time-zone-name", "cont-any") => vec!["kyiv".into(), "LONDON".into()],
        ("time-zone-name", _) => vec!["Europe/Kyiv".into(), "UTC".into()],
        ("status", "eq") => vec!["Completed".into()],
        ("status", "not-eq") => vec!["Pending".into()],
        ("status", _) => vec!["Pending".into(), "Failed".into()],
        ("time-format", _) => vec!["round_to_seconds".into(), "with_timezone".into()],
        _ => sample_values(all, field),
    }
}

async fn filter_matches_the_model(env: &'static Env, key: &'static str) -> Outcome {
    let field = FILTERS
        .iter()
        .find(|(filter, _)| *filter == key)
        .map_or("", |(_, field)| *field);
    let all = env.all_visible(&env.demo, &env.demo.demo_token).await?;
    let values = values_for(&all, key, field);
    let predicate = key
        .strip_prefix(field)
        .unwrap_or("")
        .trim_start_matches('-');
    let takes_list = matches!(predicate, "" | "in" | "not-in" | "cont-any");
    let given: Vec<&str> = if takes_list {
        values.iter().map(String::as_str).collect()
    } else {
        vec![values[0].as_str()]
    };
    let raw = given.join(",");
    let encoded: String = raw
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-_.,".contains(&byte) {
                (byte as char).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect();
    let reply = env
        .get(
            &env.demo,
            &format!("/cdr-exports?include=account&page[size]=1000&filter[{key}]={encoded}"),
        )
        .await?;
    expect_eq(reply.status, 200, &format!("status of filter[{key}]={raw}"))?;
    let expected: BTreeSet<String> = oracle::ids(
        all.iter()
            .filter(|export| oracle::passes(export, field, predicate, &given)),
    )
    .into_iter()
    .collect();
    let actual: BTreeSet<String> = reply.ids().into_iter().collect();
    expect(
        !expected.is_empty() || predicate == "not-in",
        format!("filter[{key}]={raw} should match something in the demo data"),
    )?;
    expect_eq(
        reply.json()["meta"]["total-count"].as_u64(),
        Some(expected.len() as u64),
        &format!("total-count of filter[{key}]={raw}"),
    )?;
    expect_eq(actual, expected, &format!("ids of filter[{key}]={raw}"))
}

async fn underscored_filter_keys_are_accepted(env: &'static Env) -> Outcome {
    let dashed = env.get(&env.demo, "/cdr-exports?page[size]=1000&filter[rows-count-gteq]=1000&filter[time-zone-name-cont]=or").await?;
    let underscored = env.get(&env.demo, "/cdr-exports?page[size]=1000&filter[rows_count_gteq]=1000&filter[time_zone_name_cont]=or").await?;
    let encoded = env.get(&env.demo, "/cdr-exports?page%5Bsize%5D=1000&filter%5Brows_count_gteq%5D=1000&filter%5Btime-zone-name-cont%5D=or").await?;
    expect_eq(underscored.status, 200, "status")?;
    expect(!dashed.ids().is_empty(), "the filters match something")?;
    expect_eq(
        underscored.ids(),
        dashed.ids(),
        "underscored keys mean the dashed ones",
    )?;
    expect_eq(
        encoded.ids(),
        dashed.ids(),
        "percent-encoded brackets mean raw brackets",
    )
}

async fn invalid_queries_report_every_error_at_once(env: &'static Env) -> Outcome {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("filter[foo_bar]=1", &[("400", "102")]),
        ("filter[status-eq]=test", &[("400", "107")]),
        ("filter[status-eq]=completed", &[("400", "107")]),
        ("filter[rows-count-gt]=abc", &[("400", "107")]),
        ("filter[rows-count-gt]=1.5", &[("400", "107")]),
        ("filter[created-at-gt]=yesterday", &[("400", "107")]),
        ("filter[account-id-eq]=42", &[("400", "107")]),
        ("filter[time-format]=iso", &[("400", "107")]),
        ("filter[status-eq]=Pending,Failed", &[("400", "107")]),
        ("filter=1", &[("400", "120")]),
        ("sort=x", &[("400", "114")]),
        ("sort=filters", &[("400", "114")]),
        ("page[size]=0", &[("400", "118")]),
        ("page[size]=1001", &[("400", "118")]),
        ("page[number]=-1", &[("400", "118")]),
        ("fields[cdr-exports]=nope", &[("400", "104")]),
        ("include=owner", &[("400", "112")]),
        ("foo=bar", &[("400", "105")]),
        (
            "filter[status-eq]=test&filter[rows-count-gt]=abc&sort=x&page[size]=0",
            &[
                ("400", "107"),
                ("400", "107"),
                ("400", "114"),
                ("400", "118"),
            ],
        ),
    ];
    for (query, expected) in cases {
        let reply = env.get(&env.demo, &format!("/cdr-exports?{query}")).await?;
        expect_eq(reply.status, 400, &format!("status of {query}"))?;
        let mut codes = reply.error_codes();
        let mut expected: Vec<(String, String)> = expected
            .iter()
            .map(|(s, c)| (s.to_string(), c.to_string()))
            .collect();
        codes.sort();
        expected.sort();
        expect_eq(codes, expected, &format!("errors of {query}"))?;
        for error in reply.json()["errors"].as_array().into_iter().flatten() {
            expect(
                error["source"]["parameter"].is_string(),
                format!("{query}: every error names its parameter: {error}"),
            )?;
            expect(
                error["title"].is_string() && error["detail"].is_string(),
                format!("{query}: title and detail: {error}"),
            )?;
        }
        expect_eq(
            reply.header("content-type"),
            "application/vnd.api+json",
            "content type",
        )?;
    }
    let reply = env
        .get(&env.demo, "/cdr-exports?filter[status-eq]=test")
        .await?;
    expect_eq(
        reply.json()["errors"][0]["title"].as_str(),
        Some("Invalid filter value"),
        "title of an invalid value",
    )?;
    let reply = env.get(&env.demo, "/cdr-exports?filter[foo_bar]=1").await?;
    expect_eq(
        reply.json()["errors"][0]["detail"].as_str(),
        Some("foo_bar is not allowed."),
        "detail of an unknown filter",
    )
}

// ---------------------------------------------------------------------------------------------------
// Paging

async fn paging_walks_every_export_once_with_links_keeping_parameters(
    env: &'static Env,
) -> Outcome {
    let filter = "filter[status-not-eq]=Deleted&sort=-time-zone-name,created-at";
    let everything = env
        .get(&env.demo, &format!("/cdr-exports?{filter}&page[size]=1000"))
        .await?;
    let total = everything.json()["meta"]["total-count"]
        .as_u64()
        .unwrap_or(0);
    expect(total > 40, "enough exports to page")?;
    let size = 7u64;
    let last = total.div_ceil(size);
    let mut seen = Vec::new();
    let mut next = Some(format!(
        "{}{API}/cdr-exports?{filter}&page[size]={size}",
        env.demo.origin
    ));
    let mut number = 1;
    while let Some(url) = next.take() {
        let path = url
            .strip_prefix(&format!("{}{API}", env.demo.origin))
            .ok_or(format!("link {url} is not on this server"))?;
        let reply = env.get(&env.demo, path).await?;
        expect_eq(reply.status, 200, "status of a page")?;
        let body = reply.json();
        let links = &body["links"];
        let link = |n: u64| {
            format!(
                "{}{API}/cdr-exports?filter[status-not-eq]=Deleted&sort=-time-zone-name,created-at&page%5Bnumber%5D={n}&page%5Bsize%5D={size}",
                env.demo.origin
            )
        };
        expect_eq(
            links["first"].as_str(),
            Some(link(1).as_str()),
            "links.first keeps the other parameters",
        )?;
        expect_eq(
            links["last"].as_str(),
            Some(link(last).as_str()),
            "links.last",
        )?;
        expect_eq(
            links["prev"].as_str().map(str::to_owned),
            (number > 1).then(|| link(number - 1)),
            "links.prev",
        )?;
        expect_eq(
            links["next"].as_str().map(str::to_owned),
            (number < last).then(|| link(number + 1)),
            "links.next",
        )?;
        expect_eq(
            body["meta"]["total-count"].as_u64(),
            Some(total),
            "total-count on every page",
        )?;
        seen.extend(reply.ids());
        next = links["next"].as_str().map(str::to_owned);
        number += 1;
    }
    expect_eq(
        seen,
        everything.ids(),
        "the pages, one after another, are the whole listing",
    )
}

async fn page_past_the_end_is_an_empty_200(env: &'static Env) -> Outcome {
    let reply = env
        .get(
            &env.demo,
            "/cdr-exports?filter[status-eq]=Failed&page[number]=500&page[size]=10",
        )
        .await?;
    expect_eq(reply.status, 200, "status past the end")?;
    let body = reply.json();
    expect_eq(
        body["data"].as_array().map(Vec::len),
        Some(0),
        "data past the end",
    )?;
    let total = body["meta"]["total-count"].as_u64().unwrap_or(0);
    expect(total > 0, "total-count is still the match count")?;
    let last = total.div_ceil(10);
    expect(
        body["links"]["prev"]
            .as_str()
            .is_some_and(|prev| prev.contains(&format!("page%5Bnumber%5D={last}&"))),
        format!("prev is the last page: {}", body["links"]),
    )?;
    expect(body["links"].get("next").is_none(), "no next past the end")?;
    let empty = env
        .get(&env.demo, "/cdr-exports?filter[rows-count-lt]=-1")
        .await?;
    let body = empty.json();
    expect_eq(
        body["meta"]["total-count"].as_u64(),
        Some(0),
        "total of an empty listing",
    )?;
    expect_eq(
        body["links"]["last"].clone(),
        body["links"]["first"].clone(),
        "last is page 1 when nothing matches",
    )
}

// ---------------------------------------------------------------------------------------------------
// Fieldsets, include, single resources

async fn sparse_fieldsets_keep_only_the_named_fields(env: &'static Env) -> Outcome {
    let reply = env
        .get(
            &env.demo,
            "/cdr-exports?fields[cdr-exports]=status,created-at&page[size]=5",
        )
        .await?;
    expect_eq(reply.status, 200, "status")?;
    for export in reply.json()["data"].as_array().into_iter().flatten() {
        let attributes: Vec<&str> = export["attributes"]
            .as_object()
            .map(|map| map.keys().map(String::as_str).collect())
            .unwrap_or_default();
        expect_eq(attributes, vec!["created-at", "status"], "attributes kept")?;
        expect(
            export.get("relationships").is_none(),
            "relationships dropped",
        )?;
        expect(export["links"]["self"].is_string(), "links.self kept")?;
    }
    let reply = env
        .get(
            &env.demo,
            "/cdr-exports?fields[cdr-exports]=account&page[size]=5",
        )
        .await?;
    for export in reply.json()["data"].as_array().into_iter().flatten() {
        expect(export.get("attributes").is_none(), "no attributes")?;
        expect(
            export["relationships"]["account"]["links"]["related"].is_string(),
            "the relationship kept",
        )?;
    }
    Ok(())
}

/// `sort=account.name,-created-at`: exports ordered by their account's name (by code point), then newest
/// first, then by id; the same rows as the unsorted listing.
async fn sort_through_the_account_orders_by_its_name(env: &'static Env) -> Outcome {
    let reply = env
        .get(
            &env.demo,
            "/cdr-exports?sort=account.name,-created-at&include=account&page[size]=1000",
        )
        .await?;
    expect_eq(reply.status, 200, "status")?;
    let body = reply.json();
    let names: std::collections::HashMap<String, String> = body["included"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|account| {
            Some((
                account["id"].as_str()?.to_owned(),
                account["attributes"]["name"].as_str()?.to_owned(),
            ))
        })
        .collect();
    let rows: Vec<(String, String, String)> = body["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|export| {
            let account = export["relationships"]["account"]["data"]["id"]
                .as_str()
                .unwrap_or("");
            (
                names.get(account).cloned().unwrap_or_default(),
                export["attributes"]["created-at"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
                export["id"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let mut expected = rows.clone();
    expected.sort_by(|a, b| {
        a.0.as_bytes()
            .cmp(b.0.as_bytes())
            .then_with(|| b.1.cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    expect(
        names.len() == 2,
        "both of demo's allowed accounts are listed",
    )?;
    expect_eq(
        rows.len(),
        env.get(&env.demo, "/cdr-exports?page[size]=1000")
            .await?
            .ids()
            .len(),
        "every export",
    )?;
    expect_eq(rows, expected, "the order of sort=account.name,-created-at")
}

async fn include_account_adds_linkage_and_included_accounts(env: &'static Env) -> Outcome {
    let reply = env
        .get(
            &env.demo,
            "/cdr-exports?include=account&page[size]=1000&fields[accounts]=name",
        )
        .await?;
    expect_eq(reply.status, 200, "status")?;
    let body = reply.json();
    let linked: BTreeSet<String> = body["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|export| {
            export["relationships"]["account"]["data"]["id"]
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    let included: Vec<&Value> = body["included"].as_array().into_iter().flatten().collect();
    let included_ids: BTreeSet<String> = included
        .iter()
        .filter_map(|account| account["id"].as_str().map(str::to_owned))
        .collect();
    let allowed: BTreeSet<String> = cdr_exports::seed::demo_accounts()[..2]
        .iter()
        .map(|(id, _, _)| id.to_string())
        .collect();
    expect_eq(
        linked,
        allowed.clone(),
        "linked accounts are demo's two allowed ones",
    )?;
    expect_eq(included_ids, allowed, "each linked account included once")?;
    expect_eq(included.len(), 2, "no duplicates in included")?;
    for account in included {
        expect_eq(account["type"].as_str(), Some("accounts"), "type")?;
        expect_eq(
            account["attributes"]
                .as_object()
                .map(|map| map.keys().cloned().collect::<Vec<_>>()),
            Some(vec!["name".to_owned()]),
            "fields[accounts]",
        )?;
    }
    Ok(())
}

async fn show_relationship_and_related_account(env: &'static Env) -> Outcome {
    let listed = env
        .get(&env.demo, "/cdr-exports?page[size]=1&include=account")
        .await?;
    let first = listed.json()["data"][0].clone();
    let id = first["id"].as_str().unwrap_or("").to_owned();
    let account_id = first["relationships"]["account"]["data"]["id"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let shown = env.get(&env.demo, &format!("/cdr-exports/{id}")).await?;
    expect_eq(shown.status, 200, "show status")?;
    let mut without_linkage = first.clone();
    if let Some(account) = without_linkage
        .pointer_mut("/relationships/account")
        .and_then(Value::as_object_mut)
    {
        account.remove("data");
    }
    // A listed object carries its cursor in the listing; one shown alone has no place in a listing.
    if let Some(object) = without_linkage.as_object_mut() {
        object.remove("meta");
    }
    expect_eq(
        shown.json()["data"].clone(),
        without_linkage,
        "show is the listed object",
    )?;
    let included = env
        .get(&env.demo, &format!("/cdr-exports/{id}?include=account"))
        .await?;
    expect_eq(
        included.json()["included"][0]["id"].as_str(),
        Some(account_id.as_str()),
        "show includes the account",
    )?;
    let relationship = env
        .get(
            &env.demo,
            &format!("/cdr-exports/{id}/relationships/account"),
        )
        .await?;
    expect_eq(relationship.status, 200, "relationship status")?;
    expect_eq(
        relationship.json()["data"].clone(),
        json!({"type": "accounts", "id": account_id}),
        "relationship linkage",
    )?;
    let related = env
        .get(&env.demo, &format!("/cdr-exports/{id}/account"))
        .await?;
    expect_eq(
        related.json()["data"]["id"].as_str(),
        Some(account_id.as_str()),
        "related account",
    )?;
    expect(
        related.json()["data"]["attributes"]["name"].is_string(),
        "the account's name",
    )?;
    let refused = env
        .get(
            &env.demo,
            &format!("/cdr-exports/{id}?filter[status-eq]=Pending"),
        )
        .await?;
    expect_eq(
        refused.error_codes(),
        vec![("400".to_owned(), "105".to_owned())],
        "filters on a single resource",
    )?;
    // Refused as listing parameters, whatever their values: not a 107 for the bad status nor a 114.
    let refused = env
        .get(
            &env.demo,
            &format!("/cdr-exports/{id}?filter[status-eq]=bogus&sort=nope"),
        )
        .await?;
    expect_eq(
        refused.error_codes(),
        vec![
            ("400".to_owned(), "105".to_owned()),
            ("400".to_owned(), "105".to_owned()),
        ],
        "invalid listing parameters on a single resource",
    )
}

/// An export of the `other` customer, and one of demo's account that its API access is not allowed.
async fn foreign_exports(env: &Env) -> Result<Vec<String>, libtest_mimic::Failed> {
    let other = env.all_visible(&env.demo, &env.demo.other_token).await?;
    let accounts = cdr_exports::seed::demo_accounts();
    let store = &env.demo.store;
    let disallowed = store
        .rows(
            "SELECT id FROM cdr_exports WHERE account_id = $1 ORDER BY id LIMIT 1",
            sea_query_sqlx::SqlxValues(sea_query::Values(vec![store.uuid(Some(accounts[2].0))])),
            |row| row.uuid("id"),
            |row| row.uuid("id"),
        )
        .await?;
    let without_account = store
        .rows(
            "SELECT id FROM cdr_exports WHERE account_id IS NULL ORDER BY id LIMIT 1",
            no_values(),
            |row| row.uuid("id"),
            |row| row.uuid("id"),
        )
        .await?;
    let mut ids = vec![other[0]["id"].as_str().unwrap_or("").to_owned()];
    ids.extend(
        disallowed
            .into_iter()
            .chain(without_account)
            .flatten()
            .map(|id| id.to_string()),
    );
    expect_eq(ids.len(), 3, "three foreign exports")?;
    Ok(ids)
}

async fn another_customers_export_is_404_on_every_route(env: &'static Env) -> Outcome {
    let missing = "00000000-0000-4000-8000-000000000000";
    let missing_reply = env
        .get(&env.demo, &format!("/cdr-exports/{missing}"))
        .await?;
    expect_eq(missing_reply.status, 404, "a missing export")?;
    let strip_id = |reply: &super::harness::Reply, id: &str| reply.text.replace(id, "ID");
    for id in foreign_exports(env).await? {
        for suffix in ["", "/relationships/account", "/account", "/download"] {
            let reply = env
                .get(&env.demo, &format!("/cdr-exports/{id}{suffix}"))
                .await?;
            expect_eq(reply.status, 404, &format!("status of {id}{suffix}"))?;
            let missing_reply = env
                .get(&env.demo, &format!("/cdr-exports/{missing}{suffix}"))
                .await?;
            expect_eq(
                strip_id(&reply, &id),
                strip_id(&missing_reply, missing),
                "a foreign export looks missing",
            )?;
        }
        let listed = env
            .get(&env.demo, &format!("/cdr-exports?filter[id]={id}"))
            .await?;
        expect_eq(
            listed.ids().len(),
            0,
            "a foreign export is not listed by id",
        )?;
    }
    Ok(())
}

async fn account_filters_never_reach_other_accounts(env: &'static Env) -> Outcome {
    let accounts = cdr_exports::seed::demo_accounts();
    for (id, customer, _) in &accounts[2..] {
        for key in ["account-id-eq", "account-id-in"] {
            let reply = env
                .get(&env.demo, &format!("/cdr-exports?filter[{key}]={id}"))
                .await?;
            expect_eq(reply.status, 200, "status")?;
            expect_eq(
                reply.json()["meta"]["total-count"].as_u64(),
                Some(0),
                &format!("demo's filter[{key}] on an account of customer {customer}"),
            )?;
        }
    }
    let all = env.get(&env.demo, "/cdr-exports?page[size]=1000").await?;
    let not_other = env
        .get(
            &env.demo,
            &format!(
                "/cdr-exports?page[size]=1000&filter[account-id-not-eq]={}",
                accounts[3].0
            ),
        )
        .await?;
    expect_eq(
        not_other.ids(),
        all.ids(),
        "not-eq another customer's account is everything visible",
    )
}

/// `filter[account.<key>]` of exports and CDRs: an account's name finds exactly what its id finds; another
/// customer's account (and demo's own account that its API access is not allowed) finds nothing, whatever
/// the condition; unknown keys through the account are 102.
async fn filters_through_the_account_see_the_callers_accounts_only(env: &'static Env) -> Outcome {
    let accounts = cdr_exports::seed::demo_accounts();
    for collection in ["cdr-exports", "cdrs"] {
        let everything = match collection {
            "cdrs" => "/cdrs?page[size]=1000&filter[is-last-cdr]=true,false".to_owned(),
            _ => format!("/{collection}?page[size]=1000"),
        };
        let total = |reply: &super::harness::Reply| reply.json()["meta"]["total-count"].as_u64();
        let mut seen = 0;
        for (id, customer, name) in &accounts {
            let by_name = env
                .get(
                    &env.demo,
                    &format!(
                        "{everything}&filter[account.name-eq]={}",
                        name.replace(' ', "%20")
                    ),
                )
                .await?;
            expect_eq(
                by_name.status,
                200,
                &format!("{collection}: status by account name"),
            )?;
            let by_id = env
                .get(
                    &env.demo,
                    &format!("{everything}&filter[account-id-eq]={id}"),
                )
                .await?;
            expect_eq(
                (by_name.ids(), total(&by_name)),
                (by_id.ids(), total(&by_id)),
                &format!("{collection}: account {name:?} by name and by id"),
            )?;
            let visible = *customer == 1 && !name.ends_with("Legacy");
            expect_eq(
                !by_name.ids().is_empty(),
                visible,
                &format!("{collection}: anything found through {name:?} (customer {customer})"),
            )?;
            seen += total(&by_name).unwrap_or(0);
            // Whatever the condition, another customer's account is never matched.
            if !visible {
                let reply = env
                    .get(
                        &env.demo,
                        &format!("{everything}&filter[account.name_start]={}", &name[..5]),
                    )
                    .await?;
                expect(
                    reply.ids().iter().all(|found| !by_id.ids().contains(found)),
                    format!("{collection}: nothing of {name:?} through account.name_start"),
                )?;
            }
        }
        let all = env.get(&env.demo, &everything).await?;
        expect_eq(
            Some(seen),
            total(&all),
            &format!("{collection}: every listed row has one visible account"),
        )?;
        let refused = env
            .get(
                &env.demo,
                &format!("/{collection}?filter[account.colour-eq]=red&filter[account.name.x-eq]=1"),
            )
            .await?;
        expect_eq(
            refused.error_codes(),
            vec![
                ("400".to_owned(), "102".to_owned()),
                ("400".to_owned(), "102".to_owned()),
            ],
            &format!("{collection}: unknown keys through the account"),
        )?;
    }
    Ok(())
}

/// `GET /accounts` lists demo's two allowed accounts with the reference's attributes; `GET /accounts/{id}`
/// shows one and answers 404 for the others. Through the to-many `cdr-exports`, one and the same export must
/// match every condition: demo's accounts have failed exports and exports of over 1,000 rows, but no failed
/// export has rows (only completed ones do), so the two conditions together find nothing.
async fn accounts_are_the_callers_and_filter_through_their_exports(env: &'static Env) -> Outcome {
    let accounts = cdr_exports::seed::demo_accounts();
    let allowed: Vec<String> = accounts[..2]
        .iter()
        .map(|(id, _, _)| id.to_string())
        .collect();
    let listing = env.get(&env.demo, "/accounts").await?;
    expect_eq(listing.status, 200, "status of /accounts")?;
    let body = listing.json();
    let mut listed = listing.ids();
    listed.sort();
    let mut expected = allowed.clone();
    expected.sort();
    expect_eq(listed, expected, "demo's allowed accounts")?;
    expect_eq(body["meta"]["total-count"].as_u64(), Some(2), "total-count")?;
    let first = &body["data"][0];
    let reference_order = [
        "name",
        "balance",
        "min-balance",
        "max-balance",
        "destination-rate-limit",
        "origination-capacity",
        "termination-capacity",
        "total-capacity",
    ];
    let mut keys: Vec<&str> = first["attributes"]
        .as_object()
        .map(|map| map.keys().map(String::as_str).collect())
        .unwrap_or_default();
    keys.sort();
    let mut expected_keys = reference_order.to_vec();
    expected_keys.sort();
    expect_eq(keys, expected_keys, "the reference's account attributes")?;
    // In the reference's order, in the body as written.
    let positions: Vec<Option<usize>> = reference_order
        .iter()
        .map(|key| listing.text.find(&format!("\"{key}\":")))
        .collect();
    expect(
        positions.windows(2).all(|pair| pair[0] < pair[1]) && positions[0].is_some(),
        format!("attributes in the reference's order: {positions:?}"),
    )?;
    expect_eq(
        first["attributes"]["name"].as_str(),
        Some("Demo Main"),
        "sorted by name",
    )?;
    expect_eq(
        first["attributes"]["balance"].as_str(),
        Some("1500"),
        "balance as an exact decimal",
    )?;
    // A filter on an account's own decimal attribute.
    let rich = env
        .get(&env.demo, "/accounts?filter[balance-gt]=1300.5")
        .await?;
    expect_eq(rich.ids(), vec![allowed[0].clone()], "balance-gt 1300.5")?;
    for (id, customer, name) in &accounts {
        let reply = env.get(&env.demo, &format!("/accounts/{id}")).await?;
        let visible = allowed.contains(&id.to_string());
        expect_eq(
            reply.status,
            if visible { 200 } else { 404 },
            &format!("GET /accounts/{{id}} of {name:?} (customer {customer})"),
        )?;
    }
    // The exports demo sees, with their account's linkage, to reason about the to-many filters.
    let exports = env
        .get(&env.demo, "/cdr-exports?page[size]=1000&include=account")
        .await?
        .json();
    let exports: Vec<&serde_json::Value> =
        exports["data"].as_array().into_iter().flatten().collect();
    let accounts_with = |matches: &dyn Fn(&serde_json::Value) -> bool| -> Vec<String> {
        let mut found: Vec<String> = exports
            .iter()
            .filter(|export| matches(export))
            .filter_map(|export| {
                export["relationships"]["account"]["data"]["id"]
                    .as_str()
                    .map(str::to_owned)
            })
            .collect();
        found.sort();
        found.dedup();
        found
    };
    let failed = |export: &serde_json::Value| export["attributes"]["status"] == "Failed";
    let large = |export: &serde_json::Value| {
        export["attributes"]["rows-count"]
            .as_i64()
            .is_some_and(|rows| rows > 1000)
    };
    let sorted_ids = |reply: &super::harness::Reply| {
        let mut ids = reply.ids();
        ids.sort();
        ids
    };
    let only_failed = env
        .get(&env.demo, "/accounts?filter[cdr-exports.status-eq]=Failed")
        .await?;
    expect_eq(
        sorted_ids(&only_failed),
        accounts_with(&failed),
        "a failed export",
    )?;
    let only_large = env
        .get(
            &env.demo,
            "/accounts?filter[cdr-exports.rows_count_gt]=1000",
        )
        .await?;
    expect_eq(
        sorted_ids(&only_large),
        accounts_with(&large),
        "an export of over 1,000 rows",
    )?;
    expect(
        !accounts_with(&failed).is_empty() && !accounts_with(&large).is_empty(),
        "the demo data has accounts with failed exports and accounts with large ones",
    )?;
    let both = env
        .get(
            &env.demo,
            "/accounts?filter[cdr-exports.status-eq]=Failed&filter[cdr-exports.rows-count-gt]=1000",
        )
        .await?;
    expect_eq(both.status, 200, "status")?;
    expect_eq(
        sorted_ids(&both),
        accounts_with(&|export| failed(export) && large(export)),
        "one failed export of over 1,000 rows",
    )?;
    expect_eq(both.ids().len(), 0, "no failed export has rows")?;
    let completed_large = env
        .get(
            &env.demo,
            "/accounts?filter[cdr-exports.status-eq]=Completed&filter[cdr-exports.rows-count-gteq]=4900",
        )
        .await?;
    expect_eq(
        sorted_ids(&completed_large),
        accounts_with(&|export| {
            export["attributes"]["status"] == "Completed"
                && export["attributes"]["rows-count"]
                    .as_i64()
                    .is_some_and(|rows| rows >= 4900)
        }),
        "one completed export of at least 4,900 rows",
    )?;
    let refused = env
        .get(
            &env.demo,
            "/accounts?include=cdr-exports.account.cdr-exports&filter[cdr-exports.colour-eq]=x",
        )
        .await?;
    expect_eq(
        refused.error_codes(),
        vec![
            ("400".to_owned(), "112".to_owned()),
            ("400".to_owned(), "102".to_owned()),
        ],
        "an include path through three relationships and an unknown key through one",
    )
}

/// The ids of `document`'s `included` resources of `type_name`, each with its attribute keys.
fn included_of(document: &Value, type_name: &str) -> Vec<(String, Vec<String>)> {
    document["included"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|object| object["type"] == type_name)
        .map(|object| {
            let id = object["id"].as_str().unwrap_or_default().to_owned();
            let keys = object["attributes"]
                .as_object()
                .map(|map| map.keys().cloned().collect())
                .unwrap_or_default();
            (id, keys)
        })
        .collect()
}

/// The ids of the to-many linkage `relationship` of `object`.
fn linked_ids(object: &Value, relationship: &str) -> Option<BTreeSet<String>> {
    object["relationships"][relationship]["data"]
        .as_array()
        .map(|data| {
            data.iter()
                .filter_map(|identifier| identifier["id"].as_str().map(str::to_owned))
                .collect()
        })
}

async fn includes_load_to_many_and_nested_paths_within_the_scope(env: &'static Env) -> Outcome {
    // The caller's exports, by account: what every include below must agree with.
    let exports = env
        .get(&env.demo, "/cdr-exports?page[size]=1000&include=account")
        .await?
        .json();
    let mut exports_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for export in exports["data"].as_array().into_iter().flatten() {
        if let (Some(account), Some(id)) = (
            export["relationships"]["account"]["data"]["id"].as_str(),
            export["id"].as_str(),
        ) {
            exports_of
                .entry(account.to_owned())
                .or_default()
                .insert(id.to_owned());
        }
    }
    // To-many: each account links exactly its (visible) exports, and each is included once, with only the
    // fields asked for.
    let reply = env
        .get(
            &env.demo,
            "/accounts?include=cdr-exports&fields[cdr-exports]=status",
        )
        .await?;
    expect_eq(reply.status, 200, "status of include=cdr-exports")?;
    let body = reply.json();
    let mut all_linked = BTreeSet::new();
    for account in body["data"].as_array().into_iter().flatten() {
        let id = account["id"].as_str().unwrap_or_default();
        let linked = linked_ids(account, "cdr-exports").unwrap_or_default();
        expect_eq(
            &linked,
            exports_of.get(id).unwrap_or(&BTreeSet::new()),
            "an account links its exports",
        )?;
        all_linked.extend(linked);
    }
    let included = included_of(&body, "cdr-exports");
    let included_ids: BTreeSet<String> = included.iter().map(|(id, _)| id.clone()).collect();
    expect_eq(
        included.len(),
        included_ids.len(),
        "each export included once",
    )?;
    expect_eq(
        included_ids,
        all_linked,
        "the included exports are the linked ones",
    )?;
    expect(
        included
            .iter()
            .all(|(_, keys)| keys == &["status".to_owned()]),
        "fields[cdr-exports]=status on every included export",
    )?;
    // Without the include, no to-many relationship is written at all.
    let plain = env.get(&env.demo, "/accounts").await?.json();
    expect(
        plain["data"][0].get("relationships").is_none(),
        format!(
            "no relationships member without include: {}",
            plain["data"][0]
        ),
    )?;
    // Nested: a page of one export, its account, and that account's exports, the page's own left out.
    let reply = env
        .get(
            &env.demo,
            "/cdr-exports?page[size]=1&include=account.cdr-exports&fields[accounts]=name,cdr-exports",
        )
        .await?;
    expect_eq(reply.status, 200, "status of include=account.cdr-exports")?;
    let body = reply.json();
    let primary = body["data"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let account = body["data"][0]["relationships"]["account"]["data"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let accounts = included_of(&body, "accounts");
    expect_eq(
        accounts.clone(),
        vec![(account.clone(), vec!["name".to_owned()])],
        "the page's account, with its name only",
    )?;
    let account_object = body["included"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|object| object["type"] == "accounts")
        .cloned()
        .unwrap_or_default();
    let siblings = exports_of.get(&account).cloned().unwrap_or_default();
    expect_eq(
        linked_ids(&account_object, "cdr-exports"),
        Some(siblings.clone()),
        "the included account links all its exports",
    )?;
    let included_exports: BTreeSet<String> = included_of(&body, "cdr-exports")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut expected = siblings;
    expected.remove(&primary);
    expect_eq(
        included_exports,
        expected,
        "its exports are included, but not the primary one again",
    )
}

async fn malformed_ids_and_unknown_routes_are_json_api_errors(env: &'static Env) -> Outcome {
    let reply = env.get(&env.demo, "/cdr-exports/not-a-uuid").await?;
    expect_eq(
        reply.error_codes(),
        vec![("400".to_owned(), "103".to_owned())],
        "a malformed id",
    )?;
    let reply = env.get(&env.demo, "/nothing-here").await?;
    expect_eq(reply.status, 404, "an unknown route")?;
    expect_eq(
        reply.header("content-type"),
        "application/vnd.api+json",
        "content type of a 404",
    )?;
    let reply = env
        .send(
            &env.demo,
            Method::DELETE,
            "/cdr-exports",
            Some(&env.demo.demo_token),
            &[],
            None,
        )
        .await?;
    expect_eq(reply.status, 405, "no delete")?;
    expect(
        reply.json()["errors"].is_array(),
        "a 405 is a JSON:API error document",
    )
}

// ---------------------------------------------------------------------------------------------------
// Headers

async fn responses_carry_the_reference_headers(env: &'static Env) -> Outcome {
    let reply = env
        .get_with(
            &env.demo,
            "/cdr-exports?page[size]=2",
            Some(&env.demo.demo_token),
            &[("x-request-id", "client-chosen-id-123")],
        )
        .await?;
    for (name, value) in [
        ("content-type", "application/vnd.api+json"),
        ("cache-control", "max-age=0, private, must-revalidate"),
        ("vary", "Accept"),
        ("x-frame-options", "SAMEORIGIN"),
        ("x-xss-protection", "0"),
        ("x-content-type-options", "nosniff"),
        ("x-permitted-cross-domain-policies", "none"),
        ("referrer-policy", "strict-origin-when-cross-origin"),
        ("x-request-id", "client-chosen-id-123"),
    ] {
        expect_eq(reply.header(name), value, name)?;
    }
    let etag = reply.header("etag");
    expect(
        etag.starts_with("W/\"") && etag.len() == 36 && etag.ends_with('"'),
        format!("a weak etag: {etag}"),
    )?;
    let runtime: f64 = reply
        .header("x-runtime")
        .parse()
        .map_err(|_| "x-runtime is seconds")?;
    expect(
        (0.0..30.0).contains(&runtime),
        "x-runtime is a duration in seconds",
    )?;
    let generated = env
        .get_with(
            &env.demo,
            "/cdr-exports?page[size]=1",
            Some(&env.demo.demo_token),
            &[("x-request-id", "bad id with spaces")],
        )
        .await?;
    let id = generated.header("x-request-id");
    expect(
        id != "bad id with spaces" && uuid::Uuid::parse_str(id).is_ok(),
        format!("an invalid request id is replaced: {id}"),
    )?;
    let error = env.get_with(&env.demo, "/cdr-exports", None, &[]).await?;
    expect(
        !error.header("x-request-id").is_empty() && error.header("x-frame-options") == "SAMEORIGIN",
        "errors carry the headers too",
    )
}

async fn etag_is_answered_with_304(env: &'static Env) -> Outcome {
    let path = "/cdr-exports?page[size]=3&sort=id";
    let first = env.get(&env.demo, path).await?;
    let etag = first.header("etag").to_owned();
    let again = env.get(&env.demo, path).await?;
    expect_eq(
        again.header("etag"),
        etag.as_str(),
        "the same body has the same etag",
    )?;
    let cached = env
        .get_with(
            &env.demo,
            path,
            Some(&env.demo.demo_token),
            &[("if-none-match", &etag)],
        )
        .await?;
    expect_eq(cached.status, 304, "status with a matching If-None-Match")?;
    expect_eq(cached.text.as_str(), "", "a 304 has no body")?;
    expect_eq(
        cached.header("etag"),
        etag.as_str(),
        "a 304 repeats the etag",
    )?;
    let changed = env
        .get_with(
            &env.demo,
            path,
            Some(&env.demo.demo_token),
            &[("if-none-match", "W/\"0123\"")],
        )
        .await?;
    expect_eq(changed.status, 200, "status with a stale If-None-Match")?;
    let other_page = env
        .get(&env.demo, "/cdr-exports?page[size]=3&sort=-id")
        .await?;
    expect(
        other_page.header("etag") != etag,
        "another body has another etag",
    )
}

async fn content_negotiation_406_and_415(env: &'static Env) -> Outcome {
    let token = Some(env.demo.demo_token.as_str());
    for (accept, status) in [
        ("application/vnd.api+json; charset=utf-8", 406),
        (
            "application/vnd.api+json; version=2, application/vnd.api+json; q=0.5",
            406,
        ),
        (
            "application/vnd.api+json; charset=utf-8, application/vnd.api+json",
            200,
        ),
        (
            "application/vnd.api+json; ext=\"https://example.org/ext\"",
            200,
        ),
        ("application/vnd.api+json", 200),
        ("*/*", 200),
        ("application/json", 200),
    ] {
        let reply = env
            .get_with(
                &env.demo,
                "/cdr-exports?page[size]=1",
                token,
                &[("accept", accept)],
            )
            .await?;
        expect_eq(
            reply.status,
            status,
            &format!("status for Accept: {accept}"),
        )?;
        if status == 406 {
            expect_eq(
                reply.error_codes(),
                vec![("406".to_owned(), "406".to_owned())],
                "406 error",
            )?;
        }
    }
    let body = create_body(
        &cdr_exports::seed::demo_accounts()[0].0.to_string(),
        json!({"time_start_gteq": "2025-01-01", "time_start_lt": "2025-01-02"}),
    );
    for content_type in [
        "application/json",
        "text/plain",
        "application/vnd.api+json; charset=utf-8",
    ] {
        let reply = env
            .send(
                &env.work,
                Method::POST,
                "/cdr-exports",
                Some(&env.work.demo_token),
                &[("content-type", content_type)],
                Some(body.to_string()),
            )
            .await?;
        expect_eq(
            reply.status,
            415,
            &format!("status for Content-Type: {content_type}"),
        )?;
        expect_eq(
            reply.error_codes(),
            vec![("415".to_owned(), "415".to_owned())],
            "415 error",
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Create, the worker, download

fn create_body(account: &str, filters: Value) -> Value {
    json!({
        "data": {
            "type": "cdr-exports",
            "attributes": {
                "filters": filters,
                "time-format": "round_to_seconds",
                "time-zone-name": "America/Port_of_Spain",
            },
            "relationships": {"account": {"data": {"type": "accounts", "id": account}}},
        }
    })
}

async fn post_export(
    env: &Env,
    body: &Value,
) -> Result<super::harness::Reply, libtest_mimic::Failed> {
    env.send(
        &env.work,
        Method::POST,
        "/cdr-exports",
        Some(&env.work.demo_token),
        &[("content-type", "application/vnd.api+json")],
        Some(body.to_string()),
    )
    .await
}

async fn create_validates_like_the_reference_with_pointers(env: &'static Env) -> Outcome {
    let accounts = cdr_exports::seed::demo_accounts();
    let allowed = accounts[0].0.to_string();
    let good_filters = json!({"time_start_gteq": "2025-01-01T00:00:00.000Z", "time_start_lt": "2025-01-02T00:00:00.000Z"});
    let with = |change: &dyn Fn(&mut Value)| {
        let mut body = create_body(&allowed, good_filters.clone());
        change(&mut body);
        body
    };
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        (
            "missing time_start_lt",
            with(&|body| {
                body["data"]["attributes"]["filters"] = json!({"time_start_gteq": "2025-01-01"});
            }),
            vec!["/data/attributes/filters"],
        ),
        (
            "unknown filter key",
            with(&|body| {
                body["data"]["attributes"]["filters"]["caller_eq"] = json!("x");
            }),
            vec!["/data/attributes/filters/caller_eq"],
        ),
        (
            "invalid filter value",
            with(&|body| {
                body["data"]["attributes"]["filters"]["duration_gteq"] = json!("long");
            }),
            vec!["/data/attributes/filters/duration_gteq"],
        ),
        (
            "filters not an object",
            with(&|body| {
                body["data"]["attributes"]["filters"] = json!("all");
            }),
            vec!["/data/attributes/filters"],
        ),
        (
            "time-format missing",
            with(&|body| {
                body["data"]["attributes"]
                    .as_object_mut()
                    .map(|a| a.remove("time-format"));
            }),
            vec!["/data/attributes/time-format"],
        ),
        (
            "time-format unknown",
            with(&|body| {
                body["data"]["attributes"]["time-format"] = json!("iso");
            }),
            vec!["/data/attributes/time-format"],
        ),
        (
            "time zone unknown",
            with(&|body| {
                body["data"]["attributes"]["time-zone-name"] = json!("Mars/Olympus_Mons");
            }),
            vec!["/data/attributes/time-zone-name"],
        ),
        (
            "account of demo not allowed",
            create_body(&accounts[2].0.to_string(), good_filters.clone()),
            vec!["/data/relationships/account"],
        ),
        (
            "account of another customer",
            create_body(&accounts[3].0.to_string(), good_filters.clone()),
            vec!["/data/relationships/account"],
        ),
        (
            "no account",
            with(&|body| {
                body["data"]
                    .as_object_mut()
                    .map(|d| d.remove("relationships"));
            }),
            vec!["/data/relationships/account"],
        ),
        (
            "everything wrong",
            with(&|body| {
                body["data"]["attributes"] = json!({"filters": {"time_start_lt": "x"}, "time-format": "", "time-zone-name": "Nowhere"});
                body["data"]["relationships"]["account"]["data"]["id"] = json!("nope");
            }),
            vec![
                "/data/attributes/filters",
                "/data/attributes/time-format",
                "/data/attributes/time-zone-name",
                "/data/relationships/account",
            ],
        ),
    ];
    for (what, body, pointers) in cases {
        let reply = post_export(env, &body).await?;
        expect_eq(reply.status, 422, &format!("status for {what}"))?;
        let errors = reply.json()["errors"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut actual: Vec<String> = errors
            .iter()
            .map(|error| error["source"]["pointer"].as_str().unwrap_or("").to_owned())
            .collect();
        actual.dedup();
        expect_eq(
            actual,
            pointers.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            &format!("pointers for {what}"),
        )?;
        expect(
            errors
                .iter()
                .all(|error| error["status"] == "422" && error["title"].is_string()),
            format!("422 error objects for {what}"),
        )?;
    }
    for (what, body, status) in [
        ("not JSON", Value::String("{".into()), 400),
        ("no data", json!({"meta": {}}), 400),
        (
            "wrong type",
            with(&|body| {
                body["data"]["type"] = json!("accounts");
            }),
            400,
        ),
        (
            "a read-only attribute",
            with(&|body| {
                body["data"]["attributes"]["status"] = json!("Completed");
            }),
            400,
        ),
    ] {
        let text = match &body {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let reply = env
            .send(
                &env.work,
                Method::POST,
                "/cdr-exports",
                Some(&env.work.demo_token),
                &[("content-type", "application/vnd.api+json")],
                Some(text),
            )
            .await?;
        expect_eq(reply.status, status, &format!("status for {what}"))?;
        expect(
            reply.json()["errors"].is_array(),
            format!("an error document for {what}"),
        )?;
    }
    let blank_zone = post_export(
        env,
        &with(&|body| {
            body["data"]["attributes"]["time-zone-name"] = json!("");
        }),
    )
    .await?;
    expect_eq(blank_zone.status, 201, "a blank time zone is accepted")?;
    expect_eq(
        blank_zone.json()["data"]["attributes"]["time-zone-name"].clone(),
        Value::Null,
        "a blank zone is stored as none",
    )
}

/// How many call records of `account` started in `[from, to)` with `success`, counted by hand-written
/// SQL.
async fn count_calls(
    store: &Store,
    account: uuid::Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    success: bool,
) -> Result<i64, libtest_mimic::Failed> {
    let rows = store
        .rows(
            "SELECT COUNT(*) AS n FROM cdrs WHERE customer_acc_id = $1 AND time_start >= $2 AND time_start < $3 AND success = $4",
            sea_query_sqlx::SqlxValues(sea_query::Values(vec![store.uuid(Some(account)), store.time(Some(from)), store.time(Some(to)), success.into()])),
            |row| row.integer("n"),
            |row| row.integer("n"),
        )
        .await?;
    Ok(rows[0].unwrap_or(0))
}

async fn wait_for_status(env: &Env, id: &str, token: &str) -> Result<Value, libtest_mimic::Failed> {
    let started = Instant::now();
    loop {
        let reply = env
            .get_with(&env.work, &format!("/cdr-exports/{id}"), Some(token), &[])
            .await?;
        let export = reply.json()["data"].clone();
        if export["attributes"]["status"] != "Pending" {
            return Ok(export);
        }
        if started.elapsed() > Duration::from_secs(20) {
            return Err(format!("export {id} still Pending after 20 s").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn create_enqueues_a_job_the_worker_completes_and_download_serves(
    env: &'static Env,
) -> Outcome {
    let account = cdr_exports::seed::demo_accounts()[0].0;
    let from = DateTime::parse_from_rfc3339("2025-01-05T00:00:00Z")
        .map_err(|e| e.to_string())?
        .with_timezone(&Utc);
    let to = DateTime::parse_from_rfc3339("2025-01-20T00:00:00Z")
        .map_err(|e| e.to_string())?
        .with_timezone(&Utc);
    let body = create_body(
        &account.to_string(),
        json!({"time_start_gteq": "2025-01-05T00:00:00.000Z", "time_start_lt": "2025-01-20T00:00:00.000Z", "success_eq": true}),
    );
    let reply = post_export(env, &body).await?;
    expect_eq(reply.status, 201, "status of a create")?;
    let created = reply.json()["data"].clone();
    let id = created["id"].as_str().unwrap_or("").to_owned();
    expect_eq(
        reply.header("location"),
        format!("{}{API}/cdr-exports/{id}", env.work.origin).as_str(),
        "Location",
    )?;
    expect_eq(
        created["attributes"]["status"].as_str(),
        Some("Pending"),
        "a new export is Pending",
    )?;
    expect_eq(
        created["attributes"]["rows-count"].clone(),
        Value::Null,
        "rows-count of a new export",
    )?;
    expect_eq(
        created["attributes"]["filters"].clone(),
        body["data"]["attributes"]["filters"].clone(),
        "filters stored as given",
    )?;
    let store = &env.work.store;
    let jobs = store
        .rows(
            "SELECT COUNT(*) AS n FROM export_jobs WHERE export_id = $1",
            sea_query_sqlx::SqlxValues(sea_query::Values(vec![
                store.uuid(uuid::Uuid::parse_str(&id).ok()),
            ])),
            |row| row.integer("n"),
            |row| row.integer("n"),
        )
        .await?;
    expect_eq(jobs[0], Some(1), "one job enqueued with the export")?;
    // The created-at shown filters back to the same export (stored at millisecond precision).
    let created_at = created["attributes"]["created-at"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let by_time = env
        .get_with(
            &env.work,
            &format!("/cdr-exports?filter[created-at-eq]={created_at}&filter[id]={id}"),
            Some(&env.work.demo_token),
            &[],
        )
        .await?;
    expect_eq(
        by_time.ids(),
        vec![id.clone()],
        "filter[created-at-eq] with the shown created-at",
    )?;

    let finished = wait_for_status(env, &id, &env.work.demo_token).await?;
    expect_eq(
        finished["attributes"]["status"].as_str(),
        Some("Completed"),
        "the worker completes the export",
    )?;
    let expected_rows = count_calls(store, account, from, to, true).await?;
    expect(expected_rows > 0, "the period has answered calls")?;
    expect_eq(
        finished["attributes"]["rows-count"].as_i64(),
        Some(expected_rows),
        "rows-count",
    )?;

    let response = env
        .http
        .get(format!(
            "{}{API}/cdr-exports/{id}/download",
            env.work.origin
        ))
        .header("authorization", &env.work.demo_token)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    expect_eq(response.status().as_u16(), 200, "download status")?;
    let disposition = response
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    expect_eq(
        disposition,
        format!("attachment; filename=\"{id}.csv.gz\""),
        "Content-Disposition",
    )?;
    let gzipped = response.bytes().await.map_err(|e| e.to_string())?;
    let mut csv = String::new();
    flate2::read::GzDecoder::new(&gzipped[..])
        .read_to_string(&mut csv)
        .map_err(|e| e.to_string())?;
    let lines: Vec<&str> = csv.lines().collect();
    expect_eq(
        lines.len() as i64,
        expected_rows + 1,
        "a header and one line per call",
    )?;
    expect(lines[0].starts_with("id,time_start,"), "the CSV header")?;
    // Port of Spain is UTC-4 all year; round_to_seconds writes `YYYY-MM-DD HH:MM:SS`.
    let earliest = store
        .rows(
            "SELECT time_start FROM cdrs WHERE customer_acc_id = $1 AND time_start >= $2 AND time_start < $3 AND success = $4 ORDER BY time_start, id LIMIT 1",
            sea_query_sqlx::SqlxValues(sea_query::Values(vec![store.uuid(Some(account)), store.time(Some(from)), store.time(Some(to)), true.into()])),
            |row| row.time("time_start"),
            |row| row.time("time_start"),
        )
        .await?;
    let local = earliest[0]
        .map(|instant| {
            (instant - chrono::Duration::hours(4))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_default();
    expect_eq(
        lines[1].split(',').nth(1),
        Some(local.as_str()),
        "the first call's start in the export's zone",
    )?;
    let foreign = env
        .get_with(
            &env.work,
            &format!("/cdr-exports/{id}/download"),
            Some(&env.work.other_token),
            &[],
        )
        .await?;
    expect_eq(foreign.status, 404, "another customer cannot download it")
}

async fn download_is_404_unless_completed(env: &'static Env) -> Outcome {
    for status in ["Pending", "Failed", "Deleted"] {
        let listed = env
            .get(
                &env.demo,
                &format!("/cdr-exports?filter[status-eq]={status}&page[size]=1"),
            )
            .await?;
        let id = listed
            .ids()
            .into_iter()
            .next()
            .ok_or("an export of the status")?;
        let reply = env
            .get(&env.demo, &format!("/cdr-exports/{id}/download"))
            .await?;
        expect_eq(reply.status, 404, &format!("download of a {status} export"))?;
        expect_eq(
            reply.error_codes(),
            vec![("404".to_owned(), "404".to_owned())],
            "a record-not-found error",
        )?;
    }
    Ok(())
}

/// Inserts a Pending export of demo's first account with a job, leased as given.
async fn insert_job(
    store: &Store,
    locked_by: Option<&str>,
    locked_until: Option<DateTime<Utc>>,
) -> Result<uuid::Uuid, libtest_mimic::Failed> {
    let id = uuid::Uuid::new_v4();
    let now = Utc::now();
    let account = cdr_exports::seed::demo_accounts()[0].0;
    let filters = json!({"time_start_gteq": "2025-02-01", "time_start_lt": "2025-02-03"});
    store
        .execute_in_transaction(vec![
            (
                "INSERT INTO cdr_exports (id, account_id, status, created_at, updated_at, time_format, filters) VALUES ($1, $2, 'Pending', $3, $3, 'with_timezone', $4)".to_owned(),
                vec![store.uuid(Some(id)), store.uuid(Some(account)), store.time(Some(now)), store.json(&filters)],
            ),
            (
                "INSERT INTO export_jobs (export_id, run_at, locked_by, locked_until, attempts) VALUES ($1, $2, $3, $4, 1)".to_owned(),
                vec![store.uuid(Some(id)), store.time(Some(now)), locked_by.map(str::to_owned).into(), store.time(locked_until)],
            ),
        ])
        .await?;
    Ok(id)
}

async fn an_expired_lease_is_claimed_again(env: &'static Env) -> Outcome {
    let store = &env.work.store;
    let expired = insert_job(
        store,
        Some("a-worker-that-died"),
        Some(Utc::now() - chrono::Duration::seconds(5)),
    )
    .await?;
    let held = insert_job(
        store,
        Some("a-busy-worker"),
        Some(Utc::now() + chrono::Duration::hours(1)),
    )
    .await?;
    let finished = wait_for_status(env, &expired.to_string(), &env.work.demo_token).await?;
    expect_eq(
        finished["attributes"]["status"].as_str(),
        Some("Completed"),
        "a job with an expired lease is run",
    )?;
    let attempts = store
        .rows(
            "SELECT attempts FROM export_jobs WHERE export_id = $1",
            sea_query_sqlx::SqlxValues(sea_query::Values(vec![store.uuid(Some(expired))])),
            |row| row.integer("attempts"),
            |row| row.integer("attempts"),
        )
        .await?;
    expect_eq(attempts[0], Some(2), "the second attempt")?;
    // Give the worker a few polls (it polls every 200 ms): a job whose lease is held is left alone.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    // Still claimed by its holder, with its lease and attempt count as inserted, never finished, and no
    // file written for it: the server's worker neither claimed nor ran it.
    let job = store
        .rows(
            "SELECT locked_by, attempts, (SELECT COUNT(*) FROM export_jobs AS unfinished \
             WHERE unfinished.export_id = export_jobs.export_id AND unfinished.finished_at IS NULL) AS open \
             FROM export_jobs WHERE export_id = $1",
            sea_query_sqlx::SqlxValues(sea_query::Values(vec![store.uuid(Some(held))])),
            |row| Ok((row.text("locked_by")?, row.integer("attempts")?, row.integer("open")?)),
            |row| Ok((row.text("locked_by")?, row.integer("attempts")?, row.integer("open")?)),
        )
        .await?;
    expect_eq(
        job,
        vec![(Some("a-busy-worker".to_owned()), Some(1), Some(1))],
        "the held job: (locked_by, attempts, unfinished)",
    )?;
    expect(
        !cdr_exports::export_jobs::worker::export_file_path(&env.work.data_dir, held).exists(),
        "no export file is written for a job under a live lease",
    )?;
    let still = env
        .get_with(
            &env.work,
            &format!("/cdr-exports/{held}"),
            Some(&env.work.demo_token),
            &[],
        )
        .await?;
    expect_eq(
        still.json()["data"]["attributes"]["status"].as_str(),
        Some("Pending"),
        "a job under a live lease is not taken",
    )
}

async fn concurrent_workers_run_each_job_once(env: &'static Env) -> Outcome {
    let store = &env.work.store;
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(insert_job(store, None, None).await?);
    }
    // Two more workers race the server's own for the same jobs.
    let worker = |name: &str| cdr_exports::export_jobs::worker::Worker {
        store: store.clone(),
        data_dir: env.work.data_dir.clone(),
        name: name.to_owned(),
        lease: Duration::from_secs(30),
        poll_interval: Duration::from_millis(50),
        row_delay: Duration::ZERO,
        wakeup: Default::default(),
    };
    let (first, second) = (worker("racer-one"), worker("racer-two"));
    let race = |worker: cdr_exports::export_jobs::worker::Worker| async move {
        for _ in 0..20 {
            if !worker.run_one().await? {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        Ok::<(), sqlx::Error>(())
    };
    let (a, b) = tokio::join!(race(first), race(second));
    a?;
    b?;
    for id in &ids {
        let finished = wait_for_status(env, &id.to_string(), &env.work.demo_token).await?;
        expect_eq(
            finished["attributes"]["status"].as_str(),
            Some("Completed"),
            &format!("job {id} completes under racing workers"),
        )?;
        expect(
            cdr_exports::export_jobs::worker::export_file_path(&env.work.data_dir, *id).exists(),
            format!("the file of job {id} is written"),
        )?;
        let attempts = store
            .rows(
                "SELECT attempts FROM export_jobs WHERE export_id = $1 AND finished_at IS NOT NULL",
                sea_query_sqlx::SqlxValues(sea_query::Values(vec![store.uuid(Some(*id))])),
                |row| row.integer("attempts"),
                |row| row.integer("attempts"),
            )
            .await?;
        expect_eq(
            attempts,
            vec![Some(2)],
            "each job claimed exactly once more (inserted with attempts = 1)",
        )?;
    }
    Ok(())
}

async fn hostile_inputs_never_produce_a_500(env: &'static Env) -> Outcome {
    let queries = [
        "filter[created-at-gt]=9999-12-31T23:59:59.999Z",
        "filter[created-at-in]=,,,",
        "filter[time-zone-name-cont]=%25%5F%5C",
        "filter[time-zone-name-cont-any]=\"a,b\",\"c",
        "filter[rows-count-eq]=99999999999999999999",
        "filter[rows-count-in]=-9223372036854775808,9223372036854775807",
        "filter[id]=%00",
        "filter[status-eq]=%C3%28",
        "page[number]=99999999999999999999",
        "page[number]=1e3",
        "page[size]=1000&page[number]=9007199254740993",
        "sort=-,--created-at,+id",
        "fields[cdr-exports]=",
        "include=account,account",
        "filter[[status-eq]]=Pending",
        "%ZZ=1",
        "filter[time-format]=round_to_seconds&filter[time_format]=with_timezone",
    ];
    for query in queries {
        let reply = env.get(&env.demo, &format!("/cdr-exports?{query}")).await?;
        expect(
            reply.status < 500,
            format!("{query} answered {}", reply.status),
        )?;
        if reply.status >= 400 {
            expect(
                reply.json()["errors"].is_array(),
                format!("{query}: an error document"),
            )?;
        }
    }
    for path in [
        "/cdr-exports/%00",
        "/cdr-exports/..%2F..%2Fetc%2Fpasswd/download",
        "/cdr-exports//account",
        "/auth",
    ] {
        let reply = env.get(&env.demo, path).await?;
        expect(
            reply.status < 500,
            format!("{path} answered {}", reply.status),
        )?;
    }
    let big = "x".repeat(2 * 1024 * 1024);
    let reply = env
        .send(
            &env.work,
            Method::POST,
            "/cdr-exports",
            Some(&env.work.demo_token),
            &[("content-type", "application/vnd.api+json")],
            Some(big),
        )
        .await?;
    expect_eq(reply.status, 413, "a body over the limit")?;
    expect(
        reply.json()["errors"].is_array(),
        "a 413 is a JSON:API error document",
    )
}

async fn shutdown_finishes_requests_in_flight_then_refuses(env: &'static Env) -> Outcome {
    let files = tempfile::tempdir().map_err(|error| error.to_string())?;
    let settings = cdr_exports::Settings {
        seed_demo: false,
        data_dir: files.path().to_owned(),
        ..cdr_exports::Settings::development("sqlite::memory:")
    };
    let server = cdr_exports::start(settings)
        .await
        .map_err(|error| error.to_string())?;
    let url = format!("http://{}{API}/auth", server.address);
    // A failed login spends an argon2 hash, so it is still running when the shutdown starts.
    let in_flight = tokio::spawn(
        env.http
            .post(url.clone())
            .header("content-type", "application/json")
            .body(json!({"auth": {"login": "nobody", "password": "x"}}).to_string())
            .send(),
    );
    tokio::time::sleep(Duration::from_millis(60)).await;
    let stopped = tokio::time::timeout(Duration::from_secs(10), server.shutdown()).await;
    expect(
        stopped.is_ok(),
        "the server and its worker stop within 10 s",
    )?;
    let answered = in_flight.await.map_err(|error| error.to_string())?;
    expect_eq(
        answered.map(|response| response.status().as_u16()).ok(),
        Some(401),
        "the request in flight is answered",
    )?;
    let refused = env.http.post(url).body("{}").send().await;
    expect(refused.is_err(), "a stopped server accepts no connection")
}

/// A server started with a count limit of 20, over the same demo data as `env.demo` (exact counts).
async fn count_limit_gives_a_lower_bound_and_keeps_next_exact(env: &'static Env) -> Outcome {
    let files = tempfile::tempdir().map_err(|error| error.to_string())?;
    let settings = cdr_exports::Settings {
        data_dir: files.path().to_owned(),
        run_worker: false,
        count_policy: jsonapi_filter::CountPolicy::UpTo(20),
        ..cdr_exports::Settings::development("sqlite::memory:")
    };
    let server = cdr_exports::start(settings)
        .await
        .map_err(|error| error.to_string())?;
    let token = server.keys.issue(1).map_err(|error| error.to_string())?;
    let bounded = |path: &'static str| {
        let request = env
            .http
            .get(format!("http://{}{API}{path}", server.address))
            .header("authorization", format!("Bearer {token}"));
        async move {
            let response = request.send().await.map_err(|error| error.to_string())?;
            let status = response.status().as_u16();
            let text = response.text().await.map_err(|error| error.to_string())?;
            let body: Value = serde_json::from_str(&text).map_err(|error| error.to_string())?;
            Ok::<_, String>((status, body))
        }
    };
    let ids = |body: &Value| -> Vec<String> {
        body["data"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| item["id"].as_str().map(str::to_owned))
            .collect()
    };
    let exact_total = env.get(&env.demo, "/cdr-exports").await?.json()["meta"]["total-count"]
        .as_u64()
        .unwrap_or(0);
    expect(
        exact_total > 40,
        format!("the demo customer sees {exact_total} exports"),
    )?;

    for (path, at_least) in [
        ("/cdr-exports?page[size]=5", 21),
        ("/cdr-exports?page[size]=5&page[number]=6", 31),
    ] {
        let (status, body) = bounded(path).await?;
        expect_eq(status, 200, path)?;
        expect_eq(
            body["meta"].clone(),
            json!({ "total-count-at-least": at_least }),
            &format!("meta of {path}"),
        )?;
        expect(
            body["links"].get("last").is_none(),
            format!("no links.last on {path}"),
        )?;
        expect(
            body["links"]["next"].is_string(),
            format!("links.next on {path}"),
        )?;
        let exact = env.get(&env.demo, path).await?.json();
        expect_eq(ids(&body), ids(&exact), &format!("the rows of {path}"))?;
    }

    // The CDR listing keeps the lower of the server's limit and its own bound.
    let (status, body) = bounded("/cdrs?page[size]=5").await?;
    expect_eq(status, 200, "/cdrs?page[size]=5")?;
    expect_eq(
        body["meta"].clone(),
        json!({ "total-count-at-least": 21 }),
        "meta of /cdrs?page[size]=5",
    )?;

    // Within the limit, and on the last page, the count is exact and links.last is back.
    let (_, body) = bounded(
        "/cdr-exports?filter[status-eq]=Failed&filter[time-format]=round_to_seconds&page[size]=2",
    )
    .await?;
    let exact = env
        .get(&env.demo, "/cdr-exports?filter[status-eq]=Failed&filter[time-format]=round_to_seconds&page[size]=2")
        .await?
        .json();
    let failed = exact["meta"]["total-count"].as_u64().unwrap_or(u64::MAX);
    expect(failed <= 20, format!("{failed} matches fit in the limit"))?;
    expect_eq(
        body["meta"].clone(),
        json!({ "total-count": failed }),
        "meta within the limit",
    )?;
    let bounded_origin = format!("http://{}", server.address);
    expect_eq(
        body["links"].to_string().replace(&bounded_origin, ""),
        exact["links"].to_string().replace(&env.demo.origin, ""),
        "links within the limit",
    )?;
    let (_, body) = bounded("/cdr-exports?page[size]=1000").await?;
    expect_eq(
        body["meta"].clone(),
        json!({ "total-count": exact_total }),
        "meta when the page covers every row",
    )?;
    expect(
        body["links"]["last"].is_string(),
        "links.last on the last page",
    )?;
    expect(
        body["links"].get("next").is_none(),
        "no next on the last page",
    )?;
    server.shutdown().await;
    Ok(())
}
