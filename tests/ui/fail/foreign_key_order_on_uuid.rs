use jsonapi_filter::Filterable;
use uuid::Uuid;

/// Order comparisons fit an ordered key (an integer, a decimal, a datetime), not a uuid.
#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(foreign_key, only(eq, gt))]
    pub account_id: Uuid,
}

fn main() {}
