//! The resources, annotated for the framework: the `CdrExport` listing, its `Account`, and the `Cdr` call
//! records an export runs over.

use chrono::{DateTime, Utc};
use jsonapi_filter::{FilterEnum, Filterable, Scope, Scoped};
use uuid::Uuid;

use crate::auth::Customer;

/// The status of a CDR export, stored as text (so it sorts alphabetically, as in the reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FilterEnum)]
pub enum CdrExportStatus {
    /// Waiting for the worker.
    Pending,
    /// The file is ready.
    Completed,
    /// The export failed.
    Failed,
    /// The export was deleted.
    Deleted,
}

/// How timestamps are written in the exported file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FilterEnum)]
#[filterable(rename_all = "snake_case")]
pub enum TimeFormat {
    /// `2026-01-02 14:46:13+02:00`, in the export's time zone.
    WithTimezone,
    /// `2026-01-02 14:46:13.410`, in the export's time zone, without the offset.
    WithoutTimezone,
    /// `2026-01-02 14:46:13`, in the export's time zone, rounded to whole seconds.
    RoundToSeconds,
}

/// A customer's export of their call detail records: the listed resource.
#[derive(Debug, Clone, Filterable)]
#[filterable(
    type = "cdr-exports",
    table = "cdr_exports",
    default_sort = "-created-at"
)]
pub struct CdrExport {
    /// The export's uuid.
    #[filterable(id)]
    pub id: Uuid,
    /// Its status.
    pub status: CdrExportStatus,
    /// The exported rows, once completed.
    pub rows_count: Option<i64>,
    /// When it was requested (millisecond precision).
    pub created_at: DateTime<Utc>,
    /// When it last changed (millisecond precision).
    pub updated_at: DateTime<Utc>,
    /// The IANA zone of the exported timestamps; UTC when none.
    pub time_zone_name: Option<String>,
    /// The format of the exported timestamps.
    #[filterable(exact)]
    pub time_format: TimeFormat,
    /// The account whose calls are exported; exports without one are never visible.
    #[filterable(foreign_key, related_fields = "name,balance,external-id")]
    pub account_id: Option<Uuid>,
    /// The CDR conditions of the export, as given at creation.
    #[filterable(skip)]
    pub filters: serde_json::Value,
}

/// A customer sees the exports of its allowed accounts only: exports without an account, and other
/// customers' exports, are never seen. The library adds this to every statement of a query (select and
/// count), where the client can neither see nor lift it.
impl Scoped<Customer> for CdrExport {
    fn scope(customer: &Customer) -> Scope<CdrExport> {
        Scope::all().is_in("account-id", customer.allowed_accounts.iter().copied())
    }
}

/// A customer's billing account, the `account` relationship of an export.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// The account's uuid.
    pub id: Uuid,
    /// The owning customer.
    pub customer_id: i64,
    /// Its name.
    pub name: String,
    /// Its balance, as a decimal string.
    pub balance: String,
    /// The customer's own reference for it.
    pub external_id: Option<i64>,
}

/// The JSON:API type of accounts.
pub const ACCOUNT_TYPE: &str = "accounts";

/// One call detail record. Only the fields an export may filter on are filterable, each with exactly the
/// predicates the reference allows, so the framework itself refuses every other filter key.
#[derive(Debug, Clone, Filterable)]
#[filterable(type = "cdrs", table = "cdrs", default_sort = "time-start")]
pub struct Cdr {
    /// The record's id.
    #[filterable(id)]
    pub id: i64,
    /// When the call started: `time_start_gteq` (required) and `time_start_lt` (required).
    #[filterable(only(gteq, lt))]
    pub time_start: DateTime<Utc>,
    /// Whether the call was answered: `success_eq`.
    #[filterable(only(eq))]
    pub success: bool,
    /// Its duration in seconds: `duration_eq`, `duration_gteq`, `duration_lteq`.
    #[filterable(only(eq, gteq, lteq))]
    pub duration: i64,
    /// The routing prefix of the caller: `src_prefix_routing_eq`.
    #[filterable(only(eq))]
    pub src_prefix_routing: Option<String>,
    /// The routing prefix of the callee: `dst_prefix_routing_eq`.
    #[filterable(only(eq))]
    pub dst_prefix_routing: Option<String>,
    /// The calling number.
    #[filterable(skip)]
    pub src_number: String,
    /// The called number.
    #[filterable(skip)]
    pub dst_number: String,
    /// The price, in thousandths of the account currency.
    #[filterable(skip)]
    pub customer_price: i64,
    /// The account the call is billed to; exports are scoped to it.
    #[filterable(skip)]
    pub account_id: Uuid,
}

/// The `filters` keys an export must give.
pub const REQUIRED_EXPORT_FILTERS: [&str; 2] = ["time_start_gteq", "time_start_lt"];

/// Every `filters` key an export may give, in the reference's order.
pub const ALLOWED_EXPORT_FILTERS: [&str; 8] = [
    "time_start_gteq",
    "time_start_lt",
    "success_eq",
    "duration_eq",
    "duration_gteq",
    "duration_lteq",
    "src_prefix_routing_eq",
    "dst_prefix_routing_eq",
];
