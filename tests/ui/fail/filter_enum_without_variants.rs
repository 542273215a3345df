use jsonapi_filter::FilterEnum;

#[derive(FilterEnum)]
pub enum Status {}

fn main() {}
