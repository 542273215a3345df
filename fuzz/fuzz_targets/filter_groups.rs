//! Filter groups (`filter[or][i][...]`, `filter[and][i][...]`, `filter[not][...]`) of the reference `CdrExport`,
//! built from bracket fragments (well-formed and not), its own keys and hostile values: never a panic; an
//! accepted query renders on every backend, and an error document always serializes.
#![no_main]

use jsonapi_filter::{Backend, ResourceQuery, Resource, StatementCache};
use jsonapi_filter_tests::reference::CdrExport;
use libfuzzer_sys::fuzz_target;

/// Group prefixes: the grammar's forms, nested, and its mistakes.
const PREFIXES: &[&str] = &[
    "",
    "[or][0]",
    "[or][1]",
    "[or][4294967295]",
    "[and][0]",
    "[not]",
    "[not][or][2]",
    "[or][0][not]",
    "[and][1][or][0][not]",
    "[not][not][not][not]",
    "[or]",
    "[or][x]",
    "[or][-1]",
    "[or][99999999999]",
    "[not][0]",
    "[or][]",
    "[and][0][and]",
];

static STATEMENTS: StatementCache = StatementCache::new();

fuzz_target!(|bytes: &[u8]| {
    let keys = CdrExport::SCHEMA.filter_keys();
    // Each chunk is: one byte choosing a prefix, one choosing a key (or none), then a value up to the next
    // 0xFF byte.
    let mut query = String::new();
    for chunk in bytes.split(|byte| *byte == 0xFF) {
        let [prefix, key, value @ ..] = chunk else { continue };
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str("filter");
        query.push_str(PREFIXES[usize::from(*prefix) % PREFIXES.len()]);
        // One key in sixteen is left out: a group without a key.
        if key % 16 != 15 {
            query.push('[');
            query.push_str(&keys[usize::from(*key) % keys.len()]);
            query.push(']');
        }
        query.push('=');
        query.push_str(&String::from_utf8_lossy(value));
    }
    match ResourceQuery::<CdrExport>::parse(&query) {
        Ok(parsed) => {
            for backend in [Backend::Sqlite, Backend::Postgres, Backend::MySql] {
                let built = backend.build(&parsed.select_statement(backend));
                let (cached, values) = STATEMENTS.select(&parsed, backend);
                assert_eq!((cached.to_string(), values), built);
            }
        }
        Err(errors) => {
            assert!(!errors.as_slice().is_empty());
            serde_json::to_string(&errors.to_document()).unwrap();
        }
    }
});
