//! Shared fixtures of the workspace's test suites: the reference `CdrExport` resource of the production API
//! we match (`../shared/reference/`).

pub mod reference {
    //! The reference resource, annotated exactly as a user of the framework would.

    use chrono::{DateTime, Utc};
    use jsonapi_filter::{FilterEnum, Filterable};
    use uuid::Uuid;

    /// The status of a CDR export.
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
        /// `2026-01-02 12:46:13+02`
        WithTimezone,
        /// `2026-01-02 12:46:13`
        WithoutTimezone,
        /// Rounded to whole seconds.
        RoundToSeconds,
    }

    /// A customer's export of their call detail records.
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
        /// When it was requested.
        pub created_at: DateTime<Utc>,
        /// When it last changed.
        pub updated_at: DateTime<Utc>,
        /// The zone of the exported timestamps.
        pub time_zone_name: Option<String>,
        /// The format of the exported timestamps.
        #[filterable(exact)]
        pub time_format: TimeFormat,
        /// The account whose calls are exported.
        #[filterable(foreign_key)]
        pub account_id: Uuid,
        /// The CDR conditions of the export.
        #[filterable(skip)]
        pub filters: serde_json::Value,
    }
}
