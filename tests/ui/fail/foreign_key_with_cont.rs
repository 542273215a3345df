use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(foreign_key, only(eq, cont))]
    pub account_id: String,
}

fn main() {}
