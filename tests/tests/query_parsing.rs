//! The query-string parser, specified on the reference `CdrExport` resource: what is accepted, what each
//! mistake answers (status, code, title, detail, `source.parameter`), and that every mistake is reported.

use chrono::{DateTime, Utc};
use jsonapi_filter::{
    FilterValue, Page, Predicate, QueryErrors, QueryLimits, QueryOptions, ResourceQuery,
    SortDirection,
};
use jsonapi_filter_tests::reference::CdrExport;
use serde_json::{Value, json};

fn parse(query: &str) -> ResourceQuery<CdrExport> {
    ResourceQuery::parse(query).unwrap_or_else(|errors| panic!("{query}: {errors}"))
}

fn errors(query: &str) -> QueryErrors {
    match ResourceQuery::<CdrExport>::parse(query) {
        Ok(parsed) => panic!("{query} was accepted: {parsed:?}"),
        Err(errors) => errors,
    }
}

/// The error document of a query, as JSON.
fn document(query: &str) -> Value {
    serde_json::to_value(errors(query).to_document()).unwrap()
}

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn percent_encoded_brackets_mean_the_same_as_raw_brackets() {
    let raw = parse("filter[status-eq]=Pending&page[number]=2&page[size]=10");
    let encoded = parse("filter%5Bstatus-eq%5D=Pending&page%5Bnumber%5D=2&page%5Bsize%5D=10");
    assert_eq!(raw, encoded);
    assert_eq!(raw.filters.len(), 1);
    assert_eq!(
        raw.page,
        Page {
            number: 2,
            size: 10
        }
    );
}

#[test]
fn underscored_keys_are_the_dasherized_keys() {
    let dashed = parse("filter[rows-count-gteq]=5&filter[time-zone-name-cont-any]=a,b");
    let underscored = parse("filter[rows_count_gteq]=5&filter[time_zone_name_cont_any]=a,b");
    assert_eq!(dashed, underscored);
    assert_eq!(dashed.filters[0].key(), "rows-count-gteq");
}

#[test]
fn values_are_split_as_one_csv_line() {
    let query = parse(r#"filter[status-in]=Pending,Failed&filter[time-zone-name-in]="a,b",c"#);
    assert_eq!(
        query.filters[0].values,
        [FilterValue::Enum("Pending"), FilterValue::Enum("Failed")]
    );
    assert_eq!(
        query.filters[1].values,
        [
            FilterValue::String("a,b".into()),
            FilterValue::String("c".into())
        ]
    );
}

#[test]
fn a_quoted_empty_string_is_a_value_but_nothing_is_not() {
    let query = parse(r#"filter[time-zone-name-eq]="""#);
    assert_eq!(
        query.filters[0].values,
        [FilterValue::String(String::new())]
    );
    let json = document("filter[time-zone-name-eq]=");
    assert_eq!(json["errors"][0]["code"], "107");
    assert_eq!(
        json["errors"][0]["source"]["parameter"],
        "filter[time-zone-name-eq]"
    );
    // Nor is an empty item of a list: `""` is the empty string, nothing between commas is a slip.
    let query = parse(r#"filter[time-zone-name-in]=a,"",b"#);
    assert_eq!(
        query.filters[0].values,
        [
            FilterValue::String("a".into()),
            FilterValue::String(String::new()),
            FilterValue::String("b".into())
        ]
    );
    for bad in [
        "filter[time-zone-name-in]=a,,b",
        "filter[time-zone-name-in]=a,",
        "filter[time-zone-name-not-in]=,a",
        "filter[time-zone-name-cont-any]=\"a,b\",,c",
        "filter[id]=,",
    ] {
        let json = document(bad);
        assert_eq!(json["errors"][0]["code"], "107", "{bad}");
        assert_eq!(json["errors"].as_array().unwrap().len(), 1, "{bad}");
    }
}

#[test]
fn single_value_predicates_refuse_lists() {
    let json = document("filter[rows-count-gt]=1,2");
    assert_eq!(
        json,
        json!({"errors": [{
            "title": "Invalid filter value",
            "detail": "rows-count-gt takes exactly one value, but 2 were given; only in, not-in and cont-any take a list.",
            "code": "107",
            "status": "400",
            "source": {"parameter": "filter[rows-count-gt]"}
        }]})
    );
}

#[test]
fn list_predicates_and_suffixless_filters_take_lists() {
    let id_a = "05776fa6-e7d9-11f0-bf40-0a63caf27539";
    let id_b = "0576e37e-e7d9-11f0-bf40-0a63caf27539";
    let query = parse(&format!(
        "filter[id]={id_a},{id_b}&filter[time-format]=with_timezone,round_to_seconds&filter[rows-count-not-in]=1,2,3"
    ));
    assert_eq!(query.filters[0].predicate, None);
    assert_eq!(query.filters[0].effective_predicate(), Predicate::In);
    assert_eq!(query.filters[0].values.len(), 2);
    assert_eq!(
        query.filters[1].values,
        [
            FilterValue::Enum("with_timezone"),
            FilterValue::Enum("round_to_seconds")
        ]
    );
    assert_eq!(query.filters[2].values.len(), 3);
}

#[test]
fn unknown_filters_answer_102_as_the_reference() {
    let json = document("filter[foo_bar]=1");
    assert_eq!(
        json,
        json!({"errors": [{
            "title": "Filter not allowed",
            "detail": "foo_bar is not allowed.",
            "code": "102",
            "status": "400",
            "source": {"parameter": "filter[foo_bar]"}
        }]})
    );
    // A predicate the field does not have is an unknown filter too.
    assert_eq!(
        document("filter[rows-count-cont]=1")["errors"][0]["code"],
        "102"
    );
    assert_eq!(
        document("filter[status-gt]=Pending")["errors"][0]["code"],
        "102"
    );
    assert_eq!(document("filter[filters-eq]=x")["errors"][0]["code"], "102");
}

#[test]
fn enum_values_are_checked_case_sensitively() {
    let json = document("filter[status-eq]=test");
    assert_eq!(json["errors"][0]["code"], "107");
    assert_eq!(json["errors"][0]["title"], "Invalid filter value");
    assert_eq!(
        json["errors"][0]["detail"],
        "test is not a valid value for status-eq: expected one of Pending, Completed, Failed, Deleted."
    );
    assert_eq!(
        document("filter[status-eq]=pending")["errors"][0]["code"],
        "107"
    );
    assert_eq!(
        document("filter[time-format]=With_Timezone")["errors"][0]["code"],
        "107"
    );
}

#[test]
fn integers_never_turn_into_zero() {
    for bad in [
        "abc",
        "1.5",
        "1e3",
        "9223372036854775808",
        "-9223372036854775809",
        "+",
        "0x1",
    ] {
        let json = document(&format!("filter[rows-count-eq]={bad}"));
        assert_eq!(json["errors"][0]["code"], "107", "{bad}");
        assert_eq!(
            json["errors"][0]["source"]["parameter"], "filter[rows-count-eq]",
            "{bad}"
        );
    }
    let query = parse(
        "filter[rows-count-gteq]=-9223372036854775808&filter[rows-count-lteq]=9223372036854775807",
    );
    assert_eq!(query.filters[0].values, [FilterValue::Integer(i64::MIN)]);
    assert_eq!(query.filters[1].values, [FilterValue::Integer(i64::MAX)]);
}

/// A resource with a decimal of scale 2 (`DECIMAL(18, 2)`), for the decimal parser.
#[derive(jsonapi_filter::Filterable)]
#[filterable(type = "cdrs")]
struct Cdr {
    #[filterable(id)]
    id: i64,
    #[filterable(scale = 2)]
    price: jsonapi_filter::Decimal,
}

#[test]
fn decimals_are_exact_and_bounded_by_their_column() {
    let parsed = ResourceQuery::<Cdr>::parse(
        "filter[price-gteq]=-0.50&filter[price-lt]=9999999999999999.99&filter[price-in]=1.5,001.50,-0",
    )
    .unwrap();
    let decimal = |mantissa: i64| FilterValue::Decimal(jsonapi_filter::Decimal::new(mantissa, 2));
    assert_eq!(parsed.filters[0].values, [decimal(-50)]);
    assert_eq!(parsed.filters[1].values, [decimal(999_999_999_999_999_999)]);
    assert_eq!(
        parsed.filters[2].values,
        [decimal(150), decimal(150), decimal(0)]
    );
    // Written back as the shortest text.
    assert_eq!(parsed.filters[0].values[0].to_query_value(), "-0.5");
    assert_eq!(parsed.filters[2].values[2].to_query_value(), "0");
    let errors = ResourceQuery::<Cdr>::parse("filter[price-eq]=0.001").unwrap_err();
    assert_eq!(
        serde_json::to_value(errors.to_document()).unwrap(),
        json!({"errors": [{
            "status": "400",
            "code": "107",
            "title": "Invalid filter value",
            "detail": "0.001 is not a valid value for price-eq: expected a decimal number such as -1.5 (digits, an optional `.` and digits, no exponent) with at most 16 digits before the point and 2 after it.",
            "source": {"parameter": "filter[price-eq]"},
        }]})
    );
    for bad in [
        "0.001",
        "10000000000000000",
        "-10000000000000000.00",
        "1e3",
        "1E3",
        "%2B1",
        "+1",
        ".5",
        "5.",
        "1.5.0",
        "-",
        "--1",
        "1_000",
        "%201",
        "1%20",
        "NaN",
        "Infinity",
        "0x10",
        "%D9%A1",
    ] {
        let result = ResourceQuery::<Cdr>::parse(&format!("filter[price-gt]={bad}"));
        let codes: Vec<&str> = match &result {
            Ok(_) => vec![],
            Err(errors) => errors.iter().map(|error| error.code()).collect(),
        };
        assert_eq!(codes, ["107"], "{bad}: {result:?}");
    }
}

#[test]
fn datetimes_are_instants_and_never_disappear() {
    let query = parse(
        "filter[created-at-gteq]=2026-01-02T14:46:13.410%2B02:00&filter[created-at-lt]=2026-02-01&filter[updated-at-eq]=2026-01-02T12:46:13Z",
    );
    assert_eq!(
        query.filters[0].values,
        [FilterValue::DateTime(instant("2026-01-02T12:46:13.410Z"))]
    );
    assert_eq!(
        query.filters[1].values,
        [FilterValue::DateTime(instant("2026-02-01T00:00:00Z"))]
    );
    assert_eq!(
        query.filters[2].values,
        [FilterValue::DateTime(instant("2026-01-02T12:46:13Z"))]
    );
    // A `+` not encoded is a space, so the value is not a datetime: an error, never a silent drop.
    // Every backend stores microseconds, so a finer instant is refused rather than rounded differently by each.
    let bad_values = [
        "2026-01-02T14:46:13+02:00",
        "2026-01-02T12:46:13",
        "yesterday",
        "2026-13-01",
        "10000-01-01",
        "1970-01-01T00:00:00.0000005Z",
    ];
    for bad in bad_values {
        assert_eq!(
            document(&format!("filter[created-at-gt]={bad}"))["errors"][0]["code"],
            "107",
            "{bad}"
        );
    }
}

#[test]
fn uuids_are_validated() {
    assert_eq!(
        document("filter[account-id-eq]=42")["errors"][0]["code"],
        "107"
    );
    assert_eq!(
        document("filter[id]=05776fa6-e7d9-11f0-bf40-0a63caf27539,nope")["errors"][0]["code"],
        "107"
    );
    parse("filter[account-id-in]=05776fa6-e7d9-11f0-bf40-0a63caf27539");
}

#[test]
fn every_error_is_reported_at_once_in_parameter_order() {
    let json = document(
        "filter[status-eq]=test&filter[rows-count-gt]=abc&filter[nope]=1&sort=x&page[size]=0&fields[cdr-exports]=bogus&include=owner&foo=1",
    );
    let summary: Vec<(String, String)> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| {
            (
                error["code"].as_str().unwrap().to_owned(),
                error["source"]["parameter"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("107", "filter[status-eq]"),
        ("107", "filter[rows-count-gt]"),
        ("102", "filter[nope]"),
        ("114", "sort"),
        ("118", "page[size]"),
        ("104", "fields[cdr-exports]"),
        ("112", "include"),
        ("105", "foo"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(c, p)| (c.to_string(), p.to_string()))
        .collect();
    assert_eq!(summary, expected);
}

#[test]
fn a_list_reports_each_bad_item() {
    let errors = errors("filter[status-in]=Pending,nope,Failed,worse");
    let details: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(details.len(), 2);
    assert!(details[0].starts_with("nope is not a valid value for status-in"));
    assert!(details[1].starts_with("worse is not a valid value for status-in"));
}

#[test]
fn sort_defaults_to_created_at_descending_and_validates_criteria() {
    let default = parse("");
    assert!(!default.sort_given);
    assert_eq!(default.sort.len(), 1);
    assert_eq!(default.sort[0].field.key, "created-at");
    assert_eq!(default.sort[0].direction, SortDirection::Descending);

    let given = parse("sort=-created-at,status,rows_count");
    let keys: Vec<_> = given
        .sort
        .iter()
        .map(|key| (key.field.key, key.direction))
        .collect();
    assert_eq!(
        keys,
        [
            ("created-at", SortDirection::Descending),
            ("status", SortDirection::Ascending),
            ("rows-count", SortDirection::Ascending)
        ]
    );

    let json = document("sort=x");
    assert_eq!(
        json["errors"][0],
        json!({"title": "Invalid sort criteria", "detail": "x is not a valid sort criteria for cdr-exports",
               "code": "114", "status": "400", "source": {"parameter": "sort"}})
    );
    for bad in [
        "--created-at",
        "",
        "status,",
        "status,status",
        "-status,rows-count,-status",
        "filters",
        "+status",
        " status",
    ] {
        assert_eq!(
            document(&format!("sort={bad}"))["errors"][0]["code"],
            "114",
            "{bad:?}"
        );
    }
}

#[test]
fn a_field_may_be_sorted_both_ways_but_a_criterion_only_once() {
    // Two criteria on one field are two distinct items (the document's `uniqueItems` holds); the second only
    // orders rows the first found equal.
    let query = parse("sort=status,-status");
    let sort: Vec<_> = query
        .sort
        .iter()
        .map(|key| (key.field.key, key.direction))
        .collect();
    assert_eq!(
        sort,
        [
            ("status", SortDirection::Ascending),
            ("status", SortDirection::Descending)
        ]
    );
    assert_eq!(document("sort=-status,-status")["errors"][0]["code"], "114");
}

#[test]
fn page_numbers_are_bounded_alike_at_every_size() {
    // The largest number accepted is the same at every page size, and is the documented maximum.
    let max = Page::max_number(1000);
    for size in [1, 50, 1000] {
        let query = parse(&format!("page[number]={max}&page[size]={size}"));
        assert_eq!(query.page.number, max);
        assert_eq!(
            document(&format!("page[number]={}&page[size]={size}", max + 1))["errors"][0]["code"],
            "118",
            "size {size}"
        );
    }
    // Its offset at the largest size still fits OFFSET's signed 64 bits.
    assert!((max - 1) * 1000 <= i64::MAX as u64);
}

#[test]
fn pages_default_to_50_and_are_bounded() {
    assert_eq!(
        parse("").page,
        Page {
            number: 1,
            size: 50
        }
    );
    assert_eq!(parse("page[size]=1000").page.size, 1000);
    let json = document("page[size]=0");
    assert_eq!(
        json["errors"][0],
        json!({"title": "Invalid page value", "detail": "0 is not a valid value for size page parameter.",
               "code": "118", "status": "400", "source": {"parameter": "page[size]"}})
    );
    assert_eq!(
        document("page[size]=1001")["errors"][0]["detail"],
        "size exceeds maximum page size of 1000."
    );
    for bad in [
        "page[size]=1e9",
        "page[number]=-1",
        "page[number]=0",
        "page[number]=x",
        "page[number]=",
        "page[size]=%2B5",
    ] {
        assert_eq!(document(bad)["errors"][0]["code"], "118", "{bad}");
    }
    assert_eq!(
        document("page[number]=18446744073709551615")["errors"][0]["code"],
        "118"
    );
    assert_eq!(document("page[offset]=3")["errors"][0]["code"], "105");
}

#[test]
fn sparse_fieldsets_and_include_are_validated() {
    let query =
        parse("fields[cdr-exports]=status,rows_count,account&include=account&fields[accounts]=");
    assert!(query.wants_field("cdr-exports", "rows-count"));
    assert!(!query.wants_field("cdr-exports", "created-at"));
    assert!(query.wants_field("other", "anything"));
    assert!(query.includes("account"));
    assert_eq!(
        document("fields[cdr-exports]=bogus")["errors"][0]["detail"],
        "bogus is not a valid field for cdr-exports."
    );
    assert_eq!(document("fields[unknown]=a")["errors"][0]["code"], "101");
    assert_eq!(
        document("include=account.owner")["errors"][0]["code"],
        "112"
    );
    assert_eq!(document("fields=status")["errors"][0]["code"], "105");
    // An empty value asks for no fields (JSON:API), but an empty name in a list is refused like an unknown
    // one; `include` names at least one relationship, each once.
    assert_eq!(
        parse("fields[accounts]=").fieldset("accounts"),
        Some(&[][..])
    );
    for (bad, code) in [
        ("fields[cdr-exports]=,,", "104"),
        ("fields[cdr-exports]=status,", "104"),
        ("fields[accounts]=,name", "104"),
        ("include=", "112"),
        ("include=account,", "112"),
        ("include=account,account", "112"),
    ] {
        let json = document(bad);
        assert_eq!(json["errors"][0]["code"], code, "{bad}");
        assert_eq!(json["errors"][0]["status"], "400", "{bad}");
    }
    assert_eq!(
        document("fields[cdr-exports]=status,")["errors"][0]["detail"],
        "(empty) is not a valid field for cdr-exports."
    );
    assert_eq!(
        document("include=account,account")["errors"][0]["detail"],
        "account is included more than once; name each relationship once."
    );
}

#[test]
fn unknown_and_malformed_parameters_are_errors_never_ignored() {
    assert_eq!(
        document("foo=1")["errors"][0]["detail"],
        "foo is not allowed."
    );
    assert_eq!(document("foo=1")["errors"][0]["code"], "105");
    for malformed in [
        "filter=x",
        "filter[]=x",
        "filter[a][b][c]=x",
        "filter[status-eq=x",
    ] {
        let json = document(malformed);
        assert_eq!(json["errors"][0]["code"], "120", "{malformed}");
        assert_eq!(
            json["errors"][0]["title"], "Invalid filters syntax",
            "{malformed}"
        );
    }
    assert_eq!(
        document(r#"filter[time-zone-name-eq]="unclosed"#)["errors"][0]["code"],
        "120"
    );
}

#[test]
fn duplicated_parameters_are_refused_in_any_spelling() {
    let json = document("filter[status-eq]=Pending&filter[status_eq]=Failed");
    assert_eq!(json["errors"][0]["code"], "105");
    assert_eq!(
        json["errors"][0]["source"]["parameter"],
        "filter[status_eq]"
    );
    assert_eq!(
        document("sort=status&sort=-status")["errors"][0]["code"],
        "105"
    );
    assert_eq!(
        document("page[size]=5&page[size]=6")["errors"][0]["code"],
        "105"
    );
}

#[test]
fn undecodable_input_is_a_400() {
    for bad in [
        "filter[status-eq]=%zz",
        "filter[status-eq]=%ff%fe",
        "filter[status-eq]=a%00b",
        "filter%5Bstatus-eq=%",
    ] {
        let errors = errors(bad);
        assert_eq!(errors.status(), 400, "{bad}");
        assert_eq!(errors.first().code(), "400", "{bad}");
    }
}

#[test]
fn limits_are_enforced_with_clear_errors() {
    let options = QueryOptions {
        limits: QueryLimits {
            max_query_length: 200,
            max_filters: 2,
            max_list_values: 3,
            max_value_length: 8,
            max_group_depth: 1,
        },
        ..QueryOptions::default()
    };
    let parse_with =
        |query: &str| ResourceQuery::<CdrExport>::parse_with(query, &options).unwrap_err();

    let too_long = parse_with(&"a".repeat(201));
    assert_eq!(too_long.status(), 414);
    assert_eq!(too_long.first().code(), "414");

    let too_many =
        parse_with("filter[rows-count-gt]=1&filter[rows-count-lt]=9&filter[rows-count-not-eq]=5");
    assert_eq!(too_many.as_slice().last().unwrap().code(), "120");
    assert_eq!(
        too_many.as_slice().last().unwrap().to_string(),
        "3 filters were given; at most 2 are allowed."
    );

    let long_list = parse_with("filter[rows-count-in]=1,2,3,4");
    assert_eq!(
        long_list.first().to_string(),
        "rows-count-in has 4 values; at most 3 are allowed."
    );

    let long_value = parse_with("filter[time-zone-name-eq]=Europe/Kyiv");
    assert_eq!(long_value.first().code(), "107");

    // Every condition in every group counts, and the depth of groups is bounded.
    let grouped = parse_with(
        "filter[rows-count-gt]=1&filter[or][0][rows-count-lt]=9&filter[or][1][status-eq]=Failed",
    );
    assert_eq!(
        grouped.as_slice().last().unwrap().to_string(),
        "3 filters were given; at most 2 are allowed."
    );
    let deep = parse_with("filter[not][or][0][status-eq]=Failed");
    assert_eq!(deep.first().code(), "120");
    assert_eq!(
        deep.first().to_string(),
        "filter[not][or][0][status-eq] is nested in 2 groups; at most 1 are allowed."
    );
    assert_eq!(
        deep.first().parameter(),
        Some("filter[not][or][0][status-eq]")
    );
    assert!(
        ResourceQuery::<CdrExport>::parse_with("filter[not][status-eq]=Failed", &options).is_ok()
    );
}

#[test]
fn extra_parameters_can_be_allowed_by_the_application() {
    let options = QueryOptions {
        extra_parameters: vec!["debug".into()],
        ..QueryOptions::default()
    };
    assert!(
        ResourceQuery::<CdrExport>::parse_with("debug=1&filter[status-eq]=Pending", &options)
            .is_ok()
    );
    assert!(ResourceQuery::<CdrExport>::parse_with("debug=1&debug=2", &options).is_err());
}

/// A resource with addresses, which the reference lacks.
#[derive(jsonapi_filter::Filterable)]
#[filterable(type = "cdrs", table = "cdrs")]
struct AddressedCdr {
    #[filterable(id)]
    id: i64,
    auth_orig_ip: Option<std::net::IpAddr>,
}

/// A refused address is a 107 on its parameter, whose detail names the mistake; in a list, each refused item
/// is its own error.
#[test]
fn addresses_are_validated_with_a_clear_detail() {
    let errors = ResourceQuery::<AddressedCdr>::parse(
        "filter[auth-orig-ip-eq]=10.0.0.1/32&filter[auth-orig-ip-in]=fe80::1%25eth0,::1,010.0.0.1",
    )
    .unwrap_err();
    let document = serde_json::to_value(errors.to_document()).unwrap();
    let summary: Vec<(&str, &str, &str)> = document["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| {
            (
                error["code"].as_str().unwrap(),
                error["source"]["parameter"].as_str().unwrap(),
                error["detail"].as_str().unwrap(),
            )
        })
        .collect();
    let expected = "expected an IPv4 address (192.0.2.1) or an IPv6 address (2001:db8::1)";
    let details = [
        format!(
            "10.0.0.1/32 is not a valid value for auth-orig-ip-eq: {expected}, without a mask (`/32`)."
        ),
        format!(
            "fe80::1%eth0 is not a valid value for auth-orig-ip-in: {expected}, without a zone (`%eth0`)."
        ),
        format!(
            "010.0.0.1 is not a valid value for auth-orig-ip-in: {expected}, IPv4 as four numbers from 0 to 255 \
             without leading zeros."
        ),
    ];
    assert_eq!(
        summary,
        [
            ("107", "filter[auth-orig-ip-eq]", details[0].as_str()),
            ("107", "filter[auth-orig-ip-in]", details[1].as_str()),
            ("107", "filter[auth-orig-ip-in]", details[2].as_str()),
        ]
    );
}

/// The reference `cdrs` in small: a filter-only field with a default (`is-last-cdr`), another filter-only field,
/// and a suffixed default on an attribute.
#[derive(Debug, jsonapi_filter::Filterable)]
#[filterable(type = "cdrs")]
#[allow(dead_code)]
struct DefaultedCdr {
    #[filterable(id)]
    id: i64,
    duration: i64,
    #[filterable(exact, filter_only, default = true)]
    is_last_cdr: bool,
    #[filterable(filter_only)]
    orig_call_id: String,
    #[filterable(default(not_eq = "internal"))]
    route: String,
}

/// The keys and values of a query's default filters.
fn defaults_of(query: &ResourceQuery<DefaultedCdr>) -> Vec<(String, Vec<FilterValue>)> {
    query
        .default_filters()
        .iter()
        .map(|filter| (filter.key(), filter.values.clone()))
        .collect()
}

#[test]
fn defaults_apply_beside_the_request_filters_not_among_them() {
    let query = ResourceQuery::<DefaultedCdr>::parse("filter[duration-gt]=60").unwrap();
    assert_eq!(query.filters.len(), 1, "only what the request wrote");
    assert_eq!(
        defaults_of(&query),
        [
            ("is-last-cdr".to_owned(), vec![FilterValue::Boolean(true)]),
            (
                "route-not-eq".to_owned(),
                vec![FilterValue::String("internal".to_owned())]
            ),
        ]
    );
    // An empty query and `Default` are the same listing.
    assert_eq!(
        ResourceQuery::<DefaultedCdr>::parse("").unwrap(),
        ResourceQuery::default()
    );
}

#[test]
fn any_key_of_a_defaulted_field_in_any_spelling_replaces_its_default() {
    for (request, remaining) in [
        ("filter[is-last-cdr]=false", "route-not-eq"),
        ("filter[is_last_cdr]=false", "route-not-eq"),
        ("filter[route-eq]=internal", "is-last-cdr"),
        ("filter[route_in]=a,b", "is-last-cdr"),
        ("filter[route-cont]=intern", "is-last-cdr"),
    ] {
        let query = ResourceQuery::<DefaultedCdr>::parse(request).unwrap();
        let keys: Vec<String> = query.default_filters().iter().map(|f| f.key()).collect();
        assert_eq!(keys, [remaining], "{request}");
    }
    let none = ResourceQuery::<DefaultedCdr>::parse(
        "filter[is-last-cdr]=true,false&filter[route-not-eq]=x",
    )
    .unwrap();
    assert!(none.default_filters().is_empty());
    assert_eq!(
        none.filters[0].values,
        [FilterValue::Boolean(true), FilterValue::Boolean(false)]
    );
}

#[test]
fn a_bad_value_for_a_defaulted_filter_is_refused_not_defaulted() {
    let errors = ResourceQuery::<DefaultedCdr>::parse("filter[is-last-cdr]=maybe").unwrap_err();
    let codes: Vec<&str> = errors.iter().map(|error| error.code()).collect();
    assert_eq!(codes, ["107"]);
}

#[test]
fn stored_filter_pairs_apply_no_default_unless_asked() {
    let allowed = ["duration_gt", "is_last_cdr"];
    let stored =
        ResourceQuery::<DefaultedCdr>::from_filter_pairs([("duration_gt", "60")], &allowed)
            .unwrap();
    assert!(
        stored.default_filters().is_empty(),
        "an export means exactly its filters"
    );
    let as_requested = stored.with_default_filters();
    assert_eq!(defaults_of(&as_requested).len(), 2);
    // A stored filter on the field keeps its own value.
    let stored_false =
        ResourceQuery::<DefaultedCdr>::from_filter_pairs([("is_last_cdr", "false")], &allowed)
            .unwrap()
            .with_default_filters();
    assert_eq!(
        defaults_of(&stored_false),
        [(
            "route-not-eq".to_owned(),
            vec![FilterValue::String("internal".to_owned())]
        )]
    );
    assert_eq!(
        stored_false.filters[0].values,
        [FilterValue::Boolean(false)]
    );
    // Applying twice adds nothing; removing leaves the request's filters.
    let twice = as_requested.clone().with_default_filters();
    assert_eq!(twice, as_requested);
    assert!(twice.without_default_filters().default_filters().is_empty());
}

#[test]
fn filter_only_fields_filter_but_are_neither_fields_nor_sort_criteria() {
    let query = ResourceQuery::<DefaultedCdr>::parse(
        "filter[orig-call-id-cont]=abc&fields[cdrs]=duration,route",
    )
    .unwrap();
    assert_eq!(query.filters[0].key(), "orig-call-id-cont");
    for (request, code, detail) in [
        (
            "sort=orig-call-id",
            "114",
            "orig-call-id is not a valid sort criteria for cdrs",
        ),
        (
            "sort=-is_last_cdr",
            "114",
            "-is_last_cdr is not a valid sort criteria for cdrs",
        ),
        (
            "fields[cdrs]=orig-call-id",
            "104",
            "orig-call-id is not a valid field for cdrs",
        ),
        (
            "fields[cdrs]=is-last-cdr",
            "104",
            "is-last-cdr is not a valid field for cdrs",
        ),
    ] {
        let errors = ResourceQuery::<DefaultedCdr>::parse(request).unwrap_err();
        let first = errors.first();
        assert_eq!(first.code(), code, "{request}");
        assert!(first.to_string().starts_with(detail), "{request}: {first}");
    }
    // The same as a key the resource does not have at all.
    let unknown = ResourceQuery::<DefaultedCdr>::parse("fields[cdrs]=nope").unwrap_err();
    assert_eq!(unknown.first().code(), "104");
}

#[test]
fn page_links_imply_the_same_defaults_on_every_page() {
    use jsonapi_filter::{PageLinks, QueryStringBuilder};
    let request = QueryStringBuilder::<DefaultedCdr>::new()
        .filter("duration-gt", ["60"])
        .page(2, 10)
        .to_query_string();
    let first = ResourceQuery::<DefaultedCdr>::parse(&request).unwrap();
    assert_eq!(first.default_filters().len(), 2);
    let links = PageLinks::new("http://example.org/cdrs", &request, first.page, 35);
    for link in [
        &links.first,
        links.prev.as_ref().unwrap(),
        links.next.as_ref().unwrap(),
    ] {
        let query = link.split_once('?').unwrap().1;
        assert!(
            !query.contains("is-last-cdr") && !query.contains("route"),
            "{link}"
        );
        let page = ResourceQuery::<DefaultedCdr>::parse(query).unwrap();
        assert_eq!(page.filters, first.filters, "{link}");
        assert_eq!(page.default_filters(), first.default_filters(), "{link}");
    }
    // A request that replaced a default keeps replacing it on the other pages.
    let every_leg = "filter%5Bis-last-cdr%5D=true,false&page%5Bnumber%5D=1&page%5Bsize%5D=10";
    let query = ResourceQuery::<DefaultedCdr>::parse(every_leg).unwrap();
    assert_eq!(defaults_of(&query).len(), 1);
    let links = PageLinks::new("http://example.org/cdrs", every_leg, query.page, 35);
    let next = ResourceQuery::<DefaultedCdr>::parse(links.next.unwrap().split_once('?').unwrap().1)
        .unwrap();
    assert_eq!(next.filters, query.filters);
    assert_eq!(defaults_of(&next), defaults_of(&query));
}

/// Keys that share prefixes with other keys and with predicate suffixes, for the filter-key index.
#[derive(jsonapi_filter::Filterable)]
#[filterable(type = "legs")]
#[allow(dead_code)]
struct Leg {
    #[filterable(id)]
    id: i64,
    #[filterable(with_exact)]
    rows: i64,
    rows_count: i64,
    rows_count_in: Option<String>,
    status: String,
    #[filterable(exact)]
    status_code: i64,
    // `not` itself is reserved for filter groups; a key made of predicate suffixes is not.
    #[filterable(rename = "not-eq")]
    negated: bool,
}

/// Every filter key resolves, in both spellings, to the field and predicate it is written from; a key one
/// character short or long, or of a predicate the field lacks, resolves to nothing.
#[test]
fn every_filter_key_resolves_to_what_it_is_written_from() {
    use jsonapi_filter::Resource;
    fn check(schema: &'static jsonapi_filter::ResourceSchema) -> usize {
        let parameters: Vec<_> = schema.filter_parameters().collect();
        for (field, predicate) in &parameters {
            let key = match predicate {
                Some(predicate) => format!("{}-{}", field.key, predicate.suffix()),
                None => field.key.to_owned(),
            };
            for spelling in [key.clone(), key.replace('-', "_")] {
                let (found, found_predicate) = schema
                    .resolve_filter(&spelling)
                    .unwrap_or_else(|| panic!("{spelling} does not resolve"));
                assert_eq!(
                    (found.name, found_predicate),
                    (field.name, *predicate),
                    "{spelling}"
                );
            }
            for near in [
                format!("{key}x"),
                key[..key.len() - 1].to_owned(),
                format!("{key}-"),
            ] {
                if let Some((found, found_predicate)) = schema.resolve_filter(&near) {
                    // Only where `near` is itself another key.
                    let other = match found_predicate {
                        Some(predicate) => format!("{}-{}", found.key, predicate.suffix()),
                        None => found.key.to_owned(),
                    };
                    assert_eq!(
                        other,
                        near.replace('_', "-"),
                        "{near} resolves to another key"
                    );
                }
            }
        }
        parameters.len()
    }
    assert_eq!(check(CdrExport::SCHEMA), 42);
    let legs = check(Leg::SCHEMA);
    assert_eq!(legs, Leg::SCHEMA.filter_keys().len());
    // `rows-count-in` is the `in` of `rows-count`, declared before the field `rows-count-in`.
    let (field, predicate) = Leg::SCHEMA.resolve_filter("rows_count_in").unwrap();
    assert_eq!(
        (field.name, predicate),
        ("rows_count", Some(jsonapi_filter::Predicate::In))
    );
    assert!(Leg::SCHEMA.resolve_filter("rows-count-cont").is_none());
    assert!(Leg::SCHEMA.resolve_filter("rows-count-in-cont").is_some());
    assert!(Leg::SCHEMA.resolve_filter("").is_none());
    assert!(Leg::SCHEMA.resolve_filter("Rows-count").is_none());
}

/// Fields filtered both with predicate suffixes and with the suffix-less list key (`with_exact`), as the
/// reference `cdrs` filters `duration`, `success` and `local-tag`; `route` has a suffixed default.
#[derive(Debug, jsonapi_filter::Filterable)]
#[filterable(type = "cdrs")]
#[allow(dead_code)]
struct SplitCdr {
    #[filterable(id)]
    id: i64,
    #[filterable(with_exact)]
    duration: i64,
    #[filterable(with_exact)]
    success: Option<bool>,
    #[filterable(with_exact)]
    local_tag: Option<String>,
    #[filterable(with_exact, default(not_eq = "internal"))]
    route: String,
}

fn split_errors(query: &str) -> Vec<(String, String)> {
    match ResourceQuery::<SplitCdr>::parse(query) {
        Ok(parsed) => panic!("{query} was accepted: {parsed:?}"),
        Err(errors) => errors
            .iter()
            .map(|error| {
                (
                    error.code().to_owned(),
                    error.parameter().unwrap_or_default().to_owned(),
                )
            })
            .collect(),
    }
}

#[test]
fn with_exact_fields_have_the_suffixless_key_beside_their_suffixed_keys() {
    use jsonapi_filter::Resource;
    let keys = SplitCdr::SCHEMA.filter_keys();
    for key in [
        "duration",
        "duration-gt",
        "success",
        "success-eq",
        "local-tag",
        "local-tag-cont",
        "route",
        "route-not-eq",
    ] {
        assert!(keys.contains(&key.to_owned()), "{key} in {keys:?}");
    }
    // `filter[id]`, the suffixed keys in declaration order, then the suffix-less list keys.
    assert_eq!(keys[0], "id");
    assert_eq!(
        keys[keys.len() - 4..],
        ["duration", "success", "local-tag", "route"]
    );
    let style = SplitCdr::SCHEMA.field("duration").unwrap().filter;
    assert!(
        matches!(style, jsonapi_filter::FilterStyle::PredicatesWithExact(set) if set.contains(Predicate::Gt))
    );
    assert!(style.has_exact_key());
}

#[test]
fn a_with_exact_key_takes_a_list_meaning_in_in_both_spellings() {
    for (spelling, tag) in [("local-tag", "local_tag"), ("local_tag", "local-tag")] {
        let query = ResourceQuery::<SplitCdr>::parse(&format!(
            "filter[duration]=10,20&filter[duration-gt]=5&filter[{spelling}]=a,b&filter[{tag}-cont]=c&filter[success]=true,false"
        ))
        .unwrap();
        let filters: Vec<_> = query
            .filters
            .iter()
            .map(|filter| (filter.key(), filter.predicate, filter.effective_predicate()))
            .collect();
        assert_eq!(
            filters,
            [
                ("duration".to_owned(), None, Predicate::In),
                ("duration-gt".to_owned(), Some(Predicate::Gt), Predicate::Gt),
                ("local-tag".to_owned(), None, Predicate::In),
                (
                    "local-tag-cont".to_owned(),
                    Some(Predicate::Cont),
                    Predicate::Cont
                ),
                ("success".to_owned(), None, Predicate::In),
            ],
            "{spelling}"
        );
        assert_eq!(
            query.filters[0].values,
            [FilterValue::Integer(10), FilterValue::Integer(20)]
        );
        assert_eq!(
            query.filters[2].values,
            [
                FilterValue::String("a".to_owned()),
                FilterValue::String("b".to_owned())
            ]
        );
        assert_eq!(
            query.filters[4].values,
            [FilterValue::Boolean(true), FilterValue::Boolean(false)]
        );
    }
}

#[test]
fn a_with_exact_key_refuses_values_of_another_kind_with_107() {
    assert_eq!(
        split_errors("filter[duration]=10,ten&filter[success]=maybe"),
        [
            ("107".to_owned(), "filter[duration]".to_owned()),
            ("107".to_owned(), "filter[success]".to_owned()),
        ]
    );
    assert_eq!(
        split_errors("filter[duration]=1.5"),
        [("107".to_owned(), "filter[duration]".to_owned())]
    );
}

#[test]
fn with_exact_adds_no_suffix_an_unknown_suffix_stays_102() {
    assert_eq!(
        split_errors(
            "filter[duration-cont]=1&filter[success-gt]=true&filter[durationx]=1&filter[duration-]=1&filter[local-tag-in-in]=a"
        ),
        [
            ("102".to_owned(), "filter[duration-cont]".to_owned()),
            ("102".to_owned(), "filter[success-gt]".to_owned()),
            ("102".to_owned(), "filter[durationx]".to_owned()),
            ("102".to_owned(), "filter[duration-]".to_owned()),
            ("102".to_owned(), "filter[local-tag-in-in]".to_owned()),
        ]
    );
    // The key once in each spelling is one key given twice.
    assert_eq!(
        split_errors("filter[local-tag]=a&filter[local_tag]=b")[0].0,
        "105"
    );
}

#[test]
fn the_with_exact_key_replaces_the_fields_suffixed_default() {
    let keys = |request: &str| -> Vec<String> {
        let query = ResourceQuery::<SplitCdr>::parse(request).unwrap();
        query
            .default_filters()
            .iter()
            .map(|filter| filter.key())
            .collect()
    };
    assert_eq!(keys(""), ["route-not-eq"]);
    assert_eq!(keys("filter[duration]=1"), ["route-not-eq"]);
    assert!(keys("filter[route]=internal").is_empty());
    assert!(keys("filter[route]=internal,public").is_empty());
    assert!(keys("filter[route-eq]=internal").is_empty());
}
