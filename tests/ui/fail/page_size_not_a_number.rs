use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls", default_page_size = "20")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
}

fn main() {}
