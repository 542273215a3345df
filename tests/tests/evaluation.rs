//! The in-memory evaluator on the reference resource: the SQL semantics, applied to values in memory.

use chrono::{DateTime, Utc};
use jsonapi_filter::ResourceQuery;
use jsonapi_filter_tests::reference::{CdrExport, CdrExportStatus, TimeFormat};
use uuid::Uuid;

fn export(
    n: u128,
    status: CdrExportStatus,
    rows: Option<i64>,
    created: &str,
    zone: Option<&str>,
) -> CdrExport {
    let created_at: DateTime<Utc> = created.parse().unwrap();
    CdrExport {
        id: Uuid::from_u128(n),
        status,
        rows_count: rows,
        created_at,
        updated_at: created_at,
        time_zone_name: zone.map(str::to_owned),
        time_format: TimeFormat::WithTimezone,
        account_id: Some(Uuid::from_u128(1000)),
        filters: serde_json::value::to_raw_value(&serde_json::json!({})).unwrap(),
    }
}

fn dataset() -> Vec<CdrExport> {
    use CdrExportStatus::*;
    vec![
        export(
            1,
            Pending,
            None,
            "2026-01-01T00:00:00Z",
            Some("Europe/Kyiv"),
        ),
        export(
            2,
            Completed,
            Some(10),
            "2026-01-02T00:00:00Z",
            Some("EUROPE/Berlin"),
        ),
        export(
            3,
            Completed,
            Some(0),
            "2026-01-02T00:00:00Z",
            Some("America/Port_of_Spain"),
        ),
        export(4, Failed, None, "2026-01-03T00:00:00Z", None),
        export(
            5,
            Deleted,
            Some(-5),
            "2026-01-01T12:00:00Z",
            Some("Europe/Zürich"),
        ),
    ]
}

/// The ids of the page, in order, and the total.
fn run(query: &str) -> (Vec<u128>, u64) {
    let records = dataset();
    let query = ResourceQuery::<CdrExport>::parse(query).unwrap();
    let (page, total) = query.evaluate(&records);
    (
        page.iter().map(|record| record.id.as_u128()).collect(),
        total,
    )
}

#[test]
fn default_sort_is_created_at_descending_with_id_tie_breaker() {
    assert_eq!(run(""), (vec![4, 2, 3, 5, 1], 5));
}

#[test]
fn not_eq_and_not_in_never_return_nulls() {
    assert_eq!(run("filter[rows-count-not-eq]=10&sort=id").0, [3, 5]);
    assert_eq!(run("filter[rows-count-not-in]=0&sort=id").0, [2, 5]);
    assert_eq!(
        run("filter[time-zone-name-not-eq]=x&sort=id").0,
        [1, 2, 3, 5]
    );
}

#[test]
fn patterns_fold_ascii_only_and_escape_nothing_in_memory() {
    assert_eq!(
        run("filter[time-zone-name-cont]=europe&sort=id").0,
        [1, 2, 5]
    );
    assert_eq!(
        run("filter[time-zone-name-start]=EUROPE/&sort=id").0,
        [1, 2, 5]
    );
    assert_eq!(run("filter[time-zone-name-cont]=_of_&sort=id").0, [3]);
    assert_eq!(
        run("filter[time-zone-name-end]=ZÜRICH").0,
        Vec::<u128>::new()
    );
    assert_eq!(run("filter[time-zone-name-end]=zürich").0, [5]);
    assert_eq!(
        run("filter[time-zone-name-cont-any]=kyiv,spain&sort=id").0,
        [1, 3]
    );
}

#[test]
fn eq_on_text_is_case_sensitive() {
    assert_eq!(run("filter[time-zone-name-eq]=Europe/Kyiv").0, [1]);
    assert_eq!(
        run("filter[time-zone-name-eq]=europe/kyiv").0,
        Vec::<u128>::new()
    );
}

#[test]
fn datetimes_compare_as_instants() {
    assert_eq!(
        run("filter[created-at-eq]=2026-01-02T02:00:00%2B02:00&sort=id").0,
        [2, 3]
    );
    assert_eq!(run("filter[created-at-lt]=2026-01-02&sort=id").0, [1, 5]);
}

#[test]
fn nulls_sort_as_the_largest_value() {
    assert_eq!(run("sort=rows-count").0, [5, 3, 2, 1, 4]);
    assert_eq!(run("sort=-rows-count").0, [1, 4, 2, 3, 5]);
}

#[test]
fn pages_slice_the_sorted_matches() {
    assert_eq!(run("sort=id&page[size]=2&page[number]=2"), (vec![3, 4], 5));
    assert_eq!(run("sort=id&page[size]=2&page[number]=9"), (vec![], 5));
}
