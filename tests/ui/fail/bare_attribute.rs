use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable]
    pub caller: String,
}

fn main() {}
