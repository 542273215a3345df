//! Cursors (`page[after]`, `page[before]`, both) of the reference `CdrExport`, under fuzz-chosen sorts and
//! filters: value bytes signed with the server's key and bound to the query (what only a holder of the key
//! could send), the same cursor with one character changed, and arbitrary text. Never a panic; a changed or
//! foreign cursor is always refused with 118 on its parameter; an accepted one renders on every backend, its
//! values bound.
#![no_main]

use jsonapi_filter::__fuzz::signed_cursor;
use jsonapi_filter::{Backend, CursorKey, QueryOptions, Resource, ResourceQuery, StatementCache};
use jsonapi_filter_tests::reference::CdrExport;
use libfuzzer_sys::fuzz_target;

/// Filters the cursor is bound to: none, plain, grouped.
const FILTERS: &[&str] = &[
    "",
    "filter[status-eq]=Failed",
    "filter[or][0][rows-count-gt]=5&filter[or][1][status-in]=Pending,Failed",
    "filter[not][rows-count-lt]=10",
];

static STATEMENTS: StatementCache = StatementCache::new();

fuzz_target!(|bytes: &[u8]| {
    let [sort_choice, filter_choice, flags, values @ ..] = bytes else { return };
    let sortable: Vec<&str> = CdrExport::SCHEMA
        .fields
        .iter()
        .filter(|field| field.sortable)
        .map(|field| field.key)
        .collect();
    // One or two criteria, each in either direction.
    let mut sort = Vec::new();
    for (index, bits) in [(sort_choice >> 2, sort_choice & 1), (sort_choice >> 5, sort_choice & 2)] {
        if index == 0 && !sort.is_empty() {
            continue;
        }
        let key = sortable[usize::from(index) % sortable.len()];
        sort.push(if bits == 0 { key.to_owned() } else { format!("-{key}") });
    }
    let base = format!(
        "sort={}&{}&page[size]={}",
        sort.join(","),
        FILTERS[usize::from(*filter_choice) % FILTERS.len()],
        1 + flags % 7,
    );
    let options = QueryOptions {
        cursor_key: Some(CursorKey::new(b"the fuzzed server's secret")),
        ..QueryOptions::default()
    };
    let Ok(first) = ResourceQuery::<CdrExport>::parse_with(&base, &options) else { return };
    let key = options.cursor_key.as_ref().unwrap();
    let signed = signed_cursor(&first, key, values);
    let parameters: &[&str] = match flags >> 5 {
        0 | 1 | 2 => &["page[after]"],
        3 | 4 => &["page[before]"],
        5 => &["page[after]", "page[before]"],
        _ => &["page[after]", "page[number]"],
    };
    let with = |cursor: &str| {
        let mut query = base.clone();
        for parameter in parameters {
            let value = if *parameter == "page[number]" { "2" } else { cursor };
            query.push_str(&format!("&{parameter}={value}"));
        }
        ResourceQuery::<CdrExport>::parse_with(&query, &options)
    };
    let refused_on_a_page_parameter = |result: Result<ResourceQuery<CdrExport>, _>| match result {
        Ok(_) => panic!("a changed or foreign cursor was accepted"),
        Err(errors) => {
            let errors: jsonapi_filter::QueryErrors = errors;
            assert!(errors.iter().any(|error| error.code() == "118"
                && error.parameter().is_some_and(|parameter| parameter.starts_with("page["))));
            serde_json::to_string(&errors.to_document()).unwrap();
        }
    };
    match with(&signed) {
        Ok(parsed) => {
            for backend in [Backend::Sqlite, Backend::Postgres, Backend::MySql] {
                let built = backend.build(&parsed.select_statement(backend));
                let (cached, values) = STATEMENTS.select(&parsed, backend);
                assert_eq!((cached.to_string(), values), built);
            }
        }
        Err(errors) => serde_json::to_string(&errors.to_document()).map(drop).unwrap(),
    }
    // One character changed: never accepted.
    let mut changed: Vec<char> = signed.chars().collect();
    let at = usize::from(*flags) % changed.len();
    changed[at] = if changed[at] == 'A' { 'B' } else { 'A' };
    refused_on_a_page_parameter(with(&changed.into_iter().collect::<String>()));
    // Arbitrary bytes, percent-encoded into one value: never a cursor (no signature). Refused, though not
    // always with 118: a NUL, for one, makes the query string itself malformed (400).
    let text: String = values
        .iter()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => char::from(*byte).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect();
    if let Ok(_) = with(&text) {
        panic!("arbitrary text was accepted as a cursor");
    }
});
