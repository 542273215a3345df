use std::net::IpAddr;

use jsonapi_filter::Filterable;

/// Addresses are compared for identity only: no order predicate.
#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    #[filterable(only(eq, gt, null))]
    pub auth_orig_ip: Option<IpAddr>,
}

fn main() {}
