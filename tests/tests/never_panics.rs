//! Hostile input never panics: any query string, including arbitrary bytes made into text, gives either a query
//! whose SQL renders on every backend, or JSON:API errors with a 4xx status.

use jsonapi_filter::{Backend, Query, QueryLimits, QueryOptions, Resource};
use jsonapi_filter_tests::reference::CdrExport;
use proptest::prelude::*;

fn check(query: &str, options: &QueryOptions) {
    match Query::<CdrExport>::parse_with(query, options) {
        Ok(parsed) => {
            for backend in [Backend::Sqlite, Backend::Postgres, Backend::MySql] {
                let (sql, values) = backend.build(&parsed.select_statement(backend));
                assert!(sql.starts_with("SELECT "));
                // Every value is bound: LIMIT and OFFSET at least, never spliced into the text.
                assert!(values.0.len() >= 2);
                backend.build(&parsed.count_statement(backend));
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
            limits: QueryLimits { max_query_length: 64, max_filters: 2, max_list_values: 2, max_value_length: 4 },
            ..QueryOptions::default()
        };
        check(&query, &tight);
    }
}
