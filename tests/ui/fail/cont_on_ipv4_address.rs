use jsonapi_filter::Filterable;

/// An `Ipv4Addr` is an inet field too: no text predicate.
#[derive(Filterable)]
#[filterable(type = "gateways")]
pub struct Gateway {
    #[filterable(id)]
    pub id: i64,
    #[filterable(only(in, cont))]
    pub address: std::net::Ipv4Addr,
}

fn main() {}
