//! The cost of a deep page, by offset and by cursor: the `cdr-exports` listing's page statement (the default
//! sort, the caller's scope), built by the library as the server builds it, for the first page, for the page
//! at a depth by `page[number]`, and for the page after the row at that depth by `page[after]`. Each is run
//! `RUNS` times (the median time is printed) and then explained: `EXPLAIN (ANALYZE, BUFFERS)` on PostgreSQL,
//! `EXPLAIN QUERY PLAN` on SQLite. `bench/cursor-depth.sh` runs it over 100,000 exports on both.
//!
//! ```text
//! cargo run --release -p cdr-exports --example explain_cursor -- sqlite:///tmp/x.db 100000
//! ```

use std::time::{Duration, Instant};

use cdr_exports::auth::Customer;
use cdr_exports::resource::{Account, CdrExport};
use cdr_exports::store::Store;
use jsonapi_filter::{Backend, CursorKey, QueryOptions, ResourceQuery};
use sea_query_sqlx::SqlxValues;

type Failure = Box<dyn std::error::Error + Send + Sync>;

const SIZE: u64 = 50;
const RUNS: usize = 21;

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let mut args = std::env::args().skip(1);
    let (Some(database), Some(depth)) = (args.next(), args.next()) else {
        return Err("usage: explain_cursor DATABASE_URL DEPTH".into());
    };
    let depth: u64 = depth.parse()?;
    let store = Store::connect(&database, Duration::from_secs(10)).await?;
    let customer = Customer::load(&store, 1)
        .await?
        .ok_or("the demo access (1) is not in this database: seed it with --seed-demo")?;
    let options = QueryOptions {
        cursor_key: Some(CursorKey::new(b"explain_cursor")),
        ..QueryOptions::default()
    };
    let parse = |query: &str| -> Result<ResourceQuery<CdrExport>, Failure> {
        Ok(ResourceQuery::<CdrExport>::parse_with(query, &options)
            .map_err(|errors| format!("{query:?} is refused: {errors:?}"))?
            .scoped_for(&customer)
            .scoped_related_for::<Account, _>(&customer))
    };
    let backend = store.backend();
    let number = depth / SIZE + 1;
    let by_number = parse(&format!("page[size]={SIZE}&page[number]={number}"))?;
    let (sql, values) = backend.build(&by_number.select_statement(backend));
    let deep = store.exports_where(&sql, values.0).await?;
    let last = deep.last().ok_or("the table is not that deep")?;
    let cursor = by_number.cursor_of(last).ok_or("no cursor")?;
    let cases = [
        ("first page", parse(&format!("page[size]={SIZE}"))?),
        ("page by page[number]", by_number.clone()),
        (
            "page by page[after]",
            parse(&format!("page[size]={SIZE}&page[after]={cursor}"))?,
        ),
    ];
    println!(
        "-- depth {depth}: page[number]={number}, then the page after row {}",
        number * SIZE
    );
    let mut first_median = None;
    for (title, query) in cases {
        let (sql, values) = backend.build(&query.select_statement(backend));
        let mut times = Vec::with_capacity(RUNS);
        let mut rows = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            rows = store.exports_where(&sql, values.0.clone()).await?.len();
            times.push(started.elapsed());
        }
        times.sort();
        let median = times[RUNS / 2];
        let ratio = first_median.map_or(String::new(), |first: Duration| {
            format!(
                ", {:.2}x the first page's",
                median.as_secs_f64() / first.as_secs_f64()
            )
        });
        first_median.get_or_insert(median);
        println!(
            "-- {title}: {rows} rows, median {:.3} ms of {RUNS} runs{ratio}",
            median.as_secs_f64() * 1000.0
        );
        println!("{sql}");
        let explain = match backend {
            Backend::Postgres => format!("EXPLAIN (ANALYZE, BUFFERS) {sql}"),
            _ => format!("EXPLAIN QUERY PLAN {sql}"),
        };
        let plan = store
            .rows(
                &explain,
                SqlxValues(values),
                |row| sqlx::Row::try_get::<String, _>(row, 3),
                |row| sqlx::Row::try_get::<String, _>(row, 0),
            )
            .await?;
        println!("{}\n", plan.join("\n"));
    }
    store.close().await;
    Ok(())
}
