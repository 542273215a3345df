//! The resources, annotated for the framework: the `CdrExport` listing, its `Account`, and the `Cdr` call
//! records (listed themselves, and the rows an export runs over) with their `TransportProtocol`.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use jsonapi_filter::{Decimal, FilterEnum, Filterable, Resource, Scope, Scoped};
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
    #[filterable(foreign_key, related = Account)]
    pub account_id: Option<Uuid>,
    /// The CDR conditions of the export, as given at creation: the stored JSON text, written into documents as
    /// it is and parsed only by the export's job.
    #[filterable(skip)]
    pub filters: Box<serde_json::value::RawValue>,
}

/// A customer sees the exports of its allowed accounts only: exports without an account, and other
/// customers' exports, are never seen. The library adds this to every statement of a query (select and
/// count), where the client can neither see nor lift it.
impl Scoped<Customer> for CdrExport {
    fn scope(customer: &Customer) -> Scope<CdrExport> {
        Scope::all().is_in("account-id", customer.allowed_accounts.iter().copied())
    }
}

/// A customer's billing account: the `accounts` resource of `GET /accounts`, and the `account` relationship
/// of an export and of a CDR. Its declaration gives the relationship's type and the fields `fields[accounts]`
/// accepts (`related = Account` on the foreign keys), and its filters are those of `filter[account.<key>]`.
///
/// The attributes are the reference's, in its order; money is an exact decimal of scale 4. The to-many
/// `cdr-exports` relationship is filtered through (`filter[cdr-exports.status-eq]=Failed`): one and the same
/// export must match every condition on it.
#[derive(Debug, Clone, PartialEq, Filterable)]
#[filterable(
    type = "accounts",
    table = "accounts",
    default_sort = "name",
    has_many(name = "cdr-exports", related = CdrExport, foreign_key = "account_id")
)]
pub struct Account {
    /// The account's uuid.
    #[filterable(id)]
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Its balance.
    #[filterable(scale = 4)]
    pub balance: Decimal,
    /// The lowest balance it may reach; none when unbounded.
    #[filterable(scale = 4)]
    pub min_balance: Option<Decimal>,
    /// The highest balance it may reach; none when unbounded.
    #[filterable(scale = 4)]
    pub max_balance: Option<Decimal>,
    /// The highest rate per minute it may be billed; none when unbounded.
    #[filterable(scale = 4)]
    pub destination_rate_limit: Option<Decimal>,
    /// The most concurrent calls it may originate.
    pub origination_capacity: Option<i64>,
    /// The most concurrent calls it may terminate.
    pub termination_capacity: Option<i64>,
    /// The most concurrent calls in all.
    pub total_capacity: Option<i64>,
}

/// A customer sees its allowed accounts only: through `filter[account.name-cont]` of an export or a CDR, an
/// account the caller may not see matches nothing.
impl Scoped<Customer> for Account {
    fn scope(customer: &Customer) -> Scope<Account> {
        Scope::all().is_in("id", customer.allowed_accounts.iter().copied())
    }
}

/// The JSON:API type of accounts, from their declaration.
pub const ACCOUNT_TYPE: &str = Account::SCHEMA.type_name;

/// A call detail record: the `cdrs` resource of `GET /cdrs`, and the rows an export writes.
///
/// The attributes are in the reference's order; the filter-only fields (`uuid`, `is-last-cdr`,
/// `destination-reverse-billing`, `customer-acc-vat`, ...) follow them. Every filterable field has its kind's
/// predicates (`duration-gt`, `auth-orig-ip-in`, `from-domain-cont`, ...). An export reads the same
/// declaration through `ResourceQuery::from_filter_pairs`, allowed only [`ALLOWED_EXPORT_FILTERS`].
#[derive(Debug, Clone, Filterable)]
#[filterable(type = "cdrs", table = "cdrs", default_sort = "-time-start")]
pub struct Cdr {
    /// The record's integer id, written as a string in documents.
    #[filterable(id)]
    pub id: i64,
    /// When the call started (the table's partition key on PostgreSQL).
    pub time_start: DateTime<Utc>,
    /// When it was answered; none when it was not.
    pub time_connect: Option<DateTime<Utc>>,
    /// When it ended.
    pub time_end: Option<DateTime<Utc>>,
    /// Its duration in seconds. Like the ten other fields marked `with_exact`, filtered with its predicate
    /// suffixes and with the suffix-less list key of the reference (`filter[duration]=10,20`).
    #[filterable(with_exact)]
    pub duration: i64,
    /// Whether the call was answered.
    #[filterable(with_exact)]
    pub success: bool,
    /// The first billing interval, in seconds.
    pub destination_initial_interval: i64,
    /// The next billing intervals, in seconds.
    pub destination_next_interval: i64,
    /// The per-minute rate of the first interval (`0.0123`).
    #[filterable(scale = 6)]
    pub destination_initial_rate: Decimal,
    /// The per-minute rate of the next intervals.
    #[filterable(scale = 6)]
    pub destination_next_rate: Decimal,
    /// The connection fee.
    #[filterable(scale = 4)]
    pub destination_fee: Decimal,
    /// What the customer pays for the call, VAT included.
    #[filterable(scale = 4)]
    pub customer_price: Decimal,
    /// The caller's display name.
    #[filterable(with_exact)]
    pub src_name_in: Option<String>,
    /// The calling number as received.
    #[filterable(with_exact)]
    pub src_prefix_in: Option<String>,
    /// The `From` domain.
    pub from_domain: Option<String>,
    /// The called number as received.
    #[filterable(with_exact)]
    pub dst_prefix_in: Option<String>,
    /// The `To` domain.
    pub to_domain: Option<String>,
    /// The request URI's domain.
    pub ruri_domain: Option<String>,
    /// The `Diversion` header.
    #[filterable(with_exact)]
    pub diversion_in: Option<String>,
    /// The SIP local tag.
    #[filterable(with_exact)]
    pub local_tag: Option<String>,
    /// The A leg's SIP disconnect code.
    #[filterable(with_exact)]
    pub lega_disconnect_code: Option<i64>,
    /// The A leg's SIP disconnect reason.
    #[filterable(with_exact)]
    pub lega_disconnect_reason: Option<String>,
    /// The transport the call was authenticated over: the `auth-orig-transport-protocol` relationship, and
    /// `filter[auth-orig-transport-protocol-id-*]` with the reference's number predicates (order included).
    #[filterable(
        foreign_key,
        only(eq, not_eq, gt, gteq, lt, lteq, in, not_in),
        relationship = "auth-orig-transport-protocol",
        related = TransportProtocol
    )]
    pub auth_orig_transport_protocol_id: Option<i64>,
    /// The address the call came from.
    pub auth_orig_ip: Option<IpAddr>,
    /// The port it came from.
    pub auth_orig_port: Option<i64>,
    /// The routing prefix of the caller.
    #[filterable(with_exact)]
    pub src_prefix_routing: Option<String>,
    /// The routing prefix of the callee.
    #[filterable(with_exact)]
    pub dst_prefix_routing: Option<String>,
    /// The destination's prefix.
    pub destination_prefix: Option<String>,
    /// The A leg's user agent.
    pub lega_user_agent: Option<String>,
    /// Whether the caller's customer can listen to a recording of the call (computed, neither filtered
    /// nor sorted): see [`Cdr::with_rec`].
    #[filterable(skip)]
    pub rec: bool,
    /// The CDR's own uuid (filtered only).
    #[filterable(filter_only)]
    pub uuid: Uuid,
    /// Whether this is the last CDR of its call: `filter[is-last-cdr]`, true unless the request gives it.
    #[filterable(exact, filter_only, default = true)]
    pub is_last_cdr: bool,
    /// Whether the destination bills in reverse (filtered only).
    #[filterable(filter_only)]
    pub destination_reverse_billing: bool,
    /// The account's VAT rate, in percent (filtered only).
    #[filterable(filter_only, scale = 2)]
    pub customer_acc_vat: Option<Decimal>,
    /// The price before VAT (filtered only).
    #[filterable(filter_only, scale = 4)]
    pub customer_price_no_vat: Option<Decimal>,
    /// The billed duration, in seconds (filtered only).
    #[filterable(filter_only)]
    pub customer_duration: Option<i64>,
    /// The originating call id (filtered only).
    #[filterable(filter_only)]
    pub orig_call_id: Option<String>,
    /// The `P-Asserted-Identity` header (filtered only).
    #[filterable(filter_only)]
    pub pai_in: Option<String>,
    /// The `P-Preferred-Identity` header (filtered only).
    #[filterable(filter_only)]
    pub ppi_in: Option<String>,
    /// The `Privacy` header (filtered only).
    #[filterable(filter_only)]
    pub privacy_in: Option<String>,
    /// The `Remote-Party-ID` header (filtered only).
    #[filterable(filter_only)]
    pub rpid_in: Option<String>,
    /// The `Remote-Party-ID` privacy (filtered only).
    #[filterable(filter_only)]
    pub rpid_privacy_in: Option<String>,
    /// The account the call is billed to: the `account` relationship and `filter[account-id-*]` (the
    /// account's uuid); the scope of every query.
    #[filterable(foreign_key, column = "customer_acc_id", related = Account)]
    pub account_id: Uuid,
    /// The calling number (written by exports).
    #[filterable(skip)]
    pub src_number: String,
    /// The called number (written by exports).
    #[filterable(skip)]
    pub dst_number: String,
    /// Whether the call was recorded.
    #[filterable(skip)]
    pub audio_recorded: bool,
}

impl Cdr {
    /// The record with `rec` set for a caller: true only when the customer may listen to recordings and
    /// the call was recorded.
    pub fn with_rec(mut self, customer: &Customer) -> Cdr {
        self.rec = customer.may_listen_recordings && self.audio_recorded;
        self
    }
}

/// A customer sees the CDRs of its allowed accounts only, exactly as its exports.
impl Scoped<Customer> for Cdr {
    fn scope(customer: &Customer) -> Scope<Cdr> {
        Scope::all().is_in("account-id", customer.allowed_accounts.iter().copied())
    }
}

/// A transport protocol, the `auth-orig-transport-protocol` relationship of a CDR. Its declaration gives
/// the relationship's type and fields, and the table an include reads.
#[derive(Debug, Clone, PartialEq, Filterable)]
#[filterable(type = "transport-protocols", table = "transport_protocols")]
pub struct TransportProtocol {
    /// Its id.
    #[filterable(id)]
    pub id: i64,
    /// `UDP`, `TCP`, `TLS`, `SCTP`, `WS` or `WSS`.
    pub name: String,
}

/// The JSON:API type of transport protocols, from their declaration.
pub const TRANSPORT_PROTOCOL_TYPE: &str = TransportProtocol::SCHEMA.type_name;

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
