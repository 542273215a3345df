use jsonapi_filter::Filterable;

/// `with_exact` adds the suffix-less list key beside a field's predicate keys: it contradicts a field that
/// has no predicate keys (`exact`, the `id`, a skipped field) and does not apply to a foreign key.
#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id, with_exact)]
    pub id: i64,
    #[filterable(exact, with_exact)]
    pub success: bool,
    #[filterable(with_exact, skip)]
    pub rec: bool,
    #[filterable(foreign_key, with_exact)]
    pub account_id: i64,
}

fn main() {}
