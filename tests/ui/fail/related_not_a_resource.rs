use jsonapi_filter::Filterable;

/// Not `#[derive(Filterable)]`: it cannot be a relationship's related resource.
pub struct Account {
    pub id: i64,
}

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(foreign_key, related = Account)]
    pub account_id: i64,
}

fn main() {}
