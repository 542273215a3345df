//! Every field kind, plain and `Option<T>`, gets the predicate matrix of its kind.
use std::net::{IpAddr, Ipv4Addr};

use chrono::{DateTime, FixedOffset, Utc};
use jsonapi_filter::{FilterEnum, Filterable, Resource, ValueKind};
use uuid::Uuid;

#[derive(FilterEnum)]
pub enum Direction {
    Inbound,
    Outbound,
}

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: Uuid,
    pub caller: String,
    pub duration: i32,
    pub started_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<FixedOffset>>,
    pub direction: Direction,
    pub recorded: bool,
    pub parent_call: Option<Uuid>,
    pub hops: Option<u8>,
    #[filterable(null, not_null)]
    pub auth_orig_ip: Option<IpAddr>,
    pub gateway: Ipv4Addr,
}

fn main() {
    #[rustfmt::skip]
    let expected = [
        "id",
        "caller-eq", "caller-not-eq", "caller-cont", "caller-start", "caller-end", "caller-in",
        "caller-not-in", "caller-cont-any",
        "duration-eq", "duration-not-eq", "duration-gt", "duration-gteq", "duration-lt", "duration-lteq",
        "duration-in", "duration-not-in",
        "started-at-eq", "started-at-not-eq", "started-at-gt", "started-at-gteq", "started-at-lt",
        "started-at-lteq", "started-at-in", "started-at-not-in",
        "answered-at-eq", "answered-at-not-eq", "answered-at-gt", "answered-at-gteq", "answered-at-lt",
        "answered-at-lteq", "answered-at-in", "answered-at-not-in",
        "direction-eq", "direction-not-eq", "direction-in", "direction-not-in",
        "recorded-eq", "recorded-not-eq",
        "parent-call-eq", "parent-call-not-eq", "parent-call-in", "parent-call-not-in",
        "hops-eq", "hops-not-eq", "hops-gt", "hops-gteq", "hops-lt", "hops-lteq", "hops-in", "hops-not-in",
        "auth-orig-ip-eq", "auth-orig-ip-not-eq", "auth-orig-ip-in", "auth-orig-ip-not-in", "auth-orig-ip-null",
        "auth-orig-ip-not-null",
        "gateway-eq", "gateway-not-eq", "gateway-in", "gateway-not-in",
    ];
    assert_eq!(Call::SCHEMA.filter_keys(), expected);

    let schema = Call::SCHEMA;
    assert_eq!(schema.type_name, "calls");
    assert_eq!(schema.table, "calls", "the table defaults to the type name");
    let kind_of = |key: &str| schema.fields.iter().find(|field| field.key == key).unwrap();
    assert_eq!(kind_of("id").kind, ValueKind::Uuid);
    assert_eq!(kind_of("caller").kind, ValueKind::String);
    assert_eq!(kind_of("duration").kind, ValueKind::Integer);
    assert_eq!(kind_of("answered-at").kind, ValueKind::DateTime);
    assert_eq!(kind_of("direction").kind, ValueKind::Enum);
    assert_eq!(kind_of("direction").allowed_values, ["Inbound", "Outbound"]);
    assert_eq!(kind_of("recorded").kind, ValueKind::Boolean);
    assert!(kind_of("answered-at").nullable);
    assert!(kind_of("hops").nullable);
    assert!(!kind_of("caller").nullable);
    assert_eq!(kind_of("auth-orig-ip").kind, ValueKind::Inet);
    assert!(kind_of("auth-orig-ip").nullable);
    assert_eq!(kind_of("gateway").kind, ValueKind::Inet);
    assert!(!kind_of("gateway").nullable);
}
