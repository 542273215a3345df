use jsonapi_filter::FilterEnum;

#[derive(FilterEnum)]
pub enum Status {
    Pending,
    Failed(String),
}

fn main() {}
