//! The derive-generated schema of the reference `CdrExport`, fed query strings built from its own keys and
//! fragments of hostile values, so that the fuzzer reaches deep into value parsing: never a panic.
#![no_main]

use jsonapi_filter::{Backend, ResourceQuery, Resource};
use jsonapi_filter_tests::reference::CdrExport;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let keys = CdrExport::SCHEMA.filter_keys();
    // Each chunk is: one byte choosing a key, then a value up to the next 0xFF byte.
    let mut query = String::new();
    for chunk in bytes.split(|byte| *byte == 0xFF) {
        let Some((choice, value)) = chunk.split_first() else { continue };
        let key = &keys[usize::from(*choice) % keys.len()];
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str("filter[");
        query.push_str(key);
        query.push_str("]=");
        query.push_str(&String::from_utf8_lossy(value));
    }
    match ResourceQuery::<CdrExport>::parse(&query) {
        Ok(parsed) => {
            for backend in [Backend::Sqlite, Backend::Postgres, Backend::MySql] {
                let _ = backend.build(&parsed.select_statement(backend));
            }
        }
        Err(errors) => {
            assert!(!errors.as_slice().is_empty());
            serde_json::to_string(&errors.to_document()).unwrap();
        }
    }
});
