use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls", tabel = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
}

fn main() {}
