//! The kind comes from the `FilterType` trait, so aliases, newtypes and `kind = "..."` overrides work.
use jsonapi_filter::{FilterType, FilterValue, Filterable, ResourceQuery, Resource, ValueKind};

pub type Seconds = i64;
pub type MaybeNote = Option<String>;

/// A phone number in E.164, filtered as text.
pub struct Msisdn(pub String);

impl FilterType for Msisdn {
    const KIND: ValueKind = ValueKind::String;
    fn to_filter_value(&self) -> Option<FilterValue> {
        Some(FilterValue::String(self.0.clone()))
    }
}

/// A type the framework does not know, filtered as an integer by the `kind` override.
pub struct Cents(pub i64);

/// Another unknown type, filtered as text by the `kind` override.
pub struct Label(pub Vec<u8>);

#[derive(Filterable)]
#[filterable(type = "calls")]
pub struct Call {
    #[filterable(id)]
    pub id: i64,
    #[filterable(only(gt, lt))]
    pub duration: Seconds,
    #[filterable(null)]
    pub note: MaybeNote,
    #[filterable(only(start))]
    pub caller: Msisdn,
    pub callee: Option<Msisdn>,
    #[filterable(kind = "integer", only(eq))]
    pub cost: Cents,
    #[filterable(kind = "string", only(cont))]
    pub label: Label,
}

fn main() {
    #[rustfmt::skip]
    let expected = [
        "id",
        "duration-gt", "duration-lt",
        "note-eq", "note-not-eq", "note-cont", "note-start", "note-end", "note-in", "note-not-in",
        "note-cont-any", "note-null",
        "caller-start",
        "callee-eq", "callee-not-eq", "callee-cont", "callee-start", "callee-end", "callee-in",
        "callee-not-in", "callee-cont-any",
        "cost-eq",
        "label-cont",
    ];
    assert_eq!(Call::SCHEMA.filter_keys(), expected);
    let field = |name: &str| {
        Call::SCHEMA
            .fields
            .iter()
            .find(|field| field.name == name)
            .unwrap()
    };
    assert_eq!(field("duration").kind, ValueKind::Integer);
    assert!(field("note").nullable);
    assert!(field("callee").nullable);
    assert_eq!(field("cost").kind, ValueKind::Integer);
    assert!(!field("cost").nullable);
    assert_eq!(field("label").kind, ValueKind::String);

    // The parser follows the schema: only the predicates named in `only(...)` are accepted.
    assert!(ResourceQuery::<Call>::parse("filter[duration-gt]=5&filter[caller-start]=%2B49").is_ok());
    assert!(ResourceQuery::<Call>::parse("filter[duration-eq]=5").is_err());
    assert!(ResourceQuery::<Call>::parse("filter[note-null]=true").is_ok());
    assert!(ResourceQuery::<Call>::parse("filter[note-not-null]=true").is_err());
    assert!(ResourceQuery::<Call>::parse("filter[cost-eq]=12").is_ok());
    assert!(ResourceQuery::<Call>::parse("filter[cost-eq]=twelve").is_err());
}
