//! The derive's compile-time contract: each `ui/fail/*.rs` shows one mistake and the exact message a user gets
//! (`ui/fail/*.stderr`); each `ui/pass/*.rs` is a valid form that compiles and checks its schema at run time.
//!
//! Regenerate the expected messages with `TRYBUILD=overwrite cargo test -p jsonapi-filter-tests --test
//! compile_fail`, then read every changed `.stderr` before committing it.

#[test]
fn derive_rejects_mistakes_and_accepts_valid_forms() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
    cases.pass("ui/pass/*.rs");
}
