use jsonapi_filter::FilterEnum;

#[derive(FilterEnum)]
pub struct Status {
    pub name: String,
}

fn main() {}
