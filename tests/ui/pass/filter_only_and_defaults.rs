//! Filter-only fields (filtered, neither attributes nor sortable) and default filters of every literal kind.
use jsonapi_filter::{
    DefaultFilter, DefaultValue, FilterEnum, FilterValue, Filterable, Predicate, Resource,
    ResourceQuery,
};

#[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
pub enum Protocol {
    Udp,
    Tcp,
}

pub type Seconds = i64;

#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    #[filterable(exact, filter_only, default = true)]
    pub is_last_cdr: bool,
    #[filterable(filter_only)]
    pub orig_call_id: String,
    #[filterable(default(gteq = -5))]
    pub duration: Seconds,
    #[filterable(exact, default = "Udp")]
    pub protocol: Protocol,
    #[filterable(default(not_eq = "00000000-0000-0000-0000-000000000000"))]
    pub uuid: uuid::Uuid,
    #[filterable(null, default(null = false))]
    pub local_tag: Option<String>,
    /// A decimal default, with trailing zeros the field's scale allows.
    #[filterable(scale = 4, default(gteq = "0.0120"))]
    pub rate: jsonapi_filter::Decimal,
    /// An address default, written in a non-canonical form.
    #[filterable(default(not_eq = "2001:DB8:0:0:0:0:0:1"))]
    pub auth_orig_ip: std::net::IpAddr,
}

fn main() {
    assert_eq!(
        Cdr::SCHEMA.attributes,
        ["duration", "protocol", "uuid", "local-tag", "rate", "auth-orig-ip"]
    );
    let last = Cdr::SCHEMA.field("is-last-cdr").unwrap();
    assert!(!last.sortable);
    assert_eq!(
        last.default_filter,
        Some(DefaultFilter { predicate: None, value: DefaultValue::Boolean(true) })
    );
    let query = ResourceQuery::<Cdr>::parse("").unwrap();
    let defaults: Vec<(String, Vec<FilterValue>)> = query
        .default_filters()
        .iter()
        .map(|filter| (filter.key(), filter.values.clone()))
        .collect();
    assert_eq!(
        defaults,
        [
            ("is-last-cdr".to_owned(), vec![FilterValue::Boolean(true)]),
            ("duration-gteq".to_owned(), vec![FilterValue::Integer(-5)]),
            ("protocol".to_owned(), vec![FilterValue::Enum("Udp")]),
            ("uuid-not-eq".to_owned(), vec![FilterValue::Uuid(uuid::Uuid::nil())]),
            ("local-tag-null".to_owned(), vec![FilterValue::Boolean(false)]),
            (
                "rate-gteq".to_owned(),
                vec![FilterValue::Decimal(jsonapi_filter::Decimal::new(120, 4))]
            ),
            (
                "auth-orig-ip-not-eq".to_owned(),
                vec![FilterValue::Inet("2001:db8::1".parse().unwrap())]
            ),
        ]
    );
    assert_eq!(
        Cdr::SCHEMA.field("local-tag").unwrap().default_filter.unwrap().predicate,
        Some(Predicate::Null)
    );
    // The typed builder has the filter-only keys' methods, not their sort or field variants.
    let built = CdrQuery::new().orig_call_id_eq("c1").is_last_cdr([false]).to_query_string();
    assert_eq!(built, "filter%5Borig-call-id-eq%5D=c1&filter%5Bis-last-cdr%5D=false");
    assert!(ResourceQuery::<Cdr>::parse("sort=orig-call-id").is_err());
    let _ = CdrSort::Duration;
    let _ = CdrField::LocalTag;
}
