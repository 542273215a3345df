//! Every mistake of a derive is reported in one compile, each on its own span.
use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(typ = "calls")]
pub struct Call {
    pub id: i64,
    #[filterable(only(cont))]
    pub duration_seconds: i64,
    #[filterable(sortable = "no")]
    pub caller: String,
}

fn main() {}
