use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(rename = "caller")]
    #[filterable(rename = "from")]
    pub caller_number: String,
}

fn main() {}
