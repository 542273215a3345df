//! `meta.total-count`: counted exactly, as the reference does, or counted only up to a bound, so that a
//! listing over a large table does not count every matching row on every request.
//!
//! An exact `COUNT(*)` reads every matching row: on PostgreSQL at 1,000,000 rows it costs tens of
//! milliseconds, far more than the page itself. [`CountPolicy::UpTo`] counts with
//! `SELECT COUNT(*) FROM (SELECT 1 FROM <table> WHERE <filters> LIMIT <bound>)`, which stops at the bound;
//! past it the total is reported as a lower bound ([`TotalCount::AtLeast`]). The bound always reaches one
//! row past the requested page, so whether a `next` page exists is still known exactly.

use sea_query::{Alias, Expr, Query as SqlQuery, SelectStatement};
use serde::Serialize;

use crate::query::{Page, ResourceQuery};
use crate::schema::Resource;
use crate::sql::Backend;

/// How a listing's total is counted.
///
/// ```
/// # use jsonapi_filter::*;
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls", table = "calls")]
/// # struct Call { #[filterable(id)] id: i64, duration: i64 }
/// assert_eq!(CountPolicy::default(), CountPolicy::Exact);
/// let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60").unwrap();
/// let (exact, _) = Backend::Sqlite.build(&query.count(Backend::Sqlite, CountPolicy::Exact).statement());
/// assert_eq!(exact, r#"SELECT COUNT(*) FROM "calls" WHERE "calls"."duration" > ?"#);
/// let (bounded, values) = Backend::Sqlite.build(&query.count(Backend::Sqlite, CountPolicy::UpTo(10_000)).statement());
/// assert_eq!(
///     bounded,
///     r#"SELECT COUNT(*) FROM (SELECT 1 FROM "calls" WHERE "calls"."duration" > ? LIMIT ?) AS "matching""#
/// );
/// assert_eq!(values.0, [60_i64.into(), 10_001_u64.into()]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CountPolicy {
    /// `COUNT(*)` over every matching row (the reference's behaviour).
    #[default]
    Exact,
    /// Exact totals up to this many rows; past it (and past the requested page), the count stops and the
    /// total is reported as [`TotalCount::AtLeast`].
    UpTo(u64),
}

/// A listing's total, as counted under a [`CountPolicy`]. Serializes as the listing's `meta` members:
/// `{"total-count": n}` when exact, `{"total-count-at-least": n}` when the count stopped at its bound.
///
/// ```
/// use jsonapi_filter::{CountPolicy, Page, TotalCount};
/// let page = Page { number: 1, size: 50 };
/// let total = CountPolicy::UpTo(1000).total(page, 1001); // the count stopped at its bound
/// assert_eq!(total, TotalCount::AtLeast(1001));
/// assert_eq!(serde_json::to_value(total).unwrap(), serde_json::json!({ "total-count-at-least": 1001 }));
/// assert_eq!(serde_json::to_value(TotalCount::Exact(12)).unwrap(), serde_json::json!({ "total-count": 12 }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TotalCount {
    /// Exactly this many rows match.
    #[serde(rename = "total-count")]
    Exact(u64),
    /// At least this many rows match; the count stopped there.
    #[serde(rename = "total-count-at-least")]
    AtLeast(u64),
}

impl CountPolicy {
    /// The most rows a count under this policy reads for `page` (`None` when exact): one more than the
    /// limit, or one row past the page when the page reaches further.
    ///
    /// ```
    /// use jsonapi_filter::{CountPolicy, Page};
    /// let page = Page { number: 3, size: 10 };
    /// assert_eq!(CountPolicy::UpTo(1000).bound(page), Some(1001));
    /// assert_eq!(CountPolicy::UpTo(5).bound(page), Some(31));
    /// assert_eq!(CountPolicy::Exact.bound(page), None);
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
    /// let page = Page { number: 3, size: 50 };
    /// assert_eq!(CountPolicy::UpTo(100).bound(page), Some(151)); // one row past the page, at least the limit
    /// assert_eq!(CountPolicy::Exact.bound(page), None);
    /// ```
    pub fn bound(self, page: Page) -> Option<u64> {
        match self {
            CountPolicy::Exact => None,
            CountPolicy::UpTo(limit) => Some(bound(limit, page)),
        }
    }

    /// The total for the number a count under this policy returned for `page`; the same as
    /// [`CountStatement::total`].
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
    /// let page = Page { number: 1, size: 50 };
    /// assert_eq!(CountPolicy::UpTo(1000).total(page, 12), TotalCount::Exact(12));
    /// assert_eq!(CountPolicy::UpTo(1000).total(page, 1001), TotalCount::AtLeast(1001));
    /// ```
    pub fn total(self, page: Page, counted: u64) -> TotalCount {
        total(self.bound(page), counted)
    }
}

impl TotalCount {
    /// The exact total, when known.
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
    /// assert_eq!(TotalCount::Exact(7).exact(), Some(7));
    /// assert_eq!(TotalCount::AtLeast(1001).exact(), None);
    /// ```
    pub fn exact(self) -> Option<u64> {
        match self {
            TotalCount::Exact(total) => Some(total),
            TotalCount::AtLeast(_) => None,
        }
    }
}

/// The statement counting a listing's total under a [`CountPolicy`], built by [`ResourceQuery::count`].
///
/// Scope it like the listing (for example to the caller's tenant) with [`CountStatement::matching_mut`],
/// run [`CountStatement::statement`], and turn the counted number into a [`TotalCount`] with
/// [`CountStatement::total`].
///
/// ```
/// use jsonapi_filter::*;
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     duration: i64,
/// }
/// let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60&page[number]=3&page[size]=10").unwrap();
/// let count = query.count(Backend::Sqlite, CountPolicy::UpTo(1000));
/// let (sql, _) = Backend::Sqlite.build(&count.statement());
/// assert_eq!(
///     sql,
///     r#"SELECT COUNT(*) FROM (SELECT 1 FROM "calls" WHERE "calls"."duration" > ? LIMIT ?) AS "matching""#
/// );
/// assert_eq!(count.bound(), Some(1001));
/// assert_eq!(count.total(1000), TotalCount::Exact(1000));
/// assert_eq!(count.total(1001), TotalCount::AtLeast(1001));
///
/// // Exact counting is the plain COUNT(*), as `ResourceQuery::count_statement`.
/// let exact = query.count(Backend::Sqlite, CountPolicy::Exact).statement();
/// assert_eq!(Backend::Sqlite.build(&exact), Backend::Sqlite.build(&query.count_statement(Backend::Sqlite)));
/// ```
#[derive(Debug, Clone)]
pub struct CountStatement {
    matching: SelectStatement,
    bound: Option<u64>,
}

impl CountStatement {
    /// The inner `SELECT ... FROM <table> WHERE <filters>`: add scoping conditions or joins here.
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
    /// use sea_query::{Expr, ExprTrait};
    /// let query = ResourceQuery::<Call>::parse("").unwrap();
    /// let mut count = query.count(Backend::Sqlite, CountPolicy::Exact);
    /// count.matching_mut().and_where(Expr::col(("calls", "account_id")).eq(3));
    /// let (sql, _) = Backend::Sqlite.build(&count.statement());
    /// assert_eq!(sql, r#"SELECT COUNT(*) FROM "calls" WHERE "calls"."account_id" = ?"#);
    /// ```
    pub fn matching_mut(&mut self) -> &mut SelectStatement {
        &mut self.matching
    }

    /// The most rows the statement counts (`None` when exact): one more than the policy's limit, or one row
    /// past the page when the page reaches further.
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
    /// let query = ResourceQuery::<Call>::parse("page[size]=10").unwrap();
    /// assert_eq!(query.count(Backend::Sqlite, CountPolicy::UpTo(100)).bound(), Some(101));
    /// ```
    pub fn bound(&self) -> Option<u64> {
        self.bound
    }

    /// The statement to run; it returns one integer.
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
    /// let (sql, _) = Backend::Sqlite.build(&query.count(Backend::Sqlite, CountPolicy::UpTo(100)).statement());
    /// assert_eq!(
    ///     sql,
    ///     r#"SELECT COUNT(*) FROM (SELECT 1 FROM "calls" WHERE "calls"."duration" > ? LIMIT ?) AS "matching""#
    /// );
    /// ```
    pub fn statement(&self) -> SelectStatement {
        let mut matching = self.matching.clone();
        let Some(bound) = self.bound else {
            matching.expr(Expr::cust("COUNT(*)"));
            return matching;
        };
        matching.expr(Expr::cust("1")).limit(bound);
        let mut count = SqlQuery::select();
        count
            .expr(Expr::cust("COUNT(*)"))
            .from_subquery(matching, Alias::new("matching"));
        count
    }

    /// The total for the number the statement returned.
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
    /// let query = ResourceQuery::<Call>::parse("").unwrap();
    /// let count = query.count(Backend::Sqlite, CountPolicy::UpTo(100));
    /// assert_eq!(count.total(101), TotalCount::AtLeast(101));
    /// ```
    pub fn total(&self, counted: u64) -> TotalCount {
        total(self.bound, counted)
    }
}

impl<R: Resource> ResourceQuery<R> {
    /// The statement counting this query's matching rows under `policy`, for `meta.total-count`.
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
    /// let (sql, values) = Backend::Postgres.build(&query.count(Backend::Postgres, CountPolicy::Exact).statement());
    /// assert_eq!(sql, r#"SELECT COUNT(*) FROM "calls" WHERE "calls"."duration" > $1"#);
    /// assert_eq!(values.0.len(), 1);
    /// ```
    pub fn count(&self, backend: Backend, policy: CountPolicy) -> CountStatement {
        let table = R::SCHEMA.table;
        let mut matching = SqlQuery::select();
        matching.from(table);
        self.apply_filters(&mut matching, backend);
        let bound = policy.bound(self.page);
        CountStatement { matching, bound }
    }

    /// `SELECT COUNT(*) FROM <table> WHERE <filters>`: the total for `meta.total-count`.
    /// The same as `self.count(backend, CountPolicy::Exact).statement()`.
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
    /// let query = ResourceQuery::<Call>::parse("").unwrap();
    /// let (sql, _) = Backend::Sqlite.build(&query.count_statement(Backend::Sqlite));
    /// assert_eq!(sql, r#"SELECT COUNT(*) FROM "calls" WHERE TRUE"#); // no filter: an empty AND
    /// ```
    pub fn count_statement(&self, backend: Backend) -> SelectStatement {
        self.count(backend, CountPolicy::Exact).statement()
    }

    /// The page ([`ResourceQuery::select_statement`]) with its count under `policy` in one more column,
    /// [`COUNTED_COLUMN`] (the same number in every row): a page and its count in one statement, so in one
    /// round trip to a database server. The count is an uncorrelated subquery, which each engine runs once;
    /// its values are bound before the page's.
    ///
    /// A page with no rows brings no count. When the first page (no offset, no cursor) is empty, nothing
    /// matches and the count is 0; when a later one is, run [`ResourceQuery::count`]'s statement for it.
    ///
    /// ```
    /// # use jsonapi_filter::*;
    /// # #[derive(Debug, Filterable)]
    /// # #[filterable(type = "calls", table = "calls", default_sort = "-duration")]
    /// # struct Call {
    /// #     #[filterable(id)]
    /// #     id: i64,
    /// #     duration: i64,
    /// # }
    /// let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60&page[size]=10").unwrap();
    /// let statement = query.select_with_count_statement(Backend::Postgres, CountPolicy::Exact);
    /// let (sql, values) = Backend::Postgres.build(&statement);
    /// assert_eq!(
    ///     sql,
    ///     r#"SELECT "calls".*, (SELECT COUNT(*) FROM "calls" WHERE "calls"."duration" > $1) AS "jsonapi_filter_counted" FROM "calls" WHERE "calls"."duration" > $2 ORDER BY "calls"."duration" DESC, "calls"."id" ASC LIMIT $3 OFFSET $4"#
    /// );
    /// assert_eq!(values.0.len(), 4);
    /// ```
    pub fn select_with_count_statement(
        &self,
        backend: Backend,
        policy: CountPolicy,
    ) -> SelectStatement {
        let mut select = self.select_statement(backend);
        let count = self.count(backend, policy).statement();
        select.expr_as(
            Expr::SubQuery(None, Box::new(count.into())),
            Alias::new(COUNTED_COLUMN),
        );
        select
    }
}

/// The column of [`ResourceQuery::select_with_count_statement`] that holds the count.
pub const COUNTED_COLUMN: &str = "jsonapi_filter_counted";

/// The rows to count for `limit` and `page`: one past the limit, so that a total of exactly `limit` is
/// exact, and at least one row past the page, so that `next` is known.
fn bound(limit: u64, page: Page) -> u64 {
    limit
        .max(page.offset().saturating_add(page.size))
        .saturating_add(1)
}

/// The total for `counted` rows of a count that stopped at `bound`.
fn total(bound: Option<u64>, counted: u64) -> TotalCount {
    match bound {
        Some(bound) if counted >= bound => TotalCount::AtLeast(bound),
        _ => TotalCount::Exact(counted),
    }
}
