use jsonapi_filter::{Decimal, Filterable};

#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    #[filterable(scale = 19)]
    pub rate: Decimal,
    #[filterable(scale = "4")]
    pub price: Decimal,
}

fn main() {}
