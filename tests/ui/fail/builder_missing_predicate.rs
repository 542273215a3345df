// The typed builder has a method per filter key the resource accepts, and no other: `rows-count` is an integer,
// so it has `gteq` but no `cont`.
use jsonapi_filter_tests::reference::CdrExportQuery;

fn main() {
    let _ = CdrExportQuery::new()
        .rows_count_gteq(10)
        .rows_count_cont("12")
        .to_query_string();
}
