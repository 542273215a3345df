//! The reference system's own behaviour cases, ported: four exports over three accounts of one customer,
//! plus one export without an account and one of another customer, both of which must never be listed.
//! Every expected answer is written out by hand.

use chrono::{TimeZone, Utc};
use libtest_mimic::Trial;
use serde_json::json;
use uuid::Uuid;

use super::harness::{CaseFuture, Env, Outcome, expect_eq, trial};

const ACCOUNT_A: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const ACCOUNT_B: &str = "aaaaaaaa-0000-4000-8000-000000000002";
const ACCOUNT_C: &str = "aaaaaaaa-0000-4000-8000-000000000003";
const ACCOUNT_OTHER: &str = "bbbbbbbb-0000-4000-8000-000000000001";

const E1: &str = "e0000000-0000-4000-8000-000000000001";
const E2: &str = "e0000000-0000-4000-8000-000000000002";
const E3: &str = "e0000000-0000-4000-8000-000000000003";
const E4: &str = "e0000000-0000-4000-8000-000000000004";
const WITHOUT_ACCOUNT: &str = "e0000000-0000-4000-8000-000000000005";
const OF_OTHER_CUSTOMER: &str = "e0000000-0000-4000-8000-000000000006";

/// (id, account, status, rows-count, time-format, time-zone-name, minutes after the epoch)
type FixtureExport = (
    &'static str,
    Option<&'static str>,
    &'static str,
    Option<i64>,
    &'static str,
    Option<&'static str>,
    i64,
);

const EXPORTS: [FixtureExport; 6] = [
    (
        E1,
        Some(ACCOUNT_A),
        "Pending",
        None,
        "with_timezone",
        Some("Europe/Kyiv"),
        1,
    ),
    (
        E2,
        Some(ACCOUNT_B),
        "Completed",
        Some(10),
        "round_to_seconds",
        None,
        2,
    ),
    (
        E3,
        Some(ACCOUNT_C),
        "Failed",
        None,
        "without_timezone",
        Some("America/Port_of_Spain"),
        3,
    ),
    (
        E4,
        Some(ACCOUNT_A),
        "Deleted",
        None,
        "round_to_seconds",
        Some("Europe/Kyiv"),
        4,
    ),
    (
        WITHOUT_ACCOUNT,
        None,
        "Pending",
        None,
        "round_to_seconds",
        Some("Europe/Kyiv"),
        5,
    ),
    (
        OF_OTHER_CUSTOMER,
        Some(ACCOUNT_OTHER),
        "Pending",
        None,
        "round_to_seconds",
        Some("Europe/Kyiv"),
        6,
    ),
];

/// Writes the fixture into the `reference` server's empty database.
pub async fn insert_fixture(env: &Env) {
    let store = &env.reference.store;
    let uuid = |text: &str| store.uuid(Uuid::parse_str(text).ok());
    let hash = cdr_exports::seed::hash_password("secret", 3).expect("a password hash");
    let mut statements: Vec<(String, Vec<sea_query::Value>)> = vec![
        ("INSERT INTO customers (id, name) VALUES (1, 'Reference'), (2, 'Someone else')".into(), vec![]),
        (
            "INSERT INTO api_accesses (id, customer_id, login, password_hash) VALUES (1, 1, 'reference', $1), (2, 2, 'elsewhere', $1)".into(),
            vec![hash.into()],
        ),
    ];
    for (account, customer) in [
        (ACCOUNT_A, 1i64),
        (ACCOUNT_B, 1),
        (ACCOUNT_C, 1),
        (ACCOUNT_OTHER, 2),
    ] {
        statements.push((
            "INSERT INTO accounts (id, customer_id, name, balance) VALUES ($1, $2, 'account', '0.00')".into(),
            vec![uuid(account), customer.into()],
        ));
    }
    let epoch = Utc
        .with_ymd_and_hms(2026, 1, 2, 12, 0, 0)
        .single()
        .expect("a valid instant");
    for (id, account, status, rows, format, zone, minutes) in EXPORTS {
        let at = store.time(Some(epoch + chrono::Duration::minutes(minutes)));
        statements.push((
            "INSERT INTO cdr_exports (id, account_id, status, rows_count, created_at, updated_at, time_zone_name, time_format, filters) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)".into(),
            vec![
                uuid(id),
                store.uuid(account.and_then(|account| Uuid::parse_str(account).ok())),
                status.into(),
                rows.into(),
                at,
                zone.map(str::to_owned).into(),
                format.into(),
                store.json(&json!({"time_start_gteq": "2018-01-01T00:00:00.000Z"})),
            ],
        ));
    }
    store
        .execute_in_transaction(statements)
        .await
        .expect("the reference fixture is inserted");
}

/// Every ported case for `env`.
pub fn trials(env: &'static Env) -> Vec<Trial> {
    let listed: &[(&str, &str, &[&str])] = &[
        (
            "lists_the_four_exports_of_its_accounts_only",
            "",
            &[E1, E2, E3, E4],
        ),
        ("status_eq_pending", "filter[status-eq]=Pending", &[E1]),
        ("status_eq_completed", "filter[status-eq]=Completed", &[E2]),
        ("status_eq_failed", "filter[status-eq]=Failed", &[E3]),
        ("status_eq_deleted", "filter[status-eq]=Deleted", &[E4]),
        (
            "status_not_eq_pending",
            "filter[status-not-eq]=Pending",
            &[E2, E3, E4],
        ),
        (
            "status_not_eq_completed",
            "filter[status-not-eq]=Completed",
            &[E1, E3, E4],
        ),
        (
            "status_not_eq_failed",
            "filter[status-not-eq]=Failed",
            &[E1, E2, E4],
        ),
        (
            "status_not_eq_deleted",
            "filter[status-not-eq]=Deleted",
            &[E1, E2, E3],
        ),
        (
            "time_format_round_to_seconds",
            "filter[time-format]=round_to_seconds",
            &[E2, E4],
        ),
        (
            "time_zone_name_eq_europe_kyiv",
            "filter[time-zone-name-eq]=Europe/Kyiv",
            &[E1, E4],
        ),
    ];
    let mut trials: Vec<Trial> = listed
        .iter()
        .map(|(name, query, expected)| {
            let (query, expected) = (*query, *expected);
            trial(
                env,
                &format!("reference::{name}"),
                move |env| -> CaseFuture { Box::pin(listing_is(env, query, expected)) },
            )
        })
        .collect();
    trials.push(trial(
        env,
        "reference::status_eq_test_is_400",
        |env| -> CaseFuture { Box::pin(invalid_status_is_400(env)) },
    ));
    trials
}

async fn listing_is(env: &'static Env, query: &str, expected: &[&str]) -> Outcome {
    let reply = env
        .get(&env.reference, &format!("/cdr-exports?{query}"))
        .await?;
    expect_eq(reply.status, 200, &format!("status of ?{query}"))?;
    // The default sort is created-at descending: the fixture's later exports come first.
    let mut newest_first: Vec<String> = expected.iter().map(|id| id.to_string()).collect();
    newest_first.reverse();
    expect_eq(reply.ids(), newest_first, &format!("exports of ?{query}"))?;
    expect_eq(
        reply.json()["meta"]["total-count"].as_u64(),
        Some(expected.len() as u64),
        "total-count",
    )
}

async fn invalid_status_is_400(env: &'static Env) -> Outcome {
    let reply = env
        .get(&env.reference, "/cdr-exports?filter[status-eq]=test")
        .await?;
    expect_eq(reply.status, 400, "status")?;
    let error = &reply.json()["errors"][0];
    expect_eq(error["code"].as_str(), Some("107"), "code")?;
    expect_eq(
        error["title"].as_str(),
        Some("Invalid filter value"),
        "title",
    )?;
    expect_eq(
        error["source"]["parameter"].as_str(),
        Some("filter[status-eq]"),
        "source.parameter",
    )
}
