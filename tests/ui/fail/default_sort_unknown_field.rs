use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls", default_sort = "-started-at,caller")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    pub caller: String,
}

fn main() {}
