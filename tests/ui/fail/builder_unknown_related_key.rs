use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "accounts")]
pub struct Account {
    #[filterable(id)]
    pub id: i64,
    pub name: String,
}

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(foreign_key, related = Account)]
    pub account_id: i64,
}

fn main() {
    // `nme` is not a field of accounts: the typed builder of the related resource has no such method.
    let _ = CallQuery::new().account(|account| account.nme_cont("main"));
}
