//! # jsonapi-filter
//!
//! Turns JSON:API query strings (`filter[...]`, `sort`, `page[...]`, `fields[...]`, `include`) into typed,
//! validated queries, and those into SQL (sea-query) that behaves the same on SQLite, PostgreSQL 15 and
//! MariaDB 10.11 (the engines the suites run on; MySQL itself is not tested).
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use jsonapi_filter::{Backend, FilterEnum, Filterable, ResourceQuery};
//! use uuid::Uuid;
//!
//! #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
//! enum Status { Pending, Completed, Failed, Deleted }
//!
//! #[derive(Filterable)]
//! #[filterable(type = "cdr-exports", table = "cdr_exports", default_sort = "-created-at")]
//! struct CdrExport {
//!     #[filterable(id)]
//!     id: Uuid,
//!     status: Status,
//!     rows_count: Option<i64>,
//!     created_at: DateTime<Utc>,
//!     time_zone_name: Option<String>,
//! }
//!
//! let query = ResourceQuery::<CdrExport>::parse(
//!     "filter[status-in]=Pending,Failed&filter[rows-count-gteq]=10&sort=-created-at&page[size]=20",
//! ).unwrap();
//! let (sql, values) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
//! assert_eq!(
//!     sql,
//!     r#"SELECT "cdr_exports".* FROM "cdr_exports" WHERE "cdr_exports"."status" IN (?, ?) AND "cdr_exports"."rows_count" >= ? ORDER BY "cdr_exports"."created_at" DESC, "cdr_exports"."id" ASC LIMIT ? OFFSET ?"#
//! );
//! assert_eq!(values.0.len(), 5);
//!
//! // Every problem is reported at once, as JSON:API error objects.
//! let errors = ResourceQuery::<CdrExport>::parse("filter[status-eq]=test&filter[rows-count-gt]=abc&sort=x").unwrap_err();
//! let codes: Vec<_> = errors.iter().map(|error| error.code()).collect();
//! assert_eq!(codes, ["107", "107", "114"]);
//! ```
#![warn(missing_docs)]

// The unit tests derive resources, whose generated code names the crate `::jsonapi_filter`.
#[cfg(test)]
extern crate self as jsonapi_filter;

#[cfg(feature = "axum")]
pub mod axum;
pub mod builder;
pub mod cursor;
pub mod docs;
pub mod document;
mod error;
mod eval;
mod group;
pub mod include;
pub mod inet;
mod kind;
mod links;
mod list;
pub mod listing;
pub mod openapi;
mod query;
mod query_string;
mod schema;
pub mod scope;
pub mod sql;
mod statement_cache;
mod total;
mod value;

pub use builder::{IntoQueryStringBuilder, QueryStringBuilder, TypedQuery};
pub use cursor::{CursorKey, CursorRange, CursorWindow, SortPosition};
pub use docs::ParameterTable;
pub use error::{ErrorDocument, ErrorObject, ErrorSource, QueryError, QueryErrors};
pub use eval::{FilterRecord, RelatedRecords};
pub use group::{Conditions, FilterGroup, GroupOperator};
pub use jsonapi_filter_derive::{FilterEnum, Filterable};
pub use jsonapi_filter_vocabulary::{Predicate, PredicateSet, ValueKind};
pub use kind::{FilterEnum, FilterType};
pub use links::{CURSOR_PAGINATION_PROFILE, PageLinks};
pub use listing::{ListingMeta, ListingPage, RangeMeta};
pub use openapi::{OpenApi, ResourceRoutes};
pub use query::{
    Fieldset, Filter, IncludePath, Page, QueryLimits, QueryOptions, RelationshipFilter,
    ResourceQuery, SortKey, SortThrough,
};
/// The exact decimal type of [`ValueKind::Decimal`] fields, re-exported so that a field's type and the
/// library's agree: `rust_decimal::Decimal`.
pub use rust_decimal::Decimal;
pub use schema::{
    Cardinality, DefaultFilter, DefaultValue, FieldSchema, FilterStyle, RelationshipLink,
    RelationshipSchema, Resource, ResourceSchema, SortDirection,
};
pub use scope::{Scope, Scoped};
pub use sql::Backend;
pub use statement_cache::StatementCache;
pub use total::{COUNTED_COLUMN, CountPolicy, CountStatement, TotalCount};
pub use value::{FilterValue, ValueRejection};

/// The media type of JSON:API documents, as the `Content-Type` of responses.
///
/// ```
/// assert_eq!(jsonapi_filter::JSON_API_MEDIA_TYPE, "application/vnd.api+json");
/// ```
pub const JSON_API_MEDIA_TYPE: &str = "application/vnd.api+json";

/// The query-string codec's pieces, for the fuzz targets (`fuzz/`). Not a public API.
#[doc(hidden)]
pub mod __fuzz {
    pub use crate::cursor::signed_cursor;
    pub use crate::list::{ListSyntaxError, join_list, split_list};
    pub use crate::query_string::{RawParameter, decode_query_string};
}

/// Re-exports for the derive's generated code. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::builder::{
        IntoFilterEnum, IntoFilterValue, IntoQueryStringBuilder, QueryStringBuilder, TypedQuery,
        UntypedQuery,
    };
    pub use crate::error::QueryErrors;
    pub use crate::eval::FilterRecord;
    pub use crate::kind::{FilterEnum, FilterType};
    pub use crate::query::ResourceQuery;
    pub use crate::schema::{
        Cardinality, DefaultFilter, DefaultValue, FieldSchema, FilterStyle, RelationshipSchema,
        Resource, ResourceSchema, SortDirection, schema_has_field,
    };
    pub use crate::value::FilterValue;
    pub use chrono::{DateTime, Utc};
    pub use core::option::Option;
    pub use jsonapi_filter_vocabulary::{Predicate, PredicateSet, ValueKind};
    pub use rust_decimal::Decimal;
    pub use uuid::Uuid;

    /// Whether `list` holds `value`, in a constant: the derive's check of an enum field's default.
    pub const fn contains_str(list: &[&str], value: &str) -> bool {
        let mut index = 0;
        while index < list.len() {
            let (candidate, value) = (list[index].as_bytes(), value.as_bytes());
            if candidate.len() == value.len() {
                let mut byte = 0;
                while byte < value.len() && candidate[byte] == value[byte] {
                    byte += 1;
                }
                if byte == value.len() {
                    return true;
                }
            }
            index += 1;
        }
        false
    }
}

/// The README's examples, compiled and run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
