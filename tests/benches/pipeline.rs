//! The query pipeline: a query string becomes validated filters, then an SQL string with bound values.
//!
//! The floor is the same query string merely parsed by serde_qs into nested string maps, measured in the same
//! run, so that ratios hold on a noisy machine. Run: `cargo bench -p jsonapi-filter-tests --bench pipeline`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Arc;

use cdr_exports::resource::Cdr;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use jsonapi_filter::{Backend, Resource, ResourceQuery, StatementCache, ValueKind};
use jsonapi_filter_tests::reference::CdrExport;
use serde::Deserialize;

/// The reference-like listing query of issue 5.
const REFERENCE_QUERY: &str = "filter[status-in]=Pending,Completed&filter[created-at-gteq]=2026-01-01T00:00:00Z&filter[time-zone-name-cont]=europe&sort=-created-at&page[number]=2&page[size]=50";

/// What serde_qs parses into: nested string maps, no validation, no typing.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // Read only by the parser; the floor measures parsing alone.
struct NestedStrings {
    #[serde(default)]
    filter: BTreeMap<String, String>,
    #[serde(default)]
    page: BTreeMap<String, String>,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    sort: Option<String>,
    include: Option<String>,
}

fn floor(query: &str) -> NestedStrings {
    serde_qs::from_str(query).expect("the floor parses every benchmark query")
}

/// Parse, validate, render for PostgreSQL: what a listing request costs before the database.
fn pipeline(query: &str, backend: Backend) -> (String, sea_query::Values) {
    let parsed = ResourceQuery::<CdrExport>::parse(query).expect("benchmark queries are valid");
    backend.build(&parsed.select_statement(backend))
}

/// The cache of the cached pipeline, warmed with each query's shape before it is measured.
static STATEMENTS: StatementCache = StatementCache::new();

/// Parse, validate, then the SQL text of the query's shape from [`STATEMENTS`] and its values bound in order.
fn pipeline_cached(query: &str, backend: Backend) -> (Arc<str>, sea_query::Values) {
    let parsed = ResourceQuery::<CdrExport>::parse(query).expect("benchmark queries are valid");
    STATEMENTS.select(&parsed, backend)
}

/// A query string with the first `count` of the resource's 42 filter keys, each with a valid value.
fn query_with_filters(count: usize) -> String {
    let schema = CdrExport::SCHEMA;
    schema
        .filter_parameters()
        .take(count)
        .map(|(field, predicate)| {
            let key = match predicate {
                Some(predicate) => format!("{}-{}", field.key, predicate.suffix()),
                None => field.key.to_owned(),
            };
            let value = match field.kind {
                ValueKind::String => "europe".to_owned(),
                ValueKind::Integer => "5".to_owned(),
                ValueKind::Decimal => "1.5".to_owned(),
                ValueKind::DateTime => "2026-01-01T00:00:00Z".to_owned(),
                ValueKind::Enum => field.allowed_values[0].to_owned(),
                ValueKind::Uuid => "05776fa6-e7d9-11f0-bf40-0a63caf27539".to_owned(),
                ValueKind::Inet => "2001:db8::1".to_owned(),
                ValueKind::Boolean => "true".to_owned(),
            };
            format!("filter[{key}]={value}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn query_with_in_list(values: usize) -> String {
    let list: Vec<String> = (0..values).map(|value| (value * 7).to_string()).collect();
    format!("filter[rows-count-in]={}", list.join(","))
}

fn reference_query(c: &mut Criterion) {
    let mut group = c.benchmark_group("reference_query");
    group.bench_function("floor_serde_qs", |b| {
        b.iter(|| floor(black_box(REFERENCE_QUERY)))
    });
    group.bench_function("parse", |b| {
        b.iter(|| ResourceQuery::<CdrExport>::parse(black_box(REFERENCE_QUERY)))
    });
    group.bench_function("pipeline_postgres", |b| {
        b.iter(|| pipeline(black_box(REFERENCE_QUERY), Backend::Postgres))
    });
    pipeline_cached(REFERENCE_QUERY, Backend::Postgres);
    group.bench_function("pipeline_cached_postgres", |b| {
        b.iter(|| pipeline_cached(black_box(REFERENCE_QUERY), Backend::Postgres))
    });
    group.finish();
}

fn rendering(c: &mut Criterion) {
    let parsed = ResourceQuery::<CdrExport>::parse(REFERENCE_QUERY).expect("valid");
    let mut group = c.benchmark_group("render");
    group.bench_function("statement_only_postgres", |b| {
        b.iter(|| black_box(&parsed).select_statement(Backend::Postgres))
    });
    let cache = StatementCache::new();
    cache.select(&parsed, Backend::Postgres);
    group.bench_function("cached_only_postgres", |b| {
        b.iter(|| cache.select(black_box(&parsed), Backend::Postgres))
    });
    let statement = parsed.select_statement(Backend::Postgres);
    group.bench_function("build_only_postgres", |b| {
        b.iter(|| Backend::Postgres.build(black_box(&statement)))
    });
    for (name, backend) in [
        ("sqlite", Backend::Sqlite),
        ("postgres", Backend::Postgres),
        ("mysql", Backend::MySql),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| backend.build(&black_box(&parsed).select_statement(backend)))
        });
    }
    group.finish();
}

fn filter_count(c: &mut Criterion) {
    let mut group = c.benchmark_group("filters");
    for count in [1, 5, 20, 42] {
        let query = query_with_filters(count);
        group.throughput(Throughput::Elements(count as u64));
        group.bench_with_input(
            BenchmarkId::new("floor_serde_qs", count),
            &query,
            |b, query| b.iter(|| floor(black_box(query))),
        );
        group.bench_with_input(BenchmarkId::new("parse", count), &query, |b, query| {
            b.iter(|| ResourceQuery::<CdrExport>::parse(black_box(query)))
        });
        group.bench_with_input(
            BenchmarkId::new("pipeline_postgres", count),
            &query,
            |b, query| b.iter(|| pipeline(black_box(query), Backend::Postgres)),
        );
        pipeline_cached(&query, Backend::Postgres);
        group.bench_with_input(
            BenchmarkId::new("pipeline_cached_postgres", count),
            &query,
            |b, query| b.iter(|| pipeline_cached(black_box(query), Backend::Postgres)),
        );
    }
    group.finish();
}

fn in_list_size(c: &mut Criterion) {
    let mut group = c.benchmark_group("in_list");
    for values in [10, 100, 1000] {
        let query = query_with_in_list(values);
        group.throughput(Throughput::Elements(values as u64));
        group.bench_with_input(
            BenchmarkId::new("floor_serde_qs", values),
            &query,
            |b, query| b.iter(|| floor(black_box(query))),
        );
        group.bench_with_input(BenchmarkId::new("parse", values), &query, |b, query| {
            b.iter(|| ResourceQuery::<CdrExport>::parse(black_box(query)))
        });
        group.bench_with_input(
            BenchmarkId::new("pipeline_postgres", values),
            &query,
            |b, query| b.iter(|| pipeline(black_box(query), Backend::Postgres)),
        );
        pipeline_cached(&query, Backend::Postgres);
        group.bench_with_input(
            BenchmarkId::new("pipeline_cached_postgres", values),
            &query,
            |b, query| b.iter(|| pipeline_cached(black_box(query), Backend::Postgres)),
        );
    }
    group.finish();
}

/// Checks once, before measuring, that every benchmark query is valid and that the floor sees its filters.
/// One filter on `cdr-exports` (42 filter keys) and one on `cdrs` (about 300, with a default filter), each on
/// the resource's last text field so that a walk over the fields would pay the most: a key lookup must not
/// grow with the number of keys.
const EXPORTS_ONE_FILTER: &str = "filter[time-zone-name-eq]=europe";
const CDRS_ONE_FILTER: &str = "filter[rpid-privacy-in-eq]=europe";

fn one_filter(c: &mut Criterion) {
    let mut group = c.benchmark_group("one_filter");
    group.bench_function("parse_cdr_exports", |b| {
        b.iter(|| ResourceQuery::<CdrExport>::parse(black_box(EXPORTS_ONE_FILTER)))
    });
    group.bench_function("parse_cdrs", |b| {
        b.iter(|| ResourceQuery::<Cdr>::parse(black_box(CDRS_ONE_FILTER)))
    });
    group.finish();
}

fn sanity(_: &mut Criterion) {
    assert_eq!(
        ResourceQuery::<CdrExport>::parse(EXPORTS_ONE_FILTER)
            .expect("valid")
            .filters
            .len(),
        1
    );
    let cdrs = ResourceQuery::<Cdr>::parse(CDRS_ONE_FILTER).expect("valid");
    assert_eq!((cdrs.filters.len(), cdrs.default_filters().len()), (1, 1));
    assert!(Cdr::SCHEMA.filter_keys().len() > 5 * CdrExport::SCHEMA.filter_keys().len());
    let parsed = floor(REFERENCE_QUERY);
    assert_eq!(parsed.filter.len(), 3);
    assert_eq!(parsed.page.get("size").map(String::as_str), Some("50"));
    for count in [1, 5, 20, 42] {
        let query = query_with_filters(count);
        assert_eq!(
            ResourceQuery::<CdrExport>::parse(&query)
                .expect("valid")
                .filters
                .len(),
            count
        );
        assert_eq!(floor(&query).filter.len(), count);
    }
    // The cached pipeline gives exactly the uncached SQL and values.
    let queries = [1, 5, 20, 42].map(query_with_filters);
    let lists = [10, 100, 1000].map(query_with_in_list);
    for query in queries
        .iter()
        .chain(&lists)
        .map(String::as_str)
        .chain([REFERENCE_QUERY])
    {
        let cache = StatementCache::new();
        let parsed = ResourceQuery::<CdrExport>::parse(query).expect("valid");
        let uncached = Backend::Postgres.build(&parsed.select_statement(Backend::Postgres));
        for _ in 0..2 {
            let (text, values) = cache.select(&parsed, Backend::Postgres);
            assert_eq!((text.to_string(), values), uncached);
        }
    }
    assert_eq!(
        ResourceQuery::<CdrExport>::parse(&query_with_in_list(1000))
            .expect("valid")
            .filters[0]
            .values
            .len(),
        1000
    );
}

criterion_group!(
    benches,
    sanity,
    reference_query,
    one_filter,
    rendering,
    filter_count,
    in_list_size
);
criterion_main!(benches);
