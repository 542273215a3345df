//! The conformance resource, `Probe`: a field of every kind, nullable and not, with every filter style. Shared
//! by the conformance suite (one fixed dataset, `dataset.rs`) and the differential suite (generated datasets).

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use jsonapi_filter::{Decimal, FilterEnum, Filterable};
use uuid::Uuid;

/// Where a probe is in its life; the wire values (`archived` < `draft` < `in_review` < `published`) sort in
/// another order than the declaration, so that sorting by the stored text is visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FilterEnum)]
#[filterable(rename_all = "snake_case")]
pub enum Stage {
    /// `draft`: in the fixed dataset, ids 1, 5, 9, ... (id % 4 == 1).
    Draft,
    /// `in_review`: ids 2, 6, 10, ... (id % 4 == 2).
    InReview,
    /// `published`: ids 3, 7, 11, ... (id % 4 == 3).
    Published,
    /// `archived`: ids 4, 8, 12, ... (id % 4 == 0).
    Archived,
}

/// One row of the conformance table: every filter kind, nullable and not, with the attributes a user writes.
#[derive(Debug, Clone, Filterable)]
#[filterable(type = "probes", table = "probes")]
pub struct Probe {
    /// `filter[id]`, and the tie-breaker of every sort.
    #[filterable(id)]
    pub id: i64,
    /// Text, never NULL, stored in a column with another name.
    #[filterable(column = "label_text")]
    pub label: String,
    /// Nullable text, with both opt-in NULL predicates.
    #[filterable(null, not_null)]
    pub note: Option<String>,
    /// An integer, never NULL.
    pub amount: i64,
    /// A nullable integer, with `null`.
    #[filterable(null)]
    pub score: Option<i64>,
    /// A nullable exact decimal of scale 4 (`DECIMAL(18, 4)`; SQLite stores it times 10^4), with `null`.
    #[filterable(scale = 4, null)]
    pub rate: Option<Decimal>,
    /// An instant, never NULL.
    pub created_at: DateTime<Utc>,
    /// A nullable instant, with `not-null`.
    #[filterable(not_null)]
    pub reviewed_at: Option<DateTime<Utc>>,
    /// An enum.
    pub stage: Stage,
    /// A uuid, never NULL.
    pub token: Uuid,
    /// A nullable IP address, IPv4 or IPv6, with both opt-in NULL predicates.
    #[filterable(null, not_null)]
    pub origin: Option<IpAddr>,
    /// A nullable foreign key (relationship `account`), with `null`.
    #[filterable(foreign_key, null)]
    pub account_id: Option<Uuid>,
    /// A boolean, never NULL.
    pub active: bool,
    /// A nullable boolean.
    pub verified: Option<bool>,
    /// A suffix-less filter taking a list: `filter[region]=eu,"north, east"`.
    #[filterable(exact)]
    pub region: String,
}
