//! The OpenAPI 3.1 document of the reference resource: each parameter's schema fits its type, and a real
//! validator (`openapi-spec-validator`, Python) accepts the document. The response schemas accept the reference
//! API's own published listing body and the framework's error documents, and reject documents that break them.
//!
//! The validator test needs Python and `pip install openapi-spec-validator==0.9.0`, so it is ignored in a plain
//! `cargo test` (shown as ignored, never passed silently); `.ci/run` installs the validator and runs it with
//! `cargo test -p jsonapi-filter-tests --test openapi -- --ignored`, where a missing validator fails it.

use std::path::PathBuf;
use std::process::Command;

use jsonapi_filter::{OpenApi, ResourceQuery, ResourceRoutes};
use jsonapi_filter_tests::reference::CdrExport;
use serde_json::{Value, json};

const REFERENCE: &str = include_str!("../fixtures/cdr-exports-listing.txt");
const LISTING_PATH: &str = "/api/rest/customer/v1/cdr-exports";

/// The document as the example server describes itself.
fn document() -> Value {
    OpenApi::new("CDR exports API", "1.0.0")
        .description("A customer's exports of their call detail records.")
        .security_scheme(
            "jwt",
            json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}),
        )
        .resource(
            ResourceRoutes::of::<CdrExport>(LISTING_PATH)
                .with_item_route()
                .attribute_schema(
                    "filters",
                    json!({
                        "type": "object",
                        "description": "The CDR conditions of the export.",
                        "properties": {"time_start_gteq": {"type": "string", "format": "date-time"}}
                    }),
                ),
        )
        .to_json()
}

fn listing_parameter(document: &Value, name: &str) -> Value {
    document["paths"][LISTING_PATH]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|parameter| parameter["name"] == name)
        .unwrap_or_else(|| panic!("{name} is documented"))
        .clone()
}

#[test]
fn filter_parameters_have_schemas_that_fit_their_types() {
    let document = document();
    let schema = |name: &str| listing_parameter(&document, name)["schema"].clone();
    assert_eq!(
        schema("filter[status-eq]"),
        json!({"type": "string", "enum": ["Pending", "Completed", "Failed", "Deleted"]})
    );
    assert_eq!(
        schema("filter[rows-count-gteq]"),
        json!({"type": "integer", "format": "int64"})
    );
    let created_at = schema("filter[created-at-lt]");
    assert_eq!(
        (&created_at["type"], &created_at["format"]),
        (&json!("string"), &json!("date-time"))
    );
    assert_eq!(
        schema("filter[account-id-eq]"),
        json!({"type": "string", "format": "uuid"})
    );
    let text = schema("filter[time-zone-name-cont]");
    assert_eq!(
        (&text["type"], &text["minLength"], &text["maxLength"]),
        (&json!("string"), &json!(1), &json!(1024))
    );
    assert_eq!(
        schema("filter[time-zone-name-in]")["items"],
        text,
        "list items are written as single values are"
    );
    // Lists: a comma-separated array of the item schema, bounded like the parser.
    assert_eq!(
        schema("filter[id]"),
        json!({"type": "array", "items": {"type": "string", "format": "uuid"}, "minItems": 1, "maxItems": 1000})
    );
    assert_eq!(
        schema("filter[time-format]")["items"]["enum"],
        json!(["with_timezone", "without_timezone", "round_to_seconds"])
    );
    let status_in = listing_parameter(&document, "filter[status-in]");
    assert_eq!(
        (&status_in["style"], &status_in["explode"]),
        (&json!("form"), &json!(false))
    );
    assert!(status_in["description"].as_str().unwrap().contains("CSV"));
    // Single values are not lists.
    assert!(
        listing_parameter(&document, "filter[status-eq]")
            .get("style")
            .is_none()
    );
}

#[test]
fn sort_page_fields_and_include_state_their_allowed_values_and_bounds() {
    let document = document();
    let sort = listing_parameter(&document, "sort")["schema"].clone();
    assert_eq!(sort["default"], json!(["-created-at"]));
    let criteria = sort["items"]["enum"].as_array().unwrap();
    // 8 sortable fields of its own and the account's 9 (`account.name`), each both ways.
    assert_eq!(criteria.len(), 34, "{criteria:?}");
    assert!(criteria.contains(&json!("-rows-count")) && criteria.contains(&json!("id")));
    assert!(
        criteria.contains(&json!("account.name")) && criteria.contains(&json!("-account.balance"))
    );
    assert_eq!(
        listing_parameter(&document, "page[number]")["schema"],
        json!({"type": "integer", "format": "int64", "minimum": 1, "maximum": jsonapi_filter::Page::max_number(1000), "default": 1})
    );
    assert_eq!(
        listing_parameter(&document, "page[size]")["schema"],
        json!({"type": "integer", "format": "int64", "minimum": 1, "maximum": 1000, "default": 50})
    );
    // `fields[...]` is a string whose pattern is exactly what the parser accepts: an empty value (no
    // fields), or known names, comma-separated.
    let fields = listing_parameter(&document, "fields[cdr-exports]")["schema"].clone();
    assert_eq!(fields["type"], "string");
    let pattern = regex::Regex::new(fields["pattern"].as_str().unwrap()).unwrap();
    for value in [
        "",
        "filters",
        "status,rows-count",
        "rows_count,account",
        "status,status",
        ",",
        ",,",
        "status,",
        ",status",
        "bogus",
        "status,bogus",
        "Status",
        " status",
    ] {
        let parsed = ResourceQuery::<CdrExport>::parse(&format!("fields[cdr-exports]={value}"));
        assert_eq!(
            pattern.is_match(value),
            parsed.is_ok(),
            "{value:?}: {parsed:?}"
        );
    }
    assert_eq!(
        listing_parameter(&document, "include")["schema"]["items"]["enum"],
        json!(["account", "account.cdr-exports"])
    );
    // Each path the document names parses, and the included items may be of every type it reaches.
    for path in ["account", "account.cdr-exports"] {
        assert!(
            ResourceQuery::<CdrExport>::parse(&format!("include={path}")).is_ok(),
            "{path}"
        );
    }
    // Every documented parameter is one the parser accepts.
    for parameter in document["paths"][LISTING_PATH]["get"]["parameters"]
        .as_array()
        .unwrap()
    {
        let name = parameter["name"].as_str().unwrap();
        let errors = ResourceQuery::<CdrExport>::parse(&format!("{name}=x"))
            .err()
            .into_iter()
            .flatten();
        for error in errors {
            assert_ne!(error.code(), "102", "{name} is a known filter");
            assert_ne!(error.code(), "105", "{name} is an accepted parameter");
        }
    }
}

#[test]
fn single_resource_route_and_responses_are_described() {
    let document = document();
    let single = &document["paths"][format!("{LISTING_PATH}/{{id}}")]["get"];
    assert_eq!(single["parameters"][0]["in"], "path");
    assert_eq!(single["parameters"][0]["schema"]["format"], "uuid");
    let single_names: Vec<&str> = single["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    // The example's declaration names the included account's fields, so `fields[accounts]` is documented too.
    assert_eq!(
        single_names,
        ["id", "fields[cdr-exports]", "fields[accounts]", "include"]
    );
    for status in ["200", "400", "401", "404"] {
        assert!(single["responses"][status].is_object(), "{status}");
    }
    let listing = &document["paths"][LISTING_PATH]["get"];
    assert_eq!(
        listing["responses"]["200"]["content"]["application/vnd.api+json"]["schema"]["$ref"],
        "#/components/schemas/CdrExportsListing"
    );
    assert_eq!(
        listing["responses"]["400"]["content"]["application/vnd.api+json"]["schema"]["$ref"],
        "#/components/schemas/JsonApiErrorDocument"
    );
    let attributes = &document["components"]["schemas"]["CdrExportsAttributes"]["properties"];
    assert_eq!(attributes["rows-count"]["type"], json!(["integer", "null"]));
    assert_eq!(
        attributes["time-zone-name"]["type"],
        json!(["string", "null"])
    );
    assert_eq!(attributes["filters"]["type"], "object");
}

/// The reference API's own listing body, from its published documentation.
fn reference_body() -> Value {
    let body = REFERENCE
        .split_once("\nBody\n")
        .expect("the reference has a Body section")
        .1;
    serde_json::from_str(body.trim()).expect("the reference body is JSON")
}

/// Instances to check against component schemas: (schema, instance, whether it must be valid).
fn instances() -> Vec<(&'static str, Value, bool)> {
    let listing = reference_body();
    let errors = ResourceQuery::<CdrExport>::parse("filter[status-eq]=test&filter[foo]=1&sort=x")
        .unwrap_err()
        .to_document();
    let errors = serde_json::to_value(errors).unwrap();
    let mut lower_case_status = listing.clone();
    lower_case_status["data"][0]["attributes"]["status"] = json!("pending");
    let mut unknown_attribute = listing.clone();
    unknown_attribute["data"][0]["attributes"]["colour"] = json!("red");
    let mut numeric_code = errors.clone();
    numeric_code["errors"][0]["code"] = json!(107);
    let mut bad_timestamp = listing.clone();
    bad_timestamp["data"][1]["attributes"]["created-at"] = json!("yesterday");
    let single = json!({"data": listing["data"][0].clone()});
    vec![
        ("CdrExportsListing", listing, true),
        ("CdrExportsDocument", single, true),
        ("JsonApiErrorDocument", errors, true),
        ("CdrExportsListing", lower_case_status, false),
        ("CdrExportsListing", unknown_attribute, false),
        ("CdrExportsListing", bad_timestamp, false),
        ("JsonApiErrorDocument", numeric_code, false),
        ("JsonApiErrorDocument", json!({"errors": []}), false),
    ]
}

/// Checks the document with openapi-spec-validator, then each instance against its component schema with
/// openapi-schema-validator's OpenAPI 3.1 dialect (formats checked).
const VALIDATOR: &str = r##"
import json, sys
from openapi_spec_validator import validate
from openapi_schema_validator import OAS31Validator

spec = json.load(open(sys.argv[1]))
validate(spec)
print("openapi-spec-validator: OK")
failures = 0
for case in json.load(open(sys.argv[2])):
    schema = {"$ref": "#/components/schemas/" + case["schema"], "components": spec["components"]}
    validator = OAS31Validator(schema, format_checker=OAS31Validator.FORMAT_CHECKER)
    errors = [error.message for error in validator.iter_errors(case["instance"])]
    if bool(errors) == case["valid"]:
        failures += 1
        print("MISMATCH", case["schema"], "expected valid" if case["valid"] else "expected invalid", errors[:3])
    else:
        print("ok", case["schema"], "valid" if case["valid"] else "invalid: " + errors[0][:100])
sys.exit(1 if failures else 0)
"##;

fn output_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("openapi");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs [`VALIDATOR`] on `spec` and the `(component, instance, valid)` cases, asserts that it passed, and
/// returns the number of cases it judged as expected.
fn validate_with_python(name: &str, spec: &Value, instances: Vec<(&str, Value, bool)>) -> usize {
    let dir = output_dir();
    let spec_path = dir.join(format!("{name}.openapi.json"));
    std::fs::write(&spec_path, serde_json::to_string_pretty(spec).unwrap()).unwrap();
    let cases: Vec<Value> = instances
        .into_iter()
        .map(|(schema, instance, valid)| json!({"schema": schema, "instance": instance, "valid": valid}))
        .collect();
    let cases_path = dir.join(format!("{name}.instances.json"));
    std::fs::write(&cases_path, serde_json::to_string(&cases).unwrap()).unwrap();

    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let output = Command::new(&python)
        .arg("-c")
        .arg(VALIDATOR)
        .arg(&spec_path)
        .arg(&cases_path)
        .output()
        .unwrap_or_else(|error| panic!("cannot run {python} ({error}); install Python 3 and `pip install openapi-spec-validator==0.9.0`"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The validator's own report, for CI logs.
    println!("{stdout}");
    assert!(
        !stderr.contains("ModuleNotFoundError"),
        "the validator is not installed: `pip install openapi-spec-validator==0.9.0`\n{stderr}"
    );
    assert!(
        output.status.success(),
        "validation failed ({}):\n{stdout}\n{stderr}",
        spec_path.display()
    );
    assert!(stdout.contains("openapi-spec-validator: OK"), "{stdout}");
    stdout
        .lines()
        .filter(|line| line.starts_with("ok "))
        .count()
}

#[test]
#[ignore = "needs openapi-spec-validator (Python): run with --ignored, as .ci/run does"]
fn document_passes_openapi_spec_validator_and_schemas_judge_real_documents() {
    assert_eq!(
        validate_with_python("cdr-exports", &document(), instances()),
        8
    );
}

/// The address schema's formats accept exactly the addresses the parser accepts, judged by the validator's
/// own `ipv4` and `ipv6` format checks.
#[test]
#[ignore = "needs openapi-spec-validator (Python): run with --ignored, as .ci/run does"]
fn address_schemas_accept_what_the_parser_accepts() {
    let api =
        OpenApi::new("CDRs API", "1.0.0").resource(ResourceRoutes::of::<AddressedCdr>("/cdrs"));
    let samples = [
        "10.0.0.1",
        "0.0.0.0",
        "::ffff:1.2.3.4",
        "2001:DB8::1",
        "2001:db8:0:0:0:0:0:1",
        "::",
        "10.0.0.1/32",
        "2001:db8::/32",
        "fe80::1%eth0",
        "010.0.0.1",
        "256.0.0.1",
        "[::1]",
        " 10.0.0.1",
        "localhost",
        "",
    ];
    let mut instances = vec![("CdrsAttributes", json!({"auth-orig-ip": null}), true)];
    for sample in samples {
        let encoded: String = sample.bytes().map(|byte| format!("%{byte:02X}")).collect();
        let accepted =
            ResourceQuery::<AddressedCdr>::parse(&format!("filter[auth-orig-ip-eq]=\"{encoded}\""))
                .is_ok();
        instances.push(("CdrsAttributes", json!({"auth-orig-ip": sample}), accepted));
    }
    let count = instances.len();
    assert_eq!(
        validate_with_python("cdrs-addresses", &api.to_json(), instances),
        count
    );
}

/// A document with decimal attributes is valid, and its schemas take decimals as the text the parser reads:
/// not as JSON numbers, not beyond the column's scale.
#[test]
#[ignore = "needs openapi-spec-validator (Python): run with --ignored, as .ci/run does"]
fn decimal_attributes_pass_openapi_spec_validator_as_text() {
    let spec = OpenApi::new("CDRs", "1.0.0")
        .resource(ResourceRoutes::of::<Cdr>("/cdrs").with_item_route())
        .to_json();
    let cdr = |rate: Value, units: Value| json!({"type": "cdrs", "id": "1", "attributes": {"rate": rate, "units": units}});
    let instances = vec![
        ("CdrsResource", cdr(json!("0.0123"), json!("100")), true),
        ("CdrsResource", cdr(json!("-1.50"), Value::Null), true),
        ("CdrsResource", cdr(json!(0.0123), json!("100")), false),
        ("CdrsResource", cdr(json!("0.00001"), json!("100")), false),
        ("CdrsResource", cdr(json!("1e3"), json!("100")), false),
        ("CdrsResource", cdr(json!("0.5"), json!("1.5")), false),
    ];
    assert_eq!(validate_with_python("cdrs", &spec, instances), 6);
}

/// The `utoipa` feature: the document converts into utoipa's model without losing anything, so it can be
/// merged into an application documented with utoipa.
#[test]
fn document_converts_to_utoipa_losslessly() {
    let api = OpenApi::new("CDR exports API", "1.0.0").resource(
        ResourceRoutes::of::<CdrExport>(LISTING_PATH)
            .with_item_route()
            .attribute_schema("filters", json!({"type": "object"})),
    );
    let converted = api.to_utoipa().expect("utoipa reads the document");
    assert_eq!(serde_json::to_value(&converted).unwrap(), api.to_json());
}

/// The documented text value (`pattern`, `minLength`, `maxLength`) is exactly what the parser accepts, for
/// a single value and as an item of a list written comma-separated as a client writes an array: what the
/// document allows is accepted, what it refuses is a 107 or a 120.
#[test]
fn the_text_value_pattern_is_what_the_parser_accepts() {
    let document = document();
    let schema = listing_parameter(&document, "filter[time-zone-name-eq]")["schema"].clone();
    let pattern = regex::Regex::new(schema["pattern"].as_str().unwrap()).unwrap();
    let max = schema["maxLength"].as_u64().unwrap() as usize;
    let documented =
        |value: &str| pattern.is_match(value) && (1..=max).contains(&value.chars().count());
    let long = "a".repeat(max);
    let too_long = "a".repeat(max + 1);
    let samples = [
        "a",
        "Europe/Kyiv",
        "",
        " ",
        "a,b",
        ",",
        "a,",
        ",a",
        "\"a,b\"",
        "\"a",
        "\"",
        "\"\"",
        "a\"b",
        "a\"",
        "\"a\"b",
        "\"a\"\"b\"",
        "\"say \"\"hi\"\"\"",
        "a\nb",
        "a\rb",
        "\"a\nb\"",
        "x\0",
        "é漢😀",
        "%",
        "'",
        long.as_str(),
        too_long.as_str(),
    ];
    for value in samples {
        let encoded: String = value.bytes().map(|byte| format!("%{byte:02X}")).collect();
        let single =
            ResourceQuery::<CdrExport>::parse(&format!("filter[time-zone-name-eq]={encoded}"));
        assert_eq!(
            single.is_ok(),
            documented(value),
            "single value {value:?}: {single:?}"
        );
        // As the first of two items of a list, written as a client joins an array. An unquoted comma is
        // the separator itself, so such an "item" is two items to any reader: left out here.
        if value.contains(',') && !value.starts_with('"') {
            continue;
        }
        let listed =
            ResourceQuery::<CdrExport>::parse(&format!("filter[time-zone-name-in]={encoded},b"));
        assert_eq!(
            listed.is_ok(),
            documented(value),
            "list item {value:?}: {listed:?}"
        );
    }
}

/// A resource with decimals of two scales, for their documented values.
#[derive(jsonapi_filter::Filterable)]
#[filterable(type = "cdrs")]
struct Cdr {
    #[filterable(id)]
    id: i64,
    #[filterable(scale = 4)]
    rate: jsonapi_filter::Decimal,
    #[filterable(scale = 0)]
    units: Option<jsonapi_filter::Decimal>,
}

/// A decimal filter is documented as text (decimals are sent as text) with a pattern that is exactly what
/// the parser accepts for the field's scale, and its attribute as the same text, nullable where the field is.
#[test]
fn the_decimal_value_pattern_is_what_the_parser_accepts() {
    let document = OpenApi::new("CDRs", "1.0.0")
        .resource(ResourceRoutes::of::<Cdr>("/cdrs"))
        .to_json();
    let schema = |name: &str| {
        document["paths"]["/cdrs"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|parameter| parameter["name"] == name)
            .unwrap_or_else(|| panic!("{name} is documented"))["schema"]
            .clone()
    };
    let rate = schema("filter[rate-gt]");
    assert_eq!(rate["type"], "string");
    assert_eq!(schema("filter[rate-in]")["items"], rate);
    let attributes = &document["components"]["schemas"];
    let attribute = |name: &str| {
        attributes
            .as_object()
            .unwrap()
            .values()
            .find_map(|schema| schema["properties"].get(name).cloned())
            .unwrap_or_else(|| panic!("the attribute {name} is described"))
    };
    assert_eq!(attribute("rate")["pattern"], rate["pattern"]);
    assert_eq!(attribute("units")["type"], json!(["string", "null"]));
    let samples = [
        "0",
        "-0",
        "1.5",
        "1.50",
        "-1.5",
        "001.5",
        "0.0001",
        "0.00010",
        "0.00001",
        "0.30000000000000004",
        "99999999999999.9999",
        "-99999999999999.9999",
        "099999999999999.99990",
        "100000000000000",
        "999999999999999999",
        "1000000000000000000",
        "",
        "-",
        ".5",
        "5.",
        "+1",
        "1e3",
        "1 5",
        "1.5.0",
        "NaN",
        "0x10",
        "1,5",
        "٣",
    ];
    for (key, scale) in [("rate", 4), ("units", 0)] {
        let pattern = schema(&format!("filter[{key}-eq]"))["pattern"].clone();
        let pattern = regex::Regex::new(pattern.as_str().unwrap()).unwrap();
        for value in samples {
            let encoded: String = value.bytes().map(|byte| format!("%{byte:02X}")).collect();
            let parsed = ResourceQuery::<Cdr>::parse(&format!("filter[{key}-eq]={encoded}"));
            assert_eq!(
                parsed.is_ok(),
                pattern.is_match(value),
                "scale {scale}, value {value:?}: {parsed:?}"
            );
        }
    }
}

/// A resource with addresses, which the reference lacks: the `cdrs` the framework serves next.
#[derive(jsonapi_filter::Filterable)]
#[filterable(type = "cdrs", table = "cdrs")]
struct AddressedCdr {
    #[filterable(id)]
    id: i64,
    #[filterable(null)]
    auth_orig_ip: Option<std::net::IpAddr>,
}

/// An address parameter is a string of one of the two formats, with examples the parser accepts; a list is an
/// array of them; the attribute accepts `null` when the field is nullable. utoipa reads the schemas as written.
#[test]
fn address_parameters_are_ipv4_or_ipv6_strings() {
    let api =
        OpenApi::new("CDRs API", "1.0.0").resource(ResourceRoutes::of::<AddressedCdr>("/cdrs"));
    let document = api.to_json();
    let parameter = |name: &str| {
        document["paths"]["/cdrs"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|parameter| parameter["name"] == name)
            .unwrap_or_else(|| panic!("{name} is documented"))
            .clone()
    };
    let single = parameter("filter[auth-orig-ip-eq]")["schema"].clone();
    let formats = json!([
        {"type": "string", "format": "ipv4"},
        {"type": "string", "format": "ipv6"},
    ]);
    assert_eq!(single["oneOf"], formats);
    for example in single["examples"].as_array().unwrap() {
        let query = format!("filter[auth-orig-ip-eq]={}", example.as_str().unwrap());
        assert!(
            ResourceQuery::<AddressedCdr>::parse(&query).is_ok(),
            "{query}"
        );
    }
    let list = parameter("filter[auth-orig-ip-not-in]")["schema"].clone();
    assert_eq!((&list["type"], &list["items"]), (&json!("array"), &single));
    assert_eq!(
        parameter("filter[auth-orig-ip-null]")["schema"]["type"],
        "boolean"
    );
    let attribute =
        &document["components"]["schemas"]["CdrsAttributes"]["properties"]["auth-orig-ip"];
    assert_eq!(
        attribute["oneOf"],
        json!([
            {"type": "string", "format": "ipv4"},
            {"type": "string", "format": "ipv6"},
            {"type": "null"},
        ])
    );
    let converted =
        serde_json::to_value(api.to_utoipa().expect("utoipa reads the document")).unwrap();
    assert_eq!(converted["paths"], document["paths"]);
    assert_eq!(
        converted["components"]["schemas"]["CdrsAttributes"],
        document["components"]["schemas"]["CdrsAttributes"]
    );
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
fn default_filters_are_schema_defaults_and_filter_only_fields_are_filters_only() {
    let document = OpenApi::new("CDRs", "1.0.0")
        .resource(ResourceRoutes::of::<DefaultedCdr>("/cdrs"))
        .to_json();
    let parameters = document["paths"]["/cdrs"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .clone();
    let parameter = |name: &str| {
        parameters
            .iter()
            .find(|parameter| parameter["name"] == name)
            .unwrap_or_else(|| panic!("{name} is documented"))
            .clone()
    };
    // A `with_exact` field: its suffix-less key is a list of the field's values, beside its suffixed keys.
    let duration = parameter("filter[duration]");
    assert_eq!(duration["schema"]["type"], json!("array"), "{duration}");
    assert_eq!(
        duration["schema"]["items"]["type"],
        json!("integer"),
        "{duration}"
    );
    assert_eq!(duration["schema"].get("default"), None);
    assert_eq!(
        parameter("filter[duration-gt]")["schema"]["type"],
        json!("integer")
    );
    // A suffix-less filter takes a list: its default is a list of the one typed value.
    let last = parameter("filter[is-last-cdr]");
    assert_eq!(last["schema"]["items"], json!({"type": "boolean"}));
    assert_eq!(last["schema"]["default"], json!([true]));
    assert!(
        last["description"]
            .as_str()
            .unwrap()
            .starts_with("is last cdr filter (default true)")
    );
    let route = parameter("filter[route-not-eq]");
    assert_eq!(route["schema"]["default"], json!("internal"));
    assert_eq!(parameter("filter[route-eq]")["schema"].get("default"), None);
    assert_eq!(
        parameter("filter[orig-call-id-eq]")["schema"]["type"],
        json!("string")
    );
    assert_eq!(
        parameter("sort")["schema"]["items"]["enum"],
        json!(["id", "-id", "duration", "-duration", "route", "-route"])
    );
    let fields = parameter("fields[cdrs]")["schema"]["pattern"].clone();
    let fields = fields.as_str().unwrap();
    assert!(
        fields.contains("duration") && !fields.contains("orig") && !fields.contains("last"),
        "{fields}"
    );
}

/// Filters through the `account` relationship are parameters of their own, after the resource's, described
/// with the account field's value schema; their key is what the parser accepts.
#[test]
fn relationship_filters_are_documented_after_the_resources_own() {
    let document = document();
    let parameters = document["paths"][LISTING_PATH]["get"]["parameters"]
        .as_array()
        .unwrap();
    let names: Vec<&str> = parameters
        .iter()
        .filter_map(|parameter| parameter["name"].as_str())
        .collect();
    let first_related = names
        .iter()
        .position(|name| name.starts_with("filter[account."))
        .expect("a filter through the account is documented");
    let last_own = names
        .iter()
        .rposition(|name| name.starts_with("filter[") && !name.contains('.'))
        .unwrap();
    assert!(last_own < first_related, "{names:?}");
    let name_cont = listing_parameter(&document, "filter[account.name-cont]");
    assert_eq!(name_cont["schema"]["type"], "string");
    assert_eq!(
        listing_parameter(&document, "filter[account.balance-gt]")["schema"]["type"],
        "string"
    );
    for name in names
        .iter()
        .filter(|name| name.starts_with("filter[account."))
    {
        let query = format!("{name}=1");
        let errors = jsonapi_filter::ResourceQuery::<CdrExport>::parse(&query)
            .err()
            .map(|errors| errors.first().code().to_owned());
        assert_ne!(
            errors.as_deref(),
            Some("102"),
            "{name} is documented but unknown"
        );
    }
}

/// The listing describes filter groups (whose parameter names are open-ended) in its description and in
/// `x-filter-groups`, with the depth the routes' limits allow and an example the parser accepts.
#[test]
fn the_listing_describes_filter_groups() {
    let document = document();
    let listing = &document["paths"][LISTING_PATH]["get"];
    let description = listing["description"].as_str().unwrap();
    assert!(
        description.starts_with("**Filter groups.**"),
        "{description}"
    );
    assert!(description.contains("three-valued logic"), "{description}");
    let groups = &listing["x-filter-groups"];
    let forms: Vec<&str> = groups["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|form| form["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        forms,
        [
            "filter[or][<index>][<key>]",
            "filter[and][<index>][<key>]",
            "filter[not][<key>]"
        ]
    );
    assert_eq!(groups["maxDepth"], 3);
    let example = groups["example"].as_str().unwrap();
    jsonapi_filter::ResourceQuery::<CdrExport>::parse(example).expect("the example parses");
}
