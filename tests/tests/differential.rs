//! The differential suite: random datasets of [`Probe`] rows and random queries (0 to 4 filters over every
//! filter key of every kind, a random sort, a random page), where the in-memory evaluator
//! ([`ResourceQuery::evaluate`], the oracle) and each SQL backend running the framework's statements must return the
//! same rows in the same order, and the backend's `COUNT(*)` must equal the evaluator's total. About a third
//! of the queries carry a server scope ([`Scope::is_in`] on a number, a text, a uuid or an address, with values of the
//! generated rows), which the select, the count, the evaluator and the statement cache must all keep.
//!
//! The values collide on purpose: short texts over a small alphabet (ASCII letters in both cases, `é`/`É`,
//! `ß`/`ẞ`, `İ`/`ı`, the Kelvin sign, a combining accent, `%`, `_`, `!`, `\`, quotes, commas, spaces) and
//! hostile whole strings (SQL injection, LIKE wildcards, CSV quoting); integers at and next to the extremes;
//! decimals of scale 4 at and next to the extremes of `DECIMAL(18, 4)` and differing only after the third
//! fractional digit; instants one microsecond apart, in years 1 and 9999; a few uuids that differ in their first bit; IP
//! addresses of both families that differ only in their last byte, IPv4 addresses next to their IPv4-mapped
//! IPv6 forms, and numbers that text order sorts wrong (`9.0.0.0`, `10.0.0.0`). Filter values are mostly taken
//! from the generated rows themselves, then changed in case, cut into substrings, moved by one (integers, an
//! address's last byte), by 0.0001 or 0.001 (decimals, also written with leading or trailing zeros) or by a
//! microsecond (instants), written with an offset or as a date, spelled in
//! another uuid form, or moved to the other address family (an IPv4 address to its mapped form and back) or
//! spelled in another IPv6 form (upper case, uncompressed, zero-padded groups), so that most filters select
//! some rows and miss others. Half of the queries also carry random boolean groups (`filter[or][i]`,
//! `filter[and][i]`, `filter[not]`, nested up to the default depth of 3, with gaps in the indexes), so that
//! SQL's three-valued logic over NULLs is held to the evaluator's on every engine. Every generated query must parse,
//! except those with a line break in a filter value, which must be refused with exactly one malformed-filter
//! error per such parameter.
//!
//! A second trial per backend does the same for [`Call`], the resource with default filters and filter-only
//! fields: random calls and queries that leave each defaulted field to its default or filter it (in either
//! spelling, with another predicate), so that the defaults are checked in the select, the count, the evaluator
//! and the statement cache.
//!
//! A third trial per backend, `relationships_agree_with_the_evaluator` (`differential/related.rs`), generates
//! owners, wallets and payments with dangling and missing foreign keys, and queries that filter and sort
//! through their relationships under three scopes, half of the filters inside OR, NOT and AND groups.
//!
//! A fourth, `cursor_walks_agree_with_the_evaluator` (`differential/cursors.rs`), walks random sorts (mixed
//! directions, nullable columns) by cursors, forwards and backwards, deleting rows and inserting copies between
//! pages: each page must be the evaluator's, and every row that stayed must be walked once, in order.
//!
//! Every backend gets its own cases and reloads its private table (one `DELETE` and one multi-row `INSERT`
//! in a transaction) for each of them. SQLite (in memory) always runs; PostgreSQL runs when
//! `JSONAPI_FILTER_POSTGRES_URL` is set and MariaDB when `JSONAPI_FILTER_MYSQL_URL` is set, otherwise they are
//! listed as ignored; a URL that is set but cannot be reached fails its trial.
//!
//! `JSONAPI_FILTER_DIFFERENTIAL_CASES` sets the number of cases per backend (default 500, what CI runs);
//! `PROPTEST_RNG_SEED=<u64>` makes a run repeatable. A failure is shrunk to a minimal case, printed with its
//! rows, query and SQL, and its seed is appended to `tests/differential.proptest-regressions` (commit it: the
//! seeds there are replayed first, on every backend); a failure whose cause is fixed also becomes an explicit
//! case in [`REGRESSIONS`] below or in the conformance suite, which survive changes to the generators.
//!
//! ```text
//! # CI: 500 cases per backend
//! JSONAPI_FILTER_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test \
//! JSONAPI_FILTER_MYSQL_URL=mysql://root@127.0.0.1:3306/test \
//!     cargo test -p jsonapi-filter-tests --test differential
//! # a long local run: 20,000 cases per backend
//! JSONAPI_FILTER_DIFFERENTIAL_CASES=20000 \
//! JSONAPI_FILTER_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test \
//! JSONAPI_FILTER_MYSQL_URL=mysql://root@127.0.0.1:3306/test \
//!     cargo test -p jsonapi-filter-tests --test differential
//! ```

#[path = "conformance/call.rs"]
mod call;
#[path = "differential/cursors.rs"]
mod cursors;
#[path = "conformance/engines.rs"]
mod engines;
#[path = "conformance/related.rs"]
#[allow(dead_code)]
mod related;
#[path = "differential/related.rs"]
mod related_trial;
#[path = "conformance/resource.rs"]
mod resource;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use chrono::{DateTime, Datelike, FixedOffset, SecondsFormat, TimeDelta, Utc};
use jsonapi_filter::builder::{encode_query_value, filter_value_line};
use jsonapi_filter::{
    Backend, CountPolicy, FieldSchema, FilterEnum, FilterRecord, FilterValue, Predicate, Resource,
    ResourceQuery, Scope, StatementCache, ValueKind,
};
use libtest_mimic::{Arguments, Failed, Trial};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, FileFailurePersistence, TestError, TestRunner};
use uuid::Uuid;

use call::Call;
use engines::{Database, Engine};
use resource::{Probe, Stage};

/// The variable that sets the number of generated cases per backend.
const CASES_VARIABLE: &str = "JSONAPI_FILTER_DIFFERENTIAL_CASES";

/// Cases per backend when [`CASES_VARIABLE`] is unset: what CI runs.
const DEFAULT_CASES: u32 = 500;

/// The seeds of past failures, replayed before the new cases.
const REGRESSION_SEEDS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/differential.proptest-regressions"
);

/// The most rows in a generated dataset.
const MAX_ROWS: usize = 12;

/// The ids rows draw from (distinct within a dataset), extremes included.
const ID_POOL: [i64; 14] = [
    i64::MIN,
    -1000,
    -2,
    -1,
    0,
    1,
    2,
    3,
    5,
    8,
    13,
    42,
    1000,
    i64::MAX,
];

/// The characters of short generated texts: ASCII letters in both cases; letters whose case mapping leaves
/// ASCII (`ß` upper-cases to `SS`, `İ` lower-cases to `i̇`, the Kelvin sign `K` lower-cases to `k`); a
/// combining accent; the LIKE wildcards and escape characters; quotes, commas and characters that mean
/// something in a query string.
const ALPHABET: &[char] = &[
    'a', 'A', 'b', 'B', 'i', 'I', 'k', 'K', 's', 'S', 'é', 'É', 'ß', 'ẞ', 'İ', 'ı', '\u{212A}',
    '\u{301}', 'ä', 'Ä', '%', '_', '!', '\\', '\'', '"', ',', ' ', '&', '=', '+', '#', '🙂',
];

/// Whole texts: the conformance dataset's edge values and hostile strings.
const HOSTILE_TEXTS: &[&str] = &[
    "",
    " ",
    "alpha",
    "Alpha",
    "ALPHA",
    "alpha ",
    " alpha",
    "50% off",
    "100%_sure!",
    "snake_case",
    "snakeXcase",
    "C:\\temp\\new",
    "50\\%",
    "say \"hi\"",
    "\"quoted\"",
    "it's",
    "Smith, John",
    "north, east",
    "a\"b",
    "café",
    "CAFÉ",
    "cafe\u{301}",
    "Straße",
    "STRASSE",
    "strasse",
    "İstanbul",
    "istanbul",
    "\u{212A}elvin",
    "kelvin",
    "🙂 smile",
    "'; DROP TABLE probes; --",
    "' OR '1'='1",
    "\\'; SELECT 1; --",
    "%",
    "_",
    "!",
    "\\",
    "!%",
    "%_!",
    "a&b=c+d",
    "%25",
    "NULL",
    "tab\there",
    "two\nlines",
    "cr\r\nlf",
];

/// Region values, some of them CSV-hostile, so that the exact filter's lists collide.
const REGIONS: &[&str] = &["eu", "EU", "eu ", "us", "north, east", "a\"b"];

/// Integers at and next to the extremes.
const INTEGERS: &[i64] = &[
    i64::MIN,
    i64::MIN + 1,
    -100,
    -1,
    0,
    1,
    2,
    42,
    100,
    i64::MAX - 1,
    i64::MAX,
];

/// The largest `rate` (a decimal of scale 4: `DECIMAL(18, 4)`), as its mantissa at scale 4.
const LARGEST_RATE: i64 = 999_999_999_999_999_999;

/// Decimals of scale 4, as mantissas (`1230` is `0.1230`): the extremes and their neighbours (which a
/// double cannot tell apart), 0.1, 0.2 and 0.3, values differing only after the third fractional digit, and
/// the smallest steps around 0.
const RATES: &[i64] = &[
    -LARGEST_RATE,
    -LARGEST_RATE + 1,
    -1_000_000,
    -15_000,
    -1,
    0,
    1,
    1_000,
    2_000,
    3_000,
    1_230,
    1_231,
    1_239,
    1_240,
    10_001,
    10_009,
    15_000,
    1_000_000,
    LARGEST_RATE - 1,
    LARGEST_RATE,
];

/// Instants around the edges of the stored range and one microsecond apart.
const INSTANTS: &[&str] = &[
    "0001-01-01T00:00:00Z",
    "0999-12-31T23:59:59.999999Z",
    "1969-12-31T23:59:59.999999Z",
    "1970-01-01T00:00:00Z",
    "1999-12-31T23:59:59.999999Z",
    "2000-01-01T00:00:00Z",
    "2026-01-01T00:00:00Z",
    "2026-01-01T12:00:00Z",
    "2026-01-01T12:00:00.000001Z",
    "2026-01-01T12:00:00.5Z",
    "9999-12-31T23:59:59.999999Z",
];

/// Moves applied to the instants above, in microseconds.
const NUDGES: &[i64] = &[0, 0, 0, 1, -1, 1_000_000, -86_400_000_000];

/// Uuids whose bytes order differently than a signed comparison would, plus the conformance accounts.
const UUIDS: &[&str] = &[
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "7fffffff-ffff-4fff-bfff-ffffffffffff",
    "80000000-0000-4000-8000-000000000000",
    "0ccccccc-cccc-4ccc-8ccc-cccccccccccc",
    "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
    "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
];

/// Addresses of both families: neighbours in the last byte, an IPv4 address beside its mapped and compatible
/// IPv6 forms, and numbers whose text sorts in another order (`9.0.0.0` and `10.0.0.0`, `::9` and `::10`).
const ADDRESSES: &[&str] = &[
    "0.0.0.0",
    "1.2.3.4",
    "1.2.3.5",
    "9.0.0.0",
    "10.0.0.0",
    "10.0.0.1",
    "192.168.1.9",
    "192.168.1.10",
    "255.255.255.255",
    "::",
    "::1",
    "::1.2.3.4",
    "::ffff:1.2.3.4",
    "::ffff:1.2.3.5",
    "::ffff:10.0.0.0",
    "2001:db8::9",
    "2001:db8::10",
    "fe80::1",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
];

/// Offsets a datetime filter value may be written with.
const OFFSETS: &[i32] = &[0, 5 * 3600 + 1800, -8 * 3600, 14 * 3600, -12 * 3600];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(HOSTILE_TEXTS).prop_map(str::to_owned),
        2 => vec(select(ALPHABET), 0..=4).prop_map(|characters| characters.into_iter().collect()),
    ]
}

fn integer() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => select(INTEGERS),
        2 => -3_i64..=3,
        1 => any::<i64>(),
    ]
}

fn rate() -> impl Strategy<Value = jsonapi_filter::Decimal> {
    prop_oneof![
        3 => select(RATES),
        2 => -20_000_i64..=20_000,
        1 => -LARGEST_RATE..=LARGEST_RATE,
    ]
    .prop_map(|mantissa| jsonapi_filter::Decimal::new(mantissa, 4))
}

fn parse_instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("the instants are RFC 3339")
        .to_utc()
}

/// Whether every backend stores the instant: years 1 to 9999.
fn storable(instant: &DateTime<Utc>) -> bool {
    (1..=9999).contains(&instant.year())
}

/// `instant` moved by `microseconds`, or `instant` when that leaves the stored range.
fn nudged(instant: DateTime<Utc>, microseconds: i64) -> DateTime<Utc> {
    instant
        .checked_add_signed(TimeDelta::microseconds(microseconds))
        .filter(storable)
        .unwrap_or(instant)
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let first = parse_instant(INSTANTS[0]).timestamp();
    let last = parse_instant(INSTANTS[INSTANTS.len() - 1]).timestamp();
    prop_oneof![
        3 => (select(INSTANTS), select(NUDGES))
            .prop_map(|(text, nudge)| nudged(parse_instant(text), nudge)),
        1 => (first..=last, 0_u32..1_000_000).prop_map(|(seconds, micros)| {
            DateTime::from_timestamp(seconds, micros * 1000).expect("within chrono's range")
        }),
    ]
}

fn uuid() -> impl Strategy<Value = Uuid> {
    prop_oneof![
        4 => select(UUIDS).prop_map(|text| Uuid::parse_str(text).expect("the uuids are valid")),
        1 => any::<u128>().prop_map(Uuid::from_u128),
    ]
}

fn address() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        4 => select(ADDRESSES).prop_map(|text| text.parse().expect("the addresses are valid")),
        1 => any::<u32>().prop_map(|bits| IpAddr::V4(Ipv4Addr::from_bits(bits))),
        1 => any::<u32>().prop_map(|bits| IpAddr::V6(Ipv4Addr::from_bits(bits).to_ipv6_mapped())),
        1 => any::<u128>().prop_map(|bits| IpAddr::V6(Ipv6Addr::from_bits(bits))),
    ]
}

fn stage() -> impl Strategy<Value = Stage> {
    select(Stage::VARIANTS)
}

fn nullable<S: Strategy>(values: S) -> impl Strategy<Value = Option<S::Value>>
where
    S::Value: std::fmt::Debug,
{
    proptest::option::weighted(0.75, values)
}

/// A row with id 0; [`dataset`] gives the ids.
fn row() -> impl Strategy<Value = Probe> {
    let texts = (
        text(),
        nullable(text()),
        prop_oneof![select(REGIONS).prop_map(str::to_owned), text()],
    );
    let numbers = (integer(), nullable(integer()), nullable(rate()));
    let instants = (instant(), nullable(instant()));
    let others = (
        stage(),
        uuid(),
        nullable(address()),
        nullable(uuid()),
        any::<bool>(),
        nullable(any::<bool>()),
    );
    (texts, numbers, instants, others).prop_map(
        |(
            (label, note, region),
            (amount, score, rate),
            (created_at, reviewed_at),
            (stage, token, origin, account_id, active, verified),
        )| Probe {
            id: 0,
            label,
            note,
            amount,
            score,
            rate,
            created_at,
            reviewed_at,
            stage,
            token,
            origin,
            account_id,
            active,
            verified,
            region,
        },
    )
}

/// Up to [`MAX_ROWS`] rows with distinct ids, in no particular order.
fn dataset() -> impl Strategy<Value = Vec<Probe>> {
    (
        vec(row(), 0..=MAX_ROWS),
        Just(ID_POOL.to_vec()).prop_shuffle(),
    )
        .prop_map(|(mut rows, ids)| {
            for (row, id) in rows.iter_mut().zip(ids) {
                row.id = id;
            }
            rows
        })
}

/// Values of every kind, for filter values not taken from the rows.
#[derive(Debug, Clone)]
struct FreshValues {
    text: String,
    integer: i64,
    rate: jsonapi_filter::Decimal,
    instant: DateTime<Utc>,
    uuid: Uuid,
    address: IpAddr,
    stage: Stage,
    flag: bool,
}

fn fresh_values() -> impl Strategy<Value = FreshValues> {
    (
        text(),
        integer(),
        rate(),
        instant(),
        uuid(),
        address(),
        stage(),
        any::<bool>(),
    )
        .prop_map(
            |(text, integer, rate, instant, uuid, address, stage, flag)| FreshValues {
                text,
                integer,
                rate,
                instant,
                uuid,
                address,
                stage,
                flag,
            },
        )
}

/// How one filter value is chosen, resolved against the dataset by [`written_value`].
#[derive(Debug, Clone)]
struct ValueSeed {
    /// 0: a fresh value; otherwise the column's value in the row `row` picks (when it has any).
    source: u8,
    row: Index,
    /// What is done to the value: a case change or a substring (text), ±1 (integers), ±1 µs (instants), ±1 in
    /// the last byte or the other family (addresses).
    change: u8,
    /// How the value is spelled: an offset or a date (instants), a uuid form, an IPv6 form.
    spelling: u8,
    /// The bounds of a substring.
    cut: (Index, Index),
    fresh: FreshValues,
}

fn value_seed() -> impl Strategy<Value = ValueSeed> {
    (
        0_u8..4,
        any::<Index>(),
        any::<u8>(),
        any::<u8>(),
        (any::<Index>(), any::<Index>()),
        fresh_values(),
    )
        .prop_map(|(source, row, change, spelling, cut, fresh)| ValueSeed {
            source,
            row,
            change,
            spelling,
            cut,
            fresh,
        })
}

/// One filter: which key (among every filter key of the resource), its spelling, its values.
#[derive(Debug, Clone)]
struct FilterSeed {
    key: Index,
    underscored: bool,
    /// Spaces written `+`, as forms do, rather than `%20`.
    spaces_as_plus: bool,
    values: Vec<ValueSeed>,
}

/// A query, before it meets a dataset.
#[derive(Debug, Clone)]
struct QuerySeed {
    /// The server's scope, when there is one: `is_in` on one field with the values of some rows.
    scope: Option<ScopeSeed>,
    filters: Vec<FilterSeed>,
    /// Boolean groups beside the filters: at most one of each operator is written at one place.
    groups: Vec<GroupSeed>,
    sort: Vec<(Index, bool)>,
    page_size: Option<u64>,
    page_number: Option<u64>,
}

/// A random boolean group: `or` or `and` of 1 to 3 branches, or `not` of one, nested up to the parser's
/// default depth of 3.
#[derive(Debug, Clone)]
enum GroupSeed {
    Or(Vec<BranchSeed>),
    And(Vec<BranchSeed>),
    Not(BranchSeed),
}

/// One branch: its filters (ANDed) and the groups nested in it. `gap` spaces the branch indexes (gaps and
/// their order do not matter).
#[derive(Debug, Clone)]
struct BranchSeed {
    gap: u8,
    filters: Vec<FilterSeed>,
    groups: Vec<GroupSeed>,
}

fn group_seed() -> impl Strategy<Value = GroupSeed> {
    let leaf_branch = || {
        (0_u8..3, vec(filter_seed(), 1..=2)).prop_map(|(gap, filters)| BranchSeed {
            gap,
            filters,
            groups: Vec::new(),
        })
    };
    let leaf = prop_oneof![
        vec(leaf_branch(), 1..=3).prop_map(GroupSeed::Or),
        vec(leaf_branch(), 1..=2).prop_map(GroupSeed::And),
        leaf_branch().prop_map(GroupSeed::Not),
    ];
    // Two more levels at most: three groups deep, the default bound.
    leaf.prop_recursive(2, 12, 3, |inner| {
        let branch = (0_u8..3, vec(filter_seed(), 0..=2), vec(inner, 0..=2))
            .prop_map(|(gap, filters, groups)| BranchSeed {
                gap,
                filters,
                groups,
            })
            .boxed();
        prop_oneof![
            vec(branch.clone(), 1..=3).prop_map(GroupSeed::Or),
            vec(branch.clone(), 1..=2).prop_map(GroupSeed::And),
            branch.prop_map(GroupSeed::Not),
        ]
    })
}

fn filter_seed() -> impl Strategy<Value = FilterSeed> {
    (
        any::<Index>(),
        any::<bool>(),
        any::<bool>(),
        vec(value_seed(), 1..=4),
    )
        .prop_map(|(key, underscored, spaces_as_plus, values)| FilterSeed {
            key,
            underscored,
            spaces_as_plus,
            values,
        })
}

/// A server scope ([`Scope::is_in`]) on `amount`, `label`, `token` or `origin` (by `field`), keeping the rows whose value
/// is one of the values of the rows at `rows` (or of a fixed value when there are no rows: the number of values
/// is always `rows.len()`, so that two datasets give scopes of one shape).
#[derive(Debug, Clone)]
struct ScopeSeed {
    field: u8,
    rows: Vec<Index>,
}

fn scope_seed() -> impl Strategy<Value = ScopeSeed> {
    (0_u8..4, vec(any::<Index>(), 1..=3)).prop_map(|(field, rows)| ScopeSeed { field, rows })
}

/// The scope a seed gives over `rows`.
fn scope_of(seed: Option<&ScopeSeed>, rows: &[Probe]) -> Scope<Probe> {
    let Some(seed) = seed else {
        return Scope::all();
    };
    let picked = seed
        .rows
        .iter()
        .map(|index| (!rows.is_empty()).then(|| index.get(rows)));
    match seed.field {
        0 => Scope::all().is_in("amount", picked.map(|row| row.map_or(0, |row| row.amount))),
        1 => Scope::all().is_in(
            "label",
            picked.map(|row| row.map_or(String::new(), |row| row.label.clone())),
        ),
        2 => Scope::all().is_in(
            "token",
            picked.map(|row| row.map_or(Uuid::nil(), |row| row.token)),
        ),
        // A NULL origin keeps no row: a fixed address stands in, so that the scope keeps its shape.
        _ => Scope::all().is_in(
            "origin",
            picked.map(|row| {
                row.and_then(|row| row.origin)
                    .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
            }),
        ),
    }
}

fn query_seed() -> impl Strategy<Value = QuerySeed> {
    // Mostly one or two filters, as four rarely leave a row to compare; each arm shrinks to one filter or none.
    let filters = prop_oneof![
        3 => vec(filter_seed(), 1..=2),
        1 => vec(filter_seed(), 0..=4),
    ];
    // Mostly small pages, so that pages cut the matches.
    let page_size = prop_oneof![1_u64..=3, 1_u64..=(MAX_ROWS as u64 + 1)];
    // Half of the queries carry groups.
    let groups = prop_oneof![1 => Just(Vec::new()), 1 => vec(group_seed(), 1..=2)];
    (
        proptest::option::weighted(0.3, scope_seed()),
        filters,
        groups,
        vec((any::<Index>(), any::<bool>()), 0..=3),
        proptest::option::of(page_size),
        proptest::option::of(1_u64..=4),
    )
        .prop_map(
            |(scope, filters, groups, sort, page_size, page_number)| QuerySeed {
                scope,
                filters,
                groups,
                sort,
                page_size,
                page_number,
            },
        )
}

/// One generated case: rows and a query over them.
#[derive(Debug, Clone)]
struct Case {
    rows: Vec<Probe>,
    query: QuerySeed,
}

fn case() -> impl Strategy<Value = Case> {
    (dataset(), query_seed()).prop_map(|(rows, query)| Case { rows, query })
}

/// The text forms of a string value a filter may use: as stored, in another case (ASCII only or every
/// script), or a piece of it.
fn changed_text(text: &str, seed: &ValueSeed) -> String {
    let characters: Vec<char> = text.chars().collect();
    let first = seed.cut.0.index(characters.len() + 1);
    let second = seed.cut.1.index(characters.len() + 1);
    let (start, end) = (first.min(second), first.max(second));
    match seed.change % 8 {
        0 => text.to_owned(),
        1 => text.to_ascii_uppercase(),
        2 => text.to_ascii_lowercase(),
        3 => text.to_uppercase(),
        4 => text.to_lowercase(),
        5 => characters[start..end].iter().collect(),
        6 => characters[..first].iter().collect(),
        _ => characters[first..].iter().collect(),
    }
}

/// An instant as a client may write it: `Z`, an offset, or only its date (which means midnight UTC).
fn written_instant(instant: DateTime<Utc>, spelling: u8) -> String {
    let offset = OFFSETS[usize::from(spelling) % OFFSETS.len()];
    if spelling % 7 == 6 {
        return instant.format("%Y-%m-%d").to_string();
    }
    // Fractions as short as possible, or always six digits, or nine (the last three zeros).
    let digits = [
        SecondsFormat::AutoSi,
        SecondsFormat::Micros,
        SecondsFormat::Nanos,
    ][usize::from(spelling / 8) % 3];
    let local = instant.with_timezone(&FixedOffset::east_opt(offset).expect("a valid offset"));
    if offset == 0 || !(0..=9999).contains(&local.year()) {
        instant.to_rfc3339_opts(digits, true)
    } else {
        local.to_rfc3339_opts(digits, false)
    }
}

/// A uuid in one of the forms the parser reads.
fn written_uuid(uuid: Uuid, spelling: u8) -> String {
    match spelling % 5 {
        0 => uuid.hyphenated().to_string(),
        1 => uuid.hyphenated().to_string().to_uppercase(),
        2 => uuid.simple().to_string(),
        3 => uuid.braced().to_string(),
        _ => uuid.urn().to_string(),
    }
}

/// `address` with its last byte moved by `step`, wrapping: a neighbour of the same family.
fn last_byte_moved(address: IpAddr, step: u8) -> IpAddr {
    match address {
        IpAddr::V4(v4) => {
            let mut octets = v4.octets();
            octets[3] = octets[3].wrapping_add(step);
            IpAddr::V4(octets.into())
        }
        IpAddr::V6(v6) => {
            let mut octets = v6.octets();
            octets[15] = octets[15].wrapping_add(step);
            IpAddr::V6(octets.into())
        }
    }
}

/// `address` in the other family where it has a twin there: an IPv4 address as its IPv4-mapped IPv6
/// address and back. A different value, which must not match the original.
fn other_family(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V6(v4.to_ipv6_mapped()),
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
    }
}

/// An address as a client may write it: as the standard library does, upper case, every IPv6 group written
/// out, or every group zero-padded to four digits (IPv4 has one form).
fn written_address(address: IpAddr, spelling: u8) -> String {
    let IpAddr::V6(v6) = address else {
        return address.to_string();
    };
    let groups = v6.segments();
    match spelling % 4 {
        1 => v6.to_string().to_uppercase(),
        2 => groups.map(|group| format!("{group:x}")).join(":"),
        3 => groups.map(|group| format!("{group:04X}")).join(":"),
        _ => v6.to_string(),
    }
}

/// One filter value for `field`, as written in the query (before CSV quoting and percent-encoding).
fn written_value(field: &FieldSchema, rows: &[Probe], seed: &ValueSeed) -> String {
    let column: Vec<FilterValue> = rows
        .iter()
        .filter_map(|row| row.field_value(field))
        .collect();
    let stored = (seed.source != 0 && !column.is_empty()).then(|| seed.row.get(&column).clone());
    let fresh = &seed.fresh;
    match field.kind {
        ValueKind::String => {
            let text = match stored {
                Some(FilterValue::String(text)) => text,
                _ => fresh.text.clone(),
            };
            changed_text(&text, seed)
        }
        ValueKind::Integer => {
            let number = match stored {
                Some(FilterValue::Integer(number)) => number,
                _ => fresh.integer,
            };
            let changed = match seed.change % 4 {
                1 => number.checked_add(1),
                2 => number.checked_sub(1),
                _ => None,
            };
            let number = changed.unwrap_or(number);
            // Leading zeros are read as decimal digits.
            match (seed.spelling % 4, number < 0) {
                (1, false) => format!("00{number}"),
                (1, true) => format!("-00{}", number.unsigned_abs()),
                _ => number.to_string(),
            }
        }
        ValueKind::Decimal => {
            let number = match stored {
                Some(FilterValue::Decimal(number)) => number,
                _ => fresh.rate,
            };
            written_rate(number, seed)
        }
        ValueKind::DateTime => {
            let instant = match stored {
                Some(FilterValue::DateTime(instant)) => instant,
                _ => fresh.instant,
            };
            let changed = match seed.change % 3 {
                1 => nudged(instant, 1),
                2 => nudged(instant, -1),
                _ => instant,
            };
            written_instant(changed, seed.spelling)
        }
        ValueKind::Uuid => {
            let uuid = match stored {
                Some(FilterValue::Uuid(uuid)) => uuid,
                _ => fresh.uuid,
            };
            written_uuid(uuid, seed.spelling)
        }
        ValueKind::Inet => {
            let address = match stored {
                Some(FilterValue::Inet(address)) => address,
                _ => fresh.address,
            };
            let changed = match seed.change % 5 {
                1 => last_byte_moved(address, 1),
                2 => last_byte_moved(address, u8::MAX),
                3 => other_family(address),
                _ => address,
            };
            written_address(changed, seed.spelling)
        }
        ValueKind::Enum => match stored {
            Some(FilterValue::Enum(wire_value)) => wire_value.to_owned(),
            _ => fresh.stage.wire_value().to_owned(),
        },
        ValueKind::Boolean => match stored {
            Some(FilterValue::Boolean(flag)) => flag,
            _ => fresh.flag,
        }
        .to_string(),
    }
}

/// A decimal of scale 4 as a filter value: moved by a step in the fourth or the third fractional digit (kept
/// within the column's range), and written as the shortest text, with all four fractional digits, with
/// leading zeros, or with trailing zeros beyond the scale.
fn written_rate(number: jsonapi_filter::Decimal, seed: &ValueSeed) -> String {
    let step = |mantissa: i64| jsonapi_filter::Decimal::new(mantissa, 4);
    let changed = match seed.change % 5 {
        1 => number.checked_add(step(1)),
        2 => number.checked_sub(step(1)),
        3 => number.checked_add(step(10)),
        4 => number.checked_sub(step(10)),
        _ => None,
    }
    .filter(|changed| changed.abs() <= step(LARGEST_RATE))
    .unwrap_or(number);
    let mut scaled = changed;
    scaled.rescale(4);
    let shortest = changed.normalize().to_string();
    match seed.spelling % 4 {
        1 => scaled.to_string(),
        2 => match shortest.strip_prefix('-') {
            Some(digits) => format!("-00{digits}"),
            None => format!("00{shortest}"),
        },
        3 if shortest.contains('.') => format!("{shortest}00"),
        3 => format!("{shortest}.000"),
        _ => shortest,
    }
}

/// A generated query string, and the filter parameters the parser must refuse.
struct GeneratedQuery {
    text: String,
    /// The `filter[...]` parameters whose value holds a line break, which no CSV line may.
    refused: Vec<String>,
}

/// The query string of a seed over `rows`: the filters (a key given twice is dropped, as the parser refuses
/// it), the sort, the page.
fn generated_query(seed: &QuerySeed, rows: &[Probe]) -> GeneratedQuery {
    let schema = Probe::SCHEMA;
    let mut parameters = Vec::new();
    let mut refused = Vec::new();
    write_conditions(
        "",
        &seed.filters,
        &seed.groups,
        rows,
        &mut parameters,
        &mut refused,
    );
    let sortable: Vec<&'static FieldSchema> = schema
        .fields
        .iter()
        .filter(|field| field.sortable)
        .collect();
    let mut sorted = HashSet::new();
    let criteria: Vec<String> = seed
        .sort
        .iter()
        .map(|(field, descending)| (*field.get(&sortable), descending))
        .filter(|(field, _)| sorted.insert(field.name))
        .map(|(field, descending)| {
            let sign = if *descending { "-" } else { "" };
            format!("{sign}{}", field.key)
        })
        .collect();
    if !criteria.is_empty() {
        parameters.push(format!("sort={}", criteria.join(",")));
    }
    if let Some(size) = seed.page_size {
        parameters.push(format!("page[size]={size}"));
    }
    if let Some(number) = seed.page_number {
        parameters.push(format!("page[number]={number}"));
    }
    GeneratedQuery {
        text: parameters.join("&"),
        refused,
    }
}

/// The parameters of filters and groups at one place (`prefix`: `""`, `[or][1]`, `[or][1][not]`): each key
/// once (a key given twice at one place is dropped, as the parser refuses it), then the groups.
fn write_conditions(
    prefix: &str,
    filters: &[FilterSeed],
    groups: &[GroupSeed],
    rows: &[Probe],
    parameters: &mut Vec<String>,
    refused: &mut Vec<String>,
) {
    let keys: Vec<(&'static FieldSchema, Option<Predicate>)> =
        Probe::SCHEMA.filter_parameters().collect();
    let mut seen = HashSet::new();
    for filter in filters {
        let (field, predicate) = *filter.key.get(&keys);
        if !seen.insert((field.name, predicate)) {
            continue;
        }
        let mut key = match predicate {
            Some(predicate) => format!("{}-{}", field.key, predicate.suffix()),
            None => field.key.to_owned(),
        };
        if filter.underscored {
            key = key.replace('-', "_");
        }
        let values: Vec<String> = if predicate.is_some_and(Predicate::takes_flag) {
            vec![filter.values[0].fresh.flag.to_string()]
        } else {
            let takes_list = predicate.is_none_or(Predicate::takes_list);
            let count = if takes_list { filter.values.len() } else { 1 };
            filter.values[..count]
                .iter()
                .map(|value| written_value(field, rows, value))
                .collect()
        };
        let line = filter_value_line(&values);
        let name = format!("filter{prefix}[{key}]");
        if line.contains(['\r', '\n']) {
            refused.push(name.clone());
        }
        let mut encoded = encode_query_value(&line);
        if filter.spaces_as_plus {
            encoded = encoded.replace("%20", "+");
        }
        parameters.push(format!("{name}={encoded}"));
    }
    // One group of each operator at this place: two would merge into one, and could repeat a key.
    let mut operators = HashSet::new();
    for group in groups {
        let (operator, branches): (&str, Vec<&BranchSeed>) = match group {
            GroupSeed::Or(branches) => ("or", branches.iter().collect()),
            GroupSeed::And(branches) => ("and", branches.iter().collect()),
            GroupSeed::Not(branch) => ("not", vec![branch]),
        };
        if !operators.insert(operator) {
            continue;
        }
        let mut index = 0_u32;
        for branch in branches {
            let place = if operator == "not" {
                format!("{prefix}[not]")
            } else {
                index += 1 + u32::from(branch.gap);
                format!("{prefix}[{operator}][{index}]")
            };
            write_conditions(
                &place,
                &branch.filters,
                &branch.groups,
                rows,
                parameters,
                refused,
            );
        }
    }
}

/// The parser refuses exactly the expected parameters, each with the malformed-filter error (code 120).
fn expect_refusal(query: &GeneratedQuery) -> Result<(), String> {
    let errors = match ResourceQuery::<Probe>::parse(&query.text) {
        Ok(_) => return Err(format!("the query {:?} was accepted", query.text)),
        Err(errors) => errors,
    };
    let mut given: Vec<(&str, Option<&str>)> = errors
        .iter()
        .map(|error| (error.code(), error.parameter()))
        .collect();
    let mut expected: Vec<(&str, Option<&str>)> = query
        .refused
        .iter()
        .map(|parameter| ("120", Some(parameter.as_str())))
        .collect();
    given.sort_unstable();
    expected.sort_unstable();
    if given == expected {
        Ok(())
    } else {
        Err(format!(
            "the query {:?} is refused with {given:?}, expected {expected:?}",
            query.text
        ))
    }
}

/// What a backend is checked against: the evaluator's page and total.
struct Oracle<R> {
    query: ResourceQuery<R>,
    page: Vec<i64>,
    total: u64,
}

/// A row's id, read as the evaluator reads every field.
fn row_id<R: Resource + FilterRecord>(row: &R) -> i64 {
    match row.field_value(R::SCHEMA.id_field()) {
        Some(FilterValue::Integer(id)) => id,
        other => panic!("the suites' ids are integers, not {other:?}"),
    }
}

fn oracle<R: Resource + FilterRecord>(
    query_string: &str,
    scope: Scope<R>,
    rows: &[R],
) -> Result<Oracle<R>, String> {
    let query = ResourceQuery::<R>::parse(query_string)
        .map_err(|errors| {
            let document = serde_json::to_string(&errors.to_document())
                .unwrap_or_else(|error| error.to_string());
            format!("the generated query {query_string:?} does not parse: {document}")
        })?
        .scoped(scope);
    let (page, total) = query.evaluate(rows);
    let page = page.iter().map(|row| row_id(*row)).collect();
    Ok(Oracle { query, page, total })
}

/// The rows of a case, one per line, for a failure message.
fn describe_rows<R: std::fmt::Debug>(rows: &[R]) -> String {
    let mut text = String::new();
    for row in rows {
        let _ = writeln!(text, "    {row:?}");
    }
    text
}

/// Runs one case on one backend: reload the table, then compare the page and the count with the oracle. The
/// server's `scope` holds in both.
async fn check<R: Resource + FilterRecord + std::fmt::Debug>(
    backend: Backend,
    database: &Database,
    rows: &[R],
    query_string: &str,
    scope: Scope<R>,
) -> Result<Oracle<R>, String> {
    let oracle = oracle(query_string, scope, rows)?;
    database
        .replace_rows(backend, rows)
        .await
        .map_err(|error| format!("could not load the rows: {error}"))?;
    let select = oracle.query.select_statement(backend);
    let count = oracle.query.count_statement(backend);
    let sql = |statement| {
        let (sql, values) = backend.build(statement);
        format!("  sql: {sql}\n  values: {values:?}")
    };
    let page = database
        .ids(backend, &select)
        .await
        .map_err(|error| format!("{error}\n{}", sql(&select)))?;
    let total = database
        .count(backend, &count)
        .await
        .map_err(|error| format!("{error}\n{}", sql(&count)))?;
    let rows_text = || describe_rows(rows);
    if page != oracle.page {
        return Err(format!(
            "query {query_string:?}\n  evaluator {:?}\n  backend   {page:?}\n{}\n  rows:\n{}",
            oracle.page,
            sql(&select),
            rows_text()
        ));
    }
    if u64::try_from(total).ok() != Some(oracle.total) {
        return Err(format!(
            "query {query_string:?}\n  evaluator total {}\n  backend COUNT(*) {total}\n{}\n  rows:\n{}",
            oracle.total,
            sql(&count),
            rows_text()
        ));
    }
    Ok(oracle)
}

/// A fixed case from a shrunk failure: rows, a query and the page it must give (reasoned by hand), checked
/// on the evaluator and on every backend before the generated cases.
struct Regression {
    name: &'static str,
    rows: fn() -> Vec<Probe>,
    query: &'static str,
    expected: &'static [i64],
}

/// The shrunk failures, kept as explicit cases. No run has yet found the evaluator and a backend in
/// disagreement on the framework as it is; these are what the suite shrank to when the framework was broken on
/// purpose to prove that it can fail (the evaluator folding every script's case in patterns; MariaDB comparing
/// `eq`/`in` in its case-insensitive collation; SQLite binding decimals rounded to three fractional digits; addresses sorted as text by the evaluator, or stored with their
/// IPv4 bytes reversed on SQLite and MariaDB: both shrank to a `sort=origin` of a few rows, written out here
/// with the neighbours that text order gets wrong).
const REGRESSIONS: &[Regression] = &[
    Regression {
        name: "patterns_fold_ascii_letters_only",
        rows: || {
            let notes = ["ẞ", "ß", "CAFÉ", "café", "\u{212A}", "k"];
            (1..)
                .zip(notes)
                .map(|(id, note)| with_note(id, note))
                .collect()
        },
        // ß, café and the ASCII K: not ẞ, not CAFÉ (É is not ASCII), not the Kelvin sign.
        query: "filter[note-cont-any]=%C3%9F,caf%C3%A9,K",
        expected: &[2, 4, 6],
    },
    Regression {
        name: "text_equality_is_exact",
        rows: || {
            let notes = ["alpha", "ALPHA", "alpha ", "\u{e1}lpha"];
            (1..)
                .zip(notes)
                .map(|(id, note)| with_note(id, note))
                .collect()
        },
        // Case, trailing spaces and accents all count, on MariaDB too.
        query: "filter[note-in]=ALPHA,alpha%20",
        expected: &[2, 3],
    },
    Regression {
        name: "addresses_sort_ipv4_first_then_by_number",
        rows: || {
            let origins = [
                Some("10.0.0.0"),
                Some("9.0.0.0"),
                Some("::ffff:9.0.0.0"),
                Some("2001:db8::10"),
                Some("2001:db8::9"),
                Some("255.255.255.255"),
                None,
                Some("10.0.1.0"),
            ];
            (1..)
                .zip(origins)
                .map(|(id, origin)| with_origin(id, origin))
                .collect()
        },
        // 9.0.0.0 < 10.0.0.0 < 10.0.1.0 < 255.255.255.255 < ::ffff:9.0.0.0 < 2001:db8::9 < 2001:db8::10 < NULL.
        query: "sort=origin",
        expected: &[2, 1, 8, 6, 3, 5, 4, 7],
    },
    Regression {
        name: "addresses_are_equal_in_any_spelling_but_not_across_families",
        rows: || {
            let origins = [
                Some("1.2.3.4"),
                Some("::ffff:1.2.3.4"),
                Some("2001:db8::1"),
                Some("1.2.3.5"),
                None,
            ];
            (1..)
                .zip(origins)
                .map(|(id, origin)| with_origin(id, origin))
                .collect()
        },
        // The mapped address in hex and the IPv6 one uncompressed: rows 2 and 3, not row 1, not the NULL.
        query: "filter[origin-in]=2001:DB8:0:0:0:0:0:1,::FFFF:102:304",
        expected: &[2, 3],
    },
    Regression {
        name: "decimals_compare_every_digit",
        rows: || {
            let rates = [
                -999_999_999_999_999_999,
                -999_999_999_999_999_998,
                1_231,
                1_239,
                1_230,
            ];
            (1..)
                .zip(rates)
                .map(|(id, rate)| with_rate(id, rate))
                .collect()
        },
        // Each value matches its own row only, not the rows one step or a fourth digit away.
        query: "filter[rate-in]=-99999999999999.9999,0.1231",
        expected: &[1, 3],
    },
];

/// A row whose every field but `id` and `origin` has a fixed value.
fn with_origin(id: i64, origin: Option<&str>) -> Probe {
    Probe {
        origin: origin.map(|text| {
            text.parse()
                .expect("the regressions' origins are addresses")
        }),
        note: None,
        ..with_note(id, "")
    }
}

/// A row whose every field but `id` and `rate` (given as its mantissa at scale 4) has a fixed value.
fn with_rate(id: i64, mantissa: i64) -> Probe {
    Probe {
        note: None,
        rate: Some(jsonapi_filter::Decimal::new(mantissa, 4)),
        ..with_note(id, "")
    }
}

/// A row whose every field but `id` and `note` has a fixed value.
fn with_note(id: i64, note: &str) -> Probe {
    Probe {
        id,
        label: String::new(),
        note: Some(note.to_owned()),
        amount: 0,
        score: None,
        rate: None,
        created_at: DateTime::UNIX_EPOCH,
        reviewed_at: None,
        stage: Stage::Draft,
        token: Uuid::nil(),
        origin: None,
        account_id: None,
        active: false,
        verified: None,
        region: String::new(),
    }
}

/// How selective the generated queries were on one backend, to show the generators do their job.
#[derive(Default)]
struct Tally {
    /// Cases run on the backend and compared.
    compared: AtomicU64,
    rows: AtomicU64,
    matched: AtomicU64,
    /// Cases where the filters kept some rows and dropped others.
    selective: AtomicU64,
    /// Cases with rows where the filters kept none.
    kept_none: AtomicU64,
    /// Cases whose page was a proper, non-empty part of the matches.
    partial_pages: AtomicU64,
    /// Cases the parser refused, as expected (a line break in a filter value).
    refused: AtomicU64,
    /// Compared cases with boolean groups, and those of them whose filters kept some rows and dropped others.
    grouped: AtomicU64,
    grouped_selective: AtomicU64,
}

impl Tally {
    fn record<R>(&self, rows: usize, oracle: &Oracle<R>) {
        let rows = rows as u64;
        self.compared.fetch_add(1, Ordering::Relaxed);
        self.rows.fetch_add(rows, Ordering::Relaxed);
        self.matched.fetch_add(oracle.total, Ordering::Relaxed);
        let selective = oracle.total > 0 && oracle.total < rows;
        if selective {
            self.selective.fetch_add(1, Ordering::Relaxed);
        }
        if !oracle.query.groups.is_empty() {
            self.grouped.fetch_add(1, Ordering::Relaxed);
            if selective {
                self.grouped_selective.fetch_add(1, Ordering::Relaxed);
            }
        }
        if oracle.total == 0 && rows > 0 {
            self.kept_none.fetch_add(1, Ordering::Relaxed);
        }
        let page = oracle.page.len() as u64;
        if page > 0 && page < oracle.total {
            self.partial_pages.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// The number of generated cases per backend.
fn case_count() -> Result<u32, String> {
    match std::env::var(CASES_VARIABLE) {
        Ok(text) => text
            .parse()
            .map_err(|_| format!("{CASES_VARIABLE}={text:?} is not a number of cases")),
        Err(_) => Ok(DEFAULT_CASES),
    }
}

/// Runs the fixed regressions, then the generated cases, on one engine.
fn run_engine(engine: &Engine, runtime: &tokio::runtime::Runtime) -> Result<(), Failed> {
    let cases = case_count()?;
    let database = runtime.block_on(engine.database())?;
    let backend = engine.backend;
    for regression in REGRESSIONS {
        let oracle = runtime
            .block_on(check(
                backend,
                database,
                &(regression.rows)(),
                regression.query,
                Scope::all(),
            ))
            .map_err(|error| format!("regression {}: {error}", regression.name))?;
        if oracle.page != regression.expected {
            return Err(format!(
                "regression {}: the evaluator gives {:?}, expected {:?}",
                regression.name, oracle.page, regression.expected
            )
            .into());
        }
    }
    let config = Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSION_SEEDS))),
        // Shrinking reloads the table for every attempt; bound it so that a failure is reported in minutes.
        max_shrink_time: 300_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let tally = Tally::default();
    let started = Instant::now();
    let outcome = runner.run(&case(), |case| {
        let query = generated_query(&case.query, &case.rows);
        if !query.refused.is_empty() {
            expect_refusal(&query).map_err(TestCaseError::fail)?;
            tally.refused.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let oracle = runtime
            .block_on(check(
                backend,
                database,
                &case.rows,
                &query.text,
                scope_of(case.query.scope.as_ref(), &case.rows),
            ))
            .map_err(TestCaseError::fail)?;
        tally.record(case.rows.len(), &oracle);
        Ok(())
    });
    match outcome {
        Ok(()) => {
            let count = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
            eprintln!(
                "{}: {} cases in {:.1} s ({} fixed regressions first): {} compared, {} refused by the parser as \
                 expected; {} rows, {} matched; the filters kept some rows and dropped others in {} cases, kept \
                 none in {}; {} pages cut the matches; {} cases had boolean groups, {} of them selective",
                engine.name,
                cases,
                started.elapsed().as_secs_f64(),
                REGRESSIONS.len(),
                count(&tally.compared),
                count(&tally.refused),
                count(&tally.rows),
                count(&tally.matched),
                count(&tally.selective),
                count(&tally.kept_none),
                count(&tally.partial_pages),
                count(&tally.grouped),
                count(&tally.grouped_selective),
            );
            Ok(())
        }
        Err(TestError::Fail(reason, _)) => Err(format!(
            "{} disagrees with the evaluator; the minimal case:\n{reason}",
            engine.name
        )
        .into()),
        Err(TestError::Abort(reason)) => Err(format!("aborted: {reason}").into()),
    }
}

/// The statement cache on one backend, no database needed: for generated queries, the cached select and
/// counts equal sea-query's rendering, text and values. Each case writes one query seed over two datasets,
/// giving two queries of one shape with different values: the second is served from the shape the first
/// inserted. The other caches live for the whole run; the small one fills up after four shapes and from then
/// on must answer the other shapes uncached.
fn run_statement_cache(backend: Backend) -> Result<(), Failed> {
    let config = Config {
        cases: case_count()?,
        // The seeds file is replayed by the database trials; a cache failure is reported here, not there.
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let shared = StatementCache::new();
    let small = StatementCache::with_limits(4, 1 << 20);
    let hits = AtomicU64::new(0);
    let outcome = runner.run(
        &(case(), dataset(), 0_u64..40),
        |(case, other_rows, limit)| {
            let first = generated_query(&case.query, &case.rows);
            let second = generated_query(&case.query, &other_rows);
            if !first.refused.is_empty() || !second.refused.is_empty() {
                return Ok(());
            }
            let parse = |text: &str| {
                ResourceQuery::<Probe>::parse(text).map_err(|errors| {
                    TestCaseError::fail(format!("{text:?} does not parse: {errors:?}"))
                })
            };
            let scope = case.query.scope.as_ref();
            let (first, second) = (
                (
                    parse(&first.text)?.scoped(scope_of(scope, &case.rows)),
                    first.text,
                ),
                (
                    parse(&second.text)?.scoped(scope_of(scope, &other_rows)),
                    second.text,
                ),
            );
            let policy = if limit == 0 {
                CountPolicy::Exact
            } else {
                CountPolicy::UpTo(limit)
            };
            let fresh = StatementCache::new();
            for (parsed, text) in [&first, &second] {
                let uncached = backend.build(&parsed.select_statement(backend));
                let uncached_count = backend.build(&parsed.count(backend, policy).statement());
                for cache in [&fresh, &shared, &small] {
                    let (sql, values) = cache.select(parsed, backend);
                    prop_assert_eq!(
                        (&*sql, &values),
                        (uncached.0.as_str(), &uncached.1),
                        "select of {:?}",
                        text
                    );
                    let (sql, values) = cache.count(parsed, backend, policy);
                    prop_assert_eq!(
                        (&*sql, &values),
                        (uncached_count.0.as_str(), &uncached_count.1),
                        "count {:?} of {:?}",
                        policy,
                        text
                    );
                }
            }
            // The second query's shape was the first's: both statements were served from the fresh cache.
            prop_assert_eq!(
                fresh.len(),
                2,
                "{:?} and {:?} are not of one shape",
                first.1,
                second.1
            );
            if first.1 != second.1 {
                hits.fetch_add(1, Ordering::Relaxed);
            }
            prop_assert!(small.len() <= 4);
            Ok(())
        },
    );
    match outcome {
        Ok(()) => {
            eprintln!(
                "{backend:?}: {} cases served a query from a shape inserted with other values; the shared cache \
                 holds {} shapes",
                hits.load(Ordering::Relaxed),
                shared.len()
            );
            Ok(())
        }
        Err(TestError::Fail(reason, _)) => Err(format!(
            "the statement cache disagrees with sea-query; the minimal case:\n{reason}"
        )
        .into()),
        Err(TestError::Abort(reason)) => Err(format!("aborted: {reason}").into()),
    }
}

/// Routes of generated calls: the value of `route`'s default (`not-eq internal`), and values that differ from it
/// only in case or a trailing space, which the default must not hide.
const ROUTES: &[&str] = &["internal", "public", "Internal", "internal ", ""];

/// A call with id 0; [`call_dataset`] gives the ids.
fn call_row() -> impl Strategy<Value = Call> {
    (
        integer(),
        any::<bool>(),
        text(),
        nullable(text()),
        select(ROUTES),
    )
        .prop_map(
            |(duration, is_last_cdr, orig_call_id, pai_in, route)| Call {
                id: 0,
                duration,
                is_last_cdr,
                orig_call_id,
                pai_in,
                route: route.to_owned(),
            },
        )
}

/// Up to [`MAX_ROWS`] calls with distinct ids.
fn call_dataset() -> impl Strategy<Value = Vec<Call>> {
    (
        vec(call_row(), 0..=MAX_ROWS),
        Just(ID_POOL.to_vec()).prop_shuffle(),
    )
        .prop_map(|(mut rows, ids)| {
            for (row, id) in rows.iter_mut().zip(ids) {
                row.id = id;
            }
            rows
        })
}

/// A query of `calls`: each of the two defaulted fields left to its default or filtered (in either spelling),
/// maybe another filter (on an attribute or a filter-only field), a sort and a page.
#[derive(Debug, Clone)]
struct CallQuerySeed {
    /// `filter[is-last-cdr]`: `None` keeps the default; else underscores or dashes, and `true`, `false` or both.
    last: Option<(bool, u8)>,
    /// A `filter[route-...]` predicate (an index into [`ROUTE_PREDICATES`]) and a route, replacing the default.
    route: Option<(usize, Index)>,
    /// Another filter (an index into [`OTHER_CALL_FILTERS`]) and the row whose value it takes.
    other: Option<(usize, Index)>,
    /// A sort key (an index into [`CALL_SORTS`]) and whether it is descending.
    sort: Option<(usize, bool)>,
    page: (u64, u64),
}

/// `""` is the suffix-less `filter[route]` (`with_exact`), a list like `in`.
const ROUTE_PREDICATES: &[&str] = &["eq", "not-eq", "in", "not-in", "cont", "start", ""];
const OTHER_CALL_FILTERS: &[&str] = &[
    "duration-gt",
    "duration-lteq",
    "orig-call-id-eq",
    "orig-call-id-cont",
    "pai-in-null",
    "pai-in-start",
    "id",
    "duration",
    "pai_in",
];
const CALL_SORTS: &[&str] = &["duration", "route", "id"];

fn call_query_seed() -> impl Strategy<Value = CallQuerySeed> {
    (
        proptest::option::of((any::<bool>(), 0_u8..3)),
        proptest::option::of((0..ROUTE_PREDICATES.len(), any::<Index>())),
        proptest::option::of((0..OTHER_CALL_FILTERS.len(), any::<Index>())),
        proptest::option::of((0..CALL_SORTS.len(), any::<bool>())),
        (1_u64..=4, 1_u64..=5),
    )
        .prop_map(|(last, route, other, sort, page)| CallQuerySeed {
            last,
            route,
            other,
            sort,
            page,
        })
}

/// The query string of a seed over `rows`. Values with a line break or NUL, which a filter refuses, are left out
/// (the Probe cases check those refusals).
fn call_query(seed: &CallQuerySeed, rows: &[Call]) -> String {
    let mut parameters = Vec::new();
    let mut filter = |key: String, values: &[String]| {
        if values
            .iter()
            .all(|value| !value.contains(['\n', '\r', '\0']))
        {
            parameters.push(format!(
                "filter[{key}]={}",
                encode_query_value(&filter_value_line(values))
            ));
        }
    };
    if let Some((underscores, values)) = seed.last {
        let key = if underscores {
            "is_last_cdr"
        } else {
            "is-last-cdr"
        };
        let values: &[&str] = match values {
            0 => &["true"],
            1 => &["false"],
            _ => &["true", "false"],
        };
        filter(
            key.to_owned(),
            &values.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>(),
        );
    }
    if let Some((predicate, index)) = seed.route {
        let predicate = ROUTE_PREDICATES[predicate];
        let first = index.index(ROUTES.len());
        let mut values = vec![ROUTES[first].to_owned()];
        if predicate.ends_with("in") || predicate.is_empty() {
            values.push(ROUTES[(first + 1) % ROUTES.len()].to_owned());
        }
        let key = if predicate.is_empty() {
            "route".to_owned()
        } else {
            format!("route-{predicate}")
        };
        filter(key, &values);
    }
    if let (Some((key, index)), false) = (seed.other, rows.is_empty()) {
        let row = &rows[index.index(rows.len())];
        let key = OTHER_CALL_FILTERS[key];
        let prefix = |text: &str| text.chars().take(2).collect::<String>();
        let value = match key {
            "duration-gt" | "duration-lteq" => row.duration.to_string(),
            "orig-call-id-eq" => row.orig_call_id.clone(),
            "orig-call-id-cont" => prefix(&row.orig_call_id),
            "pai-in-null" => row.pai_in.is_none().to_string(),
            "pai-in-start" => prefix(row.pai_in.as_deref().unwrap_or("s")),
            // The suffix-less keys of `with_exact` fields take a list: the row's value and another.
            "duration" => {
                filter(key.to_owned(), &[row.duration.to_string(), "7".to_owned()]);
                String::new()
            }
            "pai_in" => {
                let value = row.pai_in.clone().unwrap_or_else(|| "sip:none".to_owned());
                filter(key.to_owned(), &[value, "sip:2@pbx".to_owned()]);
                String::new()
            }
            _ => row.id.to_string(),
        };
        if !value.is_empty() {
            filter(key.to_owned(), &[value]);
        }
    }
    if let Some((key, descending)) = seed.sort {
        let sign = if descending { "-" } else { "" };
        parameters.push(format!("sort={sign}{}", CALL_SORTS[key]));
    }
    let (number, size) = seed.page;
    parameters.push(format!("page[number]={number}&page[size]={size}"));
    parameters.join("&")
}

/// The generated calls on one engine: the evaluator and the backend agree on the page and the count, with the
/// defaults applied when the query leaves their fields alone, and the statement cache serves what sea-query
/// renders.
fn run_calls(engine: &Engine, runtime: &tokio::runtime::Runtime) -> Result<(), Failed> {
    let database = runtime.block_on(engine.database())?;
    let backend = engine.backend;
    let config = Config {
        cases: case_count()?,
        // The seeds file holds the Probe cases' seeds; a calls failure is reported here with its rows and query.
        failure_persistence: None,
        max_shrink_time: 300_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let tally = Tally::default();
    let defaulted = AtomicU64::new(0);
    let cache = StatementCache::new();
    let outcome = runner.run(&(call_dataset(), call_query_seed()), |(rows, seed)| {
        let query = call_query(&seed, &rows);
        let oracle = runtime
            .block_on(check(backend, database, &rows, &query, Scope::all()))
            .map_err(TestCaseError::fail)?;
        if !oracle.query.default_filters().is_empty() {
            defaulted.fetch_add(1, Ordering::Relaxed);
        }
        let uncached = backend.build(&oracle.query.select_statement(backend));
        let (sql, values) = cache.select(&oracle.query, backend);
        prop_assert_eq!(
            (&*sql, &values),
            (uncached.0.as_str(), &uncached.1),
            "select of {:?}",
            query
        );
        tally.record(rows.len(), &oracle);
        Ok(())
    });
    match outcome {
        Ok(()) => {
            let count = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
            eprintln!(
                "{} calls: {} cases compared, {} with a default filter applied; {} rows, {} matched; the filters kept \
                 some rows and dropped others in {} cases, kept none in {}",
                engine.name,
                count(&tally.compared),
                count(&defaulted),
                count(&tally.rows),
                count(&tally.matched),
                count(&tally.selective),
                count(&tally.kept_none),
            );
            Ok(())
        }
        Err(TestError::Fail(reason, _)) => Err(format!(
            "{} disagrees with the evaluator on calls; the minimal case:\n{reason}",
            engine.name
        )
        .into()),
        Err(TestError::Abort(reason)) => Err(format!("aborted: {reason}").into()),
    }
}

fn main() -> ExitCode {
    let arguments = Arguments::from_args();
    let runtime = Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime"),
    );
    let engines = Arc::new(Engine::all(Vec::new));
    let mut trials = Vec::new();
    for (index, engine) in engines.iter().enumerate() {
        let name = format!("{}::agrees_with_the_evaluator", engine.name);
        let (all, shared_runtime) = (Arc::clone(&engines), Arc::clone(&runtime));
        let trial = Trial::test(name, move || run_engine(&all[index], &shared_runtime));
        // An engine without its URL is shown as ignored, not passed; `--include-ignored` makes it fail.
        trials.push(trial.with_ignored_flag(!engine.is_enabled()));
        let name = format!("{}::calls_agree_with_the_evaluator", engine.name);
        let (all, shared_runtime) = (Arc::clone(&engines), Arc::clone(&runtime));
        let trial = Trial::test(name, move || run_calls(&all[index], &shared_runtime));
        trials.push(trial.with_ignored_flag(!engine.is_enabled()));
        let name = format!("{}::relationships_agree_with_the_evaluator", engine.name);
        let (all, shared_runtime) = (Arc::clone(&engines), Arc::clone(&runtime));
        let trial = Trial::test(name, move || {
            related_trial::run_related(&all[index], &shared_runtime)
        });
        trials.push(trial.with_ignored_flag(!engine.is_enabled()));
        let name = format!("{}::cursor_walks_agree_with_the_evaluator", engine.name);
        let (all, shared_runtime) = (Arc::clone(&engines), Arc::clone(&runtime));
        let trial = Trial::test(name, move || {
            cursors::run_cursor_walks(&all[index], &shared_runtime)
        });
        trials.push(trial.with_ignored_flag(!engine.is_enabled()));
    }
    for (backend, name) in [
        (Backend::Sqlite, "sqlite"),
        (Backend::Postgres, "postgres"),
        (Backend::MySql, "mysql"),
    ] {
        let name = format!("statement_cache::{name}::hit_equals_sea_query");
        trials.push(Trial::test(name, move || run_statement_cache(backend)));
    }
    let conclusion = libtest_mimic::run(&arguments, trials);
    let mut cleaned = true;
    for engine in engines.iter() {
        if let Err(error) = runtime.block_on(engine.tear_down()) {
            eprintln!("{error}");
            cleaned = false;
        }
    }
    if conclusion.has_failed() || !cleaned {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
