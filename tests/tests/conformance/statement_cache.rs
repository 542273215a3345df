//! The statement cache against sea-query: for every conformance query on every backend, the cached select,
//! counts and selects with their count (the first call renders and inserts the shape, the second finds it) are exactly what
//! `Backend::build` makes of the query's statements, text and values. A cache shared by every trial also
//! serves each shape with the values of whichever case inserted it first.

use std::sync::Arc;

use jsonapi_filter::{Backend, CountPolicy, Resource, ResourceQuery, StatementCache};
use libtest_mimic::Failed;

/// Shared by every trial of the run, in parallel: shapes repeat across cases with other values.
static SHARED: StatementCache = StatementCache::new();

/// The count policies checked: exact, and bounds below, within and past the conformance table.
const POLICIES: [CountPolicy; 4] = [
    CountPolicy::Exact,
    CountPolicy::UpTo(0),
    CountPolicy::UpTo(10),
    CountPolicy::UpTo(1000),
];

/// The cached select and counts of `query` equal sea-query's rendering on `backend`.
pub fn agrees_with_sea_query<R: Resource>(query: &str, backend: Backend) -> Result<(), Failed> {
    let parsed = ResourceQuery::<R>::parse(query)
        .map_err(|errors| format!("the query {query:?} does not parse: {errors:?}"))?;
    parsed_agrees_with_sea_query(query, &parsed, backend)
}

/// [`agrees_with_sea_query`] for a query already parsed (and scoped) by the caller.
pub fn parsed_agrees_with_sea_query<R: Resource>(
    query: &str,
    parsed: &ResourceQuery<R>,
    backend: Backend,
) -> Result<(), Failed> {
    let uncached = backend.build(&parsed.select_statement(backend));
    expect_miss_then_hit(query, "select", &uncached, |cache| {
        cache.select(parsed, backend)
    })?;
    for policy in POLICIES {
        let uncached = backend.build(&parsed.count(backend, policy).statement());
        expect_miss_then_hit(query, &format!("count {policy:?}"), &uncached, |cache| {
            cache.count(parsed, backend, policy)
        })?;
        let uncached = backend.build(&parsed.select_with_count_statement(backend, policy));
        expect_miss_then_hit(
            query,
            &format!("select with count {policy:?}"),
            &uncached,
            |cache| cache.select_with_count(parsed, backend, policy),
        )?;
    }
    Ok(())
}

/// In a fresh cache, the first call inserts the shape and the second returns the same text; both, and the
/// shared cache's answer, equal `uncached`.
fn expect_miss_then_hit(
    query: &str,
    statement: &str,
    uncached: &(String, sea_query::Values),
    cached: impl Fn(&StatementCache) -> (Arc<str>, sea_query::Values),
) -> Result<(), Failed> {
    let fresh = StatementCache::new();
    let miss = cached(&fresh);
    if fresh.len() != 1 {
        return Err(format!(
            "{statement} of {query:?}: the first call cached {} shapes",
            fresh.len()
        )
        .into());
    }
    let hit = cached(&fresh);
    if !Arc::ptr_eq(&miss.0, &hit.0) {
        return Err(format!(
            "{statement} of {query:?}: the second call did not use the cached text"
        )
        .into());
    }
    let shared = cached(&SHARED);
    for (call, (text, values)) in [("miss", miss), ("hit", hit), ("shared cache", shared)] {
        if (&*text, &values) != (uncached.0.as_str(), &uncached.1) {
            return Err(format!(
                "{statement} of {query:?}, {call}:\n  cached:   {text}\n            {:?}\n  sea-query: {}\n            {:?}",
                values.0, uncached.0, uncached.1 .0
            )
            .into());
        }
    }
    Ok(())
}
