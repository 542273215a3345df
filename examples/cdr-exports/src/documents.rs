//! How the resources are written in JSON:API documents: the attributes and relationships of an export and
//! of an account, in the reference's order. The documents themselves (member order, sparse fieldsets, links,
//! linkage, `included`, `meta`) are the library's (`jsonapi_filter::document`).

use chrono::{DateTime, SecondsFormat, Utc};
use jsonapi_filter::document::{Attributes, JsonApiResource, Relationships};
use jsonapi_filter::{FilterEnum, Resource};
use serde::ser::SerializeMap;

use crate::resource::{ACCOUNT_TYPE, Account, CdrExport};

/// The path of the API under the host.
pub const API_PATH: &str = "/api/rest/customer/v1";

/// A timestamp as the reference writes it: UTC, milliseconds, `Z`.
pub fn format_timestamp(instant: &DateTime<Utc>) -> String {
    // The text of `%Y-%m-%dT%H:%M:%S%.3fZ`, without parsing a format string for every timestamp of a page.
    instant.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// An export as the reference writes it: `id`, `type`, `links.self`, the seven attributes in the reference's
/// order, and the `account` relationship (its linkage when `include=account`). The library writes the
/// document around it.
impl JsonApiResource for CdrExport {
    const TYPE: &'static str = CdrExport::SCHEMA.type_name;
    const ATTRIBUTES: &'static [&'static str] = &[
        "filters",
        "status",
        "rows-count",
        "created-at",
        "updated-at",
        "time-format",
        "time-zone-name",
    ];
    const RELATIONSHIPS: &'static [&'static str] = &["account"];

    fn id(&self) -> impl std::fmt::Display + '_ {
        self.id
    }

    fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
        out.attribute("filters", &self.filters)
            .attribute("status", self.status.wire_value())
            .attribute("rows-count", &self.rows_count)
            .attribute("created-at", &format_timestamp(&self.created_at))
            .attribute("updated-at", &format_timestamp(&self.updated_at))
            .attribute("time-format", self.time_format.wire_value())
            .attribute("time-zone-name", &self.time_zone_name);
    }

    fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
        out.to_one("account", ACCOUNT_TYPE, self.account_id);
    }
}

/// An account, included with its exports: no links of its own.
impl JsonApiResource for Account {
    const TYPE: &'static str = ACCOUNT_TYPE;
    const ATTRIBUTES: &'static [&'static str] = &["name", "balance", "external-id"];

    fn id(&self) -> impl std::fmt::Display + '_ {
        self.id
    }

    fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
        out.attribute("name", &self.name)
            .attribute("balance", &self.balance)
            .attribute("external-id", &self.external_id);
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn timestamps_are_utc_with_truncated_milliseconds_and_z() {
        let instants = [
            Utc.with_ymd_and_hms(2025, 1, 6, 0, 0, 0).unwrap(),
            Utc.timestamp_opt(1_736_121_600, 123_999_999).unwrap(),
            Utc.timestamp_opt(1_767_225_599, 7_000_000).unwrap(),
        ];
        let written: Vec<String> = instants.iter().map(format_timestamp).collect();
        assert_eq!(
            written,
            [
                "2025-01-06T00:00:00.000Z",
                "2025-01-06T00:00:00.123Z",
                "2025-12-31T23:59:59.007Z"
            ]
        );
        for instant in &instants {
            let strftime = instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
            assert_eq!(format_timestamp(instant), strftime);
        }
    }
}
