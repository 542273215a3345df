//! `EXPLAIN (ANALYZE, BUFFERS)` of the statements the `accounts` listing runs for one query string: the page and
//! the count, built by the library exactly as the server builds them (the caller's accounts, the exports'
//! scope inside a filter through `cdr-exports`, the values bound as parameters), on a PostgreSQL database the
//! server has seeded. `bench/relationships-explain.sh` runs it over 100,000 exports of 1,000 accounts.
//!
//! ```text
//! cargo run --release -p cdr-exports --example explain_accounts -- postgres://postgres@127.0.0.1/db \
//!     'filter[cdr-exports.status-eq]=Failed&filter[cdr-exports.rows-count-gt]=1000'
//! ```

use std::time::Duration;

use cdr_exports::auth::Customer;
use cdr_exports::resource::{Account, CdrExport};
use cdr_exports::store::Store;
use jsonapi_filter::{CountPolicy, ResourceQuery};
use sea_query_sqlx::SqlxValues;

type Failure = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let mut args = std::env::args().skip(1);
    let (Some(database), Some(query_string)) = (args.next(), args.next()) else {
        return Err("usage: explain_accounts DATABASE_URL QUERY_STRING".into());
    };
    let store = Store::connect(&database, Duration::from_secs(10)).await?;
    let customer = Customer::load(&store, 1)
        .await?
        .ok_or("the demo access (1) is not in this database: seed it with --seed-demo")?;
    println!(
        "-- the caller may see {} accounts",
        customer.allowed_accounts.len()
    );
    let query = ResourceQuery::<Account>::parse(&query_string)
        .map_err(|errors| format!("the query string is refused: {errors:?}"))?
        .scoped_for(&customer)
        .scoped_related_for::<CdrExport, _>(&customer);
    let backend = store.backend();
    let page = backend.build(&query.select_statement(backend));
    let count = backend.build(&query.count(backend, CountPolicy::Exact).statement());
    for (title, (sql, values)) in [("page", page), ("count", count)] {
        println!("-- {title}: {sql}");
        let plan = store
            .rows(
                &format!("EXPLAIN (ANALYZE, BUFFERS) {sql}"),
                SqlxValues(values),
                |_| Ok(String::new()),
                |row| sqlx::Row::try_get::<String, _>(row, 0),
            )
            .await?;
        println!("{}\n", plan.join("\n"));
    }
    store.close().await;
    Ok(())
}
