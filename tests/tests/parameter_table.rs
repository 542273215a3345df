//! The parameter table of the reference resource is the reference documentation's `Parameters` section, row
//! for row and in order; its richer columns (type, list, allowed values) state what the parser accepts.

use jsonapi_filter::SortDirection;
use jsonapi_filter::docs::{ParameterDefault, ParameterGroup};
use jsonapi_filter::{FilterValue, ParameterTable, Resource, ResourceQuery, ValueKind};
use jsonapi_filter_tests::reference::CdrExport;

const REFERENCE: &str = include_str!("../fixtures/cdr-exports-listing.txt");

/// The `Name Description` rows of the reference file's `Parameters` section.
fn reference_rows() -> Vec<(String, String)> {
    let mut lines = REFERENCE.lines().skip_while(|line| *line != "Parameters");
    assert_eq!(lines.next(), Some("Parameters"));
    let mut lines = lines.skip_while(|line| line.trim().is_empty());
    assert_eq!(lines.next(), Some("Name Description"));
    let rows: Vec<(String, String)> = lines
        .take_while(|line| !line.trim().is_empty())
        .map(|line| {
            let (name, description) = line.split_once(' ').expect("a row is `name description`");
            (name.to_owned(), description.to_owned())
        })
        .collect();
    assert_eq!(rows.len(), 42, "the reference documents 42 filters");
    rows
}

fn table() -> ParameterTable {
    ParameterTable::of::<CdrExport>()
}

#[test]
fn filter_rows_equal_the_reference_parameters_section_in_order() {
    let table = table();
    let ours: Vec<(String, String)> = table
        .group(ParameterGroup::Filter)
        .map(|parameter| (parameter.name.clone(), parameter.description.clone()))
        .collect();
    assert_eq!(ours, reference_rows());
    // The filters come first, then the other parameters.
    let first_other = table
        .parameters
        .iter()
        .position(|parameter| parameter.group != ParameterGroup::Filter)
        .unwrap();
    assert_eq!(first_other, 42);
    assert!(
        table.parameters[first_other..]
            .iter()
            .all(|parameter| parameter.group != ParameterGroup::Filter)
    );
}

#[test]
fn plain_text_rendering_reproduces_the_reference_section_verbatim() {
    let section: String = REFERENCE
        .lines()
        .skip_while(|line| *line != "Name Description")
        .take_while(|line| !line.trim().is_empty())
        .map(|line| format!("{line}\n"))
        .collect();
    let text = table().to_text();
    assert!(
        text.starts_with(&section),
        "ours:\n{text}\nreference:\n{section}"
    );
    let extra: Vec<&str> = text[section.len()..]
        .lines()
        .map(|line| line.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        extra,
        [
            "sort",
            "page[number]",
            "page[size]",
            "fields[cdr-exports]",
            "fields[accounts]",
            "include"
        ]
    );
}

#[test]
fn markdown_rendering_has_the_reference_name_and_description_columns() {
    let markdown = table().to_markdown();
    let mut lines = markdown.lines();
    assert_eq!(
        lines.next(),
        Some("| Name | Description | Type | List | Allowed values |")
    );
    assert_eq!(lines.next(), Some("|---|---|---|---|---|"));
    let columns: Vec<(String, String)> = lines
        .take(42)
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let name = cells[0].trim_start_matches("| ").trim_matches('`');
            (name.to_owned(), cells[1].to_owned())
        })
        .collect();
    assert_eq!(columns, reference_rows());
    assert!(markdown.contains(
        "| `filter[status-in]` | status in filter | enum | yes | `Pending`, `Completed`, `Failed`, `Deleted` |"
    ));
    assert!(markdown.contains(
        "| `filter[time-format]` | time format filter | enum | yes | `with_timezone`, `without_timezone`, `round_to_seconds` |"
    ));
    assert!(
        markdown
            .contains("| `filter[created-at-gteq]` | created at gteq filter | datetime | no |  |")
    );
    assert!(
        markdown.contains(
            "| `page[size]` | page size (default 50, from 1 to 1000) | integer | no |  |"
        )
    );
}

#[test]
fn value_types_and_lists_follow_the_fields_kinds() {
    let table = table();
    let row = |name: &str| {
        table
            .parameters
            .iter()
            .find(|parameter| parameter.name == name)
            .unwrap_or_else(|| panic!("{name} is documented"))
    };
    let expected = [
        ("filter[id]", "uuid", true),
        ("filter[status-eq]", "enum", false),
        ("filter[status-not-in]", "enum", true),
        ("filter[rows-count-lt]", "integer", false),
        ("filter[updated-at-in]", "datetime", true),
        ("filter[time-zone-name-cont-any]", "string", true),
        ("filter[time-zone-name-start]", "string", false),
        ("filter[account-id-not-eq]", "uuid", false),
        ("filter[time-format]", "enum", true),
        ("sort", "string", true),
        ("page[number]", "integer", false),
        ("include", "string", true),
    ];
    for (name, value_type, takes_list) in expected {
        assert_eq!(
            (row(name).value_kind.name(), row(name).takes_list),
            (value_type, takes_list),
            "{name}"
        );
    }
    // Every include path: the account, and the account's exports through it.
    assert_eq!(
        row("include").allowed_values,
        ["account", "account.cdr-exports"]
    );
    assert_eq!(
        row("sort").default,
        Some(ParameterDefault::Sort(&[(
            "created-at",
            SortDirection::Descending
        )]))
    );
    assert_eq!(
        row("page[size]").default,
        Some(ParameterDefault::Number(50))
    );
    assert!(
        row("sort")
            .allowed_values
            .contains(&"-rows-count".to_owned())
    );
    assert!(
        !row("sort").allowed_values.contains(&"filters".to_owned()),
        "a skipped field is not sortable"
    );
    assert!(
        row("fields[cdr-exports]")
            .allowed_values
            .contains(&"filters".to_owned()),
        "a skipped field is still an attribute"
    );
}

/// The documentation is a specification: every documented filter parses with a value of its documented type,
/// and every allowed value is accepted.
#[test]
fn every_documented_filter_accepts_its_documented_values() {
    for parameter in table().group(ParameterGroup::Filter) {
        let field = parameter.field.unwrap();
        let samples: Vec<String> = match field.kind {
            ValueKind::Enum => parameter.allowed_values.clone(),
            ValueKind::Integer => vec!["-7".to_owned()],
            ValueKind::Decimal => vec!["-1.5".to_owned()],
            ValueKind::DateTime => vec!["2026-01-02T12:46:13.410Z".to_owned()],
            ValueKind::Uuid => vec!["05776fa6-e7d9-11f0-bf40-0a63caf27539".to_owned()],
            ValueKind::Inet => vec!["192.0.2.1".to_owned(), "2001:db8::1".to_owned()],
            ValueKind::String => vec!["Europe/Berlin".to_owned()],
            ValueKind::Boolean => vec!["true".to_owned()],
        };
        for sample in samples {
            let raw = format!("{}={sample}", parameter.name);
            let query = ResourceQuery::<CdrExport>::parse(&raw)
                .unwrap_or_else(|errors| panic!("{raw}: {errors:?}"));
            assert_eq!(query.filters.len(), 1, "{raw}");
            assert_eq!(query.filters[0].values[0].to_query_value(), sample);
        }
        if parameter.takes_list {
            let raw = format!("{}=a,b", parameter.name);
            let errors = ResourceQuery::<CdrExport>::parse(&raw).err();
            // A list of two is never refused for its count (only, here, for its values).
            if let Some(errors) = errors {
                assert!(errors.iter().all(|error| error.code() == "107"), "{raw}");
            }
        } else if field.kind == ValueKind::String {
            let raw = format!("{}=a,b", parameter.name);
            assert!(
                ResourceQuery::<CdrExport>::parse(&raw).is_err(),
                "{raw} takes one value"
            );
        }
    }
    assert_eq!(
        ResourceQuery::<CdrExport>::parse("filter[status-eq]=Pending")
            .unwrap()
            .filters[0]
            .values,
        [FilterValue::Enum("Pending")]
    );
}

#[test]
fn html_page_lists_every_parameter_escaped() {
    let page = table().to_html("CDR exports <API>", Some("openapi.json"));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<title>CDR exports &lt;API&gt;</title>"));
    assert!(!page.contains("<script"), "self-contained, no scripts");
    for parameter in &table().parameters {
        let cell = format!("<td><code>{}</code></td>", parameter.name);
        assert!(page.contains(&cell), "{} is on the page", parameter.name);
    }
    assert!(page.contains("<code>round_to_seconds</code>"));
    assert!(page.contains(r#"<a href="openapi.json">"#));
    assert!(page.trim_end().ends_with("</html>"));
}

/// A resource with addresses, which the reference lacks: the `cdrs` the framework serves next.
#[derive(jsonapi_filter::Filterable)]
#[filterable(type = "cdrs", table = "cdrs")]
struct Cdr {
    #[filterable(id)]
    id: i64,
    #[filterable(null)]
    auth_orig_ip: Option<std::net::IpAddr>,
}

/// Address filters are documented as `inet`, with the default predicates of uuids plus the opt-in `null`,
/// and accept addresses of both families as documented.
#[test]
fn address_filters_are_documented_as_inet() {
    let markdown = ParameterTable::of::<Cdr>().to_markdown();
    for row in [
        "| `filter[auth-orig-ip-eq]` | auth orig ip eq filter | inet | no |  |",
        "| `filter[auth-orig-ip-not-eq]` | auth orig ip not eq filter | inet | no |  |",
        "| `filter[auth-orig-ip-in]` | auth orig ip in filter | inet | yes |  |",
        "| `filter[auth-orig-ip-not-in]` | auth orig ip not in filter | inet | yes |  |",
        "| `filter[auth-orig-ip-null]` | auth orig ip null filter | boolean | no | `true`, `false` |",
    ] {
        assert!(markdown.contains(row), "{row}\n{markdown}");
    }
    assert_eq!(
        markdown.matches("`filter[auth-orig-ip").count(),
        5,
        "{markdown}"
    );
    for parameter in ParameterTable::of::<Cdr>().group(ParameterGroup::Filter) {
        if parameter.value_kind != ValueKind::Inet {
            continue;
        }
        let raw = format!("{}=192.0.2.1,2001:DB8::1", parameter.name);
        match ResourceQuery::<Cdr>::parse(&raw) {
            Ok(query) => assert_eq!(
                query.filters[0].values,
                [
                    FilterValue::Inet("192.0.2.1".parse().unwrap()),
                    FilterValue::Inet("2001:db8::1".parse().unwrap()),
                ]
            ),
            // A single-value filter takes one address: the comma makes it none.
            Err(errors) => {
                assert!(!parameter.takes_list, "{raw}");
                assert_eq!(errors.first().code(), "107", "{raw}");
            }
        }
    }
}

/// A resource shaped like the reference's `cdrs` in small: a filter-only field with a default, another
/// filter-only field, and a suffixed default.
#[derive(jsonapi_filter::Filterable)]
#[filterable(type = "cdrs", default_sort = "-duration")]
#[allow(dead_code)]
struct DefaultedCdr {
    #[filterable(id)]
    id: i64,
    #[filterable(with_exact)]
    duration: i64,
    #[filterable(exact, filter_only, default = true)]
    is_last_cdr: bool,
    #[filterable(filter_only)]
    orig_call_id: String,
    #[filterable(default(not_eq = "internal"))]
    route: String,
}

#[test]
fn default_filters_are_documented_and_filter_only_fields_only_as_filters() {
    use jsonapi_filter::DefaultValue;
    let table = ParameterTable::of::<DefaultedCdr>();
    let parameter = |name: &str| {
        table
            .parameters
            .iter()
            .find(|parameter| parameter.name == name)
            .unwrap_or_else(|| panic!("{name} is documented"))
    };
    // A `with_exact` field: its suffix-less list key beside its suffixed keys, after them.
    let exact = parameter("filter[duration]");
    assert!(exact.takes_list && exact.predicate.is_none() && exact.default.is_none());
    assert_eq!(exact.value_kind, jsonapi_filter::ValueKind::Integer);
    assert!(!parameter("filter[duration-gt]").takes_list);
    let names: Vec<&str> = table
        .parameters
        .iter()
        .map(|parameter| parameter.name.as_str())
        .collect();
    let position = |name: &str| names.iter().position(|found| *found == name).unwrap();
    assert!(position("filter[route-not-in]") < position("filter[duration]"));
    // Among the suffix-less keys, in declaration order.
    assert_eq!(
        position("filter[duration]") + 1,
        position("filter[is-last-cdr]")
    );
    let last = parameter("filter[is-last-cdr]");
    assert_eq!(
        last.default,
        Some(ParameterDefault::Filter(DefaultValue::Boolean(true)))
    );
    assert_eq!(last.full_description(), "is last cdr filter (default true)");
    assert_eq!(
        parameter("filter[route-not-eq]").default,
        Some(ParameterDefault::Filter(DefaultValue::Text("internal")))
    );
    // The default belongs to its own key only: the field's other predicates have none.
    assert_eq!(parameter("filter[route-eq]").default, None);
    assert!(parameter("filter[orig-call-id-cont]").default.is_none());
    // Filter-only fields are filters, and neither sort criteria nor fields.
    let sort = parameter("sort");
    assert_eq!(
        sort.allowed_values,
        ["id", "-id", "duration", "-duration", "route", "-route"]
    );
    assert_eq!(
        parameter("fields[cdrs]").allowed_values,
        ["duration", "route"]
    );
    let markdown = table.to_markdown();
    assert!(
        markdown.contains("is last cdr filter (default true)")
            && markdown.contains("route not eq filter (default internal)"),
        "{markdown}"
    );
}

/// The filters through the account are a section of their own: the resource's own table is still exactly the
/// reference's 42 filter rows, first in every rendering, and each documented key through the account parses.
#[test]
fn relationship_filters_are_a_section_after_the_reference_rows() {
    let table = table();
    let paths: Vec<&str> = table
        .relationship_filters
        .iter()
        .map(|relationships| relationships.path.as_str())
        .collect();
    assert_eq!(paths, ["account", "account.cdr-exports"]);
    let markdown = table.to_markdown();
    let section = markdown
        .find("Filters through relationships:")
        .expect("the section");
    assert!(markdown[..section].contains("| `page[size]` |"));
    assert!(
        markdown[section..].contains("| `filter[account.name-cont]` | account name cont filter |")
    );
    assert!(
        markdown[section..]
            .contains("| `filter[account.cdr-exports.status-in]` | account cdr exports status in filter | enum | yes |")
    );
    let html = table.to_html("CDR exports", None);
    let (filters, related, sort) = (
        html.find("<h2>Filters</h2>").unwrap(),
        html.find("<h2>Filters through relationships</h2>").unwrap(),
        html.find("<h2>Sort</h2>").unwrap(),
    );
    assert!(filters < related && related < sort);
    for parameter in table
        .relationship_filters
        .iter()
        .flat_map(|r| &r.parameters)
    {
        let key = parameter
            .name
            .trim_start_matches("filter[")
            .trim_end_matches(']');
        assert!(
            <CdrExport as jsonapi_filter::Resource>::SCHEMA
                .resolve_filter(key)
                .is_none(),
            "{key} is not one of the resource's own keys"
        );
        let value = parameter.allowed_values.first().map_or("1", String::as_str);
        let parsed = jsonapi_filter::ResourceQuery::<CdrExport>::parse(&format!(
            "{}={value}",
            parameter.name
        ));
        assert!(
            parsed
                .as_ref()
                .err()
                .is_none_or(|errors| errors.first().code() != "102"),
            "{} is documented but not accepted: {parsed:?}",
            parameter.name
        );
    }
}

/// Two resources with a to-one and a to-many relationship, for the documented values of `sort`, `include`
/// and `fields[...]`.
mod related {
    use jsonapi_filter::Filterable;

    #[derive(Filterable)]
    #[filterable(
        type = "owners",
        has_many(name = "wallets", related = Wallet, foreign_key = "owner_id")
    )]
    pub struct Owner {
        #[filterable(id)]
        pub id: i64,
        pub name: String,
    }

    #[derive(Filterable)]
    #[filterable(type = "wallets")]
    pub struct Wallet {
        #[filterable(id)]
        pub id: i64,
        pub label: String,
        #[filterable(foreign_key, related = Owner)]
        pub owner_id: i64,
    }
}

/// Every value the table documents for `sort`, `include` and `fields[...]` of `R` is one the parser
/// accepts (schemathesis sends them; a documented value refused is a 400 to a valid request).
fn documented_values_parse<R: Resource>() -> Vec<String> {
    let table = ParameterTable::of::<R>();
    let mut checked = Vec::new();
    for parameter in table.parameters.iter().filter(|parameter| {
        parameter.name == "sort"
            || parameter.name == "include"
            || parameter.name.starts_with("fields[")
    }) {
        for value in &parameter.allowed_values {
            let query = format!("{}={value}", parameter.name);
            assert!(
                ResourceQuery::<R>::parse(&query).is_ok(),
                "{query}: {:?}",
                ResourceQuery::<R>::parse(&query).err()
            );
            checked.push(query);
        }
    }
    checked
}

#[test]
fn documented_sort_include_and_fields_values_parse_through_relationships() {
    let owners = documented_values_parse::<related::Owner>();
    let wallets = documented_values_parse::<related::Wallet>();
    // A to-many relationship is included (and its fields named), never sorted through.
    assert!(owners.contains(&"include=wallets".to_owned()), "{owners:?}");
    assert!(
        owners.contains(&"fields[wallets]=label".to_owned()),
        "{owners:?}"
    );
    assert!(
        !owners
            .iter()
            .any(|query| query.starts_with("sort=wallets.")),
        "{owners:?}"
    );
    assert!(
        wallets.contains(&"sort=owner.name".to_owned()),
        "{wallets:?}"
    );
    assert!(
        wallets.contains(&"include=owner.wallets".to_owned()),
        "{wallets:?}"
    );
}

/// The filter groups are a section after the resource's own table (which stays the reference's rows), and its
/// examples are queries the parser accepts, with the meaning the section gives them.
#[test]
fn the_filter_groups_section_follows_the_table_and_its_examples_parse() {
    let table = table();
    let markdown = table.to_markdown();
    let last_own_row = markdown
        .find("| `include` |")
        .or_else(|| markdown.rfind("| `fields["))
        .expect("the table has fields rows");
    let section = markdown.find("Filter groups:").expect("a groups section");
    assert!(section > last_own_row, "{markdown}");
    assert!(markdown.contains("| `filter[not][<key>]` |"), "{markdown}");
    let groups = &table.filter_groups;
    assert_eq!(
        groups.example,
        "filter[or][0][status-eq]=Pending&filter[or][1][not][rows-count-eq]=1"
    );
    let example = ResourceQuery::<CdrExport>::parse(&groups.example).expect("the example parses");
    assert_eq!(example.groups.len(), 1);
    let note = groups.null_note();
    let negated = note
        .split_whitespace()
        .find(|word| word.starts_with("filter[not]["))
        .expect("the note gives an example");
    assert_eq!(negated, "filter[not][rows-count-eq]=1");
    ResourceQuery::<CdrExport>::parse(negated).expect("the note's example parses");
    assert!(note.contains("rows-count is NULL"), "{note}");
    let page = table.to_html("Exports", None);
    assert!(page.contains("<h2>Filter groups</h2>"), "{page}");
    assert!(
        page.contains("<code>filter[or][&lt;index&gt;][&lt;key&gt;]</code>"),
        "{page}"
    );
}
