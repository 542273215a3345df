//! Errors: every problem of a query, and their JSON:API error documents.

use serde::Serialize;

/// One problem found in a query string. Each names the parameter it concerns, and all of a query's
/// problems are reported together in [`QueryErrors`].
///
/// The `status`, `code` and `title` follow the reference API's table (jsonapi-resources codes).
///
/// ```
/// use jsonapi_filter::{Filterable, QueryError, ResourceQuery};
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls", table = "calls")]
/// # struct Call { #[filterable(id)] id: i64, duration: i64 }
/// let errors = ResourceQuery::<Call>::parse("filter[duration-gt]=abc&page[size]=0").unwrap_err();
/// match errors.first() {
///     QueryError::InvalidFilterValue { key, value, .. } => assert_eq!((key.as_str(), value.as_str()), ("duration-gt", "abc")),
///     other => panic!("unexpected {other:?}"),
/// }
/// assert_eq!(
///     errors.as_slice()[1],
///     QueryError::InvalidPageValue {
///         parameter: "page[size]".into(),
///         detail: "0 is not a valid value for size page parameter.".into(),
///     }
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// `filter[foo_bar]`: no such filter. 400, code 102.
    #[error("{key} is not allowed.")]
    UnknownFilter {
        /// The offending parameter: `filter[foo_bar]`.
        parameter: String,
        /// The key as given: `foo_bar`.
        key: String,
    },
    /// `filter[account.owner.accounts.name-eq]`: a filter key through more relationships than the resource
    /// allows ([`ResourceSchema::relationship_depth`](crate::ResourceSchema::relationship_depth)). 400, code
    /// 102, as any filter the resource does not offer.
    #[error(
        "{key} goes through {relationships} relationships; at most {limit} are allowed in a filter key."
    )]
    RelationshipPathTooDeep {
        /// The offending parameter.
        parameter: String,
        /// The key as given.
        key: String,
        /// How many relationships the key goes through.
        relationships: usize,
        /// The most the resource allows.
        limit: usize,
    },
    /// A value that does not parse for the field's kind. 400, code 107.
    #[error("{value} is not a valid value for {key}: {expected}.")]
    InvalidFilterValue {
        /// The offending parameter.
        parameter: String,
        /// The filter key as given.
        key: String,
        /// The rejected value (one item of a list).
        value: String,
        /// What was expected instead.
        expected: String,
    },
    /// A single-value predicate given a list, or a filter given no value. 400, code 107.
    #[error(
        "{key} takes exactly one value, but {count} were given; only in, not-in and cont-any take a list."
    )]
    WrongValueCount {
        /// The offending parameter.
        parameter: String,
        /// The filter key as given.
        key: String,
        /// How many values were given.
        count: usize,
    },
    /// A list predicate given more values than the limit. 400, code 107.
    #[error("{key} has {count} values; at most {limit} are allowed.")]
    TooManyValues {
        /// The offending parameter.
        parameter: String,
        /// The filter key as given.
        key: String,
        /// How many values were given.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A value longer than the limit. 400, code 107.
    #[error("a value of {key} is {length} bytes long; at most {limit} are allowed.")]
    ValueTooLong {
        /// The offending parameter.
        parameter: String,
        /// The filter key as given.
        key: String,
        /// The value's length in bytes.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// `filter=x`, `filter[]=x`, `filter[a][b]=x`, or a value that is not one CSV line. 400, code 120.
    #[error("{reason}")]
    MalformedFilter {
        /// The offending parameter.
        parameter: String,
        /// What is wrong.
        reason: String,
    },
    /// More filters than the limit. 400, code 120.
    #[error("{count} filters were given; at most {limit} are allowed.")]
    TooManyFilters {
        /// How many filters were given.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// `sort=x`: unknown or unsortable field, or a malformed criterion. 400, code 114.
    #[error("{criterion} is not a valid sort criteria for {type_name}")]
    InvalidSort {
        /// The criterion as given: `-foo`.
        criterion: String,
        /// The resource's type name.
        type_name: String,
    },
    /// `page[size]=0`, `page[number]=x`, a malformed cursor. 400, code 118.
    #[error("{detail}")]
    InvalidPageValue {
        /// The offending parameter: `page[size]`.
        parameter: String,
        /// What is wrong: `0 is not a valid value for size page parameter.`
        detail: String,
    },
    /// `page[size]` over the resource's maximum. 400, code 118, on `page[size]`, with the maximum in the
    /// error object's `meta.page.maxSize` (as the JSON:API Cursor Pagination profile asks).
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)] #[filterable(type = "calls", max_page_size = 100)] struct Call { #[filterable(id)] id: i64 }
    /// let errors = ResourceQuery::<Call>::parse("page[size]=101").unwrap_err();
    /// let object = serde_json::to_value(errors.first().to_error_object()).unwrap();
    /// assert_eq!(object["code"], "118");
    /// assert_eq!(object["detail"], "size exceeds maximum page size of 100.");
    /// assert_eq!(object["meta"], serde_json::json!({ "page": { "maxSize": 100 } }));
    /// ```
    #[error("size exceeds maximum page size of {maximum}.")]
    PageSizeTooLarge {
        /// The resource's largest page.
        maximum: u64,
    },
    /// `fields[cdr-exports]=x`: no such field. 400, code 104.
    #[error("{field} is not a valid field for {type_name}.")]
    InvalidField {
        /// The offending parameter: `fields[cdr-exports]`.
        parameter: String,
        /// The field as given.
        field: String,
        /// The type whose fields were named.
        type_name: String,
    },
    /// `fields[foo]=x`: a type that is neither the resource nor one of its relationships. 400, code 101.
    #[error("{type_name} is not a valid resource.")]
    InvalidResourceType {
        /// The offending parameter: `fields[foo]`.
        parameter: String,
        /// The type as given.
        type_name: String,
    },
    /// `include=x`: not a relationship of the resource. 400, code 112.
    #[error("{relationship} is not a valid includable relationship of {type_name}")]
    InvalidInclude {
        /// The relationship as given.
        relationship: String,
        /// The resource's type name.
        type_name: String,
    },
    /// `include=a.b.c` through more relationships than the resource's
    /// [`relationship_depth`](crate::ResourceSchema::relationship_depth). 400, code 112.
    #[error(
        "{relationship} goes through too many relationships; at most {depth} are allowed in an include path."
    )]
    IncludePathTooDeep {
        /// The path as given.
        relationship: String,
        /// The most relationships a path may go through.
        depth: usize,
    },
    /// `include=account,account`: a relationship named twice (the items of `include` are unique). 400,
    /// code 112.
    #[error("{relationship} is included more than once; name each relationship once.")]
    RepeatedInclude {
        /// The relationship as given.
        relationship: String,
    },
    /// A query parameter the resource does not accept (JSON:API 1.1 requires a 400). 400, code 105.
    #[error("{parameter} is not allowed.")]
    ParameterNotAllowed {
        /// The parameter as given.
        parameter: String,
    },
    /// A listing parameter (`filter`, `sort`, `page`) on a single-resource route, where only `include` and
    /// `fields[...]` mean something. 400, code 105.
    #[error("{parameter} is not allowed on a single resource.")]
    NotAllowedOnSingleResource {
        /// The parameter as given.
        parameter: String,
    },
    /// The same parameter given twice; it would be ambiguous which one counts. 400, code 105.
    #[error("{parameter} is given more than once; give it once (lists are comma-separated).")]
    DuplicateParameter {
        /// The parameter as given (first spelling).
        parameter: String,
    },
    /// Invalid percent-encoding or a byte sequence that is not UTF-8. 400, code 400.
    #[error("{detail}")]
    MalformedQueryString {
        /// The offending parameter, or its raw text when it cannot be decoded.
        parameter: String,
        /// What is wrong.
        detail: String,
    },
    /// A query string longer than the limit. 414, code 414.
    #[error("the query string is {length} bytes long; at most {limit} are allowed.")]
    QueryTooLong {
        /// The query string's length in bytes.
        length: usize,
        /// The limit.
        limit: usize,
    },
}

impl QueryError {
    /// The HTTP status: 400, or 414 for a query string over the limit.
    ///
    /// ```
    /// use jsonapi_filter::{Filterable, QueryLimits, QueryOptions, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let errors = ResourceQuery::<Call>::parse("sort=nope").unwrap_err();
    /// assert_eq!(errors.first().status(), 400);
    ///
    /// let options = QueryOptions {
    ///     limits: QueryLimits { max_query_length: 16, ..QueryLimits::default() },
    ///     ..QueryOptions::default()
    /// };
    /// let errors = ResourceQuery::<Call>::parse_with("filter[duration-gt]=60", &options).unwrap_err();
    /// assert_eq!(errors.first().status(), 414);
    /// assert_eq!(errors.first().to_string(), "the query string is 22 bytes long; at most 16 are allowed.");
    /// ```
    pub fn status(&self) -> u16 {
        match self {
            QueryError::QueryTooLong { .. } => 414,
            _ => 400,
        }
    }

    /// The reference API's error code.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let errors = ResourceQuery::<Call>::parse("filter[foo]=1&filter[duration-gt]=x&sort=nope&include=account&bar=1")
    ///     .unwrap_err();
    /// let codes: Vec<_> = errors.iter().map(|error| error.code()).collect();
    /// assert_eq!(codes, ["102", "107", "114", "112", "105"]);
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            QueryError::UnknownFilter { .. } | QueryError::RelationshipPathTooDeep { .. } => "102",
            QueryError::InvalidFilterValue { .. }
            | QueryError::WrongValueCount { .. }
            | QueryError::TooManyValues { .. }
            | QueryError::ValueTooLong { .. } => "107",
            QueryError::MalformedFilter { .. } | QueryError::TooManyFilters { .. } => "120",
            QueryError::InvalidSort { .. } => "114",
            QueryError::InvalidPageValue { .. } | QueryError::PageSizeTooLarge { .. } => "118",
            QueryError::InvalidField { .. } => "104",
            QueryError::InvalidResourceType { .. } => "101",
            QueryError::InvalidInclude { .. }
            | QueryError::RepeatedInclude { .. }
            | QueryError::IncludePathTooDeep { .. } => "112",
            QueryError::ParameterNotAllowed { .. }
            | QueryError::NotAllowedOnSingleResource { .. }
            | QueryError::DuplicateParameter { .. } => "105",
            QueryError::MalformedQueryString { .. } => "400",
            QueryError::QueryTooLong { .. } => "414",
        }
    }

    /// The reference API's error title.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let errors = ResourceQuery::<Call>::parse("filter[foo]=1&page[number]=0").unwrap_err();
    /// let titles: Vec<_> = errors.iter().map(|error| error.title()).collect();
    /// assert_eq!(titles, ["Filter not allowed", "Invalid page value"]);
    /// ```
    pub fn title(&self) -> &'static str {
        match self {
            QueryError::UnknownFilter { .. } | QueryError::RelationshipPathTooDeep { .. } => {
                "Filter not allowed"
            }
            QueryError::InvalidFilterValue { .. }
            | QueryError::WrongValueCount { .. }
            | QueryError::TooManyValues { .. }
            | QueryError::ValueTooLong { .. } => "Invalid filter value",
            QueryError::MalformedFilter { .. } | QueryError::TooManyFilters { .. } => {
                "Invalid filters syntax"
            }
            QueryError::InvalidSort { .. } => "Invalid sort criteria",
            QueryError::InvalidPageValue { .. } | QueryError::PageSizeTooLarge { .. } => {
                "Invalid page value"
            }
            QueryError::InvalidField { .. } => "Invalid field",
            QueryError::InvalidResourceType { .. } => "Invalid resource",
            QueryError::InvalidInclude { .. }
            | QueryError::RepeatedInclude { .. }
            | QueryError::IncludePathTooDeep { .. } => "Invalid include",
            QueryError::ParameterNotAllowed { .. }
            | QueryError::NotAllowedOnSingleResource { .. }
            | QueryError::DuplicateParameter { .. } => "Param not allowed",
            QueryError::MalformedQueryString { .. } => "Bad request",
            QueryError::QueryTooLong { .. } => "URI too long",
        }
    }

    /// The query parameter the error concerns, for `source.parameter`: the parameter's decoded name (its raw
    /// text when it does not decode), or `sort`, `include` or `filter` for errors of those as a whole; `None`
    /// for a query string over the length limit.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let errors = ResourceQuery::<Call>::parse("filter%5Bduration-gt%5D=x&sort=nope&fields[calls]=foo").unwrap_err();
    /// let parameters: Vec<_> = errors.iter().map(|error| error.parameter()).collect();
    /// assert_eq!(parameters, [Some("filter[duration-gt]"), Some("sort"), Some("fields[calls]")]);
    /// ```
    pub fn parameter(&self) -> Option<&str> {
        match self {
            QueryError::UnknownFilter { parameter, .. }
            | QueryError::RelationshipPathTooDeep { parameter, .. }
            | QueryError::InvalidFilterValue { parameter, .. }
            | QueryError::WrongValueCount { parameter, .. }
            | QueryError::TooManyValues { parameter, .. }
            | QueryError::ValueTooLong { parameter, .. }
            | QueryError::MalformedFilter { parameter, .. }
            | QueryError::InvalidPageValue { parameter, .. }
            | QueryError::InvalidField { parameter, .. }
            | QueryError::InvalidResourceType { parameter, .. }
            | QueryError::ParameterNotAllowed { parameter }
            | QueryError::NotAllowedOnSingleResource { parameter }
            | QueryError::DuplicateParameter { parameter }
            | QueryError::MalformedQueryString { parameter, .. } => Some(parameter),
            QueryError::InvalidSort { .. } => Some("sort"),
            QueryError::PageSizeTooLarge { .. } => Some("page[size]"),
            QueryError::InvalidInclude { .. }
            | QueryError::RepeatedInclude { .. }
            | QueryError::IncludePathTooDeep { .. } => Some("include"),
            QueryError::TooManyFilters { .. } => Some("filter"),
            QueryError::QueryTooLong { .. } => None,
        }
    }

    /// The filter key a filter's error concerns, as the request wrote it (`rows_count_gt` of
    /// `filter[rows_count_gt]`); `None` for an error of another parameter.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let errors = ResourceQuery::<Call>::parse("filter[duration_gt]=x&sort=nope").unwrap_err();
    /// let keys: Vec<_> = errors.iter().map(|error| error.filter_key()).collect();
    /// assert_eq!(keys, [Some("duration_gt"), None]);
    /// ```
    pub fn filter_key(&self) -> Option<&str> {
        match self {
            QueryError::UnknownFilter { key, .. }
            | QueryError::RelationshipPathTooDeep { key, .. }
            | QueryError::InvalidFilterValue { key, .. }
            | QueryError::WrongValueCount { key, .. }
            | QueryError::TooManyValues { key, .. }
            | QueryError::ValueTooLong { key, .. } => Some(key),
            QueryError::MalformedFilter { parameter, .. }
            | QueryError::DuplicateParameter { parameter } => parameter
                .strip_prefix("filter[")
                .and_then(|rest| rest.strip_suffix(']'))
                .filter(|key| !key.contains(['[', ']'])),
            _ => None,
        }
    }

    /// The error as a JSON:API error object, with its [`parameter`](QueryError::parameter) as
    /// `source.parameter`.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let errors = ResourceQuery::<Call>::parse("sort=-nope").unwrap_err();
    /// let object = errors.first().to_error_object();
    /// assert_eq!(
    ///     serde_json::to_value(&object).unwrap(),
    ///     serde_json::json!({
    ///         "title": "Invalid sort criteria",
    ///         "detail": "-nope is not a valid sort criteria for calls",
    ///         "code": "114",
    ///         "status": "400",
    ///         "source": { "parameter": "sort" },
    ///     })
    /// );
    /// ```
    pub fn to_error_object(&self) -> ErrorObject {
        let mut object =
            ErrorObject::new(self.status(), self.code(), self.title(), self.to_string());
        if let Some(parameter) = self.parameter() {
            object = object.with_parameter(parameter);
        }
        if let QueryError::PageSizeTooLarge { maximum } = self {
            object.meta = Some(serde_json::json!({ "page": { "maxSize": maximum } }));
        }
        object
    }
}

/// Every problem of one query string, in the order the parameters were given. Never empty: it is made from
/// a first error ([`QueryErrors::new`], `From<QueryError>`) and only grows.
///
/// ```
/// use jsonapi_filter::{QueryError, QueryErrors};
/// let mut errors = QueryErrors::new(QueryError::InvalidSort { criterion: "nope".into(), type_name: "calls".into() });
/// errors.push(QueryError::ParameterNotAllowed { parameter: "foo".into() });
/// assert_eq!(errors.iter().map(QueryError::code).collect::<Vec<_>>(), ["114", "105"]);
/// assert_eq!(errors.first().code(), "114");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryErrors(pub(crate) Vec<QueryError>);

impl QueryErrors {
    /// The errors of a query with one problem, `first`.
    ///
    /// ```
    /// use jsonapi_filter::{QueryError, QueryErrors};
    /// let errors = QueryErrors::new(QueryError::ParameterNotAllowed { parameter: "foo".into() });
    /// assert_eq!(errors.as_slice().len(), 1);
    /// assert_eq!(errors.to_string(), "foo is not allowed.");
    /// ```
    pub fn new(first: QueryError) -> QueryErrors {
        QueryErrors(vec![first])
    }

    /// The errors, none left out, from a list that must not be empty (`None` when it is).
    ///
    /// ```
    /// use jsonapi_filter::QueryErrors;
    /// assert!(QueryErrors::from_vec(Vec::new()).is_none());
    /// ```
    pub fn from_vec(errors: Vec<QueryError>) -> Option<QueryErrors> {
        (!errors.is_empty()).then_some(QueryErrors(errors))
    }

    /// Adds a problem, after the others.
    ///
    /// ```
    /// use jsonapi_filter::{QueryError, QueryErrors};
    /// let mut errors = QueryErrors::new(QueryError::ParameterNotAllowed { parameter: "foo".into() });
    /// errors.push(QueryError::DuplicateParameter { parameter: "sort".into() });
    /// assert_eq!(errors.iter().map(|error| error.parameter()).collect::<Vec<_>>(), [Some("foo"), Some("sort")]);
    /// ```
    pub fn push(&mut self, error: QueryError) {
        self.0.push(error);
    }

    /// The first problem (there always is one), in the order the parameters were given.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let errors = ResourceQuery::<Call>::parse("page[size]=x&sort=nope").unwrap_err();
    /// assert_eq!(errors.first().code(), "118");
    /// ```
    pub fn first(&self) -> &QueryError {
        &self.0[0]
    }

    /// The problems, in order.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let errors = ResourceQuery::<Call>::parse("filter[duration-gt]=a,b&include=x").unwrap_err();
    /// let messages: Vec<_> = errors.iter().map(|error| error.to_string()).collect();
    /// assert_eq!(messages, [
    ///     "duration-gt takes exactly one value, but 2 were given; only in, not-in and cont-any take a list.",
    ///     "x is not a valid includable relationship of calls",
    /// ]);
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, QueryError> {
        self.0.iter()
    }

    /// The problems as a slice (never empty).
    ///
    /// ```
    /// use jsonapi_filter::{QueryError, QueryErrors};
    /// let errors = QueryErrors::new(QueryError::RepeatedInclude { relationship: "account".into() });
    /// assert!(matches!(errors.as_slice(), [QueryError::RepeatedInclude { relationship }] if relationship == "account"));
    /// ```
    pub fn as_slice(&self) -> &[QueryError] {
        &self.0
    }

    /// The problems, owned.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let errors = ResourceQuery::<Call>::parse("sort=a&fields[nope]=b").unwrap_err();
    /// let owned: Vec<_> = errors.into_vec();
    /// assert_eq!(owned.iter().map(|error| error.code()).collect::<Vec<_>>(), ["114", "101"]);
    /// ```
    pub fn into_vec(self) -> Vec<QueryError> {
        self.0
    }

    /// The response status: the errors' common status, or 400 when they differ.
    ///
    /// ```
    /// use jsonapi_filter::{QueryError, QueryErrors};
    /// let mut errors = QueryErrors::new(QueryError::QueryTooLong { length: 70_000, limit: 60_000 });
    /// assert_eq!(errors.status(), 414);
    /// errors.push(QueryError::ParameterNotAllowed { parameter: "foo".into() });
    /// assert_eq!(errors.status(), 400);
    /// ```
    pub fn status(&self) -> u16 {
        let mut statuses = self.0.iter().map(QueryError::status);
        let first = statuses.next().unwrap_or(400);
        if statuses.all(|status| status == first) {
            first
        } else {
            400
        }
    }

    /// The JSON:API error document listing every error.
    ///
    /// ```
    /// use jsonapi_filter::{QueryError, QueryErrors};
    /// let errors = QueryErrors::new(QueryError::UnknownFilter {
    ///     parameter: "filter[foo_bar]".into(),
    ///     key: "foo_bar".into(),
    /// });
    /// let json = serde_json::to_value(errors.to_document()).unwrap();
    /// assert_eq!(json["errors"][0]["code"], "102");
    /// assert_eq!(json["errors"][0]["detail"], "foo_bar is not allowed.");
    /// assert_eq!(json["errors"][0]["source"]["parameter"], "filter[foo_bar]");
    /// ```
    pub fn to_document(&self) -> ErrorDocument {
        ErrorDocument {
            errors: self.0.iter().map(QueryError::to_error_object).collect(),
        }
    }
}

impl std::fmt::Display for QueryErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for QueryErrors {}

impl From<QueryError> for QueryErrors {
    fn from(error: QueryError) -> QueryErrors {
        QueryErrors::new(error)
    }
}

impl<'e> IntoIterator for &'e QueryErrors {
    type Item = &'e QueryError;
    type IntoIter = std::slice::Iter<'e, QueryError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl IntoIterator for QueryErrors {
    type Item = QueryError;
    type IntoIter = std::vec::IntoIter<QueryError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// A JSON:API error document: `{"errors": [...]}`. It also deserializes, to read an error response back
/// (in a client or a test).
///
/// ```
/// use jsonapi_filter::{ErrorDocument, Filterable, ResourceQuery};
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls", table = "calls")]
/// # struct Call { #[filterable(id)] id: i64, duration: i64 }
/// let document = ResourceQuery::<Call>::parse("sort=nope").unwrap_err().to_document();
/// let body = serde_json::to_string(&document).unwrap();
/// assert_eq!(
///     body,
///     r#"{"errors":[{"title":"Invalid sort criteria","detail":"nope is not a valid sort criteria for calls","code":"114","status":"400","source":{"parameter":"sort"}}]}"#
/// );
/// let read: ErrorDocument = serde_json::from_str(&body).unwrap();
/// assert_eq!(read, document);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ErrorDocument {
    /// The errors.
    pub errors: Vec<ErrorObject>,
}

/// A JSON:API error object, with `status` and `code` as strings as in the reference API.
///
/// ```
/// use jsonapi_filter::ErrorObject;
/// let error = ErrorObject::new(404, "404", "Record not found", "The record identified by 7 could not be found.");
/// assert_eq!(serde_json::to_value(&error).unwrap()["status"], "404");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ErrorObject {
    /// A short summary that does not change between occurrences.
    pub title: String,
    /// What went wrong in this occurrence, for a person to act on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The application error code.
    pub code: String,
    /// The HTTP status, as a string.
    pub status: String,
    /// Where the problem is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ErrorSource>,
    /// Facts about the error a client can act on: `{"page": {"maxSize": 1000}}` for a page size over the
    /// maximum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Value>,
}

/// `source` of a JSON:API error object. Absent members are left out of the JSON.
///
/// ```
/// use jsonapi_filter::{ErrorObject, ErrorSource};
/// let error = ErrorObject::new(422, "422", "Invalid attribute", "name is blank.").with_pointer("/data/attributes/name");
/// let source = error.source.as_ref().unwrap();
/// assert_eq!(source, &ErrorSource { parameter: None, pointer: Some("/data/attributes/name".into()) });
/// assert_eq!(serde_json::to_value(source).unwrap(), serde_json::json!({ "pointer": "/data/attributes/name" }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
pub struct ErrorSource {
    /// The query parameter that caused the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// A JSON pointer into the request document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

impl ErrorObject {
    /// An error object with a detail and no `source`.
    ///
    /// ```
    /// use jsonapi_filter::ErrorObject;
    /// let error = ErrorObject::new(404, "404", "Record not found", "The record identified by 7 could not be found.");
    /// assert_eq!((error.status.as_str(), error.code.as_str()), ("404", "404"));
    /// assert_eq!(error.detail.as_deref(), Some("The record identified by 7 could not be found."));
    /// assert_eq!(error.source, None);
    /// ```
    pub fn new(status: u16, code: &str, title: &str, detail: impl Into<String>) -> ErrorObject {
        ErrorObject {
            title: title.to_owned(),
            detail: Some(detail.into()),
            code: code.to_owned(),
            status: status.to_string(),
            source: None,
            meta: None,
        }
    }

    /// The same error, naming the query parameter in `source.parameter`.
    ///
    /// ```
    /// use jsonapi_filter::ErrorObject;
    /// let error = ErrorObject::new(400, "105", "Param not allowed", "token is not allowed.").with_parameter("token");
    /// let json = serde_json::to_value(&error).unwrap();
    /// assert_eq!(json["source"], serde_json::json!({ "parameter": "token" }));
    /// ```
    pub fn with_parameter(mut self, parameter: impl Into<String>) -> ErrorObject {
        self.source
            .get_or_insert_with(ErrorSource::default)
            .parameter = Some(parameter.into());
        self
    }

    /// The same error, pointing into the request document with `source.pointer`; a `source.parameter` set
    /// before is kept.
    ///
    /// ```
    /// use jsonapi_filter::ErrorObject;
    /// let error = ErrorObject::new(400, "400", "Bad request", "data.type is missing.")
    ///     .with_parameter("include")
    ///     .with_pointer("/data/type");
    /// let source = error.source.unwrap();
    /// assert_eq!(source.pointer.as_deref(), Some("/data/type"));
    /// assert_eq!(source.parameter.as_deref(), Some("include"));
    /// ```
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> ErrorObject {
        self.source.get_or_insert_with(ErrorSource::default).pointer = Some(pointer.into());
        self
    }
}
