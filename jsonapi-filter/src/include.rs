//! Included resources: the statement that loads the related records of one `include` path for one page (one
//! statement per path and page, never one per row), and the to-many linkage that ties them to their parents.
//!
//! A path is loaded from its parents: the page itself for `include=account`, the accounts just loaded for
//! `include=account.cdr-exports`. The statement selects only the columns the document needs (the id, the
//! attributes that `fields[type]` names, the foreign keys of the relationships it shows or that a longer path
//! goes through) and holds the related resource's scope ([`ResourceQuery::scoped_related`]), so an include
//! never shows a record that a filter through the same relationship could not see.
//!
//! ```
//! use jsonapi_filter::{Backend, Filterable, FilterValue, ResourceQuery};
//!
//! #[derive(Filterable)]
//! #[filterable(type = "accounts", table = "accounts", has_many(name = "calls", related = Call, foreign_key = "account_id"))]
//! struct Account { #[filterable(id)] id: i64, name: String, balance: i64 }
//!
//! #[derive(Filterable)]
//! #[filterable(type = "calls", table = "calls")]
//! struct Call { #[filterable(id)] id: i64, duration: i64, #[filterable(foreign_key, related = Account)] account_id: Option<i64> }
//!
//! let page = [
//!     Call { id: 1, duration: 60, account_id: Some(7) },
//!     Call { id: 2, duration: 90, account_id: Some(7) },
//!     Call { id: 3, duration: 30, account_id: None },
//! ];
//! let query = ResourceQuery::<Call>::parse("include=account.calls&fields[accounts]=name").unwrap();
//! // The accounts of the page: each once, only the columns `fields[accounts]` needs.
//! let (sql, values) = query.include_select("account", &page, Backend::Sqlite).unwrap();
//! assert_eq!(
//!     sql,
//!     r#"SELECT "accounts"."id", "accounts"."name" FROM "accounts" WHERE "accounts"."id" IN (?) ORDER BY "accounts"."id" ASC"#
//! );
//! assert_eq!(values.0, [7i64.into()]);
//! // Then the calls of those accounts, from the accounts loaded.
//! let accounts = [Account { id: 7, name: "Main".into(), balance: 0 }];
//! let (sql, _) = query.include_select("account.calls", &accounts, Backend::Sqlite).unwrap();
//! assert!(sql.contains(r#"WHERE "calls"."account_id" IN (?)"#), "{sql}");
//! // A path the request does not include loads nothing.
//! assert!(ResourceQuery::<Call>::parse("").unwrap().include_select("account", &page, Backend::Sqlite).is_none());
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;

use sea_query::{Condition, Expr, ExprTrait, Order, Query as SqlQuery, Values};
use serde::Serialize;
use serde::ser::SerializeSeq;
use serde_json::value::RawValue;

use crate::document::{Fields, JsonApiResource, ResourceObject};
use crate::eval::{FilterRecord, compare_values};
use crate::query::{IncludePath, ResourceQuery};
use crate::schema::{Cardinality, RelationshipSchema, Resource, ResourceSchema};
use crate::sql::{Backend, and_scope};
use crate::value::FilterValue;

impl<R: Resource> ResourceQuery<R> {
    /// The statement loading the records of the include path `path` (`account`, `account.cdr-exports`) for
    /// `parents`: the page for a path of one relationship, otherwise the records loaded for the path's prefix.
    /// `None` when the request does not include `path`, or when no parent has a related record (no statement
    /// to run: there is nothing to include).
    ///
    /// The statement selects the related resource's id, the columns of the attributes that `fields[type]`
    /// names (all of them without a fieldset), the foreign keys of the relationships the fieldset shows or a
    /// longer include path goes through, and, for a to-many relationship, the foreign key that names the
    /// parent. A row reader for included records must therefore accept a row without the columns a sparse
    /// fieldset leaves out; those values are never written. The rows come in id order, each once, within the
    /// related resource's scope: the one given with [`ResourceQuery::scoped_related`] (or the query's own,
    /// for a path that comes back to the listed resource); a scoped query whose related resource has no scope
    /// loads nothing (closed, as its filters).
    ///
    /// # Panics
    ///
    /// When `P` is not the resource the path's prefix reaches, or the path's last relationship names no
    /// `#[derive(Filterable)]` resource (`related = T`), whose table the statement must read: both mistakes
    /// of the server's code, never of the request.
    pub fn include_select<P: FilterRecord>(
        &self,
        path: &str,
        parents: &[P],
        backend: Backend,
    ) -> Option<(String, Values)> {
        let include = self.include_paths.iter().find(|given| given.is(path))?;
        self.path_select(include, parents, backend)
    }

    /// The statement loading the related records of `parents` at the relationship path `path`, whether or
    /// not the request includes it: what a related-resource route (`GET /calls/7/account`) reads. Exactly
    /// [`ResourceQuery::include_select`]'s statement otherwise (columns, scope, order); `None` when no parent
    /// has a related record.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery, Scope};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "accounts", table = "accounts")]
    /// # struct Account { #[filterable(id)] id: i64, name: String }
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
    /// let query = ResourceQuery::<Call>::default()
    ///     .scoped(Scope::all())
    ///     .scoped_related(Scope::<Account>::all().eq("id", 7_i64));
    /// let (sql, _) = query.related_select("account", &[Call { id: 1, account_id: 8 }], Backend::Sqlite).unwrap();
    /// assert!(sql.ends_with(r#"WHERE "accounts"."id" IN (?) AND "accounts"."id" = ? ORDER BY "accounts"."id" ASC"#), "{sql}");
    /// ```
    ///
    /// # Panics
    ///
    /// As [`ResourceQuery::include_select`], and when `path` is not a relationship path of the resource.
    pub fn related_select<P: FilterRecord>(
        &self,
        path: &str,
        parents: &[P],
        backend: Backend,
    ) -> Option<(String, Values)> {
        let resolved = IncludePath::resolve(R::SCHEMA, path).unwrap_or_else(|error| {
            panic!("related_select(\"{path}\"): not a relationship path: {error}")
        });
        self.path_select(&resolved, parents, backend)
    }

    /// The statement of [`ResourceQuery::include_select`] and [`ResourceQuery::related_select`].
    fn path_select<P: FilterRecord>(
        &self,
        include: &IncludePath,
        parents: &[P],
        backend: Backend,
    ) -> Option<(String, Values)> {
        let path = include.name();
        let relationship = include.last();
        let parent_schema = match include.relationships.len() {
            1 => R::SCHEMA,
            length => include.relationships[length - 2]
                .related_schema()
                .expect("an include path goes through named resources"),
        };
        assert!(
            P::SCHEMA.is(parent_schema),
            "include_select(\"{path}\"): the parents must be the `{}` records, not `{}`",
            parent_schema.type_name,
            P::SCHEMA.type_name
        );
        let Some(link) = relationship.link(parent_schema) else {
            panic!(
                "include_select(\"{path}\"): `{}` names no resource to load; declare it with `related = T`",
                relationship.name
            )
        };
        let (related, parent_key, related_key) = (link.related, link.own_side, link.related_side);
        let mut keys: Vec<FilterValue> = parents
            .iter()
            .filter_map(|parent| parent.field_value(parent_key))
            .collect();
        keys.sort_by(compare_values);
        keys.dedup();
        if keys.is_empty() {
            return None;
        }
        let scope = if related.is(R::SCHEMA) && !self.has_related_scope(related) {
            Some(self.scope.as_slice())
        } else {
            self.related_scope(related)
        };
        let mut select = SqlQuery::select();
        for column in self.included_columns(include, related) {
            select.column((related.table, column));
        }
        select.from(related.table);
        let keys = keys
            .iter()
            .map(|key| backend.bind_for(related_key, Some(key)));
        let of_parents =
            Condition::all().add(Expr::col((related.table, related_key.column)).is_in(keys));
        let condition = and_scope(of_parents, scope, related.table, backend);
        select
            .cond_where(condition)
            .order_by((related.table, related.id_field().column), Order::Asc);
        Some(backend.build(&select))
    }

    /// The linkage of the to-many relationship at the end of the include path `path`, from its loaded
    /// `records`; `None` when the request does not include `path` or its last relationship is to-one.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "accounts", has_many(name = "calls", related = Call, foreign_key = "account_id"))]
    /// # struct Account { #[filterable(id)] id: i64, name: String }
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
    /// let query = ResourceQuery::<Account>::parse("include=calls").unwrap();
    /// let calls = [Call { id: 1, account_id: 7 }];
    /// assert_eq!(query.to_many_linkage("calls", &calls).unwrap().ids_of("7"), ["1"]);
    /// assert!(ResourceQuery::<Account>::parse("").unwrap().to_many_linkage("calls", &calls).is_none());
    /// ```
    pub fn to_many_linkage<T: FilterRecord>(
        &self,
        path: &str,
        records: &[T],
    ) -> Option<ToManyLinkage> {
        let include = self.include_paths.iter().find(|given| given.is(path))?;
        (include.last().cardinality == Cardinality::ToMany)
            .then(|| ToManyLinkage::of(include.last(), records))
    }

    /// Whether the server gave `schema` a scope of its own with [`ResourceQuery::scoped_related`].
    fn has_related_scope(&self, schema: &ResourceSchema) -> bool {
        self.related_scopes
            .iter()
            .any(|(scoped, _)| scoped.is(schema))
    }

    /// The columns an include of `related` at `include` selects, each once, the id first.
    fn included_columns(
        &self,
        include: &IncludePath,
        related: &'static ResourceSchema,
    ) -> Vec<&'static str> {
        let mut columns = vec![related.id_field().column];
        let mut add = |column: &'static str| {
            if !columns.contains(&column) {
                columns.push(column);
            }
        };
        for (key, column) in related.attributes.iter().zip(related.attribute_columns) {
            if self.wants_field(related.type_name, key) {
                add(column);
            }
        }
        // The foreign key naming the parent, for a to-many linkage.
        let last = include.last();
        if last.cardinality == Cardinality::ToMany
            && let Some(field) = related.field(last.foreign_key)
        {
            add(field.column);
        }
        // The foreign keys of the to-one relationships shown (their linkage) or included further.
        for relationship in related
            .relationships
            .iter()
            .filter(|r| r.cardinality == Cardinality::ToOne)
        {
            let goes_further = self.include_paths.iter().any(|longer| {
                longer.relationships.len() == include.relationships.len() + 1
                    && starts_with(&longer.relationships, &include.relationships)
                    && longer.last().name == relationship.name
            });
            if (self.wants_field(related.type_name, relationship.name) || goes_further)
                && let Some(field) = related.field(relationship.foreign_key)
            {
                add(field.column);
            }
        }
        columns
    }

    /// The names of the relationships included right under `path` (`""`: the listed resource's own), for the
    /// linkage ([`ResourceObject::new`]) of the records at `path`.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "accounts", has_many(name = "calls", related = Call, foreign_key = "account_id"))]
    /// # struct Account { #[filterable(id)] id: i64, name: String }
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
    /// let query = ResourceQuery::<Call>::parse("include=account.calls").unwrap();
    /// assert_eq!(query.include_names_under(""), ["account"]);
    /// assert_eq!(query.include_names_under("account"), ["calls"]);
    /// assert!(query.include_names_under("account.calls").is_empty());
    /// ```
    pub fn include_names_under(&self, path: &str) -> Vec<&'static str> {
        let depth = if path.is_empty() {
            0
        } else {
            path.split('.').count()
        };
        self.include_paths
            .iter()
            .filter(|longer| {
                longer.relationships.len() == depth + 1
                    && (depth == 0
                        || self.include_paths.iter().any(|prefix| {
                            prefix.is(path)
                                && starts_with(&longer.relationships, &prefix.relationships)
                        }))
            })
            .map(|longer| longer.last().name)
            .collect()
    }
}

/// Whether `path` begins with the relationships of `prefix`, by name, as [`IncludePath`]'s equality compares.
fn starts_with(
    path: &[&'static RelationshipSchema],
    prefix: &[&'static RelationshipSchema],
) -> bool {
    path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| a.name == b.name)
}

/// The linkage of one included to-many relationship: for each parent id, the ids of its included records,
/// which [`crate::document::Relationships::to_many`] writes as the relationship's `data`.
///
/// ```
/// use jsonapi_filter::{Filterable, Resource};
/// use jsonapi_filter::include::ToManyLinkage;
/// # #[derive(Filterable)]
/// # #[filterable(type = "accounts", has_many(name = "calls", related = Call, foreign_key = "account_id"))]
/// # struct Account { #[filterable(id)] id: i64, name: String }
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls")]
/// # struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
/// let calls = [Call { id: 1, account_id: 7 }, Call { id: 2, account_id: 7 }, Call { id: 3, account_id: 8 }];
/// let linkage = ToManyLinkage::of(Account::SCHEMA.relationship("calls").unwrap(), &calls);
/// assert_eq!(linkage.ids_of("7"), ["1", "2"]);
/// assert!(linkage.ids_of("9").is_empty());
/// ```
pub struct ToManyLinkage {
    /// The relationship's name: `cdr-exports`.
    pub relationship: &'static str,
    /// The related type: `cdr-exports`.
    pub type_name: &'static str,
    by_parent: HashMap<String, Vec<String>>,
}

impl ToManyLinkage {
    /// The linkage of `relationship` (a to-many one) from its loaded `records`, grouped by the parent id
    /// their foreign key holds, in the records' order.
    ///
    /// # Panics
    ///
    /// When `relationship` is not a to-many relationship to `T`.
    pub fn of<T: FilterRecord>(relationship: &'static RelationshipSchema, records: &[T]) -> Self {
        assert!(
            relationship.cardinality == Cardinality::ToMany
                && relationship
                    .related_schema()
                    .is_some_and(|related| related.is(T::SCHEMA)),
            "ToManyLinkage::of: `{}` is not a to-many relationship to `{}`",
            relationship.name,
            T::SCHEMA.type_name
        );
        let foreign_key = T::SCHEMA
            .field(relationship.foreign_key)
            .expect("a to-many relationship's foreign key is a field of the related resource");
        let id = T::SCHEMA.id_field();
        let mut by_parent: HashMap<String, Vec<String>> = HashMap::new();
        for record in records {
            if let (Some(parent), Some(id)) =
                (record.field_value(foreign_key), record.field_value(id))
            {
                by_parent
                    .entry(parent.to_query_value())
                    .or_default()
                    .push(id.to_query_value());
            }
        }
        ToManyLinkage {
            relationship: relationship.name,
            type_name: relationship.type_name,
            by_parent,
        }
    }

    /// The ids of the records of the parent whose id is written `parent_id`.
    pub fn ids_of(&self, parent_id: &str) -> &[String] {
        self.by_parent.get(parent_id).map_or(&[], Vec::as_slice)
    }
}

impl fmt::Debug for ToManyLinkage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ToManyLinkage")
            .field("relationship", &self.relationship)
            .field("by_parent", &self.by_parent)
            .finish()
    }
}

/// One resource object of [`Included`], already written: the item type of a document's `included` member
/// (`ListingDocument<'_, Call, IncludedObject>`).
pub type IncludedObject = Box<RawValue>;

/// The `included` member of a compound document, of any number of types: each resource object written once
/// (the first time its type and id are added), never one of the primary data.
///
/// ```
/// use jsonapi_filter::document::{Attributes, Fields, JsonApiResource};
/// use jsonapi_filter::include::Included;
/// # use serde::ser::SerializeMap;
/// struct Account { id: u32 }
/// impl JsonApiResource for Account {
///     const TYPE: &'static str = "accounts";
///     const ATTRIBUTES: &'static [&'static str] = &[];
///     fn id(&self) -> impl std::fmt::Display + '_ { self.id }
///     fn attributes<M: SerializeMap>(&self, _: &mut Attributes<'_, M>) {}
/// }
/// let primary = [Account { id: 1 }];
/// let mut included = Included::excluding(&primary);
/// included.add(&[Account { id: 1 }, Account { id: 2 }, Account { id: 2 }], Fields::ALL, &[], &[]).unwrap();
/// assert_eq!(serde_json::to_string(&included).unwrap(), r#"[{"id":"2","type":"accounts"}]"#);
/// ```
#[derive(Debug, Default)]
pub struct Included {
    objects: Vec<IncludedObject>,
    written: HashSet<(&'static str, String)>,
}

impl Included {
    /// An empty `included` member that leaves out the records of the primary data.
    pub fn excluding<T: JsonApiResource>(primary: &[T]) -> Included {
        Included {
            objects: Vec::new(),
            written: primary
                .iter()
                .map(|record| (T::TYPE, record.id().to_string()))
                .collect(),
        }
    }

    /// Adds `records` as resource objects (without links, with `fields`, the linkage of the relationships in
    /// `linkage` and the to-many linkage `to_many`), each once. An error is an attribute whose `Serialize`
    /// failed.
    pub fn add<T: JsonApiResource>(
        &mut self,
        records: &[T],
        fields: Fields<'_>,
        linkage: &[&str],
        to_many: &[ToManyLinkage],
    ) -> serde_json::Result<&mut Self> {
        for record in records {
            if self.written.insert((T::TYPE, record.id().to_string())) {
                let object =
                    ResourceObject::new(record, fields, None, linkage).with_to_many(to_many);
                self.objects.push(serde_json::value::to_raw_value(&object)?);
            }
        }
        Ok(self)
    }

    /// The resource objects, in the order added: a document's `included` member.
    pub fn into_objects(self) -> Vec<IncludedObject> {
        self.objects
    }
}

impl Serialize for Included {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.objects.len()))?;
        for object in &self.objects {
            seq.serialize_element(object)?;
        }
        seq.end()
    }
}
