//! The struct is used after its derive failed: the user sees the one mistake, not errors at every use.
use jsonapi_filter::{Filterable, ResourceQuery, Resource};

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(only(eq, cont))]
    pub duration_seconds: i64,
}

fn main() {
    let keys = Call::SCHEMA.filter_keys();
    let query = ResourceQuery::<Call>::parse("filter[id]=1");
    let _ = (keys, query);
}
