//! `EXPLAIN (ANALYZE, BUFFERS)` of the statements the `cdrs` listing runs for one query string: the page and the
//! bounded count, built by the library exactly as the server builds them (the demo customer's scope, the
//! default `is-last-cdr`, the values bound as parameters), on a PostgreSQL database the server has seeded.
//! `bench/cdrs-scale.sh` runs it at a million CDRs.
//!
//! ```text
//! cargo run --release -p cdr-exports --example explain_cdrs -- postgres://postgres@127.0.0.1/db \
//!     'filter[time-start-gteq]=2024-06-15T00:00:00Z&filter[time-start-lt]=2024-06-16T00:00:00Z&sort=-time-start'
//! ```

use std::time::Duration;

use cdr_exports::auth::Customer;
use cdr_exports::cdr_routes::cdr_count_policy;
use cdr_exports::resource::Cdr;
use cdr_exports::store::Store;
use jsonapi_filter::{CountPolicy, ResourceQuery};
use sea_query_sqlx::SqlxValues;

type Failure = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let mut args = std::env::args().skip(1);
    let (Some(database), Some(query_string)) = (args.next(), args.next()) else {
        return Err("usage: explain_cdrs DATABASE_URL QUERY_STRING".into());
    };
    let store = Store::connect(&database, Duration::from_secs(10)).await?;
    let customer = Customer::load(&store, 1)
        .await?
        .ok_or("the demo access (1) is not in this database: seed it with --seed-demo")?;
    let query = ResourceQuery::<Cdr>::parse(&query_string)
        .map_err(|errors| format!("the query string is refused: {errors:?}"))?
        .scoped_for(&customer);
    let backend = store.backend();
    let page = backend.build(&query.select_statement(backend));
    let count = backend.build(
        &query
            .count(backend, cdr_count_policy(CountPolicy::Exact))
            .statement(),
    );
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
