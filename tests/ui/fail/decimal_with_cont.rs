use jsonapi_filter::{Decimal, Filterable};

#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    #[filterable(scale = 4, only(eq, cont))]
    pub rate: Decimal,
}

fn main() {}
