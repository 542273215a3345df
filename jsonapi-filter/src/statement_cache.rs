//! The statement cache: SQL text rendered once per query *shape*, values bound in order on every request.
//!
//! The text of [`ResourceQuery::select_statement`] depends only on the shape of the query (backend, resource, each
//! filter's field, predicate and number of values (except PostgreSQL's `in`/`not-in`, one array of any length), the flag of `null`/`not-null`, the sort), never on the
//! values, which are all bound parameters (`LIMIT` and `OFFSET` included). So the text is rendered by
//! sea-query the first time a shape is seen, and afterwards only the values are collected, walking the query
//! in the order the renderer binds them. [`filter_parameters`] is the one place that turns a filter's values
//! into bound parameters (LIKE escaping, `%` wildcards, MySQL's lower-cased patterns, [`Backend::bind`]);
//! [`render_filter`](crate::render_filter) renders from it too.
//!
//! A shape is inserted only after the walker's values were compared with sea-query's and found equal, so a
//! walker mistake costs speed (the shape is rendered by sea-query every time) but never a wrong statement.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, PoisonError, RwLock};

use sea_query::{Value, Values};

use crate::group::{Conditions, FilterGroup, GroupOperator};
use crate::query::{Filter, RelationshipFilter, ResourceQuery};
use crate::schema::{FieldSchema, RelationshipSchema, Resource, SortDirection};
use crate::sql::{Backend, binds_list_as_array, filter_parameters, tests_for_null};
use crate::total::CountPolicy;
use jsonapi_filter_vocabulary::Predicate;

/// Rendered SQL text per query shape, shared by every request: [`StatementCache::select`] returns exactly
/// what `backend.build(&query.select_statement(backend))` returns, [`StatementCache::count`] exactly what
/// `backend.build(&query.count(backend, policy).statement())` returns, without sea-query after the first
/// request of each shape.
///
/// It is `Send + Sync` and has a `const` constructor, so it can live in a `static` or in application state.
///
/// **Bound.** At most 1,024 shapes and 4 MiB of SQL text ([`StatementCache::new`]; other limits with
/// [`StatementCache::with_limits`]). Once full, new shapes are rendered by sea-query each time and not
/// inserted, and shapes already cached stay: a client sending `in` lists of every length cannot grow memory
/// past the bound, nor evict the shapes other requests use.
///
/// **Scopes.** A query's server scope ([`ResourceQuery::scoped`](crate::ResourceQuery::scoped)) is part of its shape, so a
/// tenant-scoped listing is cached like any other: the scope's values are bound on each request.
///
/// **When it does not apply.** A cursor-paged select (`page[after]`, `page[before]`) is rendered by
/// sea-query every time; its count is cached as any other. Only statements exactly as the query builds them are cached. A statement that
/// is extended afterwards (`and_where` with its own values, a join) must be built and rendered as before.
///
/// ```
/// use std::sync::Arc;
/// use jsonapi_filter::{Backend, Filterable, ResourceQuery, StatementCache};
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     caller: String,
/// }
///
/// static STATEMENTS: StatementCache = StatementCache::new();
///
/// let first = ResourceQuery::<Call>::parse("filter[caller-cont]=50%25&page[size]=10").unwrap();
/// let (sql, values) = STATEMENTS.select(&first, Backend::Postgres); // rendered by sea-query
/// assert_eq!((sql.to_string(), values), Backend::Postgres.build(&first.select_statement(Backend::Postgres)));
///
/// // The same shape with other values: the cached text, the new values.
/// let second = ResourceQuery::<Call>::parse("filter[caller-cont]=Smith&page[size]=20&page[number]=3").unwrap();
/// let (cached, values) = STATEMENTS.select(&second, Backend::Postgres);
/// assert!(Arc::ptr_eq(&sql, &cached));
/// assert_eq!(
///     &*cached,
///     r#"SELECT "calls".* FROM "calls" WHERE "calls"."caller" COLLATE "C" ILIKE $1 ESCAPE '!' ORDER BY "calls"."id" ASC LIMIT $2 OFFSET $3"#
/// );
/// assert_eq!(values.0, ["%Smith%".into(), 20_u64.into(), 40_u64.into()]);
/// assert_eq!(STATEMENTS.len(), 1);
/// ```
#[derive(Debug)]
pub struct StatementCache {
    entries: RwLock<Entries>,
    max_shapes: usize,
    max_text_bytes: usize,
}

#[derive(Debug)]
struct Entries {
    /// Created on the first insertion, so that the constructor can be `const`. Hashed with foldhash, seeded
    /// at random per process: several times faster than the standard SipHash on these small keys, and a
    /// client choosing shapes cannot predict their hashes (nor grow the map past its bound).
    texts: Option<HashMap<Shape, Arc<str>, foldhash::fast::RandomState>>,
    text_bytes: usize,
}

impl StatementCache {
    /// The most shapes [`StatementCache::new`] keeps.
    pub const DEFAULT_MAX_SHAPES: usize = 1024;
    /// The most bytes of SQL text [`StatementCache::new`] keeps.
    pub const DEFAULT_MAX_TEXT_BYTES: usize = 4 << 20;

    /// An empty cache keeping at most 1,024 shapes and 4 MiB of SQL text. It is `const`, so a server
    /// keeps one in a `static`.
    ///
    /// ```
    /// use jsonapi_filter::StatementCache;
    /// static STATEMENTS: StatementCache = StatementCache::new();
    /// assert_eq!(STATEMENTS.len(), 0);
    /// ```
    pub const fn new() -> StatementCache {
        StatementCache::with_limits(Self::DEFAULT_MAX_SHAPES, Self::DEFAULT_MAX_TEXT_BYTES)
    }

    /// An empty cache keeping at most `max_shapes` shapes and `max_text_bytes` bytes of SQL text.
    ///
    /// ```
    /// use jsonapi_filter::StatementCache;
    /// static STATEMENTS: StatementCache = StatementCache::with_limits(64, 1 << 20);
    /// assert!(STATEMENTS.is_empty());
    /// ```
    pub const fn with_limits(max_shapes: usize, max_text_bytes: usize) -> StatementCache {
        StatementCache {
            entries: RwLock::new(Entries {
                texts: None,
                text_bytes: 0,
            }),
            max_shapes,
            max_text_bytes,
        }
    }

    /// The SQL text and values of `query.select_statement(backend)`, as [`Backend::build`] renders them.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery, StatementCache};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let statements = StatementCache::new();
    /// let query = ResourceQuery::<Call>::parse("filter[duration-in]=60,120,180").unwrap();
    /// let (sql, values) = statements.select(&query, Backend::Postgres);
    /// // On PostgreSQL a list is one array parameter: every list length shares this text.
    /// assert_eq!(
    ///     &*sql,
    ///     r#"SELECT "calls".* FROM "calls" WHERE "calls"."duration" = ANY($1) ORDER BY "calls"."id" ASC LIMIT $2 OFFSET $3"#
    /// );
    /// assert_eq!(values.0.len(), 3);
    /// ```
    pub fn select<R: Resource>(
        &self,
        query: &ResourceQuery<R>,
        backend: Backend,
    ) -> (Arc<str>, Values) {
        if query.cursor.is_some() {
            // A cursor's keyset condition depends on which of its values are NULL: rendered every time.
            let (sql, values) = backend.build(&query.select_statement(backend));
            return (Arc::from(sql), values);
        }
        let shape = Shape::of(query, backend, Statement::Select);
        self.text_and_values(shape, select_values(query, backend), || {
            backend.build(&query.select_statement(backend))
        })
    }

    /// The SQL text and values of `query.count(backend, policy).statement()`, as [`Backend::build`] renders
    /// them. The total the statement's number stands for is `policy.total(query.page, counted)`.
    ///
    /// ```
    /// use jsonapi_filter::{Backend, CountPolicy, Filterable, ResourceQuery, StatementCache, TotalCount};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call {
    /// #     #[filterable(id)]
    /// #     id: i64,
    /// #     duration: i64,
    /// # }
    /// let statements = StatementCache::new();
    /// let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60").unwrap();
    /// let policy = CountPolicy::UpTo(1000);
    /// let (sql, values) = statements.count(&query, Backend::Sqlite, policy);
    /// assert_eq!(
    ///     (sql.to_string(), values),
    ///     Backend::Sqlite.build(&query.count(Backend::Sqlite, policy).statement())
    /// );
    /// assert_eq!(policy.total(query.page, 1001), TotalCount::AtLeast(1001));
    /// ```
    pub fn count<R: Resource>(
        &self,
        query: &ResourceQuery<R>,
        backend: Backend,
        policy: CountPolicy,
    ) -> (Arc<str>, Values) {
        let statement = match policy {
            CountPolicy::Exact => Statement::Count,
            CountPolicy::UpTo(_) => Statement::CountUpTo,
        };
        let shape = Shape::of(query, backend, statement);
        self.text_and_values(shape, count_values(query, backend, policy), || {
            backend.build(&query.count(backend, policy).statement())
        })
    }

    /// The SQL text and values of `query.select_with_count_statement(backend, policy)`, as [`Backend::build`]
    /// renders them: the page with its count in the column [`COUNTED_COLUMN`](crate::COUNTED_COLUMN).
    ///
    /// ```
    /// use jsonapi_filter::{Backend, CountPolicy, Filterable, ResourceQuery, StatementCache};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call {
    /// #     #[filterable(id)]
    /// #     id: i64,
    /// #     duration: i64,
    /// # }
    /// let statements = StatementCache::new();
    /// let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60").unwrap();
    /// let (sql, values) = statements.select_with_count(&query, Backend::Sqlite, CountPolicy::Exact);
    /// assert_eq!(
    ///     (sql.to_string(), values),
    ///     Backend::Sqlite.build(&query.select_with_count_statement(Backend::Sqlite, CountPolicy::Exact))
    /// );
    /// ```
    pub fn select_with_count<R: Resource>(
        &self,
        query: &ResourceQuery<R>,
        backend: Backend,
        policy: CountPolicy,
    ) -> (Arc<str>, Values) {
        if query.cursor.is_some() {
            // As in `select`: a cursor's keyset condition is rendered every time.
            let (sql, values) = backend.build(&query.select_with_count_statement(backend, policy));
            return (Arc::from(sql), values);
        }
        let statement = match policy {
            CountPolicy::Exact => Statement::SelectWithCount,
            CountPolicy::UpTo(_) => Statement::SelectWithCountUpTo,
        };
        let mut values = count_values(query, backend, policy);
        values.0.extend(select_values(query, backend).0);
        let shape = Shape::of(query, backend, statement);
        self.text_and_values(shape, values, || {
            backend.build(&query.select_with_count_statement(backend, policy))
        })
    }

    /// The number of shapes cached: one per backend, statement and shape of the query (its filter keys, the
    /// number of values of lists outside PostgreSQL, its sort and scope), never one per value.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery, StatementCache};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let statements = StatementCache::new();
    /// for minimum in [10, 20, 30] {
    ///     let query = ResourceQuery::<Call>::parse(&format!("filter[duration-gt]={minimum}")).unwrap();
    ///     statements.select(&query, Backend::Sqlite);
    /// }
    /// assert_eq!(statements.len(), 1);
    /// statements.select(&ResourceQuery::<Call>::parse("sort=-duration").unwrap(), Backend::Sqlite);
    /// assert_eq!(statements.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.read().texts.as_ref().map_or(0, HashMap::len)
    }

    /// Whether no shape is cached.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery, StatementCache};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let statements = StatementCache::new();
    /// assert!(statements.is_empty());
    /// statements.select(&ResourceQuery::<Call>::default(), Backend::MySql);
    /// assert!(!statements.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every shape (after a schema change, say); the next statements are rendered again.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery, StatementCache};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let statements = StatementCache::new();
    /// statements.select(&ResourceQuery::<Call>::default(), Backend::Sqlite);
    /// statements.clear();
    /// assert_eq!(statements.len(), 0);
    /// ```
    pub fn clear(&self) {
        let mut entries = self.write();
        entries.texts = None;
        entries.text_bytes = 0;
    }

    /// The cached text of `shape` with the walker's `values`, or sea-query's rendering (`render`), cached when
    /// the walker's values equal sea-query's and the bound allows.
    fn text_and_values(
        &self,
        shape: Shape,
        values: Values,
        render: impl FnOnce() -> (String, Values),
    ) -> (Arc<str>, Values) {
        if let Some(text) = self
            .read()
            .texts
            .as_ref()
            .and_then(|texts| texts.get(&shape))
        {
            return (Arc::clone(text), values);
        }
        let (text, rendered) = render();
        let text: Arc<str> = text.into();
        if values != rendered {
            debug_assert!(
                false,
                "the statement cache's values differ from sea-query's for {text}:\n  walker:    {:?}\n  sea-query: {:?}",
                values.0, rendered.0
            );
            return (text, rendered);
        }
        let mut entries = self.write();
        let fits = entries.text_bytes.saturating_add(text.len()) <= self.max_text_bytes;
        let texts = entries.texts.get_or_insert_with(HashMap::default);
        if fits && texts.len() < self.max_shapes && !texts.contains_key(&shape) {
            texts.insert(shape, Arc::clone(&text));
            entries.text_bytes += text.len();
        }
        (text, rendered)
    }

    // A panic while the lock was held cannot leave a half-made entry: entries are inserted whole.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Entries> {
        self.entries.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Entries> {
        self.entries.write().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for StatementCache {
    fn default() -> StatementCache {
        StatementCache::new()
    }
}

/// The values of `query.select_statement(backend)` in bound order: the filters', then `LIMIT` and `OFFSET`
/// (the sort binds none).
fn select_values<R: Resource>(query: &ResourceQuery<R>, backend: Backend) -> Values {
    let mut values = filter_values(query, backend, 2);
    sort_values(query, backend, &mut values);
    values.push(Value::from(query.page.size));
    values.push(Value::from(query.page.offset()));
    Values(values)
}

/// The values of `query.count(backend, policy).statement()`: the filters', then the bound's `LIMIT`.
fn count_values<R: Resource>(
    query: &ResourceQuery<R>,
    backend: Backend,
    policy: CountPolicy,
) -> Values {
    let mut values = filter_values(query, backend, 1);
    if let Some(bound) = policy.bound(query.page) {
        values.push(Value::from(bound));
    }
    Values(values)
}

fn filter_values<R: Resource>(
    query: &ResourceQuery<R>,
    backend: Backend,
    extra: usize,
) -> Vec<Value> {
    let count: usize = query
        .all_conditions()
        .map(|filter| filter.values.len())
        .sum();
    let mut values = Vec::with_capacity(count + extra);
    for filter in query.all_conditions() {
        values.extend(filter_parameters(filter, backend));
    }
    for entry in &query.relationship_filters {
        relationship_values(query, entry, backend, &mut values);
    }
    for group in &query.groups {
        group_values(query, group, backend, &mut values);
    }
    values
}

/// The values of a group, in the order the renderer binds them: each branch's filters, relationship filters
/// and nested groups.
fn group_values<R>(
    query: &ResourceQuery<R>,
    group: &FilterGroup,
    backend: Backend,
    values: &mut Vec<Value>,
) {
    for conditions in group.branches() {
        for filter in &conditions.filters {
            values.extend(filter_parameters(filter, backend));
        }
        for entry in &conditions.relationship_filters {
            relationship_values(query, entry, backend, values);
        }
        for group in &conditions.groups {
            group_values(query, group, backend, values);
        }
    }
}

/// The values of the sort: the related scope's, for each criterion through a relationship (MySQL writes
/// such a criterion twice, `x IS NULL, x`, so its values are bound twice).
fn sort_values<R>(query: &ResourceQuery<R>, backend: Backend, values: &mut Vec<Value>) {
    for key in &query.sort {
        let Some(through) = key.through else {
            continue;
        };
        let Some(scope) = query.related_scope(through.related) else {
            continue;
        };
        let times = if backend == Backend::MySql { 2 } else { 1 };
        for _ in 0..times {
            for filter in scope {
                values.extend(filter_parameters(filter, backend));
            }
        }
    }
}

/// The values of one relationship filter's subquery, in the order the renderer binds them: the related
/// scope's, the filters', then the nested entries'; none when the scope closes the related resource.
fn relationship_values<R>(
    query: &ResourceQuery<R>,
    entry: &RelationshipFilter,
    backend: Backend,
    values: &mut Vec<Value>,
) {
    let Some(scope) = query.related_scope(entry.related_schema()) else {
        return;
    };
    for filter in scope.iter().chain(&entry.filters) {
        values.extend(filter_parameters(filter, backend));
    }
    for nested in &entry.nested {
        relationship_values(query, nested, backend, values);
    }
}

/// Which statement of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Statement {
    Select,
    Count,
    CountUpTo,
    SelectWithCount,
    SelectWithCountUpTo,
}

impl Statement {
    /// Whether the statement sorts (and so its shape has the sort).
    fn sorts(self) -> bool {
        match self {
            Statement::Select | Statement::SelectWithCount | Statement::SelectWithCountUpTo => true,
            Statement::Count | Statement::CountUpTo => false,
        }
    }
}

/// Everything the SQL text depends on; two queries of one shape render the same text.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Shape {
    backend: Backend,
    statement: Statement,
    table: &'static str,
    /// The sort's tie-breaker.
    id: Field,
    filters: Vec<FilterShape>,
    relationships: Vec<RelationshipShape>,
    groups: Vec<GroupShape>,
    /// Empty for counts, which do not sort.
    sort: Vec<SortShape>,
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct FilterShape {
    field: Field,
    predicate: Predicate,
    /// The placeholders of a list, and the arity that a comparison or `null` check needs.
    values: usize,
    /// `IS NULL` rather than `IS NOT NULL`; false for every other predicate.
    tests_for_null: bool,
}

/// One sort criterion: its field and direction, and for a criterion through a relationship, the relationship
/// and the related scope's shape (`None`: closed).
#[derive(Debug, PartialEq, Eq, Hash)]
struct SortShape {
    field: Field,
    direction: SortDirection,
    through: Option<(Relationship, Option<Vec<FilterShape>>)>,
}

/// One relationship filter's subquery: the relationship, the shapes of its conditions (`None` when the scope
/// closes the related resource, which renders `1 = 0`), and its nested entries.
#[derive(Debug, PartialEq, Eq, Hash)]
struct RelationshipShape {
    relationship: Relationship,
    conditions: Option<Vec<FilterShape>>,
    nested: Vec<RelationshipShape>,
}

/// One group: its operator and the shape of each branch, in order (the indexes themselves render nothing).
#[derive(Debug, PartialEq, Eq, Hash)]
struct GroupShape {
    operator: GroupOperator,
    branches: Vec<ConditionsShape>,
}

/// The shape of conditions that all hold: a branch of a group.
#[derive(Debug, PartialEq, Eq, Hash)]
struct ConditionsShape {
    filters: Vec<FilterShape>,
    relationships: Vec<RelationshipShape>,
    groups: Vec<GroupShape>,
}

impl GroupShape {
    fn of<R>(query: &ResourceQuery<R>, group: &FilterGroup, backend: Backend) -> Self {
        GroupShape {
            operator: group.operator(),
            branches: group
                .branches()
                .map(|conditions| ConditionsShape::of(query, conditions, backend))
                .collect(),
        }
    }
}

impl ConditionsShape {
    fn of<R>(query: &ResourceQuery<R>, conditions: &Conditions, backend: Backend) -> Self {
        ConditionsShape {
            filters: conditions
                .filters
                .iter()
                .map(|filter| FilterShape::of(filter, backend))
                .collect(),
            relationships: conditions
                .relationship_filters
                .iter()
                .map(|entry| RelationshipShape::of(query, entry, backend))
                .collect(),
            groups: conditions
                .groups
                .iter()
                .map(|group| GroupShape::of(query, group, backend))
                .collect(),
        }
    }
}

impl RelationshipShape {
    fn of<R>(query: &ResourceQuery<R>, entry: &RelationshipFilter, backend: Backend) -> Self {
        let conditions = query.related_scope(entry.related_schema()).map(|scope| {
            scope
                .iter()
                .chain(&entry.filters)
                .map(|filter| FilterShape::of(filter, backend))
                .collect()
        });
        let nested = match conditions {
            Some(_) => entry
                .nested
                .iter()
                .map(|nested| RelationshipShape::of(query, nested, backend))
                .collect(),
            None => Vec::new(),
        };
        RelationshipShape {
            relationship: Relationship(entry.relationship),
            conditions,
            nested,
        }
    }
}

impl FilterShape {
    fn of(filter: &Filter, backend: Backend) -> FilterShape {
        let predicate = filter.effective_predicate();
        FilterShape {
            field: Field(filter.field),
            predicate,
            // One array, whatever the list's length.
            values: if binds_list_as_array(predicate, backend) {
                1
            } else {
                filter.values.len()
            },
            tests_for_null: predicate.takes_flag() && tests_for_null(filter),
        }
    }
}

impl Shape {
    fn of<R: Resource>(query: &ResourceQuery<R>, backend: Backend, statement: Statement) -> Shape {
        let filters = query
            .all_conditions()
            .map(|filter| FilterShape::of(filter, backend))
            .collect();
        let relationships = query
            .relationship_filters
            .iter()
            .map(|entry| RelationshipShape::of(query, entry, backend))
            .collect();
        let groups = query
            .groups
            .iter()
            .map(|group| GroupShape::of(query, group, backend))
            .collect();
        let sort = if statement.sorts() {
            query
                .sort
                .iter()
                .map(|key| SortShape {
                    field: Field(key.field),
                    direction: key.direction,
                    through: key.through.map(|through| {
                        let scope = query.related_scope(through.related).map(|scope| {
                            scope
                                .iter()
                                .map(|filter| FilterShape::of(filter, backend))
                                .collect()
                        });
                        (Relationship(through.relationship), scope)
                    }),
                })
                .collect()
        } else {
            Vec::new()
        };
        Shape {
            backend,
            statement,
            table: R::SCHEMA.table,
            id: Field(R::SCHEMA.id_field()),
            filters,
            relationships,
            groups,
            sort,
        }
    }
}

/// A relationship by identity, as [`Field`].
#[derive(Debug, Clone, Copy)]
struct Relationship(&'static RelationshipSchema);

impl PartialEq for Relationship {
    fn eq(&self, other: &Relationship) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Relationship {}

impl Hash for Relationship {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.0, state);
    }
}

/// A field by identity: a `'static` schema never moves nor changes, so one address is one column, kind,
/// nullability and name. (The same field seen at two addresses only costs a second entry.)
#[derive(Debug, Clone, Copy)]
struct Field(&'static FieldSchema);

impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Field {}

impl Hash for Field {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.0, state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn is_send_and_sync() {
        assert_send_sync::<StatementCache>();
    }
}
