//! Derive macros for [jsonapi-filter](https://docs.rs/jsonapi-filter): `#[derive(Filterable)]` on a resource
//! struct and `#[derive(FilterEnum)]` on an enum of wire values. See the `jsonapi-filter` crate for usage.
//!
//! The pipeline reads in order: `ast` (the input as the macro's own model, with `attr` reading the
//! attributes), `valid` (every mistake, on its span), then `expand` (the generated code).

mod ast;
mod attr;
mod builder;
mod case;
mod expand;
mod valid;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Generates `jsonapi_filter::Resource` for a struct: its filter keys, sort keys, attributes and relationships.
/// Beside it, a typed query builder: `<Struct>Query`, `<Struct>Sort`, `<Struct>Field` and `<Struct>Include`
/// (see `jsonapi_filter::QueryStringBuilder`).
#[proc_macro_derive(Filterable, attributes(filterable))]
pub fn derive_filterable(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_filterable(&input).into()
}

/// Generates `jsonapi_filter::FilterEnum` and `FilterType` for an enum of unit variants, one wire value each.
#[proc_macro_derive(FilterEnum, attributes(filterable))]
pub fn derive_filter_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_filter_enum(&input).into()
}
