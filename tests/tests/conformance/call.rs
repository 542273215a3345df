//! The second conformance resource, `Call`: the shape of the reference's `cdrs` in small, with filter-only
//! fields (filtered, never rendered nor sorted) and default filters. It lives in its own table (`calls`) beside
//! `probes`, so that its defaults change no case of [`crate::resource::Probe`]. Shared by the conformance
//! suite (the fixed rows of [`calls`]) and the differential suite (generated rows).

use jsonapi_filter::{Backend, Filterable};

/// One leg of a call.
#[derive(Debug, Clone, Filterable)]
#[filterable(type = "calls", table = "calls", default_sort = "-duration")]
pub struct Call {
    /// `filter[id]`, and the tie-breaker of every sort.
    #[filterable(id)]
    pub id: i64,
    /// An attribute, sortable; filtered with its suffixes and with the suffix-less list key
    /// (`filter[duration]=10,20`, as the reference's `cdrs` filters `duration`).
    #[filterable(with_exact)]
    pub duration: i64,
    /// Whether the leg is the last of its call: a suffix-less filter that is `true` unless the request filters
    /// on it, and not an attribute (as the reference's `is-last-cdr`).
    #[filterable(exact, filter_only, default = true)]
    pub is_last_cdr: bool,
    /// The call the leg belongs to: filtered with the text predicates, not an attribute.
    #[filterable(filter_only)]
    pub orig_call_id: String,
    /// A nullable filter-only column under another name, with the `null` check and the suffix-less list key.
    #[filterable(filter_only, null, column = "pai", with_exact)]
    pub pai_in: Option<String>,
    /// An attribute with a suffixed default: `filter[route-not-eq]=internal` unless the request gives any
    /// `filter[route-...]` or the suffix-less `filter[route]`.
    #[filterable(default(not_eq = "internal"), with_exact)]
    pub route: String,
}

/// The number of fixed rows; ids run from 1 to this.
pub const CALL_COUNT: i64 = 12;

/// The fixed rows, row `n` having id `n`: `duration` is `10 * id`; a leg is the last of its call unless
/// `id % 3 == 1` (1, 4, 7, 10 are not); the call id pairs the legs (`c1` is 1 and 2, `c2` is 3 and 4, ...);
/// `pai_in` is `sip:<id>@pbx` for even ids and NULL for odd ones; the route is `internal` when `id % 4 == 0`
/// (4, 8, 12) and `public` otherwise. With both defaults, a listing shows 2, 3, 5, 6, 9 and 11.
pub fn calls() -> Vec<Call> {
    (1..=CALL_COUNT)
        .map(|id| Call {
            id,
            duration: 10 * id,
            is_last_cdr: id % 3 != 1,
            orig_call_id: format!("c{}", (id + 1) / 2),
            pai_in: (id % 2 == 0).then(|| format!("sip:{id}@pbx")),
            route: if id % 4 == 0 { "internal" } else { "public" }.to_owned(),
        })
        .collect()
}

/// The `calls` table in each backend's storage formats (a boolean is an integer in SQLite).
pub fn create_table_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "CREATE TABLE calls (
                id INTEGER PRIMARY KEY,
                duration INTEGER NOT NULL,
                is_last_cdr INTEGER NOT NULL,
                orig_call_id TEXT NOT NULL,
                pai TEXT,
                route TEXT NOT NULL
            )"
        }
        Backend::Postgres => {
            "CREATE TABLE calls (
                id BIGINT PRIMARY KEY,
                duration BIGINT NOT NULL,
                is_last_cdr BOOLEAN NOT NULL,
                orig_call_id TEXT NOT NULL,
                pai TEXT,
                route TEXT NOT NULL
            )"
        }
        Backend::MySql => {
            "CREATE TABLE calls (
                id BIGINT PRIMARY KEY,
                duration BIGINT NOT NULL,
                is_last_cdr BOOLEAN NOT NULL,
                orig_call_id VARCHAR(100) NOT NULL,
                pai VARCHAR(100),
                route VARCHAR(50) NOT NULL
            )"
        }
    }
}
