use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls", max_page_size = 0)]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
}

fn main() {}
