//! SQL rendering: one place that turns validated filters, sort and page into sea-query statements for each
//! backend. Every backend difference lives here, so that every predicate means the same on all three.
//!
//! # Semantics, identical on SQLite, PostgreSQL and MariaDB
//! Proven by the conformance and differential suites on SQLite, PostgreSQL 15 and MariaDB 10.11, the engines
//! they run on. [`Backend::MySql`] renders sea-query's MySQL dialect for MariaDB; MySQL itself is not tested.
//! - Values are always bound parameters; identifiers come only from the derived schema.
//! - `eq`, `not-eq`, `in`, `not-in` on text compare exactly: case- and accent-sensitive, trailing spaces
//!   significant. (MySQL/MariaDB compare `CAST(column AS BINARY)`, because their default collations ignore
//!   case, accents and trailing spaces.)
//! - `cont`, `start`, `end`, `cont-any` ignore the case of ASCII letters only; every other character,
//!   including `%`, `_` and `\`, matches itself. (SQLite's `LIKE` folds ASCII only; PostgreSQL gets
//!   `COLLATE "C" ILIKE`, which folds ASCII only; MySQL/MariaDB get the column with ASCII letters folded and
//!   a binary `LIKE`. All use `ESCAPE '!'`, because a backslash in a literal means different things in MySQL.)
//! - `not-eq` and `not-in` do not return rows whose column is NULL, as SQL does.
//! - On PostgreSQL a list binds as one array: `in` is `column = ANY($1)` and `not-in` is `column <> ALL($1)`,
//!   so one statement text serves lists of every length (the same rows as `IN (...)`/`NOT IN (...)`).
//! - Decimals compare exactly, by value (`1.50` is `1.5`): PostgreSQL `numeric` and MySQL/MariaDB `DECIMAL`
//!   columns against bound decimals, SQLite's scaled `INTEGER`s against bound integers at the field's scale.
//!   The parser refuses a value the column cannot hold (more fractional digits than the scale, more than
//!   18 digits in all), so no value is ever rounded before it is compared.
//! - Datetimes compare as instants, to the microsecond that every backend stores; the parser refuses a
//!   value with digits beyond the sixth fractional one (`12:00:00.0000009Z` is a 107), for any year.
//! - IP addresses compare as addresses: two spellings of one address are equal (`2001:DB8::1` is
//!   `2001:db8:0:0:0:0:0:1`), an IPv4-mapped IPv6 address is not its IPv4 address, and they sort IPv4 first,
//!   then by number (PostgreSQL's `inet` order, which [`inet::to_binary`]'s bytes keep on SQLite and MariaDB).
//!   PostgreSQL compares `inet = inet`, so an index on the column serves `eq` and `in`.
//! - Text sorts by code point (PostgreSQL `COLLATE "C"`, MySQL binary); NULLs sort as the largest value
//!   (last ascending, first descending) everywhere; the id always ends the sort, so pages are stable.
//!
//! # Storage formats the renderer expects
//! | kind | PostgreSQL | MySQL/MariaDB | SQLite |
//! |---|---|---|---|
//! | string, enum | `text` | `varchar`/`text` | `TEXT` |
//! | integer | `bigint` (or smaller) | `BIGINT` (or smaller) | `INTEGER` |
//! | decimal of scale *s* | `numeric(18, s)` | `DECIMAL(18, s)` | `INTEGER`: the value times 10^*s* ([`sqlite_decimal`]) |
//! | datetime | `timestamptz` | `DATETIME(6)` holding UTC | `TEXT` as [`sqlite_datetime`] writes it |
//! | uuid | `uuid` | `CHAR(36)`, lower-case hyphenated | `TEXT`, lower-case hyphenated |
//! | inet | `inet` (one address, no mask) | `VARBINARY(17)` as [`inet::to_binary`] writes it | `BLOB` as [`inet::to_binary`] writes it |
//! | boolean | `boolean` | `BOOLEAN` | `INTEGER` 0/1 |
//!
//! ```
//! use jsonapi_filter::{Backend, Filterable, ResourceQuery};
//!
//! #[derive(Filterable)]
//! #[filterable(type = "calls", table = "calls")]
//! struct Call {
//!     #[filterable(id)]
//!     id: i64,
//!     caller: Option<String>,
//! }
//!
//! // One query, three dialects: the same rows on each.
//! let query = ResourceQuery::<Call>::parse("filter[caller-eq]=Zoë").unwrap();
//! let select = query.select_statement(Backend::MySql);
//! let (sql, _) = Backend::MySql.build(&select);
//! assert!(sql.contains("(CAST(`calls`.`caller` AS BINARY)) = ?"), "{sql}");
//! let (sql, _) = Backend::Postgres.build(&query.select_statement(Backend::Postgres));
//! assert!(sql.contains(r#""calls"."caller" = $1"#), "{sql}");
//! ```

use std::sync::LazyLock;

use chrono::{DateTime, SubsecRound, Utc};
use rust_decimal::Decimal;
use sea_query::prelude::IpNetwork;
use sea_query::{
    ArrayType, Asterisk, Condition, Expr, ExprTrait, MysqlQueryBuilder, NullOrdering, Order,
    PostgresQueryBuilder, Query as SqlQuery, SelectStatement, SqliteQueryBuilder, Value, Values,
};

use crate::cursor::SortPosition;
use crate::group::{Conditions, FilterGroup};
use crate::inet;
use crate::query::{Filter, RelationshipFilter, ResourceQuery, SortKey};
use crate::schema::{FieldSchema, Resource, ResourceSchema, SortDirection};
use crate::value::FilterValue;
use jsonapi_filter_vocabulary::Predicate;
use jsonapi_filter_vocabulary::ValueKind;

/// A SQL dialect: which sea-query builder renders a statement, and how values bind to each engine's columns.
///
/// ```
/// use jsonapi_filter::Backend;
/// use sea_query::{Expr, ExprTrait, Query};
///
/// let mut select = Query::select();
/// select.column("id").from("calls").and_where(Expr::col("duration").gt(60));
/// assert_eq!(Backend::Sqlite.build(&select).0, r#"SELECT "id" FROM "calls" WHERE "duration" > ?"#);
/// assert_eq!(Backend::Postgres.build(&select).0, r#"SELECT "id" FROM "calls" WHERE "duration" > $1"#);
/// assert_eq!(Backend::MySql.build(&select).0, "SELECT `id` FROM `calls` WHERE `duration` > ?");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// SQLite 3.30 or later.
    Sqlite,
    /// PostgreSQL 12 or later.
    Postgres,
    /// MariaDB, through sea-query's MySQL dialect (tested on MariaDB 10.11; MySQL itself is not tested).
    MySql,
}

impl Backend {
    /// Renders a statement to SQL with placeholders, and its values.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: Option<String> }
    /// let query = ResourceQuery::<Call>::parse("filter[duration-gteq]=60&page[size]=10").unwrap();
    /// let (sql, values) = Backend::Postgres.build(&query.select_statement(Backend::Postgres));
    /// assert_eq!(
    ///     sql,
    ///     r#"SELECT "calls".* FROM "calls" WHERE "calls"."duration" >= $1 ORDER BY "calls"."id" ASC LIMIT $2 OFFSET $3"#
    /// );
    /// assert_eq!(values.0, [60i64.into(), 10u64.into(), 0u64.into()]);
    /// ```
    pub fn build(self, statement: &SelectStatement) -> (String, Values) {
        match self {
            Backend::Sqlite => statement.build(SqliteQueryBuilder),
            Backend::Postgres => statement.build(PostgresQueryBuilder),
            Backend::MySql => statement.build(MysqlQueryBuilder),
        }
    }

    /// Renders a statement to SQL with placeholders, and its values ready for sqlx
    /// (`sqlx::query_with(&sql, values)`).
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: Option<String> }
    /// let query = ResourceQuery::<Call>::parse("filter[caller-start]=+44").unwrap();
    /// let (sql, _values) = Backend::Sqlite.build_sqlx(&query.select_statement(Backend::Sqlite));
    /// assert!(sql.contains(r#""calls"."caller" LIKE ? ESCAPE '!'"#), "{sql}");
    /// ```
    #[cfg(feature = "sqlx")]
    pub fn build_sqlx(self, statement: &SelectStatement) -> (String, sea_query_sqlx::SqlxValues) {
        use sea_query_sqlx::SqlxBinder;
        match self {
            Backend::Sqlite => statement.build_sqlx(SqliteQueryBuilder),
            Backend::Postgres => statement.build_sqlx(PostgresQueryBuilder),
            Backend::MySql => statement.build_sqlx(MysqlQueryBuilder),
        }
    }

    /// Renders a statement to SQLite's SQL with placeholders, and its values ready for rusqlite
    /// (`statement.query(values.as_params().as_slice())`): the binding for an embedded database read through
    /// rusqlite rather than sqlx. Only SQLite has a rusqlite driver, so this renders SQLite's dialect.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: Option<String> }
    /// let query = ResourceQuery::<Call>::parse("filter[duration-gteq]=60").unwrap();
    /// let (sql, values) = Backend::build_rusqlite(&query.select_statement(Backend::Sqlite));
    /// assert!(sql.contains(r#""calls"."duration" >= ?"#), "{sql}");
    /// assert_eq!(values.as_params().len(), 3); // the value, LIMIT and OFFSET
    /// ```
    #[cfg(feature = "rusqlite")]
    pub fn build_rusqlite(
        statement: &SelectStatement,
    ) -> (String, sea_query_rusqlite::RusqliteValues) {
        let (sql, values) = statement.build(SqliteQueryBuilder);
        (sql, rusqlite_values(values))
    }

    /// Binds a filter value in the column format of the storage table above.
    ///
    /// A decimal binds as itself on the servers; on SQLite, which stores it scaled by its field's scale, as
    /// its mantissa at its own scale (`1.50` binds 150), which is the column's integer when the value has the
    /// field's scale, as every value the parser reads has. For values of other scales, bind with
    /// [`Backend::bind_for`], which knows the field.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use jsonapi_filter::{Backend, Decimal, FilterValue};
    ///
    /// let instant = FilterValue::DateTime(Utc.with_ymd_and_hms(2026, 1, 2, 12, 46, 13).unwrap());
    /// assert_eq!(Backend::Sqlite.bind(&instant), sea_query::Value::from("2026-01-02T12:46:13.000000Z"));
    /// assert!(matches!(Backend::Postgres.bind(&instant), sea_query::Value::ChronoDateTimeUtc(Some(_))));
    /// assert_eq!(Backend::MySql.bind(&FilterValue::Boolean(true)), sea_query::Value::from(true));
    /// let rate = FilterValue::Decimal(Decimal::new(150, 2));
    /// assert_eq!(Backend::Sqlite.bind(&rate), sea_query::Value::from(150_i64));
    /// assert_eq!(Backend::Postgres.bind(&rate), sea_query::Value::from(Decimal::new(150, 2)));
    /// let address = FilterValue::Inet("10.0.0.1".parse().unwrap());
    /// assert_eq!(Backend::Sqlite.bind(&address), sea_query::Value::from(vec![4_u8, 10, 0, 0, 1]));
    /// assert_eq!(Backend::MySql.bind(&address), Backend::Sqlite.bind(&address));
    /// ```
    pub fn bind(self, value: &FilterValue) -> Value {
        match (value, self) {
            (FilterValue::String(text), _) => text.clone().into(),
            (FilterValue::Integer(number), _) => (*number).into(),
            (FilterValue::Decimal(number), Backend::Sqlite) => {
                sqlite_decimal(number, number.scale()).into()
            }
            (FilterValue::Decimal(number), _) => (*number).into(),
            (FilterValue::Enum(text), _) => (*text).into(),
            (FilterValue::Boolean(flag), _) => (*flag).into(),
            // Every backend stores microseconds. Finer digits are truncated here, because sqlx would round
            // PostgreSQL's toward 2000-01-01 (up, before 2000) but truncate the others'.
            (FilterValue::DateTime(instant), Backend::Postgres) => instant.trunc_subsecs(6).into(),
            (FilterValue::DateTime(instant), Backend::MySql) => {
                instant.trunc_subsecs(6).naive_utc().into()
            }
            (FilterValue::DateTime(instant), Backend::Sqlite) => sqlite_datetime(instant).into(),
            (FilterValue::Uuid(uuid), Backend::Postgres) => (*uuid).into(),
            (FilterValue::Uuid(uuid), _) => uuid.hyphenated().to_string().into(),
            // A host network (`/32`, `/128`): what PostgreSQL's `inet` holds for an address without a mask.
            (FilterValue::Inet(address), Backend::Postgres) => IpNetwork::from(*address).into(),
            (FilterValue::Inet(address), _) => inet::to_binary(*address).into(),
        }
    }
}

/// Values rendered for SQLite (by [`Backend::build`] or a `StatementCache`) ready for rusqlite: the binding
/// of a cached statement's values, as `sea_query_sqlx::SqlxValues(values)` is for sqlx.
///
/// ```
/// use jsonapi_filter::sql::rusqlite_values;
/// let values = rusqlite_values(sea_query::Values(vec![42_i64.into(), "text".into()]));
/// assert_eq!(values.as_params().len(), 2);
/// ```
#[cfg(feature = "rusqlite")]
pub fn rusqlite_values(values: Values) -> sea_query_rusqlite::RusqliteValues {
    sea_query_rusqlite::RusqliteValues(
        values
            .0
            .into_iter()
            .map(sea_query_rusqlite::RusqliteValue)
            .collect(),
    )
}

impl Backend {
    /// The SQL NULL of a column of `kind`, typed as [`Backend::bind`] binds that kind's values (so that
    /// PostgreSQL sees a `uuid` or `timestamptz` NULL, SQLite a text one).
    ///
    /// ```
    /// use jsonapi_filter::{Backend, ValueKind};
    /// assert_eq!(Backend::Postgres.null(ValueKind::Uuid), sea_query::Value::Uuid(None));
    /// assert_eq!(Backend::Sqlite.null(ValueKind::Uuid), sea_query::Value::String(None));
    /// ```
    pub fn null(self, kind: ValueKind) -> Value {
        match (kind, self) {
            (ValueKind::String | ValueKind::Enum, _) => Value::String(None),
            (ValueKind::Integer, _) => Value::BigInt(None),
            (ValueKind::Decimal, Backend::Sqlite) => Value::BigInt(None),
            (ValueKind::Decimal, _) => Value::Decimal(None),
            (ValueKind::Boolean, _) => Value::Bool(None),
            (ValueKind::DateTime, Backend::Postgres) => Value::ChronoDateTimeUtc(None),
            (ValueKind::DateTime, Backend::MySql) => Value::ChronoDateTime(None),
            (ValueKind::Uuid, Backend::Postgres) => Value::Uuid(None),
            (ValueKind::DateTime | ValueKind::Uuid, _) => Value::String(None),
            (ValueKind::Inet, Backend::Postgres) => Value::IpNetwork(None),
            (ValueKind::Inet, _) => Value::Bytes(None),
        }
    }

    /// `value` as [`Backend::bind`] binds it, or the typed NULL of `kind` ([`Backend::null`]) for `None`:
    /// the one place that knows each backend's column formats, for a server's own inserts and updates too.
    ///
    /// ```
    /// use jsonapi_filter::{Backend, FilterValue, ValueKind};
    /// let id = uuid::Uuid::from_u128(7);
    /// assert_eq!(
    ///     Backend::Sqlite.bind_option(ValueKind::Uuid, Some(&FilterValue::Uuid(id))),
    ///     sea_query::Value::from("00000000-0000-0000-0000-000000000007")
    /// );
    /// assert_eq!(Backend::Sqlite.bind_option(ValueKind::Uuid, None), sea_query::Value::String(None));
    /// ```
    pub fn bind_option(self, kind: ValueKind, value: Option<&FilterValue>) -> Value {
        value.map_or_else(|| self.null(kind), |value| self.bind(value))
    }

    /// `value` in the column format of `field`, or its typed NULL: as [`Backend::bind_option`], and for a
    /// decimal on SQLite the value times `10^field.scale` ([`sqlite_decimal`]), whatever the value's own
    /// scale. What a server binds to write a row that filters will read.
    ///
    /// ```
    /// use jsonapi_filter::{Backend, Decimal, FieldSchema, FilterStyle, FilterValue, ValueKind};
    /// let rate = FieldSchema {
    ///     name: "rate", key: "rate", column: "rate", kind: ValueKind::Decimal, scale: 4,
    ///     nullable: true, allowed_values: &[], filter: FilterStyle::None, sortable: true, default_filter: None,
    /// };
    /// let value = FilterValue::Decimal("0.5".parse().unwrap());
    /// assert_eq!(Backend::Sqlite.bind_for(&rate, Some(&value)), sea_query::Value::from(5000_i64));
    /// assert_eq!(Backend::Sqlite.bind_for(&rate, None), sea_query::Value::BigInt(None));
    /// ```
    pub fn bind_for(self, field: &FieldSchema, value: Option<&FilterValue>) -> Value {
        match (value, self) {
            (Some(FilterValue::Decimal(number)), Backend::Sqlite) => {
                sqlite_decimal(number, field.scale).into()
            }
            _ => self.bind_option(field.kind, value),
        }
    }
}

/// The `INTEGER` in which SQLite columns store a decimal of scale `scale`: the value times `10^scale`
/// (`0.0123` at scale 4 is 123). Integers order and compare exactly as the decimals they stand for. A value
/// with more fractional digits than `scale` is rounded half away from zero (the parser never gives one); one
/// too large for an `i64` saturates (the parser never gives one either: 18 digits at most).
///
/// ```
/// use jsonapi_filter::Decimal;
/// use jsonapi_filter::sql::sqlite_decimal;
/// assert_eq!(sqlite_decimal(&"0.0123".parse::<Decimal>().unwrap(), 4), 123);
/// assert_eq!(sqlite_decimal(&"-1.5".parse::<Decimal>().unwrap(), 4), -15_000);
/// ```
pub fn sqlite_decimal(value: &Decimal, scale: u32) -> i64 {
    let mut scaled = *value;
    scaled.rescale(scale);
    let saturated = if value.is_sign_negative() {
        i64::MIN
    } else {
        i64::MAX
    };
    if scaled.scale() != scale {
        // Too many digits for the scale even in 96 bits: far beyond any i64.
        return saturated;
    }
    i64::try_from(scaled.mantissa()).unwrap_or(saturated)
}

/// The text form in which SQLite columns store datetimes: UTC, microseconds, `Z`
/// (`2026-01-02T12:46:13.410000Z`). Its fixed width makes text order the same as time order. Filter values
/// never hold digits beyond microseconds (the parser refuses them); an instant that does is written
/// truncated to the microsecond.
///
/// ```
/// let instant = "2026-01-02T14:46:13.41+02:00".parse::<chrono::DateTime<chrono::Utc>>().unwrap();
/// assert_eq!(jsonapi_filter::sql::sqlite_datetime(&instant), "2026-01-02T12:46:13.410000Z");
/// ```
pub fn sqlite_datetime(instant: &DateTime<Utc>) -> String {
    instant.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The column of `field` in `table`.
fn column(table: &'static str, field: &FieldSchema) -> Expr {
    Expr::col((table, field.column))
}

/// Whether the kind is stored as text on this backend.
fn stored_as_text(kind: ValueKind, backend: Backend) -> bool {
    match kind {
        ValueKind::String | ValueKind::Enum => true,
        ValueKind::Uuid => backend != Backend::Postgres,
        ValueKind::Inet
        | ValueKind::Integer
        | ValueKind::Decimal
        | ValueKind::DateTime
        | ValueKind::Boolean => false,
    }
}

/// The column as compared by `eq`/`in`: exact, byte for byte.
fn exact_operand(table: &'static str, field: &FieldSchema, backend: Backend) -> Expr {
    let column = column(table, field);
    match backend {
        Backend::MySql if matches!(field.kind, ValueKind::String | ValueKind::Enum) => {
            Expr::cust_with_exprs("CAST(? AS BINARY)", [column])
        }
        _ => column,
    }
}

/// The column as sorted: by code point for text.
fn sort_operand(table: &'static str, field: &FieldSchema, backend: Backend) -> Expr {
    by_code_point(column(table, field), field.kind, backend)
}

/// `operand`, a value of `kind`, ordered by code point when stored as text: `COLLATE "C"` on PostgreSQL, the
/// binary cast on MySQL (SQLite's default collation already is).
fn by_code_point(operand: Expr, kind: ValueKind, backend: Backend) -> Expr {
    match backend {
        Backend::Postgres if stored_as_text(kind, backend) => {
            Expr::cust_with_exprs("$1 COLLATE \"C\"", [operand])
        }
        Backend::MySql if stored_as_text(kind, backend) => {
            Expr::cust_with_exprs("CAST(? AS BINARY)", [operand])
        }
        _ => operand,
    }
}

/// `condition` and a related resource's scope on its table: each of its filters, or `1 = 0` when closed
/// (`None`).
pub(crate) fn and_scope(
    condition: Condition,
    scope: Option<&[Filter]>,
    table: &'static str,
    backend: Backend,
) -> Condition {
    match scope {
        Some(filters) => filters.iter().fold(condition, |all, filter| {
            all.add(render_filter(filter, table, backend))
        }),
        None => condition.add(Expr::cust("1 = 0")),
    }
}

/// The related field of a criterion through a to-one relationship, as a scalar subquery correlated on the
/// foreign key: `(SELECT accounts.name FROM accounts WHERE accounts.id = cdr_exports.account_id AND <scope>)`,
/// NULL when there is no related row or the scope hides it (`scope` `None`: closed, always NULL). The text
/// sorts by code point, as a field of the resource's own.
fn related_sort_operand(
    key: &SortKey,
    through: &crate::query::SortThrough,
    table: &'static str,
    scope: Option<&[Filter]>,
    backend: Backend,
) -> Expr {
    let related = through.related;
    let correlated = Condition::all()
        .add(column(related.table, related.id_field()).equals((table, through.foreign_key.column)));
    let condition = and_scope(correlated, scope, related.table, backend);
    let mut select = SqlQuery::select();
    select
        .column((related.table, key.field.column))
        .from(related.table)
        .cond_where(condition);
    by_code_point(Expr::from(select), key.field.kind, backend)
}

/// A sort criterion's operand (collated as the sort compares it) and whether it can be NULL: a criterion
/// through a relationship is NULL for a row without a visible related row.
fn sort_key_operand<'s>(
    key: &SortKey,
    table: &'static str,
    backend: Backend,
    related_scope: &impl Fn(&'static ResourceSchema) -> Option<&'s [Filter]>,
) -> (Expr, bool) {
    match key.through {
        None => (sort_operand(table, key.field, backend), key.field.nullable),
        Some(through) => {
            let scope = related_scope(through.related);
            (
                related_sort_operand(key, &through, table, scope, backend),
                true,
            )
        }
    }
}

/// MySQL's `LOWER` folds every script; this folds ASCII letters of the binary column only, to match the
/// other backends.
static MYSQL_ASCII_FOLD: LazyLock<String> = LazyLock::new(|| {
    let mut template = "CAST(? AS BINARY)".to_owned();
    for upper in 'A'..='Z' {
        template = format!(
            "REPLACE({template}, '{upper}', '{}')",
            upper.to_ascii_lowercase()
        );
    }
    template
});

/// Appends `value` to `pattern` with `!`, `%` and `_` escaped by `!`, so that they match literally under
/// `ESCAPE '!'`.
fn push_escaped_like(pattern: &mut String, value: &str) {
    for character in value.chars() {
        if matches!(character, '!' | '%' | '_') {
            pattern.push('!');
        }
        pattern.push(character);
    }
}

/// `column` matches `pattern` (a [`like_pattern`]), ignoring the case of ASCII letters.
fn like_ascii_insensitive(
    table: &'static str,
    field: &FieldSchema,
    pattern: Value,
    backend: Backend,
) -> Expr {
    let column = column(table, field);
    match backend {
        Backend::Sqlite => {
            Expr::cust_with_exprs("? LIKE ? ESCAPE '!'", [column, Expr::val(pattern)])
        }
        Backend::Postgres => Expr::cust_with_exprs(
            "$1 COLLATE \"C\" ILIKE $2 ESCAPE '!'",
            [column, Expr::val(pattern)],
        ),
        Backend::MySql => {
            let folded = Expr::cust_with_exprs(MYSQL_ASCII_FOLD.as_str(), [column]);
            Expr::cust_with_exprs("? LIKE ? ESCAPE '!'", [folded, Expr::val(pattern)])
        }
    }
}

/// The bound pattern of a `cont`/`start`/`end` value: escaped, with its `%` wildcards, and lower-cased for
/// MySQL, whose column side is folded to lower-case ASCII.
fn like_pattern(value: &FilterValue, leading: bool, trailing: bool, backend: Backend) -> Value {
    let written;
    let text = match value {
        FilterValue::String(text) => text,
        other => {
            written = other.to_query_value();
            &written
        }
    };
    // Room for the wildcards and a few escapes: one allocation in the usual case.
    let mut pattern = String::with_capacity(text.len() + 4);
    if leading {
        pattern.push('%');
    }
    push_escaped_like(&mut pattern, text);
    if trailing {
        pattern.push('%');
    }
    if backend == Backend::MySql {
        pattern.make_ascii_lowercase();
    }
    pattern.into()
}

/// Whether the backend binds `predicate`'s list as one array: PostgreSQL's `= ANY($1)` and `<> ALL($1)`, so
/// that one statement text serves lists of any length.
pub(crate) fn binds_list_as_array(predicate: Predicate, backend: Backend) -> bool {
    backend == Backend::Postgres && matches!(predicate, Predicate::In | Predicate::NotIn)
}

/// A PostgreSQL array of the values of a field of `kind`, each bound as [`Backend::bind`] binds it.
fn postgres_array(kind: ValueKind, values: &[FilterValue]) -> Value {
    let element = match kind {
        ValueKind::String | ValueKind::Enum => ArrayType::String,
        ValueKind::Integer => ArrayType::BigInt,
        ValueKind::Decimal => ArrayType::Decimal,
        ValueKind::DateTime => ArrayType::ChronoDateTimeUtc,
        ValueKind::Uuid => ArrayType::Uuid,
        ValueKind::Inet => ArrayType::IpNetwork,
        ValueKind::Boolean => ArrayType::Bool,
    };
    let elements = values
        .iter()
        .map(|value| match value {
            // The long lists are of ids: their elements are made here, without the general binding's dispatch.
            FilterValue::Integer(number) => Value::BigInt(Some(*number)),
            value => Backend::Postgres.bind(value),
        })
        .collect();
    Value::Array(element, Some(Box::new(elements)))
}

/// The values `filter`'s condition binds, in the order [`render_filter`] binds them: the one value of a
/// comparison, every value of a list (or, on PostgreSQL, one array of them for `in` and `not-in`), none for
/// `null`/`not-null`. [`render_filter`] renders from this iterator and the statement cache binds from it, so
/// the two cannot disagree on a value's form.
pub(crate) fn filter_parameters(
    filter: &Filter,
    backend: Backend,
) -> impl Iterator<Item = Value> + '_ {
    let predicate = filter.effective_predicate();
    let array = binds_list_as_array(predicate, backend)
        .then(|| postgres_array(filter.field.kind, &filter.values));
    let count = match predicate {
        _ if array.is_some() => 0,
        Predicate::Null | Predicate::NotNull => 0,
        list if list.takes_list() => filter.values.len(),
        _ => 1,
    };
    array.into_iter().chain(
        filter
            .values
            .iter()
            .take(count)
            .map(move |value| match predicate {
                Predicate::Cont | Predicate::ContAny => like_pattern(value, true, true, backend),
                Predicate::Start => like_pattern(value, false, true, backend),
                Predicate::End => like_pattern(value, true, false, backend),
                _ => backend.bind_for(filter.field, Some(value)),
            }),
    )
}

/// Whether a `null`/`not-null` filter renders `IS NULL` (rather than `IS NOT NULL`): its flag, read against
/// the predicate (`null=false` is `IS NOT NULL`).
pub(crate) fn tests_for_null(filter: &Filter) -> bool {
    let flag = matches!(filter.values.first(), Some(FilterValue::Boolean(true)));
    match filter.effective_predicate() {
        Predicate::NotNull => !flag,
        _ => flag,
    }
}

/// Renders one filter as a condition on `table`.
///
/// ```
/// use jsonapi_filter::*;
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     caller: String,
/// }
/// let query = ResourceQuery::<Call>::parse("filter[caller-cont]=50%25").unwrap();
/// let select = query.select_statement(Backend::Postgres);
/// let (sql, values) = Backend::Postgres.build(&select);
/// assert!(sql.contains(r#""calls"."caller" COLLATE "C" ILIKE $1 ESCAPE '!'"#), "{sql}");
/// assert_eq!(values.0[0], sea_query::Value::from("%50!%%"));
/// ```
pub fn render_filter(filter: &Filter, table: &'static str, backend: Backend) -> Condition {
    let field = filter.field;
    let mut parameters = filter_parameters(filter, backend);
    let mut one = || {
        parameters
            .next()
            .expect("a comparison filter holds one value")
    };
    let like = |pattern: Value| like_ascii_insensitive(table, field, pattern, backend);
    let expression = match filter.effective_predicate() {
        Predicate::Eq => exact_operand(table, field, backend).eq(one()),
        Predicate::NotEq => exact_operand(table, field, backend).ne(one()),
        Predicate::Gt => column(table, field).gt(one()),
        Predicate::Gteq => column(table, field).gte(one()),
        Predicate::Lt => column(table, field).lt(one()),
        Predicate::Lteq => column(table, field).lte(one()),
        Predicate::Cont | Predicate::Start | Predicate::End => like(one()),
        Predicate::In if backend == Backend::Postgres => {
            Expr::cust_with_exprs("$1 = ANY($2)", [column(table, field), Expr::val(one())])
        }
        Predicate::NotIn if backend == Backend::Postgres => {
            Expr::cust_with_exprs("$1 <> ALL($2)", [column(table, field), Expr::val(one())])
        }
        Predicate::In => exact_operand(table, field, backend).is_in(parameters),
        Predicate::NotIn => exact_operand(table, field, backend).is_not_in(parameters),
        Predicate::ContAny => balanced_or(parameters.map(like).collect()),
        Predicate::Null | Predicate::NotNull if tests_for_null(filter) => {
            column(table, field).is_null()
        }
        Predicate::Null | Predicate::NotNull => column(table, field).is_not_null(),
    };
    Condition::all().add(expression)
}

/// `a OR b OR ...` as a balanced tree: its depth grows with the logarithm of the number of terms, so a
/// `cont-any` of a thousand values stays far from the renderer's recursion (a left-nested chain of a
/// thousand overflowed the stack) and from engines' expression-depth limits (SQLite's is 1,000).
fn balanced_or(mut terms: Vec<Expr>) -> Expr {
    if terms.len() <= 1 {
        return terms.pop().unwrap_or_else(|| Expr::val(false));
    }
    let right = terms.split_off(terms.len() / 2);
    balanced_or(terms).or(balanced_or(right))
}

/// Renders all filters, which must all hold, as one condition on `table`.
///
/// ```
/// use jsonapi_filter::sql::render_condition;
/// # use jsonapi_filter::{Backend, Filterable, ResourceQuery};
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls", table = "calls")]
/// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: Option<String> }
/// let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60&filter[duration-lt]=600").unwrap();
/// let mut select = sea_query::Query::select();
/// select.column("id").from("calls").cond_where(render_condition(&query.filters, "calls", Backend::Sqlite));
/// let (sql, _) = Backend::Sqlite.build(&select);
/// assert_eq!(sql, r#"SELECT "id" FROM "calls" WHERE "calls"."duration" > ? AND "calls"."duration" < ?"#);
/// ```
pub fn render_condition(filters: &[Filter], table: &'static str, backend: Backend) -> Condition {
    filters.iter().fold(Condition::all(), |all, filter| {
        all.add(render_filter(filter, table, backend))
    })
}

/// Adds `ORDER BY` for the sort keys, then the id as a tie-breaker unless the sort names it.
///
/// A nullable column sorts its NULLs as the largest value on every engine.
///
/// ```
/// use jsonapi_filter::Resource;
/// use jsonapi_filter::sql::render_sort;
/// # use jsonapi_filter::{Backend, Filterable, ResourceQuery};
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls", table = "calls")]
/// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: Option<String> }
/// let query = ResourceQuery::<Call>::parse("sort=-caller").unwrap();
/// let mut select = sea_query::Query::select();
/// select.column("id").from("calls");
/// render_sort(&mut select, &query.sort, Call::SCHEMA.id_field(), "calls", Backend::Postgres);
/// assert_eq!(
///     Backend::Postgres.build(&select).0,
///     r#"SELECT "id" FROM "calls" ORDER BY "calls"."caller" COLLATE "C" DESC NULLS FIRST, "calls"."id" ASC"#
/// );
/// ```
///
/// A criterion through a relationship (`sort=account.name`) needs the related resource's scope, which only
/// the query knows: here it is closed (every row sorts as having no related row); use
/// [`ResourceQuery::apply_sort`].
pub fn render_sort(
    select: &mut SelectStatement,
    sort: &[SortKey],
    id: &'static FieldSchema,
    table: &'static str,
    backend: Backend,
) {
    render_sort_scoped(select, sort, id, table, backend, |_| None);
}

/// [`render_sort`], reading each related resource's scope from `related_scope` (`None`: closed).
fn render_sort_scoped<'s>(
    select: &mut SelectStatement,
    sort: &[SortKey],
    id: &'static FieldSchema,
    table: &'static str,
    backend: Backend,
    related_scope: impl Fn(&'static ResourceSchema) -> Option<&'s [Filter]>,
) {
    render_sort_in(select, sort, id, table, backend, related_scope, false);
}

/// [`render_sort_scoped`], every criterion (the tie-breaker too) reversed when `reversed`: the exact reverse
/// order, NULLs included.
fn render_sort_in<'s>(
    select: &mut SelectStatement,
    sort: &[SortKey],
    id: &'static FieldSchema,
    table: &'static str,
    backend: Backend,
    related_scope: impl Fn(&'static ResourceSchema) -> Option<&'s [Filter]>,
    reversed: bool,
) {
    for key in &SortKey::with_tie_breaker(sort, id) {
        let (operand, nullable) = sort_key_operand(key, table, backend, &related_scope);
        let direction = match (key.direction, reversed) {
            (direction, false) => direction,
            (SortDirection::Ascending, true) => SortDirection::Descending,
            (SortDirection::Descending, true) => SortDirection::Ascending,
        };
        match (direction, nullable) {
            (SortDirection::Ascending, false) => select.order_by_expr(operand, Order::Asc),
            (SortDirection::Descending, false) => select.order_by_expr(operand, Order::Desc),
            (SortDirection::Ascending, true) => {
                select.order_by_expr_with_nulls(operand, Order::Asc, NullOrdering::Last)
            }
            (SortDirection::Descending, true) => {
                select.order_by_expr_with_nulls(operand, Order::Desc, NullOrdering::First)
            }
        };
    }
}

impl<R> ResourceQuery<R> {
    /// One relationship filter as a condition on `from`'s rows: a semi-join, `IN (SELECT ...)`, that one
    /// related row satisfies with every condition of the entry (the related scope first, then the filters,
    /// then the nested entries).
    ///
    /// - to-one: `from.fk IN (SELECT related.id FROM related WHERE ...)`: a row without a related row matches
    ///   nothing; for a nullable foreign key, `from.fk IS NOT NULL AND from.fk IN (...)`, so that the
    ///   condition is false (never SQL's unknown) for a row without one, and `not` of it holds there;
    /// - to-many: `from.id IN (SELECT related.fk FROM related WHERE related.fk IS NOT NULL AND ...)`: under
    ///   `not`, `NOT EXISTS` of such a related row.
    ///
    /// Uncorrelated, so that a relationship from a table to itself needs no alias; every engine plans it as a
    /// semi-join. A related resource closed by the scope ([`ResourceQuery::scoped_related`]) gives `1 = 0`.
    pub(crate) fn relationship_condition(
        &self,
        entry: &RelationshipFilter,
        from: &'static ResourceSchema,
        backend: Backend,
    ) -> Expr {
        let related = entry.related_schema();
        let Some(scope) = self.related_scope(related) else {
            return Expr::cust("1 = 0");
        };
        let link = entry
            .relationship
            .link(from)
            .expect("a relationship filter's relationship names its related resource");
        let mut inner = Condition::all();
        // A NULL in the subquery would make `NOT IN` unknown for every row.
        if link.related_side.nullable {
            inner = inner.add(column(related.table, link.related_side).is_not_null());
        }
        for filter in scope.iter().chain(&entry.filters) {
            inner = inner.add(render_filter(filter, related.table, backend));
        }
        for nested in &entry.nested {
            inner = inner.add(self.relationship_condition(nested, related, backend));
        }
        let mut select = SqlQuery::select();
        select
            .column((related.table, link.related_side.column))
            .from(related.table)
            .cond_where(inner);
        let semi_join = column(from.table, link.own_side).in_subquery(select);
        // A row without a related row is false, never unknown, so that `not` of it holds.
        if link.own_side.nullable {
            column(from.table, link.own_side)
                .is_not_null()
                .and(semi_join)
        } else {
            semi_join
        }
    }
}

impl<R> ResourceQuery<R> {
    /// Conditions that all hold, on `from`'s rows: the filters, the relationship filters, then the groups.
    fn conditions_condition(
        &self,
        conditions: &Conditions,
        from: &'static ResourceSchema,
        backend: Backend,
    ) -> Condition {
        let own = conditions
            .filters
            .iter()
            .fold(Condition::all(), |all, filter| {
                all.add(render_filter(filter, from.table, backend))
            });
        let related = conditions
            .relationship_filters
            .iter()
            .fold(own, |all, entry| {
                all.add(self.relationship_condition(entry, from, backend))
            });
        conditions.groups.iter().fold(related, |all, group| {
            all.add(self.group_condition(group, from, backend))
        })
    }

    /// A group on `from`'s rows: `(a) OR (b)`, `(a) AND (b)`, `NOT (a)`, each branch in parentheses.
    pub(crate) fn group_condition(
        &self,
        group: &FilterGroup,
        from: &'static ResourceSchema,
        backend: Backend,
    ) -> Condition {
        let branch = |conditions| self.conditions_condition(conditions, from, backend);
        match group {
            FilterGroup::Or(branches) => {
                branches.values().fold(Condition::any(), |any, conditions| {
                    any.add(branch(conditions))
                })
            }
            FilterGroup::And(branches) => {
                branches.values().fold(Condition::all(), |all, conditions| {
                    all.add(branch(conditions))
                })
            }
            FilterGroup::Not(negated) => branch(negated).not(),
        }
    }
}

impl<R: Resource> ResourceQuery<R> {
    /// The scope's conditions ([`ResourceQuery::scoped`]), the filters and then the default filters
    /// ([`ResourceQuery::default_filters`]), all to hold, as one condition on the resource's table, for
    /// `backend`: for a statement of the server's own (a join, an update) that must
    /// select exactly the listing's rows.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: Option<String> }
    /// let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60").unwrap();
    /// let mut delete = sea_query::Query::delete();
    /// delete.from_table("calls").cond_where(query.condition(Backend::Sqlite));
    /// let (sql, values) = delete.build(sea_query::SqliteQueryBuilder);
    /// assert_eq!(sql, r#"DELETE FROM "calls" WHERE "calls"."duration" > ?"#);
    /// assert_eq!(values.0, [60i64.into()]);
    /// ```
    pub fn condition(&self, backend: Backend) -> Condition {
        let table = R::SCHEMA.table;
        let own = self.all_conditions().fold(Condition::all(), |all, filter| {
            all.add(render_filter(filter, table, backend))
        });
        let related = self.relationship_filters.iter().fold(own, |all, entry| {
            all.add(self.relationship_condition(entry, R::SCHEMA, backend))
        });
        self.groups.iter().fold(related, |all, group| {
            all.add(self.group_condition(group, R::SCHEMA, backend))
        })
    }

    /// Adds the filters to `select`'s `WHERE` (joined with `AND` to what it has).
    ///
    /// ```
    /// use sea_query::{Expr, ExprTrait};
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: Option<String> }
    /// let query = ResourceQuery::<Call>::parse("filter[duration-gt]=60").unwrap();
    /// let mut select = sea_query::Query::select();
    /// select.expr(Expr::col("caller").count()).from("calls").and_where(Expr::col("caller").is_not_null());
    /// query.apply_filters(&mut select, Backend::Sqlite);
    /// assert_eq!(
    ///     Backend::Sqlite.build(&select).0,
    ///     r#"SELECT COUNT("caller") FROM "calls" WHERE "caller" IS NOT NULL AND "calls"."duration" > ?"#
    /// );
    /// ```
    pub fn apply_filters(&self, select: &mut SelectStatement, backend: Backend) {
        select.cond_where(self.condition(backend));
    }

    /// Adds the sort, ending with the id tie-breaker, to `select`.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: Option<String> }
    /// let query = ResourceQuery::<Call>::parse("sort=-duration").unwrap();
    /// let mut select = sea_query::Query::select();
    /// select.column("id").from("calls");
    /// query.apply_sort(&mut select, Backend::MySql);
    /// assert_eq!(
    ///     Backend::MySql.build(&select).0,
    ///     "SELECT `id` FROM `calls` ORDER BY `calls`.`duration` DESC, `calls`.`id` ASC"
    /// );
    /// ```
    pub fn apply_sort(&self, select: &mut SelectStatement, backend: Backend) {
        let reversed = self
            .cursor
            .as_ref()
            .is_some_and(crate::CursorRange::backwards);
        render_sort_in(
            select,
            &self.sort,
            R::SCHEMA.id_field(),
            R::SCHEMA.table,
            backend,
            |related| self.related_scope(related),
            reversed,
        );
    }

    /// Adds the cursors' keyset conditions to `select`'s `WHERE`: the rows after `page[after]`'s position and
    /// before `page[before]`'s, in the sort's order (mixed directions, NULLs as the largest value, the id
    /// last). Nothing for an offset-paged query.
    ///
    /// ```
    /// use jsonapi_filter::{Backend, CursorRange, Filterable, FilterValue, ResourceQuery, SortPosition};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: Option<i64> }
    /// let mut query = ResourceQuery::<Call>::parse("sort=-duration").unwrap();
    /// query.cursor = Some(CursorRange {
    ///     after: Some(SortPosition { values: vec![Some(FilterValue::Integer(60)), Some(FilterValue::Integer(7))] }),
    ///     before: None,
    /// });
    /// let (sql, values) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
    /// // The first criterion's bound first, for an index on the sort; then the keyset proper.
    /// assert!(sql.contains(
    ///     r#"WHERE "calls"."duration" <= ? AND ("calls"."duration" < ? OR ("calls"."duration" = ? AND "calls"."id" > ?)) ORDER BY"#
    /// ), "{sql}");
    /// assert!(sql.ends_with("LIMIT ?"), "{sql}"); // one row more than the page, to know whether more follow
    /// assert_eq!(values.0.len(), 5);
    ///
    /// // Beside a filter, the keyset condition is parenthesized.
    /// let mut filtered = ResourceQuery::<Call>::parse("filter[id]=1,2,3&sort=-duration").unwrap();
    /// filtered.cursor = query.cursor.clone();
    /// let (sql, _) = Backend::Sqlite.build(&filtered.select_statement(Backend::Sqlite));
    /// assert!(sql.contains(r#"IN (?, ?, ?) AND "calls"."duration" <= ? AND ("calls"."duration" < ? OR ("#), "{sql}");
    /// ```
    pub fn apply_cursor(&self, select: &mut SelectStatement, backend: Backend) {
        // (The page's rows come back reversed for `page[before]` alone: see `cursor_window`.)
        let Some(cursor) = &self.cursor else {
            return;
        };
        if let Some(after) = &cursor.after {
            select.cond_where(self.position_condition(after, true, backend));
        }
        if let Some(before) = &cursor.before {
            select.cond_where(self.position_condition(before, false, backend));
        }
    }

    /// The rows after (`after`) or before `position` in the sort's order, as one condition: for each
    /// criterion, the rows equal on every criterion before it and beyond the position on it.
    fn position_condition(
        &self,
        position: &SortPosition,
        after: bool,
        backend: Backend,
    ) -> Condition {
        let table = R::SCHEMA.table;
        let related_scope = |related| self.related_scope(related);
        let mut branches = Vec::new();
        let mut equal_before: Vec<Expr> = Vec::new();
        // The first criterion at or beyond the position: redundant with the branches, it lets an index on
        // the sort start its scan at the position instead of filtering every row before it.
        let mut leading_bound = None;
        for (key, value) in self.position_keys().iter().zip(&position.values) {
            let (operand, nullable) = sort_key_operand(key, table, backend, &related_scope);
            let bound = |value: &FilterValue| Expr::val(backend.bind_for(key.field, Some(value)));
            // Beyond the position means a larger value when reading the sort's direction forwards.
            let larger = (key.direction == SortDirection::Ascending) == after;
            let beyond = match (larger, value) {
                // Nothing is larger than a NULL.
                (true, None) => None,
                (true, Some(value)) if nullable => Some(
                    Condition::any()
                        .add(operand.clone().gt(bound(value)))
                        .add(operand.clone().is_null()),
                ),
                (true, Some(value)) => Some(Condition::all().add(operand.clone().gt(bound(value)))),
                (false, None) => Some(Condition::all().add(operand.clone().is_not_null())),
                (false, Some(value)) => {
                    Some(Condition::all().add(operand.clone().lt(bound(value))))
                }
            };
            if equal_before.is_empty() {
                leading_bound = match (larger, value) {
                    (true, None) => Some(Condition::all().add(operand.clone().is_null())),
                    (true, Some(value)) if nullable => Some(
                        Condition::any()
                            .add(operand.clone().gte(bound(value)))
                            .add(operand.clone().is_null()),
                    ),
                    (true, Some(value)) => {
                        Some(Condition::all().add(operand.clone().gte(bound(value))))
                    }
                    (false, None) => None,
                    (false, Some(value)) => {
                        Some(Condition::all().add(operand.clone().lte(bound(value))))
                    }
                };
            }
            if let Some(beyond) = beyond {
                let branch = equal_before
                    .iter()
                    .cloned()
                    .fold(Condition::all(), |all, equal| all.add(equal))
                    .add(beyond);
                branches.push(branch);
            }
            equal_before.push(match value {
                None => operand.is_null(),
                Some(value) => operand.eq(bound(value)),
            });
        }
        if branches.is_empty() {
            return Condition::all().add(Expr::cust("1 = 0"));
        }
        let any = branches
            .into_iter()
            .fold(Condition::any(), |any, branch| any.add(branch));
        match leading_bound {
            Some(bound) if position.values.len() > 1 => Condition::all().add(bound).add(any),
            _ => any,
        }
    }

    /// Adds `LIMIT` and `OFFSET` for the page to `select`.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: Option<String> }
    /// let query = ResourceQuery::<Call>::parse("page[number]=3&page[size]=20").unwrap();
    /// let mut select = sea_query::Query::select();
    /// select.column("id").from("calls");
    /// query.apply_page(&mut select);
    /// let (sql, values) = Backend::Sqlite.build(&select);
    /// assert_eq!(sql, r#"SELECT "id" FROM "calls" LIMIT ? OFFSET ?"#);
    /// assert_eq!(values.0, [20u64.into(), 40u64.into()]);
    /// ```
    pub fn apply_page(&self, select: &mut SelectStatement) {
        match self.cursor {
            // One row more than the page: whether more rows follow ([`ResourceQuery::cursor_window`]).
            Some(_) => select.limit(self.page.size + 1),
            None => select.limit(self.page.size).offset(self.page.offset()),
        };
    }

    /// `SELECT <table>.* FROM <table> WHERE <filters> ORDER BY <sort>, <id> LIMIT .. OFFSET ..`.
    ///
    /// The server's scope ([`ResourceQuery::scoped`]) comes first in the `WHERE`, then the filters.
    ///
    /// ```
    /// # use jsonapi_filter::{Backend, Filterable, ResourceQuery};
    /// # #[derive(Filterable)]
    /// # #[filterable(type = "calls", table = "calls")]
    /// # struct Call { #[filterable(id)] id: i64, duration: i64, caller: Option<String> }
    /// let query = ResourceQuery::<Call>::parse("filter[caller-cont]=london&sort=caller").unwrap();
    /// let (sql, values) = Backend::Sqlite.build(&query.select_statement(Backend::Sqlite));
    /// assert_eq!(
    ///     sql,
    ///     r#"SELECT "calls".* FROM "calls" WHERE "calls"."caller" LIKE ? ESCAPE '!' ORDER BY "calls"."caller" ASC NULLS LAST, "calls"."id" ASC LIMIT ? OFFSET ?"#
    /// );
    /// assert_eq!(values.0[0], "%london%".into());
    /// ```
    pub fn select_statement(&self, backend: Backend) -> SelectStatement {
        let table = R::SCHEMA.table;
        let mut select = SqlQuery::select();
        select.column((table, Asterisk)).from(table);
        self.apply_filters(&mut select, backend);
        self.apply_cursor(&mut select, backend);
        self.apply_sort(&mut select, backend);
        self.apply_page(&mut select);
        select
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_escaping_covers_the_escape_character_and_wildcards() {
        let mut escaped = String::new();
        push_escaped_like(&mut escaped, r"50%_off!\x");
        assert_eq!(escaped, r"50!%!_off!!\x");
    }

    #[test]
    fn datetimes_bind_truncated_to_microseconds_on_every_backend() {
        let instant = "1970-01-01T00:00:00.0000005Z"
            .parse::<DateTime<Utc>>()
            .unwrap();
        let whole = "1970-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let value = FilterValue::DateTime(instant);
        assert_eq!(Backend::Postgres.bind(&value), Value::from(whole));
        assert_eq!(Backend::MySql.bind(&value), Value::from(whole.naive_utc()));
        assert_eq!(
            Backend::Sqlite.bind(&value),
            Value::from("1970-01-01T00:00:00.000000Z")
        );
    }

    /// PostgreSQL gets `inet` parameters (one host network each, an array of them for lists), so that the
    /// comparison is `inet = inet` and an index on the column serves it; a text parameter would not compare.
    #[test]
    fn addresses_bind_as_inet_on_postgres() {
        let address: std::net::IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        let host = IpNetwork::new(address, 128).unwrap();
        let value = FilterValue::Inet(address);
        assert_eq!(Backend::Postgres.bind(&value), Value::IpNetwork(Some(host)));
        assert_eq!(
            Backend::Postgres.null(ValueKind::Inet),
            Value::IpNetwork(None)
        );
        assert_eq!(
            postgres_array(ValueKind::Inet, &[value]),
            Value::Array(
                ArrayType::IpNetwork,
                Some(Box::new(vec![Value::IpNetwork(Some(host))]))
            )
        );
        assert_eq!(Backend::MySql.null(ValueKind::Inet), Value::Bytes(None));
    }

    #[test]
    fn mysql_fold_covers_every_ascii_capital() {
        for upper in 'A'..='Z' {
            assert!(
                MYSQL_ASCII_FOLD.contains(&format!("'{upper}', '{}'", upper.to_ascii_lowercase()))
            );
        }
    }
}
