//! Derive macros for [jsonapi-filter](https://docs.rs/jsonapi-filter): `#[derive(Filterable)]` on a resource
//! struct and `#[derive(FilterEnum)]` on an enum of wire values. Use them through the `jsonapi-filter` crate,
//! which re-exports both:
//!
//! ```
//! use jsonapi_filter::{FilterEnum, Filterable, ResourceQuery};
//!
//! #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
//! enum Direction { Inbound, Outbound }
//!
//! #[derive(Filterable)]
//! #[filterable(type = "calls", table = "calls")]
//! struct Call {
//!     #[filterable(id)]
//!     id: i64,
//!     direction: Direction,
//! }
//!
//! let query = ResourceQuery::<Call>::parse("filter[direction-eq]=Outbound").unwrap();
//! assert_eq!(query.filters[0].values[0].to_query_value(), "Outbound");
//! ```
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
///
/// Each field's kind comes from its Rust type (`String`, integers, `DateTime<Utc>`, `Uuid`, `bool`, a
/// `FilterEnum`, `Option` of any of them) and gives it the kind's predicates; the attributes refine that.
///
/// | on | attribute | meaning |
/// |---|---|---|
/// | struct | `type = "cdr-exports"` | the JSON:API type (required) |
/// | struct | `table = "cdr_exports"` | the SQL table (default: the type with underscores) |
/// | struct | `default_sort = "-created-at"` | the sort when the request gives none (the id always ends it) |
/// | struct | `default_page_size = 50`, `max_page_size = 1000` | `page[size]` default and bound |
/// | field | `id` | the resource id: `filter[id]`, the sort tie-breaker |
/// | field | `exact` | one suffix-less key taking a list |
/// | field | `with_exact` | beside the predicate keys, the suffix-less list key an `exact` field has (`filter[duration]=10,20` beside `filter[duration-gt]=60`); not on `id`, `exact`, `foreign_key` or `skip` |
/// | field | `foreign_key`, `relationship = ".."`, `related_type = ".."`, `related_fields = "a,b"` | identity predicates (an integer, decimal or datetime key may list order comparisons in `only(...)`: `only(eq, not_eq, gt, gteq, lt, lteq, in, not_in)`); the relationship `include` and `fields[...]` accept |
/// | field | `related = Account` | on a foreign key: the related resource's own `#[derive(Filterable)]` type, which gives the relationship's type and `fields[...]` (instead of `related_type` and `related_fields`); a type that is not a resource is a compile error on the path; two resources may name each other |
/// | field | `rename = "key"`, `column = "col"` | the key, the SQL column |
/// | field | `only(eq, in)`, `null`, `not_null` | restrict the predicates; opt in to null checks |
/// | field | `sortable = false`, `kind = "string"`, `skip` | not sortable; override the kind; neither filtered nor sorted |
/// | field | `scale = 4` | a decimal's digits after the point, 0 to 18 (required on decimals, refused on other kinds) |
/// | field | `filter_only` | filtered, but not an attribute: not in `fields[...]`, not sortable |
/// | field | `default = true` (suffix-less filter), `default(not_eq = "internal")`, `default(gteq = "0.01")` | the filter applied when the request gives none on the field; decimals and addresses are written as strings and checked against the field's column at compile time; not on datetimes |
///
/// Every mistake is a compile error on its own span, all reported in one compile.
///
/// ```
/// use chrono::{DateTime, Utc};
/// use jsonapi_filter::{Backend, Filterable, Resource, ResourceQuery};
/// use uuid::Uuid;
///
/// #[derive(Filterable)]
/// #[filterable(type = "cdr-exports", table = "cdr_exports", default_sort = "-created-at", max_page_size = 200)]
/// struct CdrExport {
///     #[filterable(id)]
///     id: Uuid,
///     #[filterable(only(eq, gt, lt), null)]
///     rows_count: Option<i64>,
///     created_at: DateTime<Utc>,
///     #[filterable(rename = "zone", column = "time_zone_name")]
///     time_zone: Option<String>,
///     #[filterable(foreign_key, relationship = "account", related_type = "accounts")]
///     account_id: Uuid,
///     #[filterable(skip)]
///     callback_url: Option<String>,
/// }
///
/// let query = ResourceQuery::<CdrExport>::parse("filter[zone-cont]=europe&filter[rows-count-null]=false").unwrap();
/// let (sql, _) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
/// assert!(sql.contains(r#""cdr_exports"."time_zone_name" LIKE ?"#), "{sql}");
/// assert!(sql.contains(r#"ORDER BY "cdr_exports"."created_at" DESC"#), "{sql}");
///
/// // Keys outside the declaration are refused: `rows-count-gteq` is not among `only(..)`.
/// let errors = ResourceQuery::<CdrExport>::parse("filter[rows-count-gteq]=1&page[size]=500").unwrap_err();
/// assert_eq!(errors.iter().map(|error| error.code()).collect::<Vec<_>>(), ["102", "118"]);
/// assert_eq!(CdrExport::SCHEMA.relationships[0].name, "account");
///
/// // The typed builder: a key the resource lacks does not compile.
/// assert_eq!(CdrExportQuery::new().zone_cont("europe").to_query_string(), "filter%5Bzone-cont%5D=europe");
/// ```
#[proc_macro_derive(Filterable, attributes(filterable))]
pub fn derive_filterable(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_filterable(&input).into()
}

/// Generates `jsonapi_filter::FilterEnum` and `FilterType` for an enum of unit variants, one wire value each.
///
/// The wire value is the variant's name, or `rename_all = "snake_case"` (also `"kebab-case"`,
/// `"SCREAMING_SNAKE_CASE"`, `"lowercase"`, ...) on the enum, or `rename = ".."` on a variant. Values are
/// case-sensitive.
///
/// ```
/// use jsonapi_filter::{FilterEnum, Filterable, ResourceQuery};
///
/// #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
/// #[filterable(rename_all = "snake_case")]
/// enum HangupCause {
///     NormalClearing,
///     #[filterable(rename = "busy")]
///     UserBusy,
/// }
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     cause: HangupCause,
/// }
///
/// assert_eq!(HangupCause::NormalClearing.wire_value(), "normal_clearing");
/// assert_eq!(HangupCause::from_wire_value("busy"), Some(HangupCause::UserBusy));
/// assert!(ResourceQuery::<Call>::parse("filter[cause-in]=busy,normal_clearing").is_ok());
/// let errors = ResourceQuery::<Call>::parse("filter[cause-eq]=Busy").unwrap_err();
/// assert_eq!(errors.first().code(), "107");
/// ```
#[proc_macro_derive(FilterEnum, attributes(filterable))]
pub fn derive_filter_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_filter_enum(&input).into()
}
