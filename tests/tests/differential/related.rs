//! The third trial per backend: random owners, wallets and payments (the conformance suite's related resources,
//! `conformance/related.rs`), with dangling and missing foreign keys, and random queries of one of the three
//! that filter and sort through their relationships (to-one, to-many, two deep), with no scope, with wallets
//! scoped to some owners, or with every related resource closed. The evaluator ([`ResourceQuery::evaluate_with`]
//! over the generated related rows) and the backend must give the same page and count, and the statement cache
//! what sea-query renders.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestError, TestRunner};

use jsonapi_filter::builder::{encode_query_value, filter_value_line};
use jsonapi_filter::{
    Backend, FilterRecord, RelatedRecords, Resource, ResourceQuery, Scope, StatementCache,
};
use libtest_mimic::Failed;

use crate::engines::{Database, Engine};
use crate::related::{Owner, Payment, Wallet};
use crate::{Tally, case_count, describe_rows, row_id};

const NAMES: [&str; 4] = ["Ada", "ada", "Bob", "Cyd"];
const COUNTRIES: [&str; 3] = ["NL", "nl", "DE"];
const LABELS: [&str; 4] = ["main", "MAIN", "spare", "ma"];
const STATUSES: [&str; 3] = ["failed", "completed", "pending"];
const NUMBERS: [i64; 6] = [-1, 0, 5, 50, 1000, 2000];

/// The generated rows of the three tables. Foreign keys point at an existing row, a missing one (99, 999), or
/// nowhere (NULL).
#[derive(Debug, Clone)]
struct RelatedRows {
    owners: Vec<Owner>,
    wallets: Vec<Wallet>,
    payments: Vec<Payment>,
}

fn related_rows() -> impl Strategy<Value = RelatedRows> {
    let owner = (
        select(&NAMES[..]),
        proptest::option::of(select(&COUNTRIES[..])),
    );
    let wallet = (
        select(&LABELS[..]),
        select(&NUMBERS[..]),
        proptest::option::weighted(0.85, prop_oneof![6 => 1_i64..=4, 1 => Just(99)]),
    );
    let payment = (
        select(&STATUSES[..]),
        select(&NUMBERS[..]),
        proptest::option::weighted(0.85, prop_oneof![6 => 10_i64..=15, 1 => Just(999)]),
    );
    (vec(owner, 1..=4), vec(wallet, 2..=8), vec(payment, 3..=12)).prop_map(
        |(owners, wallets, payments)| RelatedRows {
            owners: (1..)
                .zip(owners)
                .map(|(id, (name, country))| Owner {
                    id,
                    name: name.to_owned(),
                    country: country.map(str::to_owned),
                })
                .collect(),
            wallets: (10..)
                .zip(wallets)
                .map(|(id, (label, balance, owner_id))| Wallet {
                    id,
                    label: label.to_owned(),
                    balance,
                    owner_id,
                })
                .collect(),
            payments: (100..)
                .zip(payments)
                .map(|(id, (status, amount, wallet_id))| Payment {
                    id,
                    status: status.to_owned(),
                    amount,
                    wallet_id,
                })
                .collect(),
        },
    )
}

/// A filter key and the pool its value is drawn from.
type KeyPool = (&'static str, &'static [&'static str]);

const TEXTS_OF_LABELS: &[&str] = &["main", "MAIN", "spare", "ma", "x"];
const TEXTS_OF_NAMES: &[&str] = &["Ada", "ada", "Bob", "A"];
const TEXTS_OF_COUNTRIES: &[&str] = &["NL", "nl", "DE"];
const TEXTS_OF_STATUSES: &[&str] = &["failed", "completed", "pending"];
const TEXTS_OF_NUMBERS: &[&str] = &["-1", "0", "5", "50", "1000"];

const PAYMENT_KEYS: &[KeyPool] = &[
    ("status-eq", TEXTS_OF_STATUSES),
    ("amount-gt", TEXTS_OF_NUMBERS),
    ("wallet.label-eq", TEXTS_OF_LABELS),
    ("wallet.label_not_eq", TEXTS_OF_LABELS),
    ("wallet.label-cont", TEXTS_OF_LABELS),
    ("wallet.balance-lteq", TEXTS_OF_NUMBERS),
    ("wallet.owner.country-eq", TEXTS_OF_COUNTRIES),
    ("wallet.owner.name-not-eq", TEXTS_OF_NAMES),
    ("wallet.id", &["10", "11", "12"]),
];
const WALLET_KEYS: &[KeyPool] = &[
    ("label-eq", TEXTS_OF_LABELS),
    ("payments.status-eq", TEXTS_OF_STATUSES),
    ("payments.status-not-eq", TEXTS_OF_STATUSES),
    ("payments.amount-gt", TEXTS_OF_NUMBERS),
    ("payments.amount_lt", TEXTS_OF_NUMBERS),
    ("owner.name-start", TEXTS_OF_NAMES),
    ("owner.country-not-eq", TEXTS_OF_COUNTRIES),
    ("owner.wallets.balance-gt", TEXTS_OF_NUMBERS),
    ("payments.wallet.label-eq", TEXTS_OF_LABELS),
];
const OWNER_KEYS: &[KeyPool] = &[
    ("country-eq", TEXTS_OF_COUNTRIES),
    ("wallets.label-eq", TEXTS_OF_LABELS),
    ("wallets.balance-gteq", TEXTS_OF_NUMBERS),
    ("wallets.payments.status-eq", TEXTS_OF_STATUSES),
    ("wallets.payments.amount-gteq", TEXTS_OF_NUMBERS),
    ("wallets.payments.amount-lt", TEXTS_OF_NUMBERS),
];
const PAYMENT_SORTS: &[&str] = &["wallet.label", "wallet.balance", "amount", "status"];
const WALLET_SORTS: &[&str] = &["owner.name", "owner.country", "balance", "label"];
const OWNER_SORTS: &[&str] = &["name", "country"];

/// Where a filter goes: the top level, or a group (relationship filters inside OR and NOT: a NOT of a
/// relationship is NOT EXISTS).
const PLACES: &[&str] = &[
    "",
    "[or][0]",
    "[or][1]",
    "[not]",
    "[or][1][not]",
    "[and][0][not]",
];

/// A query: the listed resource (0 payments, 1 wallets, 2 owners), up to three filters (a key index, a value
/// index and a place in [`PLACES`] each, a key used once per place), a sort and its direction, a page, and the scope (0 none, 1 wallets of owners 1
/// and 2 with the rest open, 2 the listed resource scoped and every related one closed).
#[derive(Debug, Clone)]
struct RelatedQuerySeed {
    listed: u8,
    filters: Vec<(usize, usize, usize)>,
    sort: Option<(usize, bool)>,
    page: (u64, u64),
    scope: u8,
}

fn related_query_seed() -> impl Strategy<Value = RelatedQuerySeed> {
    (
        0_u8..3,
        vec(
            (
                0_usize..16,
                0_usize..8,
                prop_oneof![1 => Just(0_usize), 1 => 1..PLACES.len()],
            ),
            1..=3,
        ),
        proptest::option::of((0_usize..4, any::<bool>())),
        (1_u64..=3, 1_u64..=5),
        prop_oneof![3 => Just(0_u8), 2 => Just(1_u8), 1 => Just(2_u8)],
    )
        .prop_map(|(listed, filters, sort, page, scope)| RelatedQuerySeed {
            listed,
            filters,
            sort,
            page,
            scope,
        })
}

/// The query string of a seed: keys of the listed resource, each once.
fn related_query(seed: &RelatedQuerySeed) -> String {
    let (keys, sorts) = match seed.listed {
        0 => (PAYMENT_KEYS, PAYMENT_SORTS),
        1 => (WALLET_KEYS, WALLET_SORTS),
        _ => (OWNER_KEYS, OWNER_SORTS),
    };
    let mut parameters = Vec::new();
    let mut used = Vec::new();
    for &(key, value, place) in &seed.filters {
        let (key, pool) = keys[key % keys.len()];
        let place = PLACES[place % PLACES.len()];
        if used.contains(&(place, key)) {
            continue;
        }
        used.push((place, key));
        let value = pool[value % pool.len()];
        parameters.push(format!(
            "filter{place}[{key}]={}",
            encode_query_value(&filter_value_line([value]))
        ));
    }
    if let Some((sort, descending)) = seed.sort {
        let sign = if descending { "-" } else { "" };
        parameters.push(format!("sort={sign}{}", sorts[sort % sorts.len()]));
    }
    let (number, size) = seed.page;
    parameters.push(format!("page[number]={number}&page[size]={size}"));
    parameters.join("&")
}

/// The seed's query of `R`, scoped as it says.
fn scoped<R: Resource>(query: ResourceQuery<R>, scope: u8) -> ResourceQuery<R> {
    match scope {
        0 => query,
        1 => query
            .scoped(Scope::all())
            .scoped_related(Scope::<Wallet>::all().is_in("owner-id", [1_i64, 2]))
            .scoped_related(Scope::<Payment>::all())
            .scoped_related(Scope::<Owner>::all()),
        _ => query.scoped(Scope::all()),
    }
}

/// Loads the three tables, then compares the backend's page and count with the evaluator's for the listed
/// resource `R`, and the cached select with sea-query's.
async fn check_related<R: Resource + FilterRecord + std::fmt::Debug>(
    backend: Backend,
    database: &Database,
    rows: &RelatedRows,
    listed: &[R],
    seed: &RelatedQuerySeed,
    cache: &StatementCache,
    tally: &Tally,
) -> Result<(), String> {
    let text = related_query(seed);
    let query = ResourceQuery::<R>::parse(&text)
        .map_err(|errors| format!("the generated query {text:?} does not parse: {errors:?}"))?;
    let query = scoped(query, seed.scope);
    let related = RelatedRecords::new()
        .with(&rows.owners)
        .with(&rows.wallets)
        .with(&rows.payments);
    let (page, total) = query.evaluate_with(listed, &related);
    let page: Vec<i64> = page.iter().map(|row| row_id(*row)).collect();
    for load in [
        database.replace_rows(backend, &rows.owners).await,
        database.replace_rows(backend, &rows.wallets).await,
        database.replace_rows(backend, &rows.payments).await,
    ] {
        load.map_err(|error| format!("could not load the rows: {error}"))?;
    }
    let select = query.select_statement(backend);
    let count = query.count_statement(backend);
    let sql = |statement| {
        let (sql, values) = backend.build(statement);
        format!("  sql: {sql}\n  values: {values:?}")
    };
    let describe = || {
        format!(
            "  scope {}\n  owners:\n{}  wallets:\n{}  payments:\n{}",
            seed.scope,
            describe_rows(&rows.owners),
            describe_rows(&rows.wallets),
            describe_rows(&rows.payments)
        )
    };
    let found = database
        .ids(backend, &select)
        .await
        .map_err(|error| format!("{error}\n{}", sql(&select)))?;
    if found != page {
        return Err(format!(
            "query {text:?}\n  evaluator {page:?}\n  backend   {found:?}\n{}\n{}",
            sql(&select),
            describe()
        ));
    }
    let counted = database
        .count(backend, &count)
        .await
        .map_err(|error| format!("{error}\n{}", sql(&count)))?;
    if u64::try_from(counted).ok() != Some(total) {
        return Err(format!(
            "query {text:?}\n  evaluator total {total}\n  backend COUNT(*) {counted}\n{}\n{}",
            sql(&count),
            describe()
        ));
    }
    let uncached = backend.build(&select);
    let (cached, values) = cache.select(&query, backend);
    if (&*cached, &values) != (uncached.0.as_str(), &uncached.1) {
        return Err(format!(
            "query {text:?}: the cached select differs from sea-query's\n  cached:    {cached}\n  sea-query: {}",
            uncached.0
        ));
    }
    tally
        .compared
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    tally
        .rows
        .fetch_add(listed.len() as u64, std::sync::atomic::Ordering::Relaxed);
    tally
        .matched
        .fetch_add(total, std::sync::atomic::Ordering::Relaxed);
    if total > 0 && total < listed.len() as u64 {
        tally
            .selective
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    Ok(())
}

/// The generated related rows on one engine.
pub fn run_related(engine: &Engine, runtime: &tokio::runtime::Runtime) -> Result<(), Failed> {
    let database = runtime.block_on(engine.database())?;
    let backend = engine.backend;
    let config = Config {
        cases: case_count()?,
        // The seeds file holds the Probe cases' seeds; a failure here is reported with its rows and query.
        failure_persistence: None,
        max_shrink_time: 300_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let tally = Tally::default();
    let cache = StatementCache::new();
    let outcome = runner.run(&(related_rows(), related_query_seed()), |(rows, seed)| {
        let checked = match seed.listed {
            0 => runtime.block_on(check_related(
                backend,
                database,
                &rows,
                &rows.payments,
                &seed,
                &cache,
                &tally,
            )),
            1 => runtime.block_on(check_related(
                backend,
                database,
                &rows,
                &rows.wallets,
                &seed,
                &cache,
                &tally,
            )),
            _ => runtime.block_on(check_related(
                backend,
                database,
                &rows,
                &rows.owners,
                &seed,
                &cache,
                &tally,
            )),
        };
        checked.map_err(TestCaseError::fail)
    });
    let count =
        |counter: &std::sync::atomic::AtomicU64| counter.load(std::sync::atomic::Ordering::Relaxed);
    match outcome {
        Ok(()) => {
            eprintln!(
                "{} related: {} cases compared; {} listed rows, {} matched; the filters kept some rows and dropped \
                 others in {} cases",
                engine.name,
                count(&tally.compared),
                count(&tally.rows),
                count(&tally.matched),
                count(&tally.selective),
            );
            Ok(())
        }
        Err(TestError::Fail(reason, _)) => Err(format!(
            "{} disagrees with the evaluator through relationships; the minimal case:\n{reason}",
            engine.name
        )
        .into()),
        Err(TestError::Abort(reason)) => Err(format!("aborted: {reason}").into()),
    }
}
