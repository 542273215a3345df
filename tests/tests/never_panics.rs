//! Hostile input never panics: any query string, including arbitrary bytes made into text, gives either a query
//! whose SQL renders on every backend, or JSON:API errors with a 4xx status.

use chrono::{TimeZone, Utc};
use jsonapi_filter::{
    Backend, Filter, FilterGroup, FilterValue, Page, Predicate, QueryLimits, QueryOptions,
    Resource, ResourceQuery,
};
use jsonapi_filter_tests::reference::CdrExport;
use proptest::prelude::*;

/// How many values the query binds: one per filter value (a `null`/`not-null` flag chooses the operator and
/// binds nothing), then `LIMIT` and `OFFSET`.
fn expected_bound_values(query: &ResourceQuery<CdrExport>) -> usize {
    let filters: usize = every_filter(query)
        .into_iter()
        .filter(|filter| !filter.effective_predicate().takes_flag())
        .map(|filter| filter.values.len())
        .sum();
    filters + 2
}

/// The placeholders of the select on `backend`: one per bound value, except PostgreSQL's `in`/`not-in`,
/// whose list binds as one array (`= ANY($1)`).
fn expected_placeholders(query: &ResourceQuery<CdrExport>, backend: Backend) -> usize {
    let arrays: usize = every_filter(query)
        .into_iter()
        .filter(|filter| {
            backend == Backend::Postgres
                && matches!(
                    filter.effective_predicate(),
                    Predicate::In | Predicate::NotIn
                )
        })
        .map(|filter| filter.values.len() - 1)
        .sum();
    expected_bound_values(query) - arrays
}

/// The filters of the query and of every group in it (the reference resource has no relationships).
fn every_filter(query: &ResourceQuery<CdrExport>) -> Vec<&Filter> {
    fn walk<'q>(groups: &'q [FilterGroup], out: &mut Vec<&'q Filter>) {
        for branch in groups.iter().flat_map(FilterGroup::branches) {
            out.extend(&branch.filters);
            walk(&branch.groups, out);
        }
    }
    let mut filters: Vec<&Filter> = query.filters.iter().collect();
    walk(&query.groups, &mut filters);
    filters
}

/// [`every_filter`], to change.
fn every_filter_mut(query: &mut ResourceQuery<CdrExport>) -> Vec<&mut Filter> {
    fn walk<'q>(groups: &'q mut [FilterGroup], out: &mut Vec<&'q mut Filter>) {
        for branch in groups.iter_mut().flat_map(FilterGroup::branches_mut) {
            out.extend(branch.filters.iter_mut());
            walk(&mut branch.groups, out);
        }
    }
    let mut filters: Vec<&mut Filter> = query.filters.iter_mut().collect();
    walk(&mut query.groups, &mut filters);
    filters
}

/// The values bound, each element of an array counted.
fn bound_scalars(values: &sea_query::Values) -> usize {
    values
        .0
        .iter()
        .map(|value| match value {
            sea_query::Value::Array(_, Some(elements)) => elements.len(),
            _ => 1,
        })
        .sum()
}

/// Another value of the same kind, different from `value` (flags are kept: they choose the operator).
fn other_value(value: &FilterValue) -> FilterValue {
    match value {
        FilterValue::String(text) => FilterValue::String(format!("{text}' OR '1'='1")),
        FilterValue::Integer(number) => FilterValue::Integer(if *number == 7 { 8 } else { 7 }),
        FilterValue::Decimal(number) => {
            let seven = jsonapi_filter::Decimal::new(7, 0);
            FilterValue::Decimal(if *number == seven {
                jsonapi_filter::Decimal::new(8, 0)
            } else {
                seven
            })
        }
        FilterValue::DateTime(instant) => {
            let other = Utc.with_ymd_and_hms(2001, 2, 3, 4, 5, 6).unwrap();
            FilterValue::DateTime(if *instant == other {
                other + chrono::Duration::seconds(1)
            } else {
                other
            })
        }
        FilterValue::Enum(wire) => FilterValue::Enum(if *wire == "Pending" {
            "Failed"
        } else {
            "Pending"
        }),
        FilterValue::Uuid(uuid) => FilterValue::Uuid(if uuid.is_nil() {
            uuid::Uuid::max()
        } else {
            uuid::Uuid::nil()
        }),
        FilterValue::Inet(address) => FilterValue::Inet(if address.is_loopback() {
            std::net::Ipv6Addr::LOCALHOST.into()
        } else {
            std::net::Ipv4Addr::LOCALHOST.into()
        }),
        FilterValue::Boolean(flag) => FilterValue::Boolean(!flag),
    }
}

/// The same query with every bound value changed: other filter values, another page.
fn with_other_values(query: &ResourceQuery<CdrExport>) -> ResourceQuery<CdrExport> {
    let mut other = query.clone();
    for filter in every_filter_mut(&mut other) {
        if !filter.effective_predicate().takes_flag() {
            filter.values = filter.values.iter().map(other_value).collect();
        }
    }
    other.page = Page {
        number: if query.page.number == 1 { 2 } else { 1 },
        size: if query.page.size == 3 { 4 } else { 3 },
    };
    other
}

fn check(query: &str, options: &QueryOptions) {
    match ResourceQuery::<CdrExport>::parse_with(query, options) {
        Ok(parsed) => {
            let other = with_other_values(&parsed);
            for backend in [Backend::Sqlite, Backend::Postgres, Backend::MySql] {
                let (sql, values) = backend.build(&parsed.select_statement(backend));
                assert!(sql.starts_with("SELECT "));
                // Every value is bound, never spliced into the text: exactly one bound value per filter
                // value plus LIMIT and OFFSET (on PostgreSQL a list is one array holding its values), and
                // other values give the very same SQL text.
                assert_eq!(
                    bound_scalars(&values),
                    expected_bound_values(&parsed),
                    "{sql}"
                );
                assert_eq!(
                    values.0.len(),
                    expected_placeholders(&parsed, backend),
                    "{sql}"
                );
                let (other_sql, other_values) = backend.build(&other.select_statement(backend));
                assert_eq!(other_sql, sql, "only the values differ");
                assert_eq!(other_values.0.len(), values.0.len());
                assert_ne!(other_values, values, "the other query binds other values");
                let (count_sql, count_values) = backend.build(&parsed.count_statement(backend));
                let (other_count_sql, _) = backend.build(&other.count_statement(backend));
                assert_eq!(other_count_sql, count_sql, "only the values differ");
                assert_eq!(
                    bound_scalars(&count_values),
                    expected_bound_values(&parsed) - 2
                );
            }
        }
        Err(errors) => {
            assert!(!errors.as_slice().is_empty());
            assert!(matches!(errors.status(), 400 | 414));
            let document = serde_json::to_value(errors.to_document()).unwrap();
            for error in document["errors"].as_array().unwrap() {
                assert!(
                    error["code"].is_string()
                        && error["title"].is_string()
                        && error["status"].is_string()
                );
            }
        }
    }
}

/// Fragments that steer random strings into the parser's deeper paths.
fn fragment() -> impl Strategy<Value = String> {
    let keys: Vec<String> = CdrExport::SCHEMA.filter_keys();
    prop_oneof![
        proptest::sample::select(keys).prop_map(|key| format!("filter[{key}]=")),
        Just("filter[".to_owned()),
        Just("filter[or][".to_owned()),
        Just("filter[not]".to_owned()),
        Just("[and][".to_owned()),
        Just("[not][".to_owned()),
        Just("[or][1][".to_owned()),
        Just("0][".to_owned()),
        Just("]".to_owned()),
        Just("&".to_owned()),
        Just("=".to_owned()),
        Just(",".to_owned()),
        Just("\"".to_owned()),
        Just("%".to_owned()),
        Just("%5B".to_owned()),
        Just("%ff".to_owned()),
        Just("%00".to_owned()),
        Just("sort=-".to_owned()),
        Just("page[size]=".to_owned()),
        Just("page[number]=".to_owned()),
        Just("fields[cdr-exports]=".to_owned()),
        Just("include=".to_owned()),
        Just("2026-01-02T12:46:13Z".to_owned()),
        Just("9223372036854775807".to_owned()),
        Just("Pending".to_owned()),
        Just("05776fa6-e7d9-11f0-bf40-0a63caf27539".to_owned()),
        Just("' OR 1=1 --".to_owned()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(&String::from_utf8_lossy(&bytes), &QueryOptions::default());
    }

    #[test]
    fn structured_garbage_never_panics(parts in proptest::collection::vec(fragment(), 0..40)) {
        let query = parts.concat();
        check(&query, &QueryOptions::default());
        let tight = QueryOptions {
            limits: QueryLimits { max_query_length: 64, max_filters: 2, max_list_values: 2, max_value_length: 4, max_group_depth: 1 },
            ..QueryOptions::default()
        };
        check(&query, &tight);
    }
}

/// A resource with a decimal of scale 4, for the decimal parser.
#[derive(jsonapi_filter::Filterable)]
#[filterable(type = "cdrs")]
struct Cdr {
    #[filterable(id)]
    id: i64,
    #[filterable(scale = 4)]
    rate: jsonapi_filter::Decimal,
}

/// Strings made of what decimals are written with, and of what they must not be.
fn decimal_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('0', '9'),
            1 => proptest::sample::select(vec!['.', '-', '+', 'e', 'E', ' ', ',', '_', 'x']),
        ],
        0..30,
    )
    .prop_map(|characters| characters.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    /// Any text as a decimal value never panics; what is accepted is exactly the plain decimals
    /// (`-?digits(.digits)?`) that `rust_decimal` reads to a value with at most 4 fractional and 14 integer
    /// digits, and it is that value; everything else is one 107.
    #[test]
    fn decimal_values_are_parsed_or_refused_with_107(text in decimal_text()) {
        let query = format!("filter[rate-eq]={}", text.replace(' ', "%20"));
        let plain = regex::Regex::new(r"^-?[0-9]+(\.[0-9]+)?$").unwrap();
        let exact = text.parse::<jsonapi_filter::Decimal>().ok().filter(|_| plain.is_match(&text));
        let fits = exact.is_some_and(|value| {
            let value = value.normalize();
            value.scale() <= 4 && value.abs() < jsonapi_filter::Decimal::new(100_000_000_000_000, 0)
        });
        match ResourceQuery::<Cdr>::parse(&query) {
            Ok(parsed) => {
                prop_assert!(fits, "{text:?} was accepted");
                prop_assert_eq!(&parsed.filters[0].values, &vec![FilterValue::Decimal(exact.unwrap())]);
            }
            Err(errors) => {
                let codes: Vec<&str> = errors.iter().map(|error| error.code()).collect();
                prop_assert!(!fits, "{text:?} was refused: {codes:?}");
                // A comma makes a list, which `eq` refuses for its count; anything else is a bad value.
                prop_assert!(codes == ["107"] || text.contains(','), "{text:?}: {codes:?}");
            }
        }
    }
}

/// Queries that parse, with every kind of value, so the bound-value checks above surely run.
#[test]
fn every_value_is_bound_in_valid_queries() {
    for query in [
        "",
        "filter[status-in]=Pending,Failed&filter[rows-count-gteq]=10&page[size]=5&page[number]=3",
        "filter[time-zone-name-cont-any]=a,%25,%27%20OR%201%3D1&filter[time-zone-name-cont]=x&sort=status",
        "filter[id]=05776fa6-e7d9-11f0-bf40-0a63caf27539,05776fa6-e7d9-11f0-bf40-0a63caf27530",
        "filter[created-at-gt]=2026-01-02T12:46:13Z&filter[updated-at-lteq]=2026-01-02&filter[time-format]=with_timezone",
        "filter[time-zone-name-not-in]=a,b,c&filter[time-zone-name-start]=Eu&filter[time-zone-name-end]=n",
        "filter[account-id-eq]=05776fa6-e7d9-11f0-bf40-0a63caf27539&filter[rows-count-not-eq]=-1",
    ] {
        assert!(ResourceQuery::<CdrExport>::parse(query).is_ok(), "{query}");
        check(query, &QueryOptions::default());
    }
}
