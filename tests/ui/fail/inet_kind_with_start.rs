use jsonapi_filter::Filterable;

/// `kind = "inet"` gives the field the inet kind's predicates, whatever its type.
#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    #[filterable(kind = "inet", only(eq, start))]
    pub auth_orig_ip: String,
}

fn main() {}
