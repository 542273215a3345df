use jsonapi_filter::Filterable;

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call<T> {
    #[filterable(id)]
    pub id: i64,
    pub payload: T,
}

fn main() {}
