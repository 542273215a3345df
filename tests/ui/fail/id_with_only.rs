use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id, only(eq))]
    pub id: i64,
}

fn main() {}
