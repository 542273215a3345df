use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(relationship = "account")]
    pub account_id: uuid::Uuid,
}

fn main() {}
