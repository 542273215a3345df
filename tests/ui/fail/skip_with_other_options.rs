use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(skip, rename = "notes")]
    pub internal_notes: String,
}

fn main() {}
