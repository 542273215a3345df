//! The filter vocabulary of [jsonapi-filter](https://docs.rs/jsonapi-filter), in one place: the predicates
//! ([`Predicate`]), the kinds of value ([`ValueKind`]) with the predicates each takes by default, and how a
//! filter key is spelled ([`key`]).
//!
//! Both the derive (`jsonapi-filter-derive`, which checks annotations and writes code) and the runtime
//! (`jsonapi-filter`, which parses query strings and renders SQL) read this crate; neither restates any of it.
//! It has no dependencies, so a proc-macro crate can use it at compile time.
//!
//! ```
//! use jsonapi_filter_vocabulary::{Predicate, ValueKind, key};
//!
//! let predicate = Predicate::from_suffix("not_in").unwrap();
//! assert_eq!(predicate, Predicate::NotIn);
//! assert!(ValueKind::Integer.default_predicates().contains(predicate));
//! assert_eq!(key::filter_key("rows-count", Some(predicate)), "rows-count-not-in");
//! ```
//!
//! # Adding a predicate
//! Add one row to the table in `predicate.rs` (its variant, its suffix and its documentation), say which kinds
//! take it by default in [`ValueKind::default_predicates`], and give it its shape (list, flag, pattern) in the
//! `const fn`s beside the table. The derive, the parser, the documentation and the typed builder follow from
//! here; the compiler then points at the two exhaustive matches that give a predicate its meaning (the SQL
//! renderer and the in-memory evaluator of `jsonapi-filter`), and the conformance and differential suites
//! prove that meaning on every engine.
#![warn(missing_docs)]

pub mod decimal;
pub mod key;
mod kind;
mod predicate;

pub use kind::ValueKind;
pub use predicate::{Predicate, PredicateSet};
