use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls", default_page_size = 200, max_page_size = 100)]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
}

fn main() {}
