//! Decimals: the type, `Option` of it, an alias and a newtype, each with its scale; the ordered predicates.
use jsonapi_filter::{
    Decimal, FilterRecord, FilterType, FilterValue, Filterable, Resource, ResourceQuery, ValueKind,
};

/// A decimal the derive cannot see through; its `FilterType` says it is one.
pub struct Money(Decimal);

impl FilterType for Money {
    const KIND: ValueKind = ValueKind::Decimal;
    fn to_filter_value(&self) -> Option<FilterValue> {
        Some(FilterValue::Decimal(self.0))
    }
}

pub type Rate = jsonapi_filter::Decimal;

#[derive(Filterable)]
#[filterable(type = "cdrs")]
pub struct Cdr {
    #[filterable(id)]
    pub id: i64,
    #[filterable(scale = 4)]
    pub rate: Decimal,
    #[filterable(scale = 0, null)]
    pub units: Option<rust_decimal::Decimal>,
    #[filterable(scale = 18, only(gt, lt))]
    pub share: Option<Rate>,
    #[filterable(scale = 2)]
    pub cost: Money,
}

fn main() {
    #[rustfmt::skip]
    let expected = [
        "id",
        "rate-eq", "rate-not-eq", "rate-gt", "rate-gteq", "rate-lt", "rate-lteq", "rate-in", "rate-not-in",
        "units-eq", "units-not-eq", "units-gt", "units-gteq", "units-lt", "units-lteq", "units-in",
        "units-not-in", "units-null",
        "share-gt", "share-lt",
        "cost-eq", "cost-not-eq", "cost-gt", "cost-gteq", "cost-lt", "cost-lteq", "cost-in", "cost-not-in",
    ];
    assert_eq!(Cdr::SCHEMA.filter_keys(), expected);
    let field = |key: &str| Cdr::SCHEMA.field(key).unwrap();
    let scales: Vec<(ValueKind, u32)> = ["rate", "units", "share", "cost"]
        .into_iter()
        .map(|key| (field(key).kind, field(key).scale))
        .collect();
    assert_eq!(
        scales,
        [(ValueKind::Decimal, 4), (ValueKind::Decimal, 0), (ValueKind::Decimal, 18), (ValueKind::Decimal, 2)]
    );
    assert_eq!(field("id").scale, 0);

    let cdr = Cdr {
        id: 1,
        rate: Decimal::new(123, 4),
        units: None,
        share: Some(Decimal::new(5, 1)),
        cost: Money(Decimal::new(150, 2)),
    };
    assert_eq!(cdr.field_value(field("cost")), Some(FilterValue::Decimal(Decimal::new(15, 1))));
    let query = ResourceQuery::<Cdr>::parse(
        "filter[rate-gteq]=0.0123&filter[share-lt]=0.500000000000000001&filter[cost-in]=1.5,2",
    )
    .unwrap();
    assert!(query.matches(&cdr));
    assert!(ResourceQuery::<Cdr>::parse("filter[rate-eq]=0.01234").is_err());
    assert!(ResourceQuery::<Cdr>::parse("filter[units-eq]=1.5").is_err());
    assert!(ResourceQuery::<Cdr>::parse("filter[share-gt]=1").is_err());
    let typed = CdrQuery::new().rate_gt(Decimal::new(5, 1)).units_null(true);
    assert_eq!(typed.to_query().unwrap().filters.len(), 2);
}
