use jsonapi_filter::Filterable;

/// The alias hides `IpAddr` from the derive; the compiler still checks the predicates against its kind.
pub type Peer = std::net::IpAddr;

#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    #[filterable(only(eq, lteq))]
    pub auth_orig_ip: Peer,
}

fn main() {}
