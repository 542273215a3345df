use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    pub id: i64,
    pub caller: String,
}

fn main() {}
