//! A kind-less field type with predicates chosen: still one error, on the type.
use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(only(eq, gt), null)]
    pub cost: Option<f64>,
}

fn main() {}
