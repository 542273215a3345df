//! rename, column, only(...), null / not_null, sortable = false, exact, with_exact and skip.
use jsonapi_filter::{FilterEnum, FilterStyle, Filterable, Resource};

#[derive(FilterEnum)]
#[filterable(rename_all = "snake_case")]
pub enum Codec {
    G711,
    Opus,
}

#[derive(Filterable)]
#[filterable(type = "calls", table = "call_records")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(rename = "from", column = "caller_number")]
    pub caller: String,
    #[filterable(only(gteq, lteq), null, not_null)]
    pub duration: Option<i64>,
    #[filterable(only(eq), sortable = false)]
    pub hangup_cause: String,
    #[filterable(rename = "billing_zone", with_exact)]
    pub zone: Option<String>,
    #[filterable(exact)]
    pub codec: Codec,
    #[filterable(skip)]
    pub raw_sip_trace: Vec<u8>,
}

fn main() {
    #[rustfmt::skip]
    let expected = [
        "id",
        "from-eq", "from-not-eq", "from-cont", "from-start", "from-end", "from-in", "from-not-in",
        "from-cont-any",
        "duration-gteq", "duration-lteq", "duration-null", "duration-not-null",
        "hangup-cause-eq",
        "billing-zone-eq", "billing-zone-not-eq", "billing-zone-cont", "billing-zone-start",
        "billing-zone-end", "billing-zone-in", "billing-zone-not-in", "billing-zone-cont-any",
        "billing-zone", "codec",
    ];
    assert_eq!(Call::SCHEMA.filter_keys(), expected);
    let schema = Call::SCHEMA;
    assert_eq!(schema.table, "call_records");
    let field = |name: &str| {
        schema
            .fields
            .iter()
            .find(|field| field.name == name)
            .unwrap()
    };
    assert_eq!(field("caller").column, "caller_number");
    assert_eq!(field("duration").column, "duration");
    assert!(!field("hangup_cause").sortable);
    assert!(field("caller").sortable);
    assert_eq!(field("codec").filter, FilterStyle::Exact);
    assert!(matches!(field("zone").filter, FilterStyle::PredicatesWithExact(set) if set.contains(jsonapi_filter::Predicate::Cont)));
    assert_eq!(schema.resolve_filter("billing_zone").map(|(field, predicate)| (field.name, predicate)), Some(("zone", None)));
    assert_eq!(field("codec").allowed_values, ["g711", "opus"]);
    assert!(
        schema
            .fields
            .iter()
            .all(|field| field.name != "raw_sip_trace")
    );
    // A skipped field is still an attribute for `fields[calls]`; the id is not.
    assert_eq!(
        schema.attributes,
        [
            "from",
            "duration",
            "hangup-cause",
            "billing-zone",
            "codec",
            "raw-sip-trace"
        ]
    );
    assert!(
        schema.resolve_filter("billing_zone_cont").is_some(),
        "underscored keys are accepted"
    );
}
