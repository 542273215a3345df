use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id = true)]
    pub id: i64,
}

fn main() {}
