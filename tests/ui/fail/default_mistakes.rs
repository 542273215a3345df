use chrono::{DateTime, Utc};
use jsonapi_filter::Filterable;

/// Each default the derive can judge on its own: the literal's type against the field's kind, the predicate
/// against the field's predicates and filter style, and the fields that cannot have one.
#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id, default = 1)]
    pub id: i64,
    #[filterable(exact, default = "maybe")]
    pub is_last_cdr: bool,
    #[filterable(skip, default = true)]
    pub rec: bool,
    #[filterable(default(cont = 5))]
    pub duration: i64,
    #[filterable(default = "public")]
    pub route: String,
    #[filterable(exact, default(eq = true))]
    pub success: bool,
    #[filterable(default(eq = 60))]
    pub local_tag: String,
    #[filterable(default(null = true))]
    pub src_name_in: String,
    #[filterable(default(gteq = "2026-01-01"))]
    pub time_start: DateTime<Utc>,
    #[filterable(default(gteq = 60u8))]
    pub customer_duration: i64,
    // A fifth digit after the point, which the column does not keep.
    #[filterable(scale = 4, default(gteq = "0.00001"))]
    pub rate: jsonapi_filter::Decimal,
    // An exponent.
    #[filterable(scale = 2, default(lt = "1e3"))]
    pub fee: jsonapi_filter::Decimal,
    // A number where a decimal is written as a string.
    #[filterable(scale = 2, default(lt = 5))]
    pub price: jsonapi_filter::Decimal,
    // A mask.
    #[filterable(default(not_eq = "10.0.0.0/8"))]
    pub auth_orig_ip: std::net::IpAddr,
}

fn main() {}
