use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(foreign_key, related_fields = "name,,Balance")]
    pub account_id: uuid::Uuid,
}

fn main() {}
