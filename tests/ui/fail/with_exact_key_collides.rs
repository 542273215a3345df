use jsonapi_filter::Filterable;

/// The suffix-less key of a `with_exact` field is a filter key like any other: `filter[duration-in]` is both
/// the `in` of `duration` and the suffix-less key of `duration_in`.
#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    pub duration: i64,
    #[filterable(with_exact)]
    pub duration_in: i64,
}

fn main() {}
