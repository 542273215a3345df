//! Building query strings: the inverse of the parser, for Rust clients of a JSON:API listing.
//!
//! `#[derive(Filterable)]` generates a typed builder on top of [`QueryStringBuilder`] (`CdrExportQuery` for
//! `CdrExport`) with one method per filter key, so that a key the resource does not have is a compile error.
//! [`QueryStringBuilder`] itself takes keys as text, for requests the typed builder cannot express (a deliberately
//! invalid value, say).
//!
//! ```
//! use jsonapi_filter::{Filterable, ResourceQuery};
//!
//! #[derive(Filterable)]
//! #[filterable(type = "calls", table = "calls")]
//! struct Call {
//!     #[filterable(id)]
//!     id: i64,
//!     duration: i64,
//!     caller: Option<String>,
//! }
//!
//! // `CallQuery` is generated beside `Call`: one method per filter key, with typed values.
//! let query = CallQuery::new()
//!     .duration_gteq(60)
//!     .caller_in(["+44 20", "Zoë, London"])
//!     .to_query_string();
//! assert_eq!(query, "filter%5Bduration-gteq%5D=60&filter%5Bcaller-in%5D=%2B44%2020,%22Zo%C3%AB,%20London%22");
//! // What it writes, the parser reads back as the same filters.
//! let parsed = ResourceQuery::<Call>::parse(&query).unwrap();
//! assert_eq!(parsed.filters[1].values.len(), 2);
//! ```

use std::fmt;
use std::marker::PhantomData;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::QueryErrors;
use crate::kind::{FilterEnum, FilterType};
use crate::list::join_list;
use crate::query::ResourceQuery;
use crate::schema::{Resource, SortDirection};

/// Characters written as they are in a parameter value: letters, digits, `-._~` (unreserved), and the `,`
/// of lists and the `:` of datetimes, which need no escaping in a query and keep URLs readable. Everything
/// else, `&`, `=`, `+`, `%`, `"`, `[`, `]` and non-ASCII text included, is percent-encoded.
const VALUE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b',')
    .remove(b':');

/// Characters written as they are in a parameter name: the brackets are encoded (`page%5Bsize%5D`), as the
/// reference API writes its links.
const NAME_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one query-string value.
///
/// ```
/// use jsonapi_filter::builder::encode_query_value;
/// assert_eq!(encode_query_value("a&b=c+d 50%"), "a%26b%3Dc%2Bd%2050%25");
/// assert_eq!(encode_query_value("2026-01-02T12:46:13Z,x"), "2026-01-02T12:46:13Z,x");
/// ```
pub fn encode_query_value(value: &str) -> String {
    utf8_percent_encode(value, VALUE_SET).to_string()
}

/// Writes filter values as the one CSV line the parser splits: values with a comma or a quote are quoted,
/// and a single empty value is `""` (an empty parameter means "no value" and is refused).
///
/// ```
/// use jsonapi_filter::builder::filter_value_line;
/// use jsonapi_filter::__fuzz::split_list;
/// assert_eq!(filter_value_line(["Pending", "Failed"]), "Pending,Failed");
/// assert_eq!(filter_value_line(["a,b"]), r#""a,b""#);
/// assert_eq!(filter_value_line([""]), r#""""#);
/// assert_eq!(split_list(&filter_value_line([""])).unwrap(), [""]);
/// ```
pub fn filter_value_line<I, S>(values: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let values: Vec<S> = values.into_iter().collect();
    match values.as_slice() {
        [only] if only.as_ref().is_empty() => "\"\"".to_owned(),
        _ => join_list(values),
    }
}

/// A value as the query string writes it, through its [`FilterType`]: `Pending`, `42`,
/// `2026-01-02T12:46:13.410Z`. A value with no filter value (`None`) is the empty string.
///
/// ```
/// use jsonapi_filter::builder::query_value;
/// assert_eq!(query_value(&42_i64), "42");
/// assert_eq!(query_value(&"O'Neil, Ltd".to_owned()), "O'Neil, Ltd");
/// ```
pub fn query_value<T: FilterType + ?Sized>(value: &T) -> String {
    value
        .to_filter_value()
        .map(|value| value.to_query_value())
        .unwrap_or_default()
}

/// A value the typed builder can write for a field of type `T`: anything convertible into `T`, written through
/// `T`'s [`FilterType`]. The bound of the generated filter methods: because it is a bound on the method's own
/// type parameter, a field type without a `FilterType` impl makes calls fail, not the derive (whose one error
/// on the field is enough).
///
/// ```
/// use jsonapi_filter::builder::IntoFilterValue;
/// fn written<V: IntoFilterValue<String>>(value: V) -> String {
///     value.into_query_value()
/// }
/// assert_eq!(written("Europe/Berlin"), "Europe/Berlin");
/// ```
pub trait IntoFilterValue<T> {
    /// The value as the query string writes it.
    ///
    /// ```
    /// use jsonapi_filter::builder::IntoFilterValue;
    /// assert_eq!(IntoFilterValue::<i64>::into_query_value(-7_i32), "-7");
    /// ```
    fn into_query_value(self) -> String;
}

impl<T: FilterType, V: Into<T>> IntoFilterValue<T> for V {
    fn into_query_value(self) -> String {
        query_value(&self.into())
    }
}

/// A resource's typed query (`AccountQuery` of `Account`), named through the resource so that a relationship's
/// typed method (`account(|a| a.name_cont("main"))`) finds it wherever the related type is imported from.
/// Implemented by `#[derive(Filterable)]`.
///
/// ```
/// use jsonapi_filter::{Filterable, TypedQuery};
/// #[derive(Filterable)]
/// #[filterable(type = "accounts")]
/// struct Account { #[filterable(id)] id: i64, name: String }
///
/// fn query_of<R: TypedQuery>() -> R::Query { R::Query::default() }
/// let query = query_of::<Account>().name_cont("main");
/// assert_eq!(query.to_query_string(), "filter%5Bname-cont%5D=main");
/// ```
pub trait TypedQuery {
    /// The typed query type.
    type Query: Default + IntoQueryStringBuilder<Resource = Self>;
}

/// The typed query of a resource whose derive failed: no filter method, so that the derive's own error is the
/// one the user sees, not a cascade from the relationships that name the resource.
#[doc(hidden)]
pub struct UntypedQuery<R>(QueryStringBuilder<R>);

impl<R> Default for UntypedQuery<R> {
    fn default() -> Self {
        UntypedQuery(QueryStringBuilder::new())
    }
}

impl<R> IntoQueryStringBuilder for UntypedQuery<R> {
    type Resource = R;
    fn into_query_string_builder(self) -> QueryStringBuilder<R> {
        self.0
    }
}

/// A typed query as its untyped [`QueryStringBuilder`]. Implemented by `#[derive(Filterable)]`.
///
/// ```
/// use jsonapi_filter::{Filterable, IntoQueryStringBuilder};
/// # #[derive(Filterable)] #[filterable(type = "accounts")] struct Account { #[filterable(id)] id: i64, name: String }
/// let builder = AccountQuery::new().name_eq("x").into_query_string_builder();
/// assert_eq!(builder.to_query_string(), "filter%5Bname-eq%5D=x");
/// ```
pub trait IntoQueryStringBuilder {
    /// The resource queried.
    type Resource;
    /// The untyped builder.
    fn into_query_string_builder(self) -> QueryStringBuilder<Self::Resource>;
}

/// A value convertible into the enum `E`: the bound of the generated `in` and `not_in` methods of fields
/// whose kind the derive cannot see, so that they exist only for [`FilterEnum`] types.
///
/// ```
/// use jsonapi_filter::FilterEnum;
/// use jsonapi_filter::builder::IntoFilterEnum;
/// #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
/// enum Status { Pending, Failed }
/// fn wire<V: IntoFilterEnum<Status>>(value: V) -> &'static str {
///     value.into_filter_enum().wire_value()
/// }
/// assert_eq!(wire(Status::Failed), "Failed");
/// ```
pub trait IntoFilterEnum<E> {
    /// The enum value.
    ///
    /// ```
    /// # use jsonapi_filter::{FilterEnum, builder::IntoFilterEnum};
    /// # #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)] enum Status { Pending }
    /// assert_eq!(IntoFilterEnum::<Status>::into_filter_enum(Status::Pending), Status::Pending);
    /// ```
    fn into_filter_enum(self) -> E;
    /// The enum value's wire value, as the query string writes it.
    ///
    /// ```
    /// # use jsonapi_filter::{FilterEnum, builder::IntoFilterEnum};
    /// # #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)] enum Status { Pending }
    /// assert_eq!(IntoFilterEnum::<Status>::into_wire_value(Status::Pending), "Pending");
    /// ```
    fn into_wire_value(self) -> &'static str;
}

impl<E: FilterEnum, V: Into<E>> IntoFilterEnum<E> for V {
    fn into_filter_enum(self) -> E {
        self.into()
    }

    fn into_wire_value(self) -> &'static str {
        self.into().wire_value()
    }
}

/// A query string under construction for resource `R`, with keys given as text. Parameters are written in a
/// fixed order: filters in the order given, then `sort`, `page[number]`, `page[size]`, `fields[...]` and
/// `include`. Setting a filter, a fieldset or a page value again replaces it, since the parser refuses a
/// parameter given twice.
///
/// `#[derive(Filterable)]` on `Call` generates the typed `CallQuery` over it, with one method per filter key
/// (which predicates get one is below), `CallSort` for `sort_asc` and
/// `sort_desc`, `CallField` for `fields` and `CallInclude` for `include` and `related_fields`:
///
/// ```
/// use jsonapi_filter::{FilterEnum, Filterable};
///
/// #[derive(Debug, Clone, Copy, PartialEq, FilterEnum)]
/// enum Direction { Inbound, Outbound }
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     direction: Direction,
///     duration: i64,
///     caller: Option<String>,
/// }
///
/// let query = CallQuery::new()
///     .direction_in([Direction::Inbound])
///     .duration_gteq(60)
///     .caller_cont("+44 20")
///     .sort_desc(CallSort::Duration)
///     .page(2, 25);
/// assert_eq!(
///     query.to_query_string(),
///     "filter%5Bdirection-in%5D=Inbound&filter%5Bduration-gteq%5D=60&filter%5Bcaller-cont%5D=%2B44%2020\
///      &sort=-duration&page%5Bnumber%5D=2&page%5Bsize%5D=25"
/// );
/// assert_eq!(query.to_query().unwrap().filters.len(), 3);
/// // `duration` is an integer: `CallQuery::new().duration_cont("6")` does not compile.
/// ```
///
/// ## Which filter methods the derive generates
/// The macro sees the field's Rust type, not its `FilterType` impl, so it generates the methods it can decide:
/// - `#[filterable(id)]` and `#[filterable(exact)]` fields: one method named after the field (`id`,
///   `time_format`) taking any number of values;
/// - fields with `only(...)`: exactly those predicates;
/// - foreign keys: `eq`, `not_eq`, `in`, `not_in`;
/// - well-known types (`String`, the integers, `DateTime`, `Uuid`, `IpAddr`, `bool`, or a `kind = "..."` override): the
///   predicates of their kind;
/// - any other type: `eq` and `not_eq`, which every kind has, and `in` and `not_in`, which only accept values
///   of a type implementing [`FilterEnum`] (calling them on a newtype is a compile error);
///   give such a field `only(...)` to get its other predicates;
/// - `null` and `not_null` when the field opts in, taking a `bool`.
///
/// Methods are named after the key with underscores (`rows_count_gteq`); an id or exact filter named like a
/// method of the builder itself (`page`, `fields`, `include`, ...) is `filter_<name>`. A method takes anything
/// convertible into the field's type without its `Option` (`&str` for a `String` field, `i32` for an `i64`
/// one); a field with a `kind = "..."` override takes the kind's standard type (`String`, `i64`,
/// `DateTime<Utc>`, `Uuid`, `IpAddr`, `bool`).
///
/// Values are written with [`FilterType::to_filter_value`], so what the builder writes is what the parser
/// reads back. A value the parser refuses is written as it is, so that the server says so rather than the
/// client silently changing it: a datetime finer than a microsecond, text with a line break, a value with no
/// filter value (a `None` from a newtype, written empty), an empty list.
///
/// ## Filter-only fields and default filters
/// A `#[filterable(filter_only)]` field has its filter methods, and no variant in `CallSort` nor `CallField`,
/// since it is neither sortable nor an attribute. A default filter (`#[filterable(default = ...)]`) is never
/// written: the query string holds what the caller set, the server applies the default when the field is not
/// filtered, and [`QueryStringBuilder::to_query`] (which parses as the server does) shows it in
/// [`ResourceQuery::default_filters`]. To list without the default, filter the field explicitly:
///
/// ```
/// use jsonapi_filter::{FilterValue, Filterable};
///
/// #[derive(Filterable)]
/// #[filterable(type = "cdrs")]
/// struct Cdr {
///     #[filterable(id)]
///     id: i64,
///     #[filterable(exact, filter_only, default = true)]
///     is_last_cdr: bool,
/// }
///
/// assert_eq!(CdrQuery::new().to_query_string(), "");
/// assert_eq!(CdrQuery::new().to_query().unwrap().default_filters()[0].key(), "is-last-cdr");
/// let every_leg = CdrQuery::new().is_last_cdr([true, false]).to_query().unwrap();
/// assert!(every_leg.default_filters().is_empty());
/// assert_eq!(every_leg.filters[0].values, [FilterValue::Boolean(true), FilterValue::Boolean(false)]);
/// ```
///
/// Use this untyped builder for what types cannot express:
///
/// ```
/// use jsonapi_filter::{Filterable, ResourceQuery, QueryStringBuilder, SortDirection};
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     caller: Option<String>,
/// }
///
/// let query = QueryStringBuilder::<Call>::new()
///     .filter("caller-cont", ["+44 20, London"])
///     .sort("caller", SortDirection::Descending)
///     .page(2, 10)
///     .to_query_string();
/// assert_eq!(
///     query,
///     "filter%5Bcaller-cont%5D=%22%2B44%2020,%20London%22&sort=-caller&page%5Bnumber%5D=2&page%5Bsize%5D=10"
/// );
/// let parsed = ResourceQuery::<Call>::parse(&query).unwrap();
/// assert_eq!(parsed.filters[0].values[0].to_query_value(), "+44 20, London");
/// ```
pub struct QueryStringBuilder<R> {
    /// (groups, key, values): `("", "status-in", ["Pending", "Failed"])`, `("[or][0]", "status-eq", ["Failed"])`.
    filters: Vec<(String, String, Vec<String>)>,
    /// How many groups [`QueryStringBuilder::or`] and [`QueryStringBuilder::not`] added: a second one goes
    /// under an `[and][i]` of its own, so that it is ANDed with the first rather than merged into it.
    groups_added: u32,
    /// (key, direction), in order.
    sort: Vec<(String, SortDirection)>,
    page_number: Option<u64>,
    page_size: Option<u64>,
    /// (type name, field keys).
    fieldsets: Vec<(String, Vec<String>)>,
    include: Vec<String>,
    resource: PhantomData<fn() -> R>,
}

impl<R> Clone for QueryStringBuilder<R> {
    fn clone(&self) -> Self {
        QueryStringBuilder {
            filters: self.filters.clone(),
            groups_added: self.groups_added,
            sort: self.sort.clone(),
            page_number: self.page_number,
            page_size: self.page_size,
            fieldsets: self.fieldsets.clone(),
            include: self.include.clone(),
            resource: PhantomData,
        }
    }
}

impl<R> Default for QueryStringBuilder<R> {
    fn default() -> Self {
        QueryStringBuilder {
            filters: Vec::new(),
            groups_added: 0,
            sort: Vec::new(),
            page_number: None,
            page_size: None,
            fieldsets: Vec::new(),
            include: Vec::new(),
            resource: PhantomData,
        }
    }
}

impl<R> fmt::Debug for QueryStringBuilder<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("QueryStringBuilder")
            .field(&self.to_query_string())
            .finish()
    }
}

impl<R> fmt::Display for QueryStringBuilder<R> {
    /// The query string, as [`QueryStringBuilder::to_query_string`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_query_string())
    }
}

impl<R> QueryStringBuilder<R> {
    /// An empty query: no filter, the default sort, the first page.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// assert_eq!(QueryStringBuilder::<Call>::new().to_query_string(), "");
    /// ```
    pub fn new() -> Self {
        QueryStringBuilder::default()
    }

    /// Sets `filter[<key>]` to the values, written as one CSV line. An empty list is written as an empty
    /// value, which the server refuses: a list filter needs at least one value.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let query = QueryStringBuilder::<Call>::new().filter("id", ["1", "2"]).to_query_string();
    /// assert_eq!(query, "filter%5Bid%5D=1,2");
    /// ```
    pub fn filter<I, S>(mut self, key: &str, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let values: Vec<String> = values.into_iter().map(Into::into).collect();
        self.set_filter(String::new(), key.to_owned(), values);
        self
    }

    fn set_filter(&mut self, groups: String, key: String, values: Vec<String>) {
        match self
            .filters
            .iter_mut()
            .find(|(given_groups, given, _)| *given_groups == groups && *given == key)
        {
            Some(filter) => filter.2 = values,
            None => self.filters.push((groups, key, values)),
        }
    }

    /// Panics unless `builder` holds only filters: what a group or a relationship takes.
    fn assert_only_filters<T>(builder: &QueryStringBuilder<T>, what: &str) {
        assert!(
            builder.sort.is_empty()
                && builder.page_number.is_none()
                && builder.page_size.is_none()
                && builder.fieldsets.is_empty()
                && builder.include.is_empty(),
            "only filters go {what}; its builder has a sort, a page, fields or an include: {builder:?}"
        );
    }

    /// The prefix of the next group of `operator` (`[or]`, `[not]`): at the top for the first group, under an
    /// `[and][i]` of its own for every later one.
    fn next_group_prefix(&mut self, operator: &str) -> String {
        let prefix = if self.groups_added == 0 {
            format!("[{operator}]")
        } else {
            format!("[and][{}][{operator}]", self.groups_added)
        };
        self.groups_added += 1;
        prefix
    }

    /// Adds a group that holds when at least one branch holds: `filter[or][i][<key>]` for each filter of
    /// branch `i`, whose filters are ANDed. Every call adds one group, ANDed with the rest of the query (a
    /// second call nests under `filter[and][i]` to keep it apart from the first). Branches hold filters only.
    ///
    /// # Panics
    /// When a branch has a sort, a page, a sparse fieldset or an include.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64, status: String, duration: i64 }
    /// let query = QueryStringBuilder::<Call>::new()
    ///     .or([
    ///         QueryStringBuilder::new().filter("status-eq", ["failed"]),
    ///         QueryStringBuilder::new().filter("duration-gt", ["60"]).filter("status-not-eq", ["ok"]),
    ///     ])
    ///     .not(QueryStringBuilder::new().filter("id", ["7"]));
    /// assert_eq!(
    ///     query.to_query_string(),
    ///     "filter%5Bor%5D%5B0%5D%5Bstatus-eq%5D=failed&filter%5Bor%5D%5B1%5D%5Bduration-gt%5D=60\
    ///      &filter%5Bor%5D%5B1%5D%5Bstatus-not-eq%5D=ok&filter%5Band%5D%5B1%5D%5Bnot%5D%5Bid%5D=7"
    /// );
    /// assert_eq!(query.to_query().unwrap().groups.len(), 2);
    /// ```
    pub fn or<I: IntoIterator<Item = QueryStringBuilder<R>>>(mut self, branches: I) -> Self {
        let prefix = self.next_group_prefix("or");
        for (index, branch) in branches.into_iter().enumerate() {
            Self::assert_only_filters(&branch, "into a branch of `or`");
            for (groups, key, values) in branch.filters {
                self.set_filter(format!("{prefix}[{index}]{groups}"), key, values);
            }
        }
        self
    }

    /// Adds a group that holds when the filters of `negated` do not all hold: `filter[not][<key>]` for each
    /// of them (one negated AND). With SQL's three-valued logic, a comparison with a NULL stays unknown under
    /// `not`: `not(duration-gt=60)` does not return rows without a duration. Every call adds one group.
    ///
    /// # Panics
    /// When `negated` has a sort, a page, a sparse fieldset or an include.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64, status: String }
    /// let query = QueryStringBuilder::<Call>::new().not(QueryStringBuilder::new().filter("status-eq", ["ok"]));
    /// assert_eq!(query.to_query_string(), "filter%5Bnot%5D%5Bstatus-eq%5D=ok");
    /// ```
    pub fn not(mut self, negated: QueryStringBuilder<R>) -> Self {
        Self::assert_only_filters(&negated, "into `not`");
        let prefix = self.next_group_prefix("not");
        for (groups, key, values) in negated.filters {
            self.set_filter(format!("{prefix}{groups}"), key, values);
        }
        self
    }

    /// Adds a sort criterion; a key already in the sort keeps its place and takes the new direction.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let query = QueryStringBuilder::<Call>::new()
    ///     .sort("duration", SortDirection::Descending)
    ///     .sort("id", SortDirection::Ascending)
    ///     .to_query_string();
    /// assert_eq!(query, "sort=-duration,id");
    /// ```
    pub fn sort(mut self, key: &str, direction: SortDirection) -> Self {
        match self.sort.iter_mut().find(|(given, _)| given == key) {
            Some(criterion) => criterion.1 = direction,
            None => self.sort.push((key.to_owned(), direction)),
        }
        self
    }

    /// Sets `page[number]` and `page[size]`.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// assert_eq!(QueryStringBuilder::<Call>::new().page(2, 50).to_query_string(), "page%5Bnumber%5D=2&page%5Bsize%5D=50");
    /// ```
    pub fn page(self, number: u64, size: u64) -> Self {
        self.page_number(number).page_size(size)
    }

    /// Sets `page[number]`, from 1.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// assert_eq!(QueryStringBuilder::<Call>::new().page_number(3).to_query_string(), "page%5Bnumber%5D=3");
    /// ```
    pub fn page_number(mut self, number: u64) -> Self {
        self.page_number = Some(number);
        self
    }

    /// Sets `page[size]`.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// assert_eq!(QueryStringBuilder::<Call>::new().page_size(10).to_query_string(), "page%5Bsize%5D=10");
    /// ```
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Sets `fields[<type_name>]`, the sparse fieldset of one type.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let query = QueryStringBuilder::<Call>::new().fields("calls", ["duration"]).to_query_string();
    /// assert_eq!(query, "fields%5Bcalls%5D=duration");
    /// ```
    pub fn fields<I, S>(mut self, type_name: &str, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let fields: Vec<String> = fields.into_iter().map(Into::into).collect();
        match self
            .fieldsets
            .iter_mut()
            .find(|(given, _)| given == type_name)
        {
            Some(fieldset) => fieldset.1 = fields,
            None => self.fieldsets.push((type_name.to_owned(), fields)),
        }
        self
    }

    /// Adds `related`'s filters through `relationship`: each of its `filter[<key>]` becomes
    /// `filter[<relationship>.<key>]` (its own relationship filters nest: `account.cdr-exports.status-eq`).
    /// Only filters go through a relationship.
    ///
    /// # Panics
    /// When `related` has a sort, a page, a sparse fieldset or an include: none of them applies through a
    /// relationship, and dropping them silently would hide a mistake.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "accounts")] struct Account { #[filterable(id)] id: i64, name: String }
    /// # #[derive(Filterable)] #[filterable(type = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
    /// let account = QueryStringBuilder::<Account>::new().filter("name-cont", ["main"]);
    /// let query = QueryStringBuilder::<Call>::new().through("account", account);
    /// assert_eq!(query.to_query_string(), "filter%5Baccount.name-cont%5D=main");
    /// assert_eq!(query.to_query().unwrap().relationship_filters[0].filters[0].key(), "name-cont");
    /// ```
    pub fn through<T>(mut self, relationship: &str, related: QueryStringBuilder<T>) -> Self {
        Self::assert_only_filters(
            &related,
            &format!("through the `{relationship}` relationship"),
        );
        for (groups, key, values) in related.filters {
            assert!(
                groups.is_empty(),
                "groups (`or`, `not`) do not go through the `{relationship}` relationship: put the relationship's filters inside the group instead"
            );
            self = self.filter(&format!("{relationship}.{key}"), values);
        }
        self
    }

    /// Adds a relationship to `include`; naming one twice includes it once.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let query = QueryStringBuilder::<Call>::new().include("account").include("account").to_query_string();
    /// assert_eq!(query, "include=account");
    /// ```
    pub fn include(mut self, relationship: &str) -> Self {
        if !self.include.iter().any(|given| given == relationship) {
            self.include.push(relationship.to_owned());
        }
        self
    }

    /// The query string, percent-encoded, without the leading `?`.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64, caller: String }
    /// let query = QueryStringBuilder::<Call>::new().filter("caller-eq", ["\"Zoë\" & co"]).to_query_string();
    /// assert_eq!(query, "filter%5Bcaller-eq%5D=%22%22%22Zo%C3%AB%22%22%20%26%20co%22");
    /// ```
    pub fn to_query_string(&self) -> String {
        let mut parameters: Vec<(String, String)> = Vec::new();
        for (groups, key, values) in &self.filters {
            parameters.push((format!("filter{groups}[{key}]"), filter_value_line(values)));
        }
        if !self.sort.is_empty() {
            let criteria: Vec<String> = self
                .sort
                .iter()
                .map(|(key, direction)| match direction {
                    SortDirection::Ascending => key.clone(),
                    SortDirection::Descending => format!("-{key}"),
                })
                .collect();
            parameters.push(("sort".to_owned(), criteria.join(",")));
        }
        if let Some(number) = self.page_number {
            parameters.push(("page[number]".to_owned(), number.to_string()));
        }
        if let Some(size) = self.page_size {
            parameters.push(("page[size]".to_owned(), size.to_string()));
        }
        for (type_name, fields) in &self.fieldsets {
            parameters.push((format!("fields[{type_name}]"), fields.join(",")));
        }
        if !self.include.is_empty() {
            parameters.push(("include".to_owned(), self.include.join(",")));
        }
        parameters
            .iter()
            .map(|(name, value)| {
                format!(
                    "{}={}",
                    utf8_percent_encode(name, NAME_SET),
                    encode_query_value(value)
                )
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

impl<R: Resource> QueryStringBuilder<R> {
    /// Parses the built query string as the server would: a way to check a request before sending it.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let query = QueryStringBuilder::<Call>::new().filter("duration-gt", ["60"]).to_query().unwrap();
    /// assert_eq!(query.filters[0].values, [FilterValue::Integer(60)]);
    /// assert!(QueryStringBuilder::<Call>::new().filter("duration-gt", ["soon"]).to_query().is_err());
    /// ```
    pub fn to_query(&self) -> Result<ResourceQuery<R>, QueryErrors> {
        ResourceQuery::parse(&self.to_query_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query_string::decode_query_string;

    #[test]
    fn every_hostile_character_survives_encoding() {
        let hostile = "a,b \"q\" %25 & = + [x] é 漢 # ; / ? \\ '";
        let encoded = encode_query_value(hostile);
        // Nothing the query-string syntax gives a meaning to is left bare.
        assert!(!encoded.contains(['&', '=', '+', '#', '[', ']', ' ', '"', ';'].as_slice()));
        let query = format!("x={encoded}");
        let parameters = decode_query_string(&query).unwrap();
        assert_eq!(parameters[0].value, hostile);
    }

    #[test]
    fn an_empty_list_is_an_empty_value_and_a_lone_empty_value_is_quoted() {
        assert_eq!(filter_value_line(Vec::<String>::new()), "");
        assert_eq!(filter_value_line(["", ""]), r#""","""#);
        assert_eq!(filter_value_line(["\""]), "\"\"\"\"");
    }
}
