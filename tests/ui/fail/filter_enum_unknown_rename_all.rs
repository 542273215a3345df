use jsonapi_filter::FilterEnum;

#[derive(FilterEnum)]
#[filterable(rename_all = "dash-case")]
pub enum Status {
    Pending,
    Completed,
}

fn main() {}
