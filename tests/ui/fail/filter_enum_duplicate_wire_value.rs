use jsonapi_filter::FilterEnum;

#[derive(FilterEnum)]
#[filterable(rename_all = "lowercase")]
pub enum Status {
    Pending,
    #[filterable(rename = "pending")]
    Waiting,
}

fn main() {}
