use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(kind = "enum")]
    pub direction: String,
}

fn main() {}
