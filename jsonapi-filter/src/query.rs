//! The typed query: what a client asked for, validated against a resource's schema.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use crate::error::{QueryError, QueryErrors};
use crate::group::{Conditions, FilterGroup, GroupStep, parse_filter_path};
use crate::list::ListItems;
use crate::query_string::{RawParameter, decode_query_string};
use crate::schema::{
    Cardinality, FieldSchema, RelationshipSchema, Resource, ResourceSchema, SortDirection,
};
use crate::value::{FilterValue, parse_boolean, parse_integer_list};
use jsonapi_filter_vocabulary::key::keys_match;
use jsonapi_filter_vocabulary::{Predicate, ValueKind};

/// Bounds on a query, so that no request can make the server do unbounded work. Every bound gives a clear
/// error when crossed.
///
/// ```
/// use jsonapi_filter::{Filterable, QueryLimits, QueryOptions, ResourceQuery};
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls", table = "calls")]
/// # struct Call { #[filterable(id)] id: i64, duration: i64 }
/// assert_eq!(QueryLimits::default().max_list_values, 1_000);
///
/// let options = QueryOptions {
///     limits: QueryLimits { max_list_values: 3, ..QueryLimits::default() },
///     ..QueryOptions::default()
/// };
/// assert!(ResourceQuery::<Call>::parse_with("filter[id]=1,2,3", &options).is_ok());
/// let errors = ResourceQuery::<Call>::parse_with("filter[id]=1,2,3,4", &options).unwrap_err();
/// assert_eq!(errors.first().code(), "107");
/// assert_eq!(errors.first().to_string(), "id has 4 values; at most 3 are allowed.");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryLimits {
    /// The longest accepted query string, in bytes (default 60,000: room for an `in` list of 1,000 uuids, and
    /// below hyper's own 65,534-byte URI limit, so that the client gets this crate's JSON:API error).
    pub max_query_length: usize,
    /// The most `filter[...]` parameters in one query (default 64).
    pub max_filters: usize,
    /// The most values in one list (default 1,000).
    pub max_list_values: usize,
    /// The longest single filter value, in bytes (default 1,024).
    pub max_value_length: usize,
    /// The most groups one filter parameter may be nested in (default 3): `filter[or][0][not][a]` is in 2.
    /// Every condition in every group counts towards [`QueryLimits::max_filters`].
    pub max_group_depth: usize,
}

impl Default for QueryLimits {
    fn default() -> Self {
        QueryLimits {
            max_query_length: 60_000,
            max_filters: 64,
            max_list_values: 1_000,
            max_value_length: 1_024,
            max_group_depth: 3,
        }
    }
}

/// How a query string is read: the limits, and any extra top-level parameters the application handles
/// itself (everything else unknown is a 400, as JSON:API 1.1 requires).
///
/// ```
/// use jsonapi_filter::{Filterable, QueryOptions, ResourceQuery};
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls", table = "calls")]
/// # struct Call { #[filterable(id)] id: i64, duration: i64 }
/// let errors = ResourceQuery::<Call>::parse("locale=de&sort=duration").unwrap_err();
/// assert_eq!(errors.first().to_string(), "locale is not allowed.");
///
/// let options = QueryOptions { extra_parameters: vec!["locale".into()], ..QueryOptions::default() };
/// let query = ResourceQuery::<Call>::parse_with("locale=de&sort=duration", &options).unwrap();
/// assert!(query.sort_given); // the application reads `locale` itself
/// ```
#[derive(Debug, Clone, Default)]
pub struct QueryOptions {
    /// Bounds on the query.
    pub limits: QueryLimits,
    /// Top-level parameters the application accepts besides `filter`, `sort`, `page`, `fields`, `include`.
    pub extra_parameters: Vec<String>,
    /// The key that signs and checks cursors: with it, `page[after]` and `page[before]` page by cursor
    /// ([`crate::cursor`]); without it (the default) they are refused as unknown parameters (105).
    pub cursor_key: Option<crate::CursorKey>,
}

impl QueryOptions {
    /// The default options, with [`QueryLimits::max_filters`] raised (never lowered) to the number of filter
    /// parameters `R`'s documentation lists, its own and those through its relationships
    /// ([`ParameterTable`](crate::ParameterTable)): every filter the listing documents may then be given at
    /// once, as a client reading its OpenAPI document expects.
    ///
    /// ```
    /// use jsonapi_filter::{Filterable, QueryLimits, QueryOptions};
    ///
    /// #[derive(Filterable)]
    /// #[filterable(type = "accounts")]
    /// struct Account { #[filterable(id)] id: i64, name: String, balance: i64, credit: i64, limit: i64, region: String, owner: String, note: String }
    /// #[derive(Filterable)]
    /// #[filterable(type = "calls")]
    /// struct Call { #[filterable(id)] id: i64, duration: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
    ///
    /// // 70 documented keys: its own, and those through the account (and back through its calls).
    /// assert_eq!(QueryOptions::documenting::<Call>().limits.max_filters, 70);
    /// assert_eq!(QueryOptions::documenting::<Account>().limits.max_filters, QueryLimits::default().max_filters);
    /// ```
    pub fn documenting<R: Resource>() -> QueryOptions {
        let table = crate::ParameterTable::of::<R>();
        let own = table.group(crate::docs::ParameterGroup::Filter).count();
        let related: usize = table
            .relationship_filters
            .iter()
            .map(|relationships| relationships.parameters.len())
            .sum();
        let mut options = QueryOptions::default();
        options.limits.max_filters = options.limits.max_filters.max(own + related);
        options
    }
}

/// The conditions a request puts on a related resource through one relationship: every filter key after
/// `account.` in `filter[account.name-cont]=main&filter[account.name-not-eq]=Old`.
///
/// All the conditions of one `RelationshipFilter` hold for **one and the same related row**. For a to-one
/// relationship that is the one related row; a row without one matches no condition on it, as SQL's `NULL`
/// matches no comparison. For a to-many relationship a row matches when one of its related rows matches every
/// condition: `filter[calls.status-eq]=failed&filter[calls.duration-gt]=60` finds the accounts with one failed
/// call of over a minute, not those with a failed call and another long one. The related resource's server
/// scope ([`ResourceQuery::scoped_related`]) holds for that row too, so a filter never reveals a related row
/// the caller cannot see.
///
/// ```
/// use jsonapi_filter::{Cardinality, Filterable, ResourceQuery};
///
/// #[derive(Filterable)]
/// #[filterable(type = "accounts", has_many(name = "calls", related = Call, foreign_key = "account_id"))]
/// struct Account { #[filterable(id)] id: i64, name: String }
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     status: String,
///     duration: i64,
///     #[filterable(foreign_key, related = Account)]
///     account_id: i64,
/// }
///
/// let query = ResourceQuery::<Account>::parse("filter[calls.status-eq]=failed&filter[calls.duration_gt]=60").unwrap();
/// let calls = &query.relationship_filters[0];
/// assert_eq!((calls.relationship.name, calls.relationship.cardinality), ("calls", Cardinality::ToMany));
/// assert_eq!(calls.filters.len(), 2); // one related row must match both
///
/// let query = ResourceQuery::<Call>::parse("filter[account.name-cont]=main").unwrap();
/// assert_eq!(query.relationship_filters[0].filters[0].key(), "name-cont");
/// ```
#[derive(Clone)]
pub struct RelationshipFilter {
    /// The relationship, from the resource that holds this filter.
    pub relationship: &'static RelationshipSchema,
    /// Conditions on the related resource's own fields.
    pub filters: Vec<Filter>,
    /// Conditions through the related resource's own relationships (`account.owner.name-eq`), for the same
    /// related row.
    pub nested: Vec<RelationshipFilter>,
}

impl RelationshipFilter {
    fn new(relationship: &'static RelationshipSchema) -> RelationshipFilter {
        RelationshipFilter {
            relationship,
            filters: Vec::new(),
            nested: Vec::new(),
        }
    }

    /// The related resource's schema.
    ///
    /// # Panics
    /// Never for a parsed query: the parser accepts only relationships that name their related resource.
    pub(crate) fn related_schema(&self) -> &'static ResourceSchema {
        self.relationship
            .related_schema()
            .expect("a relationship filter's relationship names its related resource")
    }

    /// The entry for `path` below `list`, made when missing.
    fn entry<'l>(
        list: &'l mut Vec<RelationshipFilter>,
        path: &[&'static RelationshipSchema],
    ) -> &'l mut RelationshipFilter {
        let (first, rest) = path
            .split_first()
            .expect("a relationship path has at least one relationship");
        let index = match list
            .iter()
            .position(|entry| entry.relationship.name == first.name)
        {
            Some(index) => index,
            None => {
                list.push(RelationshipFilter::new(first));
                list.len() - 1
            }
        };
        let entry = &mut list[index];
        if rest.is_empty() {
            entry
        } else {
            RelationshipFilter::entry(&mut entry.nested, rest)
        }
    }
}

impl PartialEq for RelationshipFilter {
    fn eq(&self, other: &Self) -> bool {
        self.relationship.name == other.relationship.name
            && self.relationship.type_name == other.relationship.type_name
            && self.filters == other.filters
            && self.nested == other.nested
    }
}

impl fmt::Debug for RelationshipFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RelationshipFilter")
            .field("relationship", &self.relationship.name)
            .field("filters", &self.filters)
            .field("nested", &self.nested)
            .finish()
    }
}

/// One validated filter: a field, a predicate and its typed values.
///
/// ```
/// use jsonapi_filter::{Filterable, FilterValue, Predicate, ResourceQuery};
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls", table = "calls")]
/// # struct Call { #[filterable(id)] id: i64, duration: i64 }
/// let query = ResourceQuery::<Call>::parse("filter[duration_in]=60,120").unwrap();
/// let filter = &query.filters[0];
/// assert_eq!((filter.field.name, filter.field.column), ("duration", "duration"));
/// assert_eq!(filter.predicate, Some(Predicate::In));
/// assert_eq!(filter.values, [FilterValue::Integer(60), FilterValue::Integer(120)]);
/// ```
#[derive(Clone)]
pub struct Filter {
    /// The filtered field.
    pub field: &'static FieldSchema,
    /// The predicate; `None` for the suffix-less `filter[id]` and exact filters, which mean "equal to any".
    pub predicate: Option<Predicate>,
    /// The values: one, except for list predicates and suffix-less filters, which take one or more.
    pub values: Vec<FilterValue>,
}

impl Filter {
    /// The predicate the filter applies: suffix-less filters compare with [`Predicate::In`].
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let query = ResourceQuery::<Call>::parse("filter[id]=7,8&filter[duration-lt]=60").unwrap();
    /// assert_eq!(query.filters[0].predicate, None);
    /// assert_eq!(query.filters[0].effective_predicate(), Predicate::In);
    /// assert_eq!(query.filters[1].effective_predicate(), Predicate::Lt);
    /// ```
    pub fn effective_predicate(&self) -> Predicate {
        self.predicate.unwrap_or(Predicate::In)
    }

    /// The dasherized filter key: `rows-count-gteq`, `id`, whichever spelling the request used.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, rows_count: i64 }
    /// let query = ResourceQuery::<Call>::parse("filter[rows_count_gteq]=10&filter[id]=1").unwrap();
    /// let keys: Vec<_> = query.filters.iter().map(|filter| filter.key()).collect();
    /// assert_eq!(keys, ["rows-count-gteq", "id"]);
    /// ```
    pub fn key(&self) -> String {
        jsonapi_filter_vocabulary::key::filter_key(self.field.key, self.predicate)
    }
}

impl PartialEq for Filter {
    fn eq(&self, other: &Filter) -> bool {
        self.field.name == other.field.name
            && self.predicate == other.predicate
            && self.values == other.values
    }
}

impl fmt::Debug for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Filter")
            .field("key", &self.key())
            .field("values", &self.values)
            .finish()
    }
}

/// One sort criterion. Its `Debug` form is the criterion as `sort` writes it.
///
/// ```
/// use jsonapi_filter::{Filterable, ResourceQuery, SortDirection};
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls", table = "calls", default_sort = "-started-at")]
/// # struct Call { #[filterable(id)] id: i64, duration: i64, started_at: i64 }
/// let query = ResourceQuery::<Call>::parse("sort=-duration,started_at").unwrap();
/// assert_eq!((query.sort[0].field.key, query.sort[0].direction), ("duration", SortDirection::Descending));
/// assert_eq!(format!("{:?}", query.sort), "[-duration, started-at]");
///
/// let query = ResourceQuery::<Call>::parse("").unwrap(); // the resource's default sort
/// assert_eq!(format!("{:?}", query.sort), "[-started-at]");
/// assert!(!query.sort_given);
/// ```
#[derive(Clone, Copy)]
pub struct SortKey {
    /// The sorted field: the resource's own, or the related resource's when `through` is set.
    pub field: &'static FieldSchema,
    /// The direction.
    pub direction: SortDirection,
    /// The to-one relationship the field is read through (`sort=account.name`); `None` for the resource's
    /// own fields.
    pub through: Option<SortThrough>,
}

/// The to-one relationship a sort criterion reads its field through: `account` of `sort=account.name`. A row
/// without a related row (or whose related row the related resource's scope hides) sorts as a NULL: the
/// largest value.
///
/// ```
/// use jsonapi_filter::{Filterable, ResourceQuery};
///
/// #[derive(Filterable)]
/// #[filterable(type = "accounts")]
/// struct Account { #[filterable(id)] id: i64, name: String }
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls")]
/// struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: Option<i64> }
///
/// let query = ResourceQuery::<Call>::parse("sort=-account.name").unwrap();
/// let through = query.sort[0].through.unwrap();
/// assert_eq!((through.relationship.name, through.foreign_key.column, through.related.table), ("account", "account_id", "accounts"));
/// assert_eq!(format!("{:?}", query.sort), "[-account.name]");
/// ```
#[derive(Clone, Copy)]
pub struct SortThrough {
    /// The relationship.
    pub relationship: &'static RelationshipSchema,
    /// The sorted resource's foreign key.
    pub foreign_key: &'static FieldSchema,
    /// The related resource, whose field is sorted.
    pub related: &'static ResourceSchema,
}

impl SortKey {
    /// A criterion on the resource's own field.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let key = SortKey::own(Call::SCHEMA.field("duration").unwrap(), SortDirection::Descending);
    /// assert_eq!(format!("{key:?}"), "-duration");
    /// ```
    pub fn own(field: &'static FieldSchema, direction: SortDirection) -> SortKey {
        SortKey {
            field,
            direction,
            through: None,
        }
    }

    /// `sort`, then the id ascending unless `sort` names the resource's own id: the whole order every
    /// statement, the evaluator and a cursor's position follow.
    pub(crate) fn with_tie_breaker(sort: &[SortKey], id: &'static FieldSchema) -> Vec<SortKey> {
        let mut keys = sort.to_vec();
        if !sort
            .iter()
            .any(|key| key.through.is_none() && key.field.name == id.name)
        {
            keys.push(SortKey::own(id, SortDirection::Ascending));
        }
        keys
    }

    /// The relationship's name, when the criterion goes through one.
    fn relationship_name(&self) -> Option<&'static str> {
        self.through.map(|through| through.relationship.name)
    }
}

impl PartialEq for SortKey {
    fn eq(&self, other: &SortKey) -> bool {
        self.field.name == other.field.name
            && self.direction == other.direction
            && self.relationship_name() == other.relationship_name()
    }
}

impl fmt::Debug for SortKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.direction == SortDirection::Descending {
            "-"
        } else {
            ""
        };
        match self.relationship_name() {
            Some(relationship) => write!(f, "{sign}{relationship}.{}", self.field.key),
            None => write!(f, "{sign}{}", self.field.key),
        }
    }
}

/// The requested page: `page[number]` from 1, `page[size]` rows.
///
/// ```
/// use jsonapi_filter::{Filterable, Page, ResourceQuery};
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls", table = "calls", default_page_size = 25)]
/// # struct Call { #[filterable(id)] id: i64, duration: i64 }
/// let query = ResourceQuery::<Call>::parse("page[number]=3").unwrap();
/// assert_eq!(query.page, Page { number: 3, size: 25 }); // the resource's default size
///
/// let errors = ResourceQuery::<Call>::parse("page[size]=5000").unwrap_err();
/// assert_eq!(errors.first().to_string(), "size exceeds maximum page size of 1000.");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// The page number, from 1.
    pub number: u64,
    /// The rows per page.
    pub size: u64,
}

impl Page {
    /// The rows skipped before this page: the SQL `OFFSET`. A page built by hand outside the parser's
    /// bounds does not panic: page 0 counts as page 1, and an offset past `u64::MAX` stops there.
    ///
    /// ```
    /// use jsonapi_filter::Page;
    /// assert_eq!(Page { number: 1, size: 20 }.offset(), 0);
    /// assert_eq!(Page { number: 3, size: 20 }.offset(), 40);
    /// assert_eq!(Page { number: 0, size: 20 }.offset(), 0);
    /// assert_eq!(Page { number: u64::MAX, size: 20 }.offset(), u64::MAX);
    /// ```
    pub fn offset(&self) -> u64 {
        self.number.saturating_sub(1).saturating_mul(self.size)
    }

    /// The number of the last page for `total` rows; 1 when there are none.
    ///
    /// ```
    /// use jsonapi_filter::Page;
    /// let page = Page { number: 1, size: 50 };
    /// assert_eq!(page.last_number(0), 1);
    /// assert_eq!(page.last_number(50), 1);
    /// assert_eq!(page.last_number(51), 2);
    /// // A page size of 0, which the parser never gives, counts as 1.
    /// assert_eq!(Page { number: 1, size: 0 }.last_number(3), 3);
    /// ```
    pub fn last_number(&self, total: u64) -> u64 {
        total.div_ceil(self.size.max(1)).max(1)
    }

    /// The largest `page[number]` accepted for a resource whose largest page is `max_page_size`: the last
    /// whose offset fits the signed 64-bit integer every backend uses for `OFFSET`, at any page size up to
    /// the maximum. One bound for every size, so that the documented maximum is exactly what is accepted.
    ///
    /// ```
    /// use jsonapi_filter::Page;
    /// assert_eq!(Page::max_number(1), i64::MAX as u64 + 1);
    /// assert_eq!(Page::max_number(1000), 9_223_372_036_854_776);
    /// ```
    pub fn max_number(max_page_size: u64) -> u64 {
        i64::MAX as u64 / max_page_size.max(1) + 1
    }
}

/// One path of `include`: `account`, or `account.cdr-exports` (the account's exports), each relationship
/// one of the related resource before it, at most the resource's
/// [`relationship_depth`](ResourceSchema::relationship_depth) long.
///
/// ```
/// use jsonapi_filter::{Cardinality, Filterable, ResourceQuery};
///
/// #[derive(Filterable)]
/// #[filterable(type = "accounts", has_many(name = "calls", related = Call, foreign_key = "account_id"))]
/// struct Account { #[filterable(id)] id: i64, name: String }
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls")]
/// struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
///
/// let query = ResourceQuery::<Call>::parse("include=account.calls").unwrap();
/// let names: Vec<String> = query.include_paths.iter().map(|path| path.name()).collect();
/// assert_eq!(names, ["account", "account.calls"]); // the prefix is included too
/// assert_eq!(query.include_paths[1].last().cardinality, Cardinality::ToMany);
/// assert_eq!(ResourceQuery::<Call>::parse("include=account.calls.account.calls").unwrap_err().first().code(), "112");
/// ```
#[derive(Clone)]
pub struct IncludePath {
    /// The relationships, from the resource's own.
    pub relationships: Vec<&'static RelationshipSchema>,
}

impl IncludePath {
    /// The path as `include` spells it, with the schema's names: `account.cdr-exports`.
    pub fn name(&self) -> String {
        let names: Vec<&str> = self.relationships.iter().map(|r| r.name).collect();
        names.join(".")
    }

    /// The last relationship: the one whose related resources the path loads.
    pub fn last(&self) -> &'static RelationshipSchema {
        self.relationships[self.relationships.len() - 1]
    }

    /// Whether the path is `name` (each relationship in either spelling).
    pub fn is(&self, name: &str) -> bool {
        let mut segments = name.split('.');
        self.relationships.iter().all(|relationship| {
            segments
                .next()
                .is_some_and(|s| keys_match(relationship.name, s))
        }) && segments.next().is_none()
    }

    /// Resolves `name` against `schema`: each relationship must be one of the resource before it, every
    /// relationship but the last must name its related resource's type, and a to-many one too (its loading
    /// needs the related table).
    pub(crate) fn resolve(
        schema: &'static ResourceSchema,
        name: &str,
    ) -> Result<IncludePath, QueryError> {
        let invalid = || QueryError::InvalidInclude {
            relationship: if name.is_empty() { "(empty)" } else { name }.to_owned(),
            type_name: schema.type_name.to_owned(),
        };
        let segments: Vec<&str> = name.split('.').collect();
        if segments.len() > schema.relationship_depth.max(1) {
            return Err(QueryError::IncludePathTooDeep {
                relationship: name.to_owned(),
                depth: schema.relationship_depth.max(1),
            });
        }
        let mut relationships = Vec::with_capacity(segments.len());
        let mut current = Some(schema);
        for segment in segments {
            let relationship = current
                .and_then(|schema| schema.relationship(segment))
                .ok_or_else(invalid)?;
            if relationship.cardinality == Cardinality::ToMany && relationship.related.is_none() {
                return Err(invalid());
            }
            current = relationship.related_schema();
            relationships.push(relationship);
        }
        Ok(IncludePath { relationships })
    }
}

impl PartialEq for IncludePath {
    fn eq(&self, other: &Self) -> bool {
        self.relationships.len() == other.relationships.len()
            && self
                .relationships
                .iter()
                .zip(&other.relationships)
                .all(|(a, b)| a.name == b.name)
    }
}

impl fmt::Debug for IncludePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// `fields[<type>]=a,b`: the fields to return for one type. Each field is stored as the schema's dasherized
/// key, whichever spelling the request used; an empty value asks for no fields.
///
/// ```
/// use jsonapi_filter::{Fieldset, Filterable, ResourceQuery};
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls", table = "calls")]
/// # struct Call { #[filterable(id)] id: i64, duration: i64, caller_name: String }
/// let query = ResourceQuery::<Call>::parse("fields[calls]=caller_name,duration").unwrap();
/// assert_eq!(
///     query.fieldsets,
///     [Fieldset { type_name: "calls".into(), fields: vec!["caller-name".into(), "duration".into()] }]
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fieldset {
    /// The JSON:API type.
    pub type_name: String,
    /// The requested field keys, dasherized.
    pub fields: Vec<String>,
}

/// A validated JSON:API listing query for resource `R`: filters, sort, page, sparse fieldsets and includes.
///
/// ```
/// use jsonapi_filter::*;
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     duration: i64,
///     caller: Option<String>,
/// }
///
/// let query = ResourceQuery::<Call>::parse("filter[duration-gteq]=60&filter[caller-cont]=%2B44&sort=-duration").unwrap();
/// assert_eq!(query.filters[0].values, [FilterValue::Integer(60)]);
/// assert_eq!(query.page, Page { number: 1, size: 50 });
///
/// let errors = ResourceQuery::<Call>::parse("filter[duration-gteq]=abc&filter[foo]=1").unwrap_err();
/// assert_eq!(errors.as_slice().len(), 2);
/// ```
pub struct ResourceQuery<R> {
    /// The filters on the resource's own fields, in the order given, all to be satisfied.
    pub filters: Vec<Filter>,
    /// The filters through relationships (`filter[account.name-cont]`), one entry per relationship, in the
    /// order first given: all to be satisfied, besides [`ResourceQuery::filters`].
    pub relationship_filters: Vec<RelationshipFilter>,
    /// The boolean groups (`filter[or][0][...]`, `filter[and][0][...]`, `filter[not][...]`), at most one of
    /// each operator: all to be satisfied, besides the filters above ([`FilterGroup`]).
    pub groups: Vec<FilterGroup>,
    /// The sort: the request's criteria, or the resource's default sort. The id tie-breaker is added when
    /// rendering.
    pub sort: Vec<SortKey>,
    /// Whether `sort` came from the request rather than the default.
    pub sort_given: bool,
    /// The page: its size, and for an offset-paged query its number (1 for a cursor-paged one).
    pub page: Page,
    /// `page[after]` and `page[before]`, checked ([`crate::cursor`]); `None` for an offset-paged query.
    pub cursor: Option<crate::CursorRange>,
    /// The key cursors are made with, from the options the query was parsed with.
    pub(crate) cursor_key: Option<crate::CursorKey>,
    /// The sparse fieldsets, one per type named.
    pub fieldsets: Vec<Fieldset>,
    /// The relationships of the resource itself to include: the first relationship of every path of
    /// `include`, each once, in the order first given.
    pub include: Vec<&'static RelationshipSchema>,
    /// Every path of `include`, each once, a path's prefixes before it (`include=account.cdr-exports`
    /// includes `account` too, as JSON:API asks): what [`ResourceQuery::include_select`] loads.
    pub include_paths: Vec<IncludePath>,
    /// The server's conditions ([`ResourceQuery::scoped`]), never the client's.
    pub(crate) scope: Vec<Filter>,
    /// The server's conditions on related resources ([`ResourceQuery::scoped_related`]), one entry per
    /// related resource.
    pub(crate) related_scopes: Vec<(&'static ResourceSchema, Vec<Filter>)>,
    /// Whether the server scoped the query at all: then a related resource without a scope of its own is
    /// closed (a condition through it matches nothing), never open.
    pub(crate) scoped: bool,
    /// The resource's default filters on the fields the request does not filter
    /// ([`ResourceQuery::default_filters`]).
    pub(crate) defaults: Vec<Filter>,
    resource: PhantomData<fn() -> R>,
}

impl<R> Clone for ResourceQuery<R> {
    fn clone(&self) -> Self {
        ResourceQuery {
            filters: self.filters.clone(),
            relationship_filters: self.relationship_filters.clone(),
            groups: self.groups.clone(),
            sort: self.sort.clone(),
            sort_given: self.sort_given,
            page: self.page,
            cursor: self.cursor.clone(),
            cursor_key: self.cursor_key.clone(),
            fieldsets: self.fieldsets.clone(),
            include: self.include.clone(),
            include_paths: self.include_paths.clone(),
            scope: self.scope.clone(),
            related_scopes: self.related_scopes.clone(),
            scoped: self.scoped,
            defaults: self.defaults.clone(),
            resource: PhantomData,
        }
    }
}

impl<R> PartialEq for ResourceQuery<R> {
    fn eq(&self, other: &Self) -> bool {
        self.filters == other.filters
            && self.relationship_filters == other.relationship_filters
            && self.groups == other.groups
            && self.scope == other.scope
            && self.scoped == other.scoped
            && self.related_scopes.len() == other.related_scopes.len()
            && self
                .related_scopes
                .iter()
                .zip(&other.related_scopes)
                .all(|((a, x), (b, y))| a.is(b) && x == y)
            && self.defaults == other.defaults
            && self.sort == other.sort
            && self.page == other.page
            && self.cursor == other.cursor
            && self.fieldsets == other.fieldsets
            && self
                .include
                .iter()
                .map(|r| r.name)
                .eq(other.include.iter().map(|r| r.name))
            && self.include_paths == other.include_paths
    }
}

impl<R> fmt::Debug for ResourceQuery<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResourceQuery")
            .field("filters", &self.filters)
            .field("relationship_filters", &self.relationship_filters)
            .field("groups", &self.groups)
            .field("scope", &self.scope)
            .field("defaults", &self.defaults)
            .field("sort", &self.sort)
            .field("page", &self.page)
            .field("cursor", &self.cursor)
            .field("fieldsets", &self.fieldsets)
            .field(
                "include",
                &self.include.iter().map(|r| r.name).collect::<Vec<_>>(),
            )
            .field("include_paths", &self.include_paths)
            .finish()
    }
}

impl<R> ResourceQuery<R> {
    /// The server's conditions on the related resource `schema` when a filter reaches it: its scope
    /// ([`ResourceQuery::scoped_related`]); none for a query the server never scoped; `None` (closed: the
    /// condition matches nothing) for a scoped query that gave `schema` no scope.
    pub(crate) fn related_scope(&self, schema: &'static ResourceSchema) -> Option<&[Filter]> {
        match self
            .related_scopes
            .iter()
            .find(|(scoped, _)| scoped.is(schema))
        {
            Some((_, conditions)) => Some(conditions),
            None if self.scoped => None,
            None => Some(&[]),
        }
    }

    /// The server's scope, the request's filters and then the default filters: every condition the
    /// statements and the evaluator apply, in the order they bind their values.
    pub(crate) fn all_conditions(&self) -> impl Iterator<Item = &Filter> {
        self.scope.iter().chain(&self.filters).chain(&self.defaults)
    }

    /// The resource's default filters that this query applies: one per field with a default
    /// (`#[filterable(default = ...)]`) that the request does not filter, in any key or spelling. They are
    /// not in [`ResourceQuery::filters`] (which holds what the request wrote), so they are never written back
    /// into a query string (nor into page links, whose pages imply the same defaults); the select, the counts,
    /// the evaluator and the statement cache apply them. Sparse fieldsets are unaffected: a default selects
    /// rows, not fields.
    ///
    /// ```
    /// use jsonapi_filter::*;
    ///
    /// #[derive(Filterable)]
    /// #[filterable(type = "cdrs")]
    /// struct Cdr {
    ///     #[filterable(id)]
    ///     id: i64,
    ///     #[filterable(exact, filter_only, default = true)]
    ///     is_last_cdr: bool,
    ///     duration: i64,
    /// }
    ///
    /// let query = ResourceQuery::<Cdr>::parse("filter[duration-gt]=60").unwrap();
    /// assert_eq!(query.filters.len(), 1);
    /// assert_eq!(query.default_filters()[0].key(), "is-last-cdr");
    /// assert_eq!(query.default_filters()[0].values, [FilterValue::Boolean(true)]);
    /// let (sql, _) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
    /// assert!(sql.contains(r#"WHERE "cdrs"."duration" > ? AND "cdrs"."is_last_cdr" IN (?)"#), "{sql}");
    ///
    /// // Any filter on the field replaces the default, in either spelling.
    /// let all = ResourceQuery::<Cdr>::parse("filter[is_last_cdr]=false").unwrap();
    /// assert!(all.default_filters().is_empty());
    /// assert_eq!(all.filters[0].values, [FilterValue::Boolean(false)]);
    /// ```
    pub fn default_filters(&self) -> &[Filter] {
        &self.defaults
    }

    /// The query without the resource's default filters: exactly the request's filters (and the scope).
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "cdrs")]
    /// # struct Cdr { #[filterable(id)] id: i64, #[filterable(exact, default = true)] is_last_cdr: bool }
    /// let query = ResourceQuery::<Cdr>::parse("").unwrap().without_default_filters();
    /// assert!(query.default_filters().is_empty());
    /// ```
    pub fn without_default_filters(mut self) -> Self {
        self.defaults.clear();
        self
    }
}

impl<R: Resource> Default for ResourceQuery<R> {
    /// No filter of the request, the default sort, the first page of the default size; the resource's
    /// default filters apply, as for an empty query string.
    fn default() -> Self {
        ResourceQuery::empty().with_default_filters()
    }
}

impl<R: Resource> ResourceQuery<R> {
    /// No filter at all (not even a default one), the default sort, the first page of the default size.
    fn empty() -> Self {
        ResourceQuery {
            sort: default_sort(R::SCHEMA),
            ..ResourceQuery::unsorted()
        }
    }

    /// [`ResourceQuery::empty`] without its sort: what a parse starts from, giving the default sort only when
    /// the query gives none.
    fn unsorted() -> Self {
        let schema = R::SCHEMA;
        ResourceQuery {
            filters: Vec::new(),
            relationship_filters: Vec::new(),
            groups: Vec::new(),
            sort: Vec::new(),
            sort_given: false,
            page: Page {
                number: 1,
                size: schema.default_page_size,
            },
            cursor: None,
            cursor_key: None,
            fieldsets: Vec::new(),
            include: Vec::new(),
            include_paths: Vec::new(),
            scope: Vec::new(),
            related_scopes: Vec::new(),
            scoped: false,
            defaults: Vec::new(),
            resource: PhantomData,
        }
    }
}

impl<R: Resource> ResourceQuery<R> {
    /// The resource's schema (the same as `R::SCHEMA`).
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let query = ResourceQuery::<Call>::default();
    /// assert_eq!((query.schema().type_name, query.schema().table), ("calls", "calls"));
    /// assert!(std::ptr::eq(query.schema(), Call::SCHEMA));
    /// ```
    pub fn schema(&self) -> &'static ResourceSchema {
        R::SCHEMA
    }

    /// Parses a raw query string (without the `?`) with the default options ([`QueryOptions::default`]).
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let query = ResourceQuery::<Call>::parse("filter%5Bduration-gteq%5D=60&sort=-duration&page[size]=10").unwrap();
    /// assert_eq!(query.filters[0].values, [FilterValue::Integer(60)]);
    /// assert_eq!(query.page, Page { number: 1, size: 10 });
    ///
    /// let errors = ResourceQuery::<Call>::parse("filter[duration-gteq]=soon&sort=-nope").unwrap_err();
    /// assert_eq!(errors.iter().map(|error| error.code()).collect::<Vec<_>>(), ["107", "114"]);
    /// ```
    pub fn parse(query: &str) -> Result<ResourceQuery<R>, QueryErrors> {
        ResourceQuery::parse_with(query, &QueryOptions::default())
    }

    /// Parses a raw query string (without the `?`), reporting every problem at once, under `options`. The
    /// resource's default filters apply to the fields the query does not filter
    /// ([`ResourceQuery::default_filters`]).
    ///
    /// ```
    /// use jsonapi_filter::{Filterable, QueryLimits, QueryOptions, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let options = QueryOptions {
    ///     limits: QueryLimits { max_filters: 1, ..QueryLimits::default() },
    ///     extra_parameters: vec!["trace".into()],
    ///     ..QueryOptions::default()
    /// };
    /// assert!(ResourceQuery::<Call>::parse_with("filter[duration-gt]=60&trace=1", &options).is_ok());
    ///
    /// let errors = ResourceQuery::<Call>::parse_with("filter[duration-gt]=60&filter[id]=1", &options).unwrap_err();
    /// assert_eq!(errors.first().code(), "120");
    /// assert_eq!(errors.first().to_string(), "2 filters were given; at most 1 are allowed.");
    /// ```
    pub fn parse_with(
        query: &str,
        options: &QueryOptions,
    ) -> Result<ResourceQuery<R>, QueryErrors> {
        let parameters = decode_within_limits(query, &options.limits)?;
        let mut reader = QueryReader::<R>::new(options);
        for parameter in &parameters {
            reader.read(parameter);
        }
        reader.finish().map(ResourceQuery::with_default_filters)
    }

    /// Parses the query string of a single-resource route (`GET /calls/7`): only `include` and
    /// `fields[...]` mean something there, so `filter`, `sort`, `page` and any other parameter are each
    /// refused with "Param not allowed" (105), whether or not their values would be valid on the listing.
    ///
    /// ```
    /// use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let query = ResourceQuery::<Call>::parse_single("fields[calls]=duration").unwrap();
    /// assert_eq!(query.fieldset("calls"), Some(&["duration".to_owned()][..]));
    ///
    /// let errors = ResourceQuery::<Call>::parse_single("filter[duration-gt]=60&sort=x&page[size]=2").unwrap_err();
    /// let refused: Vec<_> = errors.iter().map(|error| (error.code(), error.to_string())).collect();
    /// assert_eq!(refused, [
    ///     ("105", "filter[duration-gt] is not allowed on a single resource.".to_owned()),
    ///     ("105", "sort is not allowed on a single resource.".to_owned()),
    ///     ("105", "page[size] is not allowed on a single resource.".to_owned()),
    /// ]);
    /// ```
    pub fn parse_single(query: &str) -> Result<ResourceQuery<R>, QueryErrors> {
        let options = QueryOptions::default();
        let parameters = decode_within_limits(query, &options.limits)?;
        let mut reader = QueryReader::<R>::new(&options);
        for parameter in &parameters {
            let name: &str = &parameter.name;
            if name == "include" || name.starts_with("fields[") {
                reader.read(parameter);
            } else {
                reader.errors.push(QueryError::NotAllowedOnSingleResource {
                    parameter: name.to_owned(),
                });
            }
        }
        reader.finish()
    }

    /// A query of filters only, from stored `(key, value)` pairs (a job's saved conditions, a JSON object),
    /// without writing and parsing a query string: each value is one value as text (never split at commas;
    /// `""` is the empty string), checked for the field's kind as in a request. Only keys in `allowed` (in
    /// either spelling) are accepted; any other key, even one the resource can filter on, is refused with
    /// "Filter not allowed" (102) naming it. Every problem is reported at once, each with
    /// [`QueryError::filter_key`].
    ///
    /// The resource's default filters do not apply: a stored set of conditions (an export's) means exactly
    /// what it says. Call [`ResourceQuery::with_default_filters`] on the result to apply them as a request
    /// would.
    ///
    /// ```
    /// use jsonapi_filter::{Filterable, FilterValue, ResourceQuery};
    ///
    /// #[derive(Filterable)]
    /// #[filterable(type = "calls", table = "calls")]
    /// struct Call {
    ///     #[filterable(id)]
    ///     id: i64,
    ///     duration: i64,
    ///     caller: String,
    /// }
    ///
    /// let allowed = ["duration_gteq", "caller_eq"];
    /// let query = ResourceQuery::<Call>::from_filter_pairs([("duration_gteq", "60"), ("caller_eq", "a,b")], &allowed).unwrap();
    /// assert_eq!(query.filters[1].values, [FilterValue::String("a,b".into())]);
    ///
    /// let errors = ResourceQuery::<Call>::from_filter_pairs([("duration_gteq", "soon"), ("caller_cont", "4")], &allowed)
    ///     .unwrap_err();
    /// let problems: Vec<_> = errors.iter().map(|e| (e.code(), e.filter_key())).collect();
    /// assert_eq!(problems, [("107", Some("duration_gteq")), ("102", Some("caller_cont"))]);
    /// ```
    pub fn from_filter_pairs<'p>(
        pairs: impl IntoIterator<Item = (&'p str, &'p str)>,
        allowed: &[&str],
    ) -> Result<ResourceQuery<R>, QueryErrors> {
        let options = QueryOptions::default();
        let mut reader = QueryReader::<R>::new(&options);
        for (key, value) in pairs {
            let parameter = format!("filter[{key}]");
            if allowed.iter().any(|allowed| keys_match(allowed, key)) {
                reader.read_filter_values(&parameter, &[], key, [value].into_iter(), None);
            } else {
                reader.filter_count += 1;
                reader.errors.push(QueryError::UnknownFilter {
                    parameter,
                    key: key.to_owned(),
                });
            }
        }
        reader.finish()
    }

    /// The fields requested for `type_name` by `fields[type_name]`, or `None` when all are wanted.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call {
    /// #     #[filterable(id)]
    /// #     id: i64,
    /// #     duration: i64,
    /// #     caller: String,
    /// #     #[filterable(foreign_key, related_fields = "name")]
    /// #     account_id: i64,
    /// # }
    /// let query = ResourceQuery::<Call>::parse("fields[calls]=duration,account&fields[accounts]=").unwrap();
    /// assert_eq!(query.fieldset("calls"), Some(&["duration".to_owned(), "account".to_owned()][..]));
    /// assert_eq!(query.fieldset("accounts"), Some(&[][..])); // no fields at all
    /// assert_eq!(query.fieldset("numbers"), None);
    /// ```
    pub fn fieldset(&self, type_name: &str) -> Option<&[String]> {
        self.fieldsets
            .iter()
            .find(|fieldset| fieldset.type_name == type_name)
            .map(|fieldset| fieldset.fields.as_slice())
    }

    /// Whether the field or relationship `key` of `type_name` is to be returned under `fields[...]`: always,
    /// when the request names no fieldset for the type. `key` is compared exactly with the stored, dasherized
    /// keys (`caller-name`, not `caller_name`).
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call {
    /// #     #[filterable(id)]
    /// #     id: i64,
    /// #     duration: i64,
    /// #     caller: String,
    /// #     #[filterable(foreign_key, related_fields = "name")]
    /// #     account_id: i64,
    /// # }
    /// let query = ResourceQuery::<Call>::parse("fields[calls]=duration").unwrap();
    /// assert!(query.wants_field("calls", "duration"));
    /// assert!(!query.wants_field("calls", "caller"));
    /// assert!(query.wants_field("accounts", "name")); // no fieldset for accounts
    /// ```
    pub fn wants_field(&self, type_name: &str, key: &str) -> bool {
        self.fieldset(type_name)
            .is_none_or(|fields| fields.iter().any(|field| field == key))
    }

    /// Whether `include` names the relationship, or the path of relationships (`account.cdr-exports`), by the
    /// names the schema spells; a path's prefixes are included with it.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call {
    /// #     #[filterable(id)]
    /// #     id: i64,
    /// #     duration: i64,
    /// #     caller: String,
    /// #     #[filterable(foreign_key, related_fields = "name")]
    /// #     account_id: i64,
    /// # }
    /// let query = ResourceQuery::<Call>::parse("include=account").unwrap();
    /// assert!(query.includes("account"));
    /// assert!(!ResourceQuery::<Call>::parse("").unwrap().includes("account"));
    /// ```
    pub fn includes(&self, relationship: &str) -> bool {
        self.include_paths
            .iter()
            .any(|included| included.is(relationship))
    }

    /// The query with the resource's default filters on every field that [`ResourceQuery::filters`] does not
    /// filter (and that has no default applied yet), as [`ResourceQuery::parse`] applies them. For a query
    /// built from stored pairs that should behave as a request would.
    ///
    /// ```
    /// use jsonapi_filter::*;
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "cdrs")]
    /// # struct Cdr { #[filterable(id)] id: i64, #[filterable(exact, default = true)] is_last_cdr: bool, duration: i64 }
    /// let stored = ResourceQuery::<Cdr>::from_filter_pairs([("duration_gt", "60")], &["duration_gt"]).unwrap();
    /// assert!(stored.default_filters().is_empty());
    /// let as_requested = stored.with_default_filters();
    /// assert_eq!(as_requested.default_filters()[0].key(), "is-last-cdr");
    /// ```
    pub fn with_default_filters(mut self) -> Self {
        for &field in R::SCHEMA.defaulted_fields() {
            let Some(default) = field.default_filter else {
                continue;
            };
            let filtered = |filter: &Filter| filter.field.name == field.name;
            if self.filters.iter().any(filtered)
                || self.defaults.iter().any(filtered)
                || self
                    .groups
                    .iter()
                    .any(|group| group.filters_field(field.name))
            {
                continue;
            }
            // A derived schema's default always fits its field; a hand-written one that does not is left out.
            if let Some(value) = default.filter_value(field) {
                self.defaults.push(Filter {
                    field,
                    predicate: default.predicate,
                    values: vec![value],
                });
            }
        }
        self
    }
}

/// The parameters of a raw query string no longer than the limit (414 otherwise).
fn decode_within_limits<'q>(
    query: &'q str,
    limits: &QueryLimits,
) -> Result<Vec<RawParameter<'q>>, QueryErrors> {
    if query.len() > limits.max_query_length {
        return Err(QueryErrors(vec![QueryError::QueryTooLong {
            length: query.len(),
            limit: limits.max_query_length,
        }]));
    }
    decode_query_string(query).map_err(QueryErrors)
}

fn default_sort(schema: &'static ResourceSchema) -> Vec<SortKey> {
    schema
        .default_sort
        .iter()
        .filter_map(|(key, direction)| {
            schema
                .field(key)
                .map(|field| SortKey::own(field, *direction))
        })
        .collect()
}

/// Reads parameters one by one into a query, collecting every error.
struct QueryReader<'o, R> {
    schema: &'static ResourceSchema,
    options: &'o QueryOptions,
    query: ResourceQuery<R>,
    errors: Vec<QueryError>,
    /// Canonical names of parameters already read, to refuse duplicates.
    seen: Vec<Cow<'static, str>>,
    /// Filters already read, to refuse a filter given twice in any spelling.
    seen_filters: Vec<FilterIdentity>,
    filter_count: usize,
    page_number: Option<u64>,
    page_size: Option<u64>,
    /// `page[after]` and `page[before]` as given, checked once the sort and filters are read.
    page_after: Option<String>,
    page_before: Option<String>,
    /// The filters given in groups, under their groups: [`ResourceQuery::groups`] once read.
    grouped: Conditions,
}

impl<'o, R: Resource> QueryReader<'o, R> {
    fn new(options: &'o QueryOptions) -> Self {
        QueryReader {
            schema: R::SCHEMA,
            options,
            query: ResourceQuery::unsorted(),
            errors: Vec::new(),
            seen: Vec::new(),
            seen_filters: Vec::new(),
            filter_count: 0,
            page_number: None,
            page_size: None,
            page_after: None,
            page_before: None,
            grouped: Conditions::default(),
        }
    }

    fn read(&mut self, parameter: &RawParameter<'_>) {
        let name: &str = &parameter.name;
        let value: &str = &parameter.value;
        match parse_filter_path(name) {
            Ok(Some(path)) => {
                let depth = path.steps.len();
                let limit = self.options.limits.max_group_depth;
                if depth > limit {
                    self.filter_count += 1;
                    self.errors.push(QueryError::MalformedFilter {
                        parameter: name.to_owned(),
                        reason: format!(
                            "{name} is nested in {depth} groups; at most {limit} are allowed."
                        ),
                    });
                } else {
                    self.read_filter(name, &path.steps, path.key, value);
                }
                return;
            }
            Err(reason) => {
                self.filter_count += 1;
                self.errors.push(QueryError::MalformedFilter {
                    parameter: name.to_owned(),
                    reason,
                });
                return;
            }
            Ok(None) => {}
        }
        match bracketed(name) {
            Ok(("filter", None)) | Err("filter") => self.errors.push(QueryError::MalformedFilter {
                parameter: name.to_owned(),
                reason: format!(
                    "{name} is not a filter; write filter[<key>]=<value>, as in filter[id]=1."
                ),
            }),
            Ok(("page", Some(key))) => self.read_page(name, key, value),
            Ok(("fields", Some(type_name))) => self.read_fieldset(name, type_name, value),
            Ok(("sort", None)) => {
                if self.once(name, Cow::Borrowed("sort")) {
                    self.read_sort(value);
                }
            }
            Ok(("include", None)) => {
                if self.once(name, Cow::Borrowed("include")) {
                    self.read_include(value);
                }
            }
            _ if self
                .options
                .extra_parameters
                .iter()
                .any(|extra| extra == name) =>
            {
                self.once(name, Cow::Owned(name.to_owned()));
            }
            _ => self.errors.push(QueryError::ParameterNotAllowed {
                parameter: name.to_owned(),
            }),
        }
    }

    /// Records a parameter's canonical name; false (with an error) when it was already given.
    fn once(&mut self, given: &str, canonical: Cow<'static, str>) -> bool {
        if !self.seen.contains(&canonical) {
            self.seen.push(canonical);
            true
        } else {
            self.errors.push(QueryError::DuplicateParameter {
                parameter: given.to_owned(),
            });
            false
        }
    }

    /// A `filter[key]=raw` parameter: `raw` is a comma-separated list (or the one value of a comparison).
    fn read_filter(&mut self, parameter: &str, steps: &[GroupStep], key: &str, raw: &str) {
        if raw.is_empty() {
            // Counted and checked like any filter, so that a repeated or unknown key says so first.
            if self.resolve_new_filter(parameter, steps, key).is_some() {
                self.errors.push(QueryError::InvalidFilterValue {
                    parameter: parameter.to_owned(),
                    key: key.to_owned(),
                    value: "(empty)".to_owned(),
                    expected: "a value is required; to match an empty string, write \"\""
                        .to_owned(),
                });
            }
            return;
        }
        let items = match ListItems::read(raw) {
            Ok(items) => items,
            Err(reason) => {
                if self.resolve_new_filter(parameter, steps, key).is_some() {
                    self.errors.push(QueryError::MalformedFilter {
                        parameter: parameter.to_owned(),
                        reason: format!(
                            "{raw} is not a valid comma-separated list for {key}: {reason}."
                        ),
                    });
                }
                return;
            }
        };
        // An empty item between commas is a slip, not a value: an empty string is written `""`.
        if items.has_unwritten_empty() {
            if self.resolve_new_filter(parameter, steps, key).is_some() {
                self.errors.push(QueryError::InvalidFilterValue {
                    parameter: parameter.to_owned(),
                    key: key.to_owned(),
                    value: "(empty)".to_owned(),
                    expected: "an item of the list is empty; to match an empty string, write \"\""
                        .to_owned(),
                });
            }
            return;
        }
        let plain_list = match items {
            ListItems::Plain { raw, .. } => Some(raw),
            ListItems::Split(_) => None,
        };
        self.read_filter_values(parameter, steps, key, items.iter(), plain_list);
    }

    /// The relationship path, field and predicate of a filter key not given before in its group (`steps`),
    /// counting it; `None` (with the error) for an unknown or repeated key.
    fn resolve_new_filter(
        &mut self,
        parameter: &str,
        steps: &[GroupStep],
        key: &str,
    ) -> Option<ResolvedFilter> {
        self.filter_count += 1;
        let resolved = match resolve_filter_path(self.schema, key) {
            Ok(resolved) => resolved,
            Err(error) => {
                self.errors.push(error.into_query_error(parameter, key));
                return None;
            }
        };
        let filter_identity = FilterIdentity {
            steps: steps.to_vec(),
            relationships: resolved
                .path
                .iter()
                .map(|relationship| relationship.name)
                .collect(),
            field: resolved.field.name,
            predicate: resolved.predicate,
        };
        if self.seen_filters.contains(&filter_identity) {
            self.errors.push(QueryError::DuplicateParameter {
                parameter: parameter.to_owned(),
            });
            return None;
        }
        self.seen_filters.push(filter_identity);
        Some(resolved)
    }

    /// A filter's values, each one item of its list, checked against the key's field and predicate.
    /// `plain_list` is the list's raw text when it holds no quotes (its values are the text between commas).
    fn read_filter_values<'i>(
        &mut self,
        parameter: &str,
        steps: &[GroupStep],
        key: &str,
        items: impl ExactSizeIterator<Item = &'i str>,
        plain_list: Option<&str>,
    ) {
        let Some(ResolvedFilter {
            path,
            field,
            predicate,
        }) = self.resolve_new_filter(parameter, steps, key)
        else {
            return;
        };
        let invalid = |value: &str, expected: String| QueryError::InvalidFilterValue {
            parameter: parameter.to_owned(),
            key: key.to_owned(),
            value: value.to_owned(),
            expected,
        };
        let limits = &self.options.limits;
        let takes_list = predicate.is_none_or(Predicate::takes_list);
        if !takes_list && items.len() != 1 {
            self.errors.push(QueryError::WrongValueCount {
                parameter: parameter.to_owned(),
                key: key.to_owned(),
                count: items.len(),
            });
            return;
        }
        if items.len() > limits.max_list_values {
            self.errors.push(QueryError::TooManyValues {
                parameter: parameter.to_owned(),
                key: key.to_owned(),
                count: items.len(),
                limit: limits.max_list_values,
            });
            return;
        }
        let count = items.len();
        // A list of integers without quotes (ids, foreign keys: the long lists) is read in one pass; anything
        // it does not accept is read again value by value below, which says what is wrong with each.
        let integers = match (plain_list, field.kind) {
            (Some(raw), ValueKind::Integer) if !predicate.is_some_and(Predicate::takes_flag) => {
                parse_integer_list(raw, count, limits.max_value_length)
            }
            _ => None,
        };
        let values = match integers {
            Some(values) => values,
            None => {
                let mut values = Vec::with_capacity(count);
                for item in items {
                    if item.len() > limits.max_value_length {
                        self.errors.push(QueryError::ValueTooLong {
                            parameter: parameter.to_owned(),
                            key: key.to_owned(),
                            length: item.len(),
                            limit: limits.max_value_length,
                        });
                        continue;
                    }
                    let parsed = if predicate.is_some_and(Predicate::takes_flag) {
                        parse_boolean(item)
                            .map(FilterValue::Boolean)
                            .ok_or_else(|| "expected true or false".to_owned())
                    } else {
                        FilterValue::parse_for(field, item).map_err(|rejection| rejection.expected)
                    };
                    match parsed {
                        Ok(value) => values.push(value),
                        Err(expected) => self.errors.push(invalid(item, expected)),
                    }
                }
                values
            }
        };
        if values.len() == count {
            let filter = Filter {
                field,
                predicate,
                values,
            };
            let (filters, relationship_filters) = if steps.is_empty() {
                (
                    &mut self.query.filters,
                    &mut self.query.relationship_filters,
                )
            } else {
                let conditions = self.grouped.at(steps);
                (
                    &mut conditions.filters,
                    &mut conditions.relationship_filters,
                )
            };
            if path.is_empty() {
                filters.push(filter);
            } else {
                RelationshipFilter::entry(relationship_filters, &path)
                    .filters
                    .push(filter);
            }
        }
    }

    fn read_sort(&mut self, raw: &str) {
        let mut sort = Vec::new();
        let mut errors = Vec::new();
        for criterion in raw.split(',') {
            let (key, direction) = match criterion.strip_prefix('-') {
                Some(key) => (key, SortDirection::Descending),
                None => (criterion, SortDirection::Ascending),
            };
            let parsed = sort_key(self.schema, key, direction);
            // The same criterion twice is refused (the document says the criteria are unique); the same field
            // both ways (`status,-status`) is two criteria, the second only ever comparing equal rows.
            let repeated = parsed.is_some_and(|parsed| sort.contains(&parsed));
            match parsed {
                Some(parsed) if !repeated => sort.push(parsed),
                _ => errors.push(QueryError::InvalidSort {
                    criterion: criterion.to_owned(),
                    type_name: self.schema.type_name.to_owned(),
                }),
            }
        }
        if errors.is_empty() {
            self.query.sort = sort;
            self.query.sort_given = true;
        }
        self.errors.extend(errors);
    }

    fn read_page(&mut self, parameter: &str, key: &str, raw: &str) {
        if matches!(key, "after" | "before") && self.options.cursor_key.is_some() {
            let slot = if key == "after" {
                &mut self.page_after
            } else {
                &mut self.page_before
            };
            if slot.is_some() {
                self.errors.push(QueryError::DuplicateParameter {
                    parameter: parameter.to_owned(),
                });
            } else {
                *slot = Some(raw.to_owned());
            }
            return;
        }
        let slot = match key {
            "number" => &mut self.page_number,
            "size" => &mut self.page_size,
            _ => {
                self.errors.push(QueryError::ParameterNotAllowed {
                    parameter: parameter.to_owned(),
                });
                return;
            }
        };
        if slot.is_some() {
            self.errors.push(QueryError::DuplicateParameter {
                parameter: parameter.to_owned(),
            });
            return;
        }
        let invalid = || QueryError::InvalidPageValue {
            parameter: parameter.to_owned(),
            detail: format!("{raw} is not a valid value for {key} page parameter."),
        };
        let number = if raw.bytes().all(|byte| byte.is_ascii_digit()) {
            raw.parse::<u64>().ok()
        } else {
            None
        };
        match number {
            Some(number) if number >= 1 => *slot = Some(number),
            _ => self.errors.push(invalid()),
        }
    }

    fn read_fieldset(&mut self, parameter: &str, type_name: &str, raw: &str) {
        if !self.once(parameter, Cow::Owned(format!("fields[{type_name}]"))) {
            return;
        }
        let schema = self.schema;
        let accepted: Vec<&str> = if type_name == schema.type_name {
            let attributes = schema.attributes.iter().copied();
            attributes
                .chain(schema.relationships.iter().map(|r| r.name))
                .collect()
        } else if let Some(fields) = schema.includable_fields(type_name) {
            fields
        } else {
            self.errors.push(QueryError::InvalidResourceType {
                parameter: parameter.to_owned(),
                type_name: type_name.to_owned(),
            });
            return;
        };
        let mut fields = Vec::new();
        // An empty value asks for no fields (JSON:API); an empty name in a list is refused like an unknown one.
        for field in raw.split(',').filter(|_| !raw.is_empty()) {
            match accepted
                .iter()
                .find(|candidate| jsonapi_filter_vocabulary::key::keys_match(candidate, field))
            {
                Some(candidate) => fields.push((*candidate).to_owned()),
                None => self.errors.push(QueryError::InvalidField {
                    parameter: parameter.to_owned(),
                    field: if field.is_empty() { "(empty)" } else { field }.to_owned(),
                    type_name: type_name.to_owned(),
                }),
            }
        }
        self.query.fieldsets.push(Fieldset {
            type_name: type_name.to_owned(),
            fields,
        });
    }

    fn read_include(&mut self, raw: &str) {
        let mut given: Vec<IncludePath> = Vec::new();
        for name in raw.split(',') {
            let path = match IncludePath::resolve(self.schema, name) {
                Ok(path) => path,
                Err(error) => {
                    self.errors.push(error);
                    continue;
                }
            };
            if given.contains(&path) {
                self.errors.push(QueryError::RepeatedInclude {
                    relationship: name.to_owned(),
                });
                continue;
            }
            // The prefixes first (each once), then the path itself.
            for length in 1..=path.relationships.len() {
                let prefix = IncludePath {
                    relationships: path.relationships[..length].to_vec(),
                };
                if !self.query.include_paths.contains(&prefix) {
                    if length == 1 {
                        self.query.include.push(prefix.relationships[0]);
                    }
                    self.query.include_paths.push(prefix);
                }
            }
            given.push(path);
        }
    }

    fn finish(mut self) -> Result<ResourceQuery<R>, QueryErrors> {
        let limits = &self.options.limits;
        if self.filter_count > limits.max_filters {
            self.errors.push(QueryError::TooManyFilters {
                count: self.filter_count,
                limit: limits.max_filters,
            });
        }
        let size = self.page_size.unwrap_or(self.schema.default_page_size);
        if size > self.schema.max_page_size {
            self.errors.push(QueryError::PageSizeTooLarge {
                maximum: self.schema.max_page_size,
            });
        }
        let number = self.page_number.unwrap_or(1);
        // The offset must fit the signed 64-bit integers every backend uses for OFFSET, at every size.
        if number > Page::max_number(self.schema.max_page_size) {
            self.errors.push(QueryError::InvalidPageValue {
                parameter: "page[number]".to_owned(),
                detail: format!("{number} is not a valid value for number page parameter."),
            });
        }
        self.query.page = Page { number, size };
        if !self.query.sort_given {
            self.query.sort = default_sort(self.schema);
        }
        self.query.groups = std::mem::take(&mut self.grouped.groups);
        self.read_cursors();
        if self.errors.is_empty() {
            Ok(self.query)
        } else {
            Err(QueryErrors(self.errors))
        }
    }
}

impl<R: Resource> QueryReader<'_, R> {
    /// `page[after]` and `page[before]`, checked against the query read so far (its sort and filters, and its
    /// resource's default filters, which a request's cursor was made under too).
    fn read_cursors(&mut self) {
        let Some(key) = self.options.cursor_key.clone() else {
            return;
        };
        self.query.cursor_key = Some(key.clone());
        let (after, before) = (self.page_after.take(), self.page_before.take());
        if after.is_none() && before.is_none() {
            return;
        }
        if self.page_number.is_some() {
            self.errors.push(QueryError::InvalidPageValue {
                parameter: "page[number]".to_owned(),
                detail: "page[number] cannot be given with page[after] or page[before]: a page is found by its number or by a cursor, not both.".to_owned(),
            });
        }
        let bound = self.query.clone().with_default_filters();
        let mut errors = Vec::new();
        let mut read = |parameter: &str, cursor: Option<String>| {
            let cursor = cursor?;
            match crate::cursor::decode(&bound, &key, &cursor) {
                Ok(position) => Some(position),
                Err(reason) => {
                    errors.push(QueryError::InvalidPageValue {
                        parameter: parameter.to_owned(),
                        detail: format!("{parameter} {reason}."),
                    });
                    None
                }
            }
        };
        let after = read("page[after]", after);
        let before = read("page[before]", before);
        self.errors.extend(errors);
        self.query.cursor = Some(crate::CursorRange { after, before });
    }
}

/// What makes two filter parameters the same filter, however they are spelled: the groups they are in, the
/// relationships they go through, the field and the predicate. (Empty lists, the usual case, allocate nothing.)
#[derive(PartialEq)]
struct FilterIdentity {
    steps: Vec<GroupStep>,
    relationships: Vec<&'static str>,
    field: &'static str,
    predicate: Option<Predicate>,
}

/// A filter key resolved against a resource: the relationships it goes through (none for the resource's own
/// fields), then the related resource's field and predicate.
struct ResolvedFilter {
    path: Vec<&'static RelationshipSchema>,
    field: &'static FieldSchema,
    predicate: Option<Predicate>,
}

/// Why a filter key does not resolve.
enum UnresolvedFilter {
    /// No such filter on the resource it reaches (or no such relationship).
    Unknown,
    /// A path through more relationships than the resource allows.
    TooDeep { relationships: usize, limit: usize },
}

impl UnresolvedFilter {
    fn into_query_error(self, parameter: &str, key: &str) -> QueryError {
        match self {
            UnresolvedFilter::Unknown => QueryError::UnknownFilter {
                parameter: parameter.to_owned(),
                key: key.to_owned(),
            },
            UnresolvedFilter::TooDeep {
                relationships,
                limit,
            } => QueryError::RelationshipPathTooDeep {
                parameter: parameter.to_owned(),
                key: key.to_owned(),
                relationships,
                limit,
            },
        }
    }
}

/// Resolves `account.name-cont` against `schema`: each segment before the last names a relationship (either
/// spelling) whose related resource the schema names, and the last is a filter key of the resource reached.
fn resolve_filter_path(
    schema: &'static ResourceSchema,
    key: &str,
) -> Result<ResolvedFilter, UnresolvedFilter> {
    let Some((relationships, filter_key)) = key.rsplit_once('.') else {
        let (field, predicate) = schema
            .resolve_filter(key)
            .ok_or(UnresolvedFilter::Unknown)?;
        return Ok(ResolvedFilter {
            path: Vec::new(),
            field,
            predicate,
        });
    };
    let names: Vec<&str> = relationships.split('.').collect();
    if names.len() > schema.relationship_depth {
        return Err(UnresolvedFilter::TooDeep {
            relationships: names.len(),
            limit: schema.relationship_depth,
        });
    }
    let mut path = Vec::with_capacity(names.len());
    let mut reached = schema;
    for name in names {
        let relationship = reached
            .relationship(name)
            .ok_or(UnresolvedFilter::Unknown)?;
        reached = relationship
            .related_schema()
            .ok_or(UnresolvedFilter::Unknown)?;
        path.push(relationship);
    }
    let (field, predicate) = reached
        .resolve_filter(filter_key)
        .ok_or(UnresolvedFilter::Unknown)?;
    Ok(ResolvedFilter {
        path,
        field,
        predicate,
    })
}

/// The sort criterion `key` (without its sign) of `schema`: a sortable field of its own, or `relationship.key`,
/// a sortable field of the resource a to-one relationship names, on another table than `schema`'s (the
/// criterion is read by a subquery correlated on the table's name).
fn sort_key(
    schema: &'static ResourceSchema,
    key: &str,
    direction: SortDirection,
) -> Option<SortKey> {
    let Some((relationship, key)) = key.split_once('.') else {
        let field = schema.field(key).filter(|field| field.sortable)?;
        return Some(SortKey::own(field, direction));
    };
    let relationship = schema
        .relationship(relationship)
        .filter(|relationship| relationship.cardinality == Cardinality::ToOne)?;
    let related = relationship
        .related_schema()
        .filter(|related| related.table != schema.table && schema.relationship_depth >= 1)?;
    let foreign_key = schema.field(relationship.foreign_key)?;
    let field = related.field(key).filter(|field| field.sortable)?;
    Some(SortKey {
        field,
        direction,
        through: Some(SortThrough {
            relationship,
            foreign_key,
            related,
        }),
    })
}

/// Splits `name[key]` into `("name", Some("key"))` and `name` into `("name", None)`. Anything else
/// (`filter[]`, `filter[a][b]`, `filter[a`) is `Err(name)` with the part before the first bracket.
fn bracketed(parameter: &str) -> Result<(&str, Option<&str>), &str> {
    let Some(open) = parameter.find('[') else {
        return if parameter.contains(']') {
            Err(parameter)
        } else {
            Ok((parameter, None))
        };
    };
    let name = &parameter[..open];
    let inner = parameter[open + 1..].strip_suffix(']').ok_or(name)?;
    if inner.is_empty() || inner.contains(['[', ']']) {
        return Err(name);
    }
    Ok((name, Some(inner)))
}

#[cfg(test)]
mod tests {
    use super::bracketed;

    #[test]
    fn brackets_are_read_strictly() {
        assert_eq!(
            bracketed("filter[status-eq]"),
            Ok(("filter", Some("status-eq")))
        );
        assert_eq!(bracketed("sort"), Ok(("sort", None)));
        assert_eq!(bracketed("filter[]"), Err("filter"));
        assert_eq!(bracketed("filter[a][b]"), Err("filter"));
        assert_eq!(bracketed("filter[a"), Err("filter"));
        assert_eq!(bracketed("page]"), Err("page]"));
    }
}
