use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(table = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
}

fn main() {}
