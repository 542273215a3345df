//! The struct is used after a field type without a filter kind: the type is the one error reported.
use jsonapi_filter::{Filterable, ResourceQuery, Resource};

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    pub cost: f64,
}

fn main() {
    let keys = Call::SCHEMA.filter_keys();
    let query = ResourceQuery::<Call>::parse("filter[id]=1");
    let _ = (keys, query);
}
