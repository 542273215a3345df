use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub enum Call {
    Answered,
    Missed,
}

fn main() {}
