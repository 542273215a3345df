use jsonapi_filter::{Decimal, Filterable};

#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    pub rate: Option<Decimal>,
}

fn main() {}
