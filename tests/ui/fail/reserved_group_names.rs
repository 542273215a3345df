use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "accounts", has_many(name = "and", related = Call, foreign_key = "account_id"))]
pub struct Account {
    #[filterable(id)]
    pub id: i64,
}

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    pub or: String,
    #[filterable(rename = "not")]
    pub negated: bool,
    #[filterable(foreign_key, relationship = "or")]
    pub account_id: i64,
    #[filterable(skip)]
    pub and: String,
}

fn main() {}
