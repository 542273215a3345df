//! The query-string decoder, the CSV list splitter and the parser of a resource with every kind: any bytes
//! give a query or JSON:API errors, never a panic; lists read back what they wrote.
#![no_main]

use jsonapi_filter::__fuzz::{decode_query_string, join_list, split_list};
use jsonapi_filter::{Backend, FilterEnum, Filterable, ResourceQuery};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
#[filterable(rename_all = "kebab-case")]
enum Colour {
    DeepRed,
    Green,
}

#[derive(Filterable)]
#[filterable(type = "samples", table = "samples", default_sort = "-at", max_page_size = 100)]
#[allow(dead_code)]
struct Sample {
    #[filterable(id)]
    id: i64,
    #[filterable(null, not_null)]
    name: Option<String>,
    count: i32,
    at: chrono::DateTime<chrono::Utc>,
    colour: Colour,
    #[filterable(foreign_key, related_fields = "label")]
    owner_id: Option<uuid::Uuid>,
    flag: bool,
    #[filterable(exact)]
    code: String,
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let _ = decode_query_string(text);
    if let Ok(values) = split_list(text) {
        assert_eq!(split_list(&join_list(&values)).unwrap(), values);
    }
    match ResourceQuery::<Sample>::parse(text) {
        Ok(query) => {
            for backend in [Backend::Sqlite, Backend::Postgres, Backend::MySql] {
                let _ = backend.build(&query.select_statement(backend));
                let _ = backend.build(&query.count_statement(backend));
            }
        }
        Err(errors) => {
            assert!(!errors.as_slice().is_empty());
            let status = errors.status();
            assert!(status == 400 || status == 414);
            serde_json::to_string(&errors.to_document()).unwrap();
        }
    }
});
