use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "accounts", has_many(name = "calls", related = Call, foreign_key = "acount_id"))]
pub struct Account {
    #[filterable(id)]
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
