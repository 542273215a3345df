//! In-memory evaluation: the same filters, sort and page applied to values in memory, with exactly the SQL
//! semantics of [`crate::sql`] (ASCII-only case folding for patterns, exact comparison otherwise, NULLs never
//! matching a comparison, NULLs sorting as the largest value, the id ending every sort).
//!
//! Useful on its own (filtering a cached collection), and the oracle of the differential tests that hold the
//! three SQL backends to the same answers.

use std::cmp::Ordering;

use crate::cursor::{CursorWindow, SortPosition};
use crate::group::{Conditions, FilterGroup};
use crate::query::{Filter, RelationshipFilter, ResourceQuery, SortKey};
use crate::schema::{FieldSchema, Resource, ResourceSchema, SortDirection};
use crate::value::FilterValue;
use jsonapi_filter_vocabulary::Predicate;

/// A resource whose field values can be read for in-memory evaluation. Implemented by
/// `#[derive(Filterable)]`; it is what [`ResourceQuery::matches`], [`ResourceQuery::compare`] and
/// [`ResourceQuery::evaluate`] read.
///
/// ```
/// use jsonapi_filter::{FilterRecord, Filterable, ResourceQuery};
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     duration: i64,
/// }
///
/// fn matching_ids<R: FilterRecord>(query: &ResourceQuery<R>, records: &[R], id: impl Fn(&R) -> i64) -> Vec<i64> {
///     records.iter().filter(|record| query.matches(record)).map(id).collect()
/// }
/// let calls = [Call { id: 1, duration: 30 }, Call { id: 2, duration: 90 }];
/// let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60").unwrap();
/// assert_eq!(matching_ids(&query, &calls, |call| call.id), [2]);
/// ```
pub trait FilterRecord: Resource {
    /// The value of the schema field `field` (by its Rust name), or `None` when it is NULL.
    ///
    /// ```
    /// use jsonapi_filter::{FilterRecord, Filterable, FilterValue, Resource};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: Option<String> }
    /// let call = Call { id: 7, duration: 90, caller: None };
    /// let field = |key| Call::SCHEMA.field(key).unwrap();
    /// assert_eq!(call.field_value(field("duration")), Some(FilterValue::Integer(90)));
    /// assert_eq!(call.field_value(field("caller")), None); // NULL
    /// ```
    fn field_value(&self, field: &FieldSchema) -> Option<FilterValue>;
}

/// The text a value is stored as, for pattern matching and text ordering.
fn stored_text(value: &FilterValue) -> std::borrow::Cow<'_, str> {
    match value {
        FilterValue::String(text) => text.into(),
        FilterValue::Enum(text) => (*text).into(),
        other => other.to_query_value().into(),
    }
}

/// Compares two non-NULL values of one field as the backends do: text by code point, instants, integers,
/// decimals by value, UUIDs by their bytes (the same order as their lower-case text), IP addresses IPv4 first
/// and then by number (the order of [`crate::inet::to_binary`]'s bytes and of PostgreSQL's `inet`), `false`
/// before `true`.
pub(crate) fn compare_values(left: &FilterValue, right: &FilterValue) -> Ordering {
    match (left, right) {
        (FilterValue::Integer(a), FilterValue::Integer(b)) => a.cmp(b),
        (FilterValue::Decimal(a), FilterValue::Decimal(b)) => a.cmp(b),
        (FilterValue::DateTime(a), FilterValue::DateTime(b)) => a.cmp(b),
        (FilterValue::Uuid(a), FilterValue::Uuid(b)) => a.as_bytes().cmp(b.as_bytes()),
        // `IpAddr`'s order: `V4` before `V6`, each by its bytes; `inet`'s tests hold it to the binary form's.
        (FilterValue::Inet(a), FilterValue::Inet(b)) => a.cmp(b),
        (FilterValue::Boolean(a), FilterValue::Boolean(b)) => a.cmp(b),
        _ => stored_text(left)
            .as_bytes()
            .cmp(stored_text(right).as_bytes()),
    }
}

/// Whether `haystack` matches a `cont`/`start`/`end` pattern, folding ASCII letters only.
fn pattern_matches(predicate: Predicate, haystack: &str, needle: &str) -> bool {
    let haystack = haystack.to_ascii_lowercase();
    let needle = needle.to_ascii_lowercase();
    match predicate {
        Predicate::Start => haystack.starts_with(&needle),
        Predicate::End => haystack.ends_with(&needle),
        _ => haystack.contains(&needle),
    }
}

impl Filter {
    /// Whether a field value (`None` for NULL) satisfies the filter, with SQL semantics: a NULL satisfies
    /// only `null=true` and `not-null=false`.
    ///
    /// ```
    /// use jsonapi_filter::*;
    /// #[derive(Filterable)]
    /// #[filterable(type = "calls", table = "calls")]
    /// struct Call {
    ///     #[filterable(id)]
    ///     id: i64,
    ///     caller: Option<String>,
    /// }
    /// let query = ResourceQuery::<Call>::parse("filter[caller-not-eq]=alice").unwrap();
    /// let filter = &query.filters[0];
    /// assert!(filter.matches(Some(&FilterValue::String("bob".into()))));
    /// assert!(!filter.matches(None));
    /// ```
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Debug, Filterable)]
    /// # #[filterable(type = "calls", table = "calls", default_sort = "-duration")]
    /// # struct Call {
    /// #     #[filterable(id)]
    /// #     id: i64,
    /// #     duration: i64,
    /// #     caller: Option<String>,
    /// #     #[filterable(foreign_key)]
    /// #     account_id: i64,
    /// # }
    /// let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60").unwrap();
    /// let filter = &query.filters[0];
    /// assert!(filter.matches(Some(&FilterValue::Integer(61))));
    /// assert!(!filter.matches(None)); // NULL matches no comparison, as in SQL
    /// ```
    pub fn matches(&self, value: Option<&FilterValue>) -> bool {
        self.truth(value) == Some(true)
    }

    /// The filter's truth for a field value (`None` for NULL) in SQL's three-valued logic: `None` (unknown)
    /// for a comparison with a NULL, which `not` leaves unknown; `null`/`not-null` are never unknown.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, #[filterable(null)] duration: Option<i64> }
    /// let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60&filter[duration-null]=true").unwrap();
    /// assert_eq!(query.filters[0].truth(Some(&FilterValue::Integer(5))), Some(false));
    /// assert_eq!(query.filters[0].truth(None), None);
    /// assert_eq!(query.filters[1].truth(None), Some(true));
    /// ```
    pub fn truth(&self, value: Option<&FilterValue>) -> Option<bool> {
        let predicate = self.effective_predicate();
        if predicate.takes_flag() {
            let wants_null = matches!(self.values.first(), Some(FilterValue::Boolean(true)))
                == (predicate == Predicate::Null);
            return Some(value.is_none() == wants_null);
        }
        let value = value?;
        let equal = |other: &FilterValue| compare_values(value, other) == Ordering::Equal;
        let first = &self.values[0];
        Some(match predicate {
            Predicate::Eq => equal(first),
            Predicate::NotEq => !equal(first),
            Predicate::Gt => compare_values(value, first) == Ordering::Greater,
            Predicate::Gteq => compare_values(value, first) != Ordering::Less,
            Predicate::Lt => compare_values(value, first) == Ordering::Less,
            Predicate::Lteq => compare_values(value, first) != Ordering::Greater,
            Predicate::In => self.values.iter().any(equal),
            Predicate::NotIn => !self.values.iter().any(equal),
            Predicate::Cont | Predicate::Start | Predicate::End => {
                pattern_matches(predicate, &stored_text(value), &stored_text(first))
            }
            Predicate::ContAny => self.values.iter().any(|needle| {
                pattern_matches(Predicate::Cont, &stored_text(value), &stored_text(needle))
            }),
            Predicate::Null | Predicate::NotNull => unreachable!("flags are handled above"),
        })
    }
}

/// Orders two possibly-NULL values: NULL is the largest.
fn compare_nullable(left: Option<&FilterValue>, right: Option<&FilterValue>) -> Ordering {
    match (left, right) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => compare_values(a, b),
    }
}

impl<R: FilterRecord> ResourceQuery<R> {
    /// Whether `record` satisfies the scope, every filter and every default filter
    /// ([`ResourceQuery::default_filters`]).
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Debug, Filterable)]
    /// # #[filterable(type = "calls", table = "calls", default_sort = "-duration")]
    /// # struct Call {
    /// #     #[filterable(id)]
    /// #     id: i64,
    /// #     duration: i64,
    /// #     caller: Option<String>,
    /// #     #[filterable(foreign_key)]
    /// #     account_id: i64,
    /// # }
    /// let call = Call { id: 1, duration: 90, caller: None, account_id: 3 };
    /// assert!(ResourceQuery::<Call>::parse("filter[duration-gt]=60").unwrap().matches(&call));
    /// assert!(!ResourceQuery::<Call>::parse("filter[caller-not-eq]=x").unwrap().matches(&call));
    /// ```
    pub fn matches(&self, record: &R) -> bool {
        self.matches_with(record, &RelatedRecords::new())
    }

    /// Whether `record` satisfies every condition, its relationship filters read against `related`: a filter
    /// through a relationship matches when one related record (of `related`'s records of that type) matches
    /// all its conditions and the related resource's scope, as the SQL's semi-join does.
    ///
    /// ```
    /// use jsonapi_filter::{Filterable, RelatedRecords, ResourceQuery};
    ///
    /// #[derive(Filterable)]
    /// #[filterable(type = "accounts", has_many(name = "calls", related = Call, foreign_key = "account_id"))]
    /// struct Account { #[filterable(id)] id: i64, name: String }
    ///
    /// #[derive(Filterable)]
    /// #[filterable(type = "calls")]
    /// struct Call { #[filterable(id)] id: i64, status: String, duration: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
    ///
    /// let accounts = [Account { id: 1, name: "Main".into() }, Account { id: 2, name: "Backup".into() }];
    /// let calls = [
    ///     Call { id: 10, status: "failed".into(), duration: 5, account_id: 1 },
    ///     Call { id: 11, status: "ok".into(), duration: 90, account_id: 1 },
    ///     Call { id: 12, status: "failed".into(), duration: 90, account_id: 2 },
    /// ];
    /// let related = RelatedRecords::new().with(&calls).with(&accounts);
    /// // One and the same call must be failed and long: only account 2 has one.
    /// let query = ResourceQuery::<Account>::parse("filter[calls.status-eq]=failed&filter[calls.duration-gt]=60").unwrap();
    /// let ids: Vec<i64> = accounts.iter().filter(|a| query.matches_with(a, &related)).map(|a| a.id).collect();
    /// assert_eq!(ids, [2]);
    /// // Through the to-one relationship.
    /// let query = ResourceQuery::<Call>::parse("filter[account.name-eq]=Main").unwrap();
    /// let ids: Vec<i64> = calls.iter().filter(|c| query.matches_with(c, &related)).map(|c| c.id).collect();
    /// assert_eq!(ids, [10, 11]);
    /// ```
    pub fn matches_with(&self, record: &R, related: &RelatedRecords<'_>) -> bool {
        self.all_conditions()
            .all(|filter| filter.matches(record.field_value(filter.field).as_ref()))
            && self
                .relationship_filters
                .iter()
                .all(|entry| self.relationship_matches(entry, R::SCHEMA, record, related))
            && self
                .groups
                .iter()
                .all(|group| self.group_truth(group, R::SCHEMA, record, related) == Some(true))
    }

    /// Orders two records by the sort, then by id, as the SQL does.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Debug, Filterable)]
    /// # #[filterable(type = "calls", table = "calls", default_sort = "-duration")]
    /// # struct Call {
    /// #     #[filterable(id)]
    /// #     id: i64,
    /// #     duration: i64,
    /// #     caller: Option<String>,
    /// #     #[filterable(foreign_key)]
    /// #     account_id: i64,
    /// # }
    /// use std::cmp::Ordering;
    /// let short = Call { id: 1, duration: 30, caller: None, account_id: 3 };
    /// let long = Call { id: 2, duration: 90, caller: None, account_id: 3 };
    /// let query = ResourceQuery::<Call>::parse("sort=-duration").unwrap();
    /// assert_eq!(query.compare(&long, &short), Ordering::Less); // longest first
    /// ```
    pub fn compare(&self, left: &R, right: &R) -> Ordering {
        self.compare_with(left, right, &RelatedRecords::new())
    }

    /// [`ResourceQuery::compare`] with criteria through a relationship (`sort=account.name`) read from
    /// `related`: a record without a visible related record sorts as a NULL, the largest value.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, RelatedRecords, ResourceQuery};
    /// # use std::cmp::Ordering;
    /// # #[derive(Filterable)] #[filterable(type = "accounts")] struct Account { #[filterable(id)] id: i64, name: String }
    /// # #[derive(Filterable)] #[filterable(type = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: Option<i64> }
    /// let accounts = [Account { id: 1, name: "B".into() }, Account { id: 2, name: "A".into() }];
    /// let related = RelatedRecords::new().with(&accounts);
    /// let query = ResourceQuery::<Call>::parse("sort=account.name").unwrap();
    /// let (b, a, none) = (Call { id: 10, account_id: Some(1) }, Call { id: 11, account_id: Some(2) }, Call { id: 12, account_id: None });
    /// assert_eq!(query.compare_with(&a, &b, &related), Ordering::Less);
    /// assert_eq!(query.compare_with(&b, &none, &related), Ordering::Less); // no account: last
    /// ```
    pub fn compare_with(&self, left: &R, right: &R, related: &RelatedRecords<'_>) -> Ordering {
        self.position_keys()
            .iter()
            .map(|key| {
                let order = compare_nullable(
                    self.sort_value(key, left, related).as_ref(),
                    self.sort_value(key, right, related).as_ref(),
                );
                match key.direction {
                    SortDirection::Ascending => order,
                    SortDirection::Descending => order.reverse(),
                }
            })
            .find(|order| order.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    /// Filters, sorts and pages `records`: the page's records and the total that matched.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Debug, Filterable)]
    /// # #[filterable(type = "calls", table = "calls", default_sort = "-duration")]
    /// # struct Call {
    /// #     #[filterable(id)]
    /// #     id: i64,
    /// #     duration: i64,
    /// #     caller: Option<String>,
    /// #     #[filterable(foreign_key)]
    /// #     account_id: i64,
    /// # }
    /// let calls: Vec<Call> = (1..=5)
    ///     .map(|id| Call { id, duration: id * 30, caller: None, account_id: 3 })
    ///     .collect();
    /// let query = ResourceQuery::<Call>::parse("filter[duration-gteq]=60&sort=duration&page[size]=2").unwrap();
    /// let (page, total) = query.evaluate(&calls);
    /// assert_eq!(page.iter().map(|call| call.id).collect::<Vec<_>>(), [2, 3]);
    /// assert_eq!(total, 4);
    /// ```
    pub fn evaluate<'r>(&self, records: &'r [R]) -> (Vec<&'r R>, u64) {
        self.evaluate_with(records, &RelatedRecords::new())
    }

    /// [`ResourceQuery::evaluate`] with relationship filters read against `related`
    /// ([`ResourceQuery::matches_with`]).
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, RelatedRecords, ResourceQuery};
    /// # #[derive(Filterable)] #[filterable(type = "accounts")] struct Account { #[filterable(id)] id: i64, name: String }
    /// # #[derive(Filterable)] #[filterable(type = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: Option<i64> }
    /// let accounts = [Account { id: 1, name: "Main".into() }];
    /// let calls = [Call { id: 10, account_id: Some(1) }, Call { id: 11, account_id: None }];
    /// let query = ResourceQuery::<Call>::parse("filter[account.name-not-eq]=Other").unwrap();
    /// let (page, total) = query.evaluate_with(&calls, &RelatedRecords::new().with(&accounts));
    /// assert_eq!((page[0].id, total), (10, 1)); // a call without an account matches no condition on it
    /// ```
    pub fn evaluate_with<'r>(
        &self,
        records: &'r [R],
        related: &RelatedRecords<'_>,
    ) -> (Vec<&'r R>, u64) {
        let (window, total) = self.evaluate_window_with(records, related);
        (window.rows, total)
    }

    /// [`ResourceQuery::evaluate_with`], with whether more rows lie beyond the page in the direction read
    /// ([`CursorWindow::more`]): the page as the SQL's rows give it through [`ResourceQuery::cursor_window`].
    /// The total counts every matching row, whatever the cursors.
    ///
    /// ```
    /// use jsonapi_filter::{CursorKey, Filterable, QueryOptions, RelatedRecords, ResourceQuery};
    /// # #[derive(Filterable)] #[filterable(type = "calls")] struct Call { #[filterable(id)] id: i64 }
    /// let calls: Vec<Call> = (1..=5).map(|id| Call { id }).collect();
    /// let options = QueryOptions { cursor_key: Some(CursorKey::new(b"secret")), ..QueryOptions::default() };
    /// let first = ResourceQuery::<Call>::parse_with("page[size]=2", &options).unwrap();
    /// let cursor = first.cursor_of(&calls[3]).unwrap(); // before id 4
    /// let query = ResourceQuery::<Call>::parse_with(&format!("page[size]=2&page[before]={cursor}"), &options).unwrap();
    /// let (window, total) = query.evaluate_window_with(&calls, &RelatedRecords::new());
    /// assert_eq!(window.rows.iter().map(|call| call.id).collect::<Vec<_>>(), [2, 3]);
    /// assert!(window.more); // call 1 is before them
    /// assert_eq!(total, 5);
    /// ```
    pub fn evaluate_window_with<'r>(
        &self,
        records: &'r [R],
        related: &RelatedRecords<'_>,
    ) -> (CursorWindow<&'r R>, u64) {
        let mut matching: Vec<&R> = records
            .iter()
            .filter(|record| self.matches_with(record, related))
            .collect();
        matching.sort_by(|left, right| self.compare_with(left, right, related));
        let total = matching.len() as u64;
        let size = usize::try_from(self.page.size).unwrap_or(usize::MAX);
        let Some(cursor) = &self.cursor else {
            let offset = usize::try_from(self.page.offset()).unwrap_or(usize::MAX);
            let more = matching.len() > offset.saturating_add(size);
            let rows = matching.into_iter().skip(offset).take(size).collect();
            return (CursorWindow { rows, more }, total);
        };
        let keys = self.position_keys();
        let beyond = |record: &&R, position: &Option<SortPosition>, wanted: Ordering| {
            position.as_ref().is_none_or(|position| {
                self.compare_positions(&keys, &self.position_with(record, related), position)
                    == wanted
            })
        };
        let mut inside: Vec<&R> = matching
            .into_iter()
            .filter(|record| {
                beyond(record, &cursor.after, Ordering::Greater)
                    && beyond(record, &cursor.before, Ordering::Less)
            })
            .collect();
        let more = inside.len() > size;
        if cursor.backwards() {
            inside.drain(..inside.len().saturating_sub(size));
        } else {
            inside.truncate(size);
        }
        (CursorWindow { rows: inside, more }, total)
    }

    /// `record`'s place in the sort ([`ResourceQuery::position_keys`]), its criteria through relationships read
    /// against `related`.
    pub fn position_with(&self, record: &R, related: &RelatedRecords<'_>) -> SortPosition {
        self.position_at(&self.position_keys(), record, related)
    }

    /// [`ResourceQuery::position_with`] with the criteria `keys` ([`ResourceQuery::position_keys`]) found once
    /// for every row of a page.
    pub(crate) fn position_at(
        &self,
        keys: &[SortKey],
        record: &R,
        related: &RelatedRecords<'_>,
    ) -> SortPosition {
        SortPosition {
            values: keys
                .iter()
                .map(|key| self.sort_value(key, record, related))
                .collect(),
        }
    }

    /// The cursor of `record` under this query ([`crate::cursor`]), for its `meta.page.cursor`: `None` when the
    /// query was parsed without a [`CursorKey`](crate::CursorKey), or when the sort values are too long for a
    /// cursor. A sort through a relationship needs [`ResourceQuery::cursor_of_with`].
    pub fn cursor_of(&self, record: &R) -> Option<String> {
        self.cursor_of_with(record, &RelatedRecords::new())
    }

    /// [`ResourceQuery::cursor_of`], the criteria through relationships read against `related`.
    pub fn cursor_of_with(&self, record: &R, related: &RelatedRecords<'_>) -> Option<String> {
        let key = self.cursor_key.as_ref()?;
        crate::cursor::encode(self, key, &self.position_with(record, related))
    }

    /// Orders two positions by the criteria `keys`, as the SQL does (NULLs the largest).
    fn compare_positions(
        &self,
        keys: &[SortKey],
        left: &SortPosition,
        right: &SortPosition,
    ) -> Ordering {
        keys.iter()
            .zip(left.values.iter().zip(&right.values))
            .map(|(key, (left, right))| {
                let order = compare_nullable(left.as_ref(), right.as_ref());
                match key.direction {
                    SortDirection::Ascending => order,
                    SortDirection::Descending => order.reverse(),
                }
            })
            .find(|order| order.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

/// A record of any resource, read by field: what the evaluator needs of a related record.
trait FieldValues {
    fn value_of(&self, field: &FieldSchema) -> Option<FilterValue>;
}

impl<T: FilterRecord> FieldValues for T {
    fn value_of(&self, field: &FieldSchema) -> Option<FilterValue> {
        self.field_value(field)
    }
}

/// The records a filter through a relationship is evaluated against in memory: every record of each related
/// resource, given by type ([`ResourceQuery::matches_with`], [`ResourceQuery::evaluate_with`]). A resource
/// with no records given has none: a filter through it matches nothing, as a relationship with no related row.
///
/// ```
/// # use jsonapi_filter::{Filterable, RelatedRecords};
/// # #[derive(Filterable)] #[filterable(type = "accounts")] struct Account { #[filterable(id)] id: i64, name: String }
/// let accounts = [Account { id: 1, name: "Main".into() }];
/// let related = RelatedRecords::new().with(&accounts);
/// # let _ = related;
/// ```
///
/// It holds references to `Sync` records only, so that it may live across an `.await` in a handler whose
/// future must be `Send`.
#[derive(Default)]
pub struct RelatedRecords<'r> {
    sets: Vec<(&'static ResourceSchema, Vec<&'r (dyn FieldValues + Sync)>)>,
}

impl<'r> RelatedRecords<'r> {
    /// No related records.
    ///
    /// ```
    /// # use jsonapi_filter::RelatedRecords;
    /// let none = RelatedRecords::new();
    /// # let _ = none;
    /// ```
    pub fn new() -> RelatedRecords<'r> {
        RelatedRecords { sets: Vec::new() }
    }

    /// These with `records`, every record of the resource `T`.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, RelatedRecords};
    /// # #[derive(Filterable)] #[filterable(type = "accounts")] struct Account { #[filterable(id)] id: i64 }
    /// let accounts = [Account { id: 1 }, Account { id: 2 }];
    /// let related = RelatedRecords::new().with(&accounts);
    /// # let _ = related;
    /// ```
    pub fn with<T: FilterRecord + Sync>(mut self, records: &'r [T]) -> RelatedRecords<'r> {
        let records = records
            .iter()
            .map(|record| record as &(dyn FieldValues + Sync));
        match self
            .sets
            .iter_mut()
            .find(|(schema, _)| schema.is(T::SCHEMA))
        {
            Some((_, set)) => set.extend(records),
            None => self.sets.push((T::SCHEMA, records.collect())),
        }
        self
    }

    fn of(&self, schema: &'static ResourceSchema) -> &[&'r (dyn FieldValues + Sync)] {
        self.sets
            .iter()
            .find(|(given, _)| given.is(schema))
            .map(|(_, set)| set.as_slice())
            .unwrap_or_default()
    }

    /// The records of `schema` whose `side` field holds `link` and that `scope` lets through: the related
    /// records a relationship reaches, as the SQL's semi-join and correlated subquery see them.
    fn linked<'s>(
        &'s self,
        schema: &'static ResourceSchema,
        side: &'static FieldSchema,
        link: &'s FilterValue,
        scope: &'s [Filter],
    ) -> impl Iterator<Item = &'r (dyn FieldValues + Sync)> + 's {
        self.of(schema).iter().copied().filter(move |candidate| {
            candidate
                .value_of(side)
                .is_some_and(|value| compare_values(&value, link) == Ordering::Equal)
                && scope
                    .iter()
                    .all(|filter| filter.matches(candidate.value_of(filter.field).as_ref()))
        })
    }
}

impl<R: FilterRecord> ResourceQuery<R> {
    /// The value `key` sorts `record` by: its own field's, or its visible related record's.
    fn sort_value(
        &self,
        key: &SortKey,
        record: &R,
        related: &RelatedRecords<'_>,
    ) -> Option<FilterValue> {
        let Some(through) = key.through else {
            return record.field_value(key.field);
        };
        let scope = self.related_scope(through.related)?;
        let link = record.field_value(through.foreign_key)?;
        related
            .linked(through.related, through.related.id_field(), &link, scope)
            .next()
            .and_then(|candidate| candidate.value_of(key.field))
    }
}

/// Kleene's AND: false when any is false, else unknown when any is unknown.
fn all_of(truths: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut unknown = false;
    for truth in truths {
        match truth {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    (!unknown).then_some(true)
}

/// Kleene's OR: true when any is true, else unknown when any is unknown.
fn any_of(truths: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    all_of(truths.map(|truth| truth.map(|truth| !truth))).map(|truth| !truth)
}

impl<R> ResourceQuery<R> {
    /// The truth of conditions that all hold, for `record` (a record of `from`), as SQL's `AND` gives it.
    fn conditions_truth(
        &self,
        conditions: &Conditions,
        from: &'static ResourceSchema,
        record: &dyn FieldValues,
        related: &RelatedRecords<'_>,
    ) -> Option<bool> {
        let own = conditions
            .filters
            .iter()
            .map(|filter| filter.truth(record.value_of(filter.field).as_ref()));
        let through = conditions
            .relationship_filters
            .iter()
            .map(|entry| Some(self.relationship_matches(entry, from, record, related)));
        let groups = conditions
            .groups
            .iter()
            .map(|group| self.group_truth(group, from, record, related));
        all_of(own.chain(through).chain(groups))
    }

    /// The truth of a group for `record`, as SQL's `OR`, `AND` and `NOT` give it.
    fn group_truth(
        &self,
        group: &FilterGroup,
        from: &'static ResourceSchema,
        record: &dyn FieldValues,
        related: &RelatedRecords<'_>,
    ) -> Option<bool> {
        let branch = |conditions| self.conditions_truth(conditions, from, record, related);
        match group {
            FilterGroup::Or(branches) => any_of(branches.values().map(branch)),
            FilterGroup::And(branches) => all_of(branches.values().map(branch)),
            FilterGroup::Not(negated) => branch(negated).map(|truth| !truth),
        }
    }

    /// Whether one related record of `record` (a record of `from`) satisfies the entry: the related scope,
    /// the entry's filters and its nested entries.
    fn relationship_matches(
        &self,
        entry: &RelationshipFilter,
        from: &'static ResourceSchema,
        record: &dyn FieldValues,
        related: &RelatedRecords<'_>,
    ) -> bool {
        let schema = entry.related_schema();
        let Some(scope) = self.related_scope(schema) else {
            return false;
        };
        let Some(link) = entry.relationship.link(from) else {
            return false;
        };
        // The value that links: the record's foreign key (to-one) or its id (to-many).
        let Some(value) = record.value_of(link.own_side) else {
            return false;
        };
        related
            .linked(schema, link.related_side, &value, scope)
            .any(|candidate| {
                entry
                    .filters
                    .iter()
                    .all(|filter| filter.matches(candidate.value_of(filter.field).as_ref()))
                    && entry
                        .nested
                        .iter()
                        .all(|nested| self.relationship_matches(nested, schema, candidate, related))
            })
    }
}
