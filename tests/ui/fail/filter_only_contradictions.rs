use jsonapi_filter::Filterable;

/// A filter-only field is filtered and not an attribute: it cannot also be skipped (not filtered), sortable,
/// the id or a foreign key (neither of which is an attribute already).
#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id, filter_only)]
    pub id: i64,
    #[filterable(skip, filter_only)]
    pub orig_call_id: String,
    #[filterable(filter_only, sortable = true)]
    pub pai_in: String,
    #[filterable(foreign_key, filter_only)]
    pub account_id: i64,
}

fn main() {}
