//! The derive on the reference `CdrExport` yields exactly the 42 filter keys of the reference listing
//! documentation, in its order.

use jsonapi_filter::Resource;
use jsonapi_filter_tests::reference::CdrExport;

/// The `filter[...]` names of the `Parameters` section of the reference documentation (a verbatim copy of
/// `shared/reference/cdr-exports-listing.txt`, kept in the repository so that a fresh clone can run it).
fn documented_filter_keys() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/cdr-exports-listing.txt"
    );
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("reading {path}: {error}"));
    text.lines()
        .filter_map(|line| line.strip_prefix("filter["))
        .filter_map(|rest| rest.split_once(']'))
        .map(|(key, _)| key.to_owned())
        .collect()
}

#[test]
fn cdr_export_has_exactly_the_42_documented_filter_keys_in_order() {
    let documented = documented_filter_keys();
    assert_eq!(documented.len(), 42, "the reference file lists 42 filters");
    assert_eq!(CdrExport::SCHEMA.filter_keys(), documented);
}

#[test]
fn every_documented_key_resolves_in_both_spellings() {
    for key in documented_filter_keys() {
        assert!(CdrExport::SCHEMA.resolve_filter(&key).is_some(), "{key}");
        let underscored = key.replace('-', "_");
        assert!(
            CdrExport::SCHEMA.resolve_filter(&underscored).is_some(),
            "{underscored}"
        );
    }
}

#[test]
fn attributes_and_relationships_match_the_listing() {
    let schema = CdrExport::SCHEMA;
    assert_eq!(
        schema.attributes,
        [
            "status",
            "rows-count",
            "created-at",
            "updated-at",
            "time-zone-name",
            "time-format",
            "filters"
        ]
    );
    assert_eq!(schema.relationships.len(), 1);
    assert_eq!(schema.relationships[0].name, "account");
    assert_eq!(schema.relationships[0].type_name, "accounts");
}
