use jsonapi_filter::Filterable;

/// Not `#[derive(Filterable)]`.
pub struct Call {
    pub id: i64,
}

#[derive(Filterable)]
#[filterable(type = "accounts", has_many(name = "calls", related = Call, foreign_key = "account_id"))]
pub struct Account {
    #[filterable(id)]
    pub id: i64,
}

fn main() {}
