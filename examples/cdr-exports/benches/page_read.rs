//! A listing's reads against SQLite's own time for the same statements (issue 15): the seed listing
//! (`GET /cdr-exports` as `demo`, no parameters) and issue 15's three-filter listing, on the demo data in a
//! SQLite file.
//!
//! - `sqlite_steps`: the page and count statements the server runs, prepared once and stepped to completion
//!   by rusqlite, reading nothing: the engine's own time (planning again included, where SQLite does).
//! - `sqlite_steps_planned_once`: the same on a connection with SQLite's query planner stability guarantee,
//!   which plans once whatever the bound values (the store leaves it off: `store::configure_reader`).
//! - `page_and_count`: the same two statements through `Store::page_and_count`, as the handler calls it
//!   (pool, read transaction, binding, decoding 50 exports).
//! - `listing_document`: what the handler does with the rows read: the page with each row's cursor
//!   (`ResourceQuery::listing_page`), the JSON:API document and its response body.
//!
//! Run by hand: `cargo bench -p cdr-exports --bench page_read`.

use std::time::Duration;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use cdr_exports::auth::Customer;
use cdr_exports::resource::{Account, CdrExport};
use cdr_exports::seed::{DEMO_EXPORTS, seed_demo};
use cdr_exports::store::{EXPORTS, Store, configure_reader};
use criterion::BatchSize;
use criterion::{Criterion, criterion_group, criterion_main};
use jsonapi_filter::axum::JsonApi;
use jsonapi_filter::document::{Fields, ListingDocument};
use jsonapi_filter::sql::rusqlite_values;
use jsonapi_filter::{
    CountPolicy, CursorKey, QueryOptions, RelatedRecords, ResourceQuery, StatementCache,
};
use r2d2_sqlite::rusqlite;

fn page_read(criterion: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let directory = tempfile::tempdir().expect("a temporary directory");
    let path = directory.path().join("bench.db");
    let url = format!("sqlite://{}", path.display());
    let (store, customer) = runtime.block_on(async {
        let store = Store::connect(&url, Duration::from_secs(5))
            .await
            .expect("the database");
        store.migrate().await.expect("the migrations");
        seed_demo(&store, DEMO_EXPORTS)
            .await
            .expect("the demo data");
        let customer = Customer::load(&store, 1)
            .await
            .expect("a read")
            .expect("demo's access");
        (store, customer)
    });

    let statements = StatementCache::new();
    let backend = store.backend();
    let mut connection =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("a read connection");
    configure_reader(&mut connection).expect("the store's settings");
    // The same, planned once whatever the values (what `configure_reader` leaves off, and why).
    let planned_once =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("a read connection");
    planned_once
        .set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )
        .expect("QPSG");
    // The options the server's listing route parses with (`listing_options`): cursors signed.
    let options = QueryOptions {
        cursor_key: Some(CursorKey::new(b"page_read bench")),
        ..QueryOptions::documenting::<CdrExport>()
    };
    for (name, query_string) in LISTINGS {
        let query = ResourceQuery::<CdrExport>::parse_with(query_string, &options)
            .expect("a valid listing")
            .scoped_for(&customer)
            .scoped_related_for::<Account, _>(&customer);
        let page = statements.select(&query, backend);
        let count = statements.count(&query, backend, CountPolicy::Exact);
        let read = || store.page_and_count(&statements, &query, CountPolicy::Exact, EXPORTS);
        let rows = runtime.block_on(read()).expect("a read").0.len();
        eprintln!("{name}: {rows} rows");
        assert!(rows > 0, "a page with rows");
        for (sql, values) in [&page, &count] {
            let values = rusqlite_values(values.clone());
            let plan: Vec<String> = connection
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .and_then(|mut statement| {
                    statement
                        .query_map(values.as_params().as_slice(), |row| row.get(3))?
                        .collect::<Result<_, _>>()
                })
                .expect("a plan");
            eprintln!("{name}: {sql}\n  plan: {}", plan.join("; "));
        }

        let mut group = criterion.benchmark_group(name);
        let step = |connection: &rusqlite::Connection| {
            let mut stepped = 0;
            for (sql, values) in [&page, &count] {
                let mut statement = connection.prepare_cached(sql).expect("prepared");
                let values = rusqlite_values(values.clone());
                let mut rows = statement
                    .query(values.as_params().as_slice())
                    .expect("bound");
                while rows.next().expect("a step").is_some() {
                    stepped += 1;
                }
            }
            assert_eq!(stepped, rows + 1, "the page's rows and one count");
        };
        group.bench_function("sqlite_steps", |bench| bench.iter(|| step(&connection)));
        {
            // The same statements kept prepared with their values bound once: stepped again without binding.
            let mut kept: Vec<rusqlite::Statement<'_>> = [&page, &count]
                .into_iter()
                .map(|(sql, values)| {
                    let mut statement = connection.prepare(sql).expect("prepared");
                    for (index, value) in rusqlite_values(values.clone()).0.iter().enumerate() {
                        statement
                            .raw_bind_parameter(index + 1, value)
                            .expect("bound");
                    }
                    statement
                })
                .collect();
            group.bench_function("sqlite_steps_bound_once", |bench| {
                bench.iter(|| {
                    let mut stepped = 0;
                    for statement in &mut kept {
                        let mut rows = statement.raw_query();
                        while rows.next().expect("a step").is_some() {
                            stepped += 1;
                        }
                    }
                    assert_eq!(stepped, rows + 1, "the page's rows and one count");
                })
            });
        }
        group.bench_function("sqlite_steps_planned_once", |bench| {
            bench.iter(|| step(&planned_once))
        });
        group.bench_function("page_and_count", |bench| {
            bench.to_async(&runtime).iter(|| async {
                let (exports, _) = read().await.expect("a read");
                assert_eq!(exports.len(), rows);
            })
        });
        let (exports, counted) = runtime.block_on(read()).expect("a read");
        group.bench_function("listing_document", |bench| {
            bench.iter_batched(
                || exports.clone(),
                |exports| {
                    let collection = "http://localhost/api/rest/customer/v1/cdr-exports";
                    let total = CountPolicy::Exact.total(query.page, counted);
                    let page = query.listing_page(exports, &RelatedRecords::new());
                    let (fields, linkage) = (Fields::of(&query), query.include_names());
                    let document = ListingDocument {
                        data: page.objects(fields, Some(collection), &linkage),
                        included: None::<Vec<jsonapi_filter::include::IncludedObject>>,
                        meta: page.meta(total),
                        links: page.links(collection, query_string, total),
                    };
                    JsonApi(StatusCode::OK, document).into_response()
                },
                BatchSize::SmallInput,
            )
        });
        group.finish();
    }
}

/// The listings measured: a name and the query string.
const LISTINGS: [(&str, &str); 2] = [
    ("seed_listing", ""),
    (
        "three_filters",
        "filter[status-in]=Pending,Completed&filter[created-at-gteq]=2025-01-01T00:00:00Z\
         &filter[time-zone-name-cont]=europe&sort=-created-at&page[size]=50",
    ),
];

criterion_group!(benches, page_read);
criterion_main!(benches);
