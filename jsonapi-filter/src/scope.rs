//! The server's scope: conditions a client never sees, such as a tenant's accounts, that every statement of a
//! query keeps.
//!
//! A [`Scope`] is a list of conditions on the resource's own fields, built by the server (never parsed from
//! the request). [`ResourceQuery::scoped`] adds it to a query; from then on the scope is ANDed into the select and the
//! count alike, the in-memory evaluator applies it too, and it takes part in the statement's shape, so that
//! [`StatementCache`](crate::StatementCache) serves scoped statements like any other: one SQL text per shape,
//! the scope's values bound on each request.
//!
//! A scope belongs to a resource type: implementing [`Scoped`] for a resource and a viewer (the caller's
//! identity) states it once, and every read of that resource for that viewer goes through
//! [`ResourceQuery::scoped_for`].
//!
//! ```
//! use jsonapi_filter::{Backend, Filterable, ResourceQuery, Scope, Scoped};
//! use uuid::Uuid;
//!
//! #[derive(Filterable)]
//! #[filterable(type = "calls", table = "calls")]
//! struct Call {
//!     #[filterable(id)]
//!     id: i64,
//!     duration: i64,
//!     #[filterable(only(eq))]
//!     account_id: Uuid,
//! }
//!
//! /// Who is asking: the accounts this caller may see.
//! struct Caller {
//!     accounts: Vec<Uuid>,
//! }
//!
//! impl Scoped<Caller> for Call {
//!     fn scope(caller: &Caller) -> Scope<Call> {
//!         Scope::all().is_in("account-id", caller.accounts.iter().copied())
//!     }
//! }
//!
//! let caller = Caller { accounts: vec![Uuid::from_u128(7), Uuid::from_u128(8)] };
//! let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60").unwrap().scoped_for(&caller);
//! let (sql, values) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
//! assert_eq!(
//!     sql,
//!     r#"SELECT "calls".* FROM "calls" WHERE "calls"."account_id" IN (?, ?) AND "calls"."duration" > ? ORDER BY "calls"."id" ASC LIMIT ? OFFSET ?"#
//! );
//! assert_eq!(values.0.len(), 5);
//! // The count keeps the same scope.
//! let (count, _) = Backend::Sqlite.build(&query.count_statement(Backend::Sqlite));
//! assert!(count.contains(r#""calls"."account_id" IN (?, ?)"#), "{count}");
//! ```

use std::fmt;
use std::marker::PhantomData;

use jsonapi_filter_vocabulary::{Predicate, ValueKind};

use crate::query::{Filter, ResourceQuery};
use crate::schema::{FieldSchema, Resource};
use crate::value::FilterValue;

/// Conditions on `R`'s fields that the server adds to a query, all to hold. Built with the methods below;
/// an empty scope ([`Scope::all`]) restricts nothing.
///
/// The fields are named by their keys, in either spelling (`account-id`, `account_id`), and looked up in the
/// derived schema, so the columns still come only from the derive. Any predicate the field's kind allows may
/// be used, whether or not clients may filter on it.
///
/// # Panics
/// The building methods panic on a mistake in the server's own code: a key the resource does not have, a
/// predicate its kind does not allow, a value of another kind, or the wrong number of values. Each is found
/// by the first request that builds the scope, so the first test of the route shows it.
///
/// ```
/// use jsonapi_filter::{Backend, Filterable, Predicate, ResourceQuery, Scope};
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     customer_id: i64,
///     deleted: bool,
///     duration: i64,
/// }
///
/// // A tenant's rows, not deleted, whatever the client asks for.
/// let scope = Scope::<Call>::all()
///     .is_in("customer-id", [4_i64, 5])
///     .eq("deleted", false)
///     .condition("duration", Predicate::Gteq, [0_i64]);
/// let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60").unwrap().scoped(scope);
/// let (sql, values) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
/// assert!(
///     sql.contains(r#"WHERE "calls"."customer_id" IN (?, ?) AND "calls"."deleted" = ? AND "calls"."duration" >= ? AND "calls"."duration" > ?"#),
///     "{sql}"
/// );
/// assert_eq!(values.0[..5], [4_i64.into(), 5_i64.into(), false.into(), 0_i64.into(), 60_i64.into()]);
/// ```
pub struct Scope<R> {
    conditions: Vec<Filter>,
    resource: PhantomData<fn() -> R>,
}

impl<R: Resource> Scope<R> {
    /// No condition: every row of the table.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, Scope};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64 }
    /// assert!(Scope::<Call>::all().conditions().is_empty());
    /// ```
    pub fn all() -> Scope<R> {
        Scope {
            conditions: Vec::new(),
            resource: PhantomData,
        }
    }

    /// Keeps the rows whose field `key` equals one of `values`. No value keeps no row.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery, Scope};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, customer_id: i64 }
    /// let query = ResourceQuery::<Call>::default().scoped(Scope::all().is_in("customer-id", [4_i64, 5]));
    /// let (sql, _) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
    /// assert!(sql.contains(r#"WHERE "calls"."customer_id" IN (?, ?)"#), "{sql}");
    /// // PostgreSQL binds the list as one array, whatever its length.
    /// let (sql, _) = Backend::Postgres.build(&query.select_statement(Backend::Postgres));
    /// assert!(sql.contains(r#"WHERE "calls"."customer_id" = ANY($1)"#), "{sql}");
    /// ```
    pub fn is_in<V: Into<FilterValue>>(
        self,
        key: &str,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        self.condition(key, Predicate::In, values)
    }

    /// Keeps the rows whose field `key` equals `value`.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery, Scope};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, deleted: bool }
    /// let query = ResourceQuery::<Call>::default().scoped(Scope::all().eq("deleted", false));
    /// let (sql, values) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
    /// assert!(sql.contains(r#"WHERE "calls"."deleted" = ?"#), "{sql}");
    /// assert_eq!(values.0[0], false.into());
    /// ```
    pub fn eq(self, key: &str, value: impl Into<FilterValue>) -> Self {
        self.condition(key, Predicate::Eq, [value])
    }

    /// Keeps the rows whose field `key` satisfies `predicate` with `values` (one value for a comparison, any
    /// number for `in`/`not-in`/`cont-any`, one boolean flag for `null`/`not-null`), with exactly the meaning
    /// the predicate has in a client's filter.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, Predicate, ResourceQuery, Scope};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64 }
    /// let scope = Scope::<Call>::all().condition("duration", Predicate::Lteq, [3600_i64]);
    /// let (sql, _) = Backend::Sqlite.build(&ResourceQuery::default().scoped(scope).select_statement(Backend::Sqlite));
    /// assert!(sql.contains(r#"WHERE "calls"."duration" <= ?"#), "{sql}");
    /// ```
    pub fn condition<V: Into<FilterValue>>(
        mut self,
        key: &str,
        predicate: Predicate,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let schema = R::SCHEMA;
        let Some(field) = schema.field(key) else {
            panic!(
                "the scope of `{}` names `{key}`, which is not one of its fields",
                schema.type_name
            );
        };
        assert!(
            field.kind.allowed_predicates().contains(predicate),
            "the scope of `{}` uses `{}` on `{}`, which its kind ({}) does not allow",
            schema.type_name,
            predicate.suffix(),
            field.key,
            field.kind.name()
        );
        let values: Vec<FilterValue> = values.into_iter().map(Into::into).collect();
        check_values(schema.type_name, field, predicate, &values);
        self.conditions.push(Filter {
            field,
            predicate: Some(predicate),
            values,
        });
        self
    }

    /// The conditions, in the order they were added.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, Scope};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, customer_id: i64 }
    /// let scope = Scope::<Call>::all().eq("customer_id", 4_i64);
    /// assert_eq!(scope.conditions()[0].key(), "customer-id-eq");
    /// ```
    pub fn conditions(&self) -> &[Filter] {
        &self.conditions
    }
}

/// Panics unless `values` fit `predicate` on `field`: their kind, and their number.
fn check_values(resource: &str, field: &FieldSchema, predicate: Predicate, values: &[FilterValue]) {
    let expected_kind = if predicate.takes_flag() {
        ValueKind::Boolean
    } else {
        field.kind
    };
    for value in values {
        assert!(
            value.kind() == expected_kind,
            "the scope of `{resource}` compares `{}` ({}) with {value:?}, a value of another kind",
            field.key,
            expected_kind.name()
        );
        if let FilterValue::Enum(text) = value {
            assert!(
                field.allowed_values.contains(text),
                "the scope of `{resource}` compares `{}` with `{text}`, which is not one of its values",
                field.key
            );
        }
    }
    let fits = if predicate.takes_list() {
        true
    } else {
        values.len() == 1
    };
    assert!(
        fits,
        "the scope of `{resource}` gives {} values to `{}` on `{}`, which takes one",
        values.len(),
        predicate.suffix(),
        field.key
    );
}

impl<R> Clone for Scope<R> {
    fn clone(&self) -> Self {
        Scope {
            conditions: self.conditions.clone(),
            resource: PhantomData,
        }
    }
}

impl<R> fmt::Debug for Scope<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scope")
            .field("conditions", &self.conditions)
            .finish()
    }
}

/// The scope of a resource for one kind of viewer: what a caller of type `Viewer` may see of `Self`, stated
/// once beside the resource and applied by [`ResourceQuery::scoped_for`] wherever the resource is read.
///
/// ```
/// use jsonapi_filter::{Filterable, ResourceQuery, Scope, Scoped};
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     customer_id: i64,
/// }
///
/// struct Customer {
///     id: i64,
/// }
///
/// impl Scoped<Customer> for Call {
///     fn scope(customer: &Customer) -> Scope<Call> {
///         Scope::all().eq("customer-id", customer.id)
///     }
/// }
///
/// let query = ResourceQuery::<Call>::parse("").unwrap().scoped_for(&Customer { id: 7 });
/// assert_eq!(query.scope_conditions()[0].key(), "customer-id-eq");
/// ```
pub trait Scoped<Viewer>: Resource + Sized {
    /// The conditions that keep `viewer` to the rows it may see.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, Scope, Scoped};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, customer_id: i64 }
    /// # struct Customer { id: i64 }
    /// impl Scoped<Customer> for Call {
    ///     fn scope(customer: &Customer) -> Scope<Call> {
    ///         Scope::all().eq("customer-id", customer.id)
    ///     }
    /// }
    /// assert_eq!(Call::scope(&Customer { id: 7 }).conditions().len(), 1);
    /// ```
    fn scope(viewer: &Viewer) -> Scope<Self>;
}

impl<R: Resource> ResourceQuery<R> {
    /// This query with `scope`'s conditions added to the scope it has: the select, the count, the
    /// evaluator and the statement cache all keep them. They are not filters of the request: they appear in
    /// no link and no error.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, CountPolicy, Filterable, ResourceQuery, Scope};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, customer_id: i64 }
    /// let query = ResourceQuery::<Call>::parse("page[size]=10").unwrap().scoped(Scope::all().eq("customer-id", 4_i64));
    /// // The count keeps the scope too.
    /// let (sql, _) = Backend::Sqlite.build(&query.count(Backend::Sqlite, CountPolicy::Exact).statement());
    /// assert!(sql.contains(r#"WHERE "calls"."customer_id" = ?"#), "{sql}");
    /// // The scope is not the client's: no filter of the request, so no link repeats it.
    /// assert!(query.filters.is_empty());
    /// ```
    pub fn scoped(mut self, scope: Scope<R>) -> Self {
        self.scope.extend(scope.conditions);
        self.scoped = true;
        self
    }

    /// This query with `scope`'s conditions on the related resource `T`, wherever a filter through a
    /// relationship reaches `T` (`filter[account.name-cont]` of an export reaches accounts): a related row
    /// that the scope excludes matches no such filter, so a filter never reveals a related row the caller
    /// cannot see.
    ///
    /// **Closed by default.** Once a query is scoped ([`ResourceQuery::scoped`], [`ResourceQuery::scoped_for`]
    /// or this method), a related resource that has no scope of its own is closed: a condition through it
    /// matches nothing. A resource that every caller may see is opened with `Scope::all()`.
    ///
    /// ```
    /// use jsonapi_filter::{Backend, Filterable, ResourceQuery, Scope};
    ///
    /// #[derive(Filterable)]
    /// #[filterable(type = "accounts")]
    /// struct Account { #[filterable(id)] id: i64, name: String, customer_id: i64 }
    ///
    /// #[derive(Filterable)]
    /// #[filterable(type = "calls")]
    /// struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: i64 }
    ///
    /// let query = ResourceQuery::<Call>::parse("filter[account.name-eq]=Main").unwrap()
    ///     .scoped_related(Scope::<Account>::all().eq("customer-id", 4_i64));
    /// let (sql, values) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
    /// assert!(sql.contains(
    ///     r#"WHERE "calls"."account_id" IN (SELECT "accounts"."id" FROM "accounts" WHERE "accounts"."customer_id" = ? AND "accounts"."name" = ?)"#
    /// ), "{sql}");
    /// assert_eq!(values.0[..2], [4_i64.into(), "Main".into()]);
    ///
    /// // Scoped, but not for accounts: the filter through the account matches nothing.
    /// let closed = ResourceQuery::<Call>::parse("filter[account.name-eq]=Main").unwrap().scoped(Scope::all());
    /// let (sql, _) = Backend::Sqlite.build(&closed.select_statement(Backend::Sqlite));
    /// assert!(sql.contains("WHERE 1 = 0"), "{sql}");
    /// ```
    pub fn scoped_related<T: Resource>(mut self, scope: Scope<T>) -> Self {
        match self
            .related_scopes
            .iter_mut()
            .find(|(schema, _)| schema.is(T::SCHEMA))
        {
            Some((_, conditions)) => conditions.extend(scope.conditions),
            None => self.related_scopes.push((T::SCHEMA, scope.conditions)),
        }
        self.scoped = true;
        self
    }

    /// [`ResourceQuery::scoped_related`] with `T`'s [`Scoped::scope`] for `viewer`.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery, Scope, Scoped};
    /// # #[derive(Filterable)] #[filterable(type = "accounts")]
    /// # struct Account { #[filterable(id)] id: i64, name: String, customer_id: i64 }
    /// # #[derive(Filterable)] #[filterable(type = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, #[filterable(foreign_key, related = Account)] account_id: i64, customer_id: i64 }
    /// struct Customer(i64);
    /// impl Scoped<Customer> for Call {
    ///     fn scope(customer: &Customer) -> Scope<Call> { Scope::all().eq("customer-id", customer.0) }
    /// }
    /// impl Scoped<Customer> for Account {
    ///     fn scope(customer: &Customer) -> Scope<Account> { Scope::all().eq("customer-id", customer.0) }
    /// }
    /// let query = ResourceQuery::<Call>::parse("filter[account.name-eq]=Main").unwrap()
    ///     .scoped_for(&Customer(4))
    ///     .scoped_related_for::<Account, _>(&Customer(4));
    /// let (_, values) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
    /// assert_eq!(values.0[..3], [4_i64.into(), 4_i64.into(), "Main".into()]);
    /// ```
    pub fn scoped_related_for<T, Viewer>(self, viewer: &Viewer) -> Self
    where
        T: Scoped<Viewer>,
    {
        self.scoped_related(T::scope(viewer))
    }

    /// This query kept to what `viewer` may see: [`ResourceQuery::scoped`] with `R`'s [`Scoped::scope`].
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery, Scope, Scoped};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, customer_id: i64 }
    /// struct Customer(i64);
    /// impl Scoped<Customer> for Call {
    ///     fn scope(customer: &Customer) -> Scope<Call> {
    ///         Scope::all().eq("customer-id", customer.0)
    ///     }
    /// }
    /// let query = ResourceQuery::<Call>::parse("filter[id]=1,2").unwrap().scoped_for(&Customer(4));
    /// let (sql, values) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
    /// assert!(sql.contains(r#"WHERE "calls"."customer_id" = ? AND "calls"."id" IN (?, ?)"#), "{sql}");
    /// assert_eq!(values.0[0], 4_i64.into());
    /// ```
    pub fn scoped_for<Viewer>(self, viewer: &Viewer) -> Self
    where
        R: Scoped<Viewer>,
    {
        self.scoped(R::scope(viewer))
    }

    /// The server's conditions ([`ResourceQuery::scoped`]), which hold besides the request's filters.
    ///
    /// ```
    /// # use jsonapi_filter::{Filterable, ResourceQuery, Scope};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, customer_id: i64 }
    /// let query = ResourceQuery::<Call>::parse("").unwrap().scoped(Scope::all().eq("customer-id", 4_i64));
    /// assert!(query.filters.is_empty());
    /// assert_eq!(query.scope_conditions().len(), 1);
    /// ```
    pub fn scope_conditions(&self) -> &[Filter] {
        &self.scope
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{FilterStyle, ResourceSchema};

    struct Call;

    static FIELDS: [FieldSchema; 2] = [
        FieldSchema {
            name: "id",
            key: "id",
            column: "id",
            kind: ValueKind::Integer,
            scale: 0,
            nullable: false,
            allowed_values: &[],
            filter: FilterStyle::Id,
            sortable: true,
            default_filter: None,
        },
        FieldSchema {
            name: "customer_id",
            key: "customer-id",
            column: "customer_id",
            kind: ValueKind::Integer,
            scale: 0,
            nullable: false,
            allowed_values: &[],
            filter: FilterStyle::None,
            sortable: false,
            default_filter: None,
        },
    ];

    static SCHEMA: ResourceSchema = ResourceSchema {
        type_name: "calls",
        table: "calls",
        fields: &FIELDS,
        attributes: &[],
        attribute_columns: &[],
        relationships: &[],
        default_sort: &[],
        default_page_size: 10,
        max_page_size: 100,
        relationship_depth: 2,
    };

    impl Resource for Call {
        const SCHEMA: &'static ResourceSchema = &SCHEMA;
    }

    #[test]
    #[should_panic(expected = "names `tenant`, which is not one of its fields")]
    fn an_unknown_key_is_a_panic_naming_it() {
        let _ = Scope::<Call>::all().eq("tenant", 1_i64);
    }

    #[test]
    #[should_panic(expected = "a value of another kind")]
    fn a_value_of_another_kind_is_a_panic() {
        let _ = Scope::<Call>::all().eq("customer-id", "4");
    }

    #[test]
    #[should_panic(expected = "which its kind (integer) does not allow")]
    fn a_predicate_the_kind_does_not_allow_is_a_panic() {
        let _ = Scope::<Call>::all().condition("customer-id", Predicate::Cont, [4_i64]);
    }

    #[test]
    #[should_panic(expected = "gives 2 values to `eq`")]
    fn two_values_for_a_comparison_is_a_panic() {
        let _ = Scope::<Call>::all().condition("customer-id", Predicate::Eq, [4_i64, 5]);
    }

    #[test]
    fn a_field_clients_cannot_filter_may_scope() {
        let scope = Scope::<Call>::all().is_in("customer_id", [4_i64, 5]);
        assert_eq!(scope.conditions()[0].values.len(), 2);
    }
}
