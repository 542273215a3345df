use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    #[filterable(scale = 2)]
    pub duration: i64,
}

fn main() {}
