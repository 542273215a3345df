//! A resource with a field of a FilterEnum whose derive failed: only the enum's mistake is reported.
use jsonapi_filter::{FilterEnum, Filterable, Resource};

#[derive(FilterEnum)]
#[filterable(rename_all = "snake-case")]
pub enum Direction {
    Inbound,
    Outbound,
}

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    pub direction: Direction,
}

fn main() {
    let _ = Call::SCHEMA.filter_keys();
}
