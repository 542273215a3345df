//! How the resources are written in JSON:API documents: the attributes and relationships of an export and
//! of an account, in the reference's order. The documents themselves (member order, sparse fieldsets, links,
//! linkage, `included`, `meta`) are the library's (`jsonapi_filter::document`).

use chrono::{DateTime, SecondsFormat, Utc};
use jsonapi_filter::document::{Attributes, JsonApiResource, Relationships};
use jsonapi_filter::{FilterEnum, Resource};
use serde::ser::SerializeMap;

use crate::resource::{
    ACCOUNT_TYPE, Account, Cdr, CdrExport, TRANSPORT_PROTOCOL_TYPE, TransportProtocol,
};

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
    const ATTRIBUTES: &'static [&'static str] = <Account as Resource>::ATTRIBUTE_KEYS;
    const TO_MANY_RELATIONSHIPS: &'static [&'static str] = &["cdr-exports"];

    fn id(&self) -> impl std::fmt::Display + '_ {
        self.id
    }

    /// `cdr-exports`, written only when included (`include=cdr-exports`).
    fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
        out.to_many("cdr-exports", CdrExport::SCHEMA.type_name);
    }

    /// The reference's attributes, money as JSON strings such as `"1500.07"`.
    fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
        let money = |value: &jsonapi_filter::Decimal| value.normalize().to_string();
        out.attribute("name", &self.name)
            .attribute("balance", &money(&self.balance))
            .attribute("min-balance", &self.min_balance.as_ref().map(money))
            .attribute("max-balance", &self.max_balance.as_ref().map(money))
            .attribute(
                "destination-rate-limit",
                &self.destination_rate_limit.as_ref().map(money),
            )
            .attribute("origination-capacity", &self.origination_capacity)
            .attribute("termination-capacity", &self.termination_capacity)
            .attribute("total-capacity", &self.total_capacity);
    }
}

/// A CDR as the reference writes it: its integer id as a string, the attributes in the reference's order
/// (decimals as JSON strings such as `"0.0123"`, addresses in canonical text, `rec` for the caller), and the
/// `account` and `auth-orig-transport-protocol` relationships.
impl JsonApiResource for Cdr {
    const TYPE: &'static str = Cdr::SCHEMA.type_name;
    const ATTRIBUTES: &'static [&'static str] = &[
        "time-start",
        "time-connect",
        "time-end",
        "duration",
        "success",
        "destination-initial-interval",
        "destination-next-interval",
        "destination-initial-rate",
        "destination-next-rate",
        "destination-fee",
        "customer-price",
        "src-name-in",
        "src-prefix-in",
        "from-domain",
        "dst-prefix-in",
        "to-domain",
        "ruri-domain",
        "diversion-in",
        "local-tag",
        "lega-disconnect-code",
        "lega-disconnect-reason",
        "auth-orig-transport-protocol-id",
        "auth-orig-ip",
        "auth-orig-port",
        "src-prefix-routing",
        "dst-prefix-routing",
        "destination-prefix",
        "lega-user-agent",
        "rec",
    ];
    const RELATIONSHIPS: &'static [&'static str] = &["account", "auth-orig-transport-protocol"];

    fn id(&self) -> impl std::fmt::Display + '_ {
        self.id
    }

    fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
        let time = |instant: &Option<DateTime<Utc>>| instant.as_ref().map(format_timestamp);
        // Without the column's trailing zeros, so that every engine writes `0.0123` alike.
        let decimal = |value: &jsonapi_filter::Decimal| value.normalize().to_string();
        out.attribute("time-start", &format_timestamp(&self.time_start))
            .attribute("time-connect", &time(&self.time_connect))
            .attribute("time-end", &time(&self.time_end))
            .attribute("duration", &self.duration)
            .attribute("success", &self.success)
            .attribute(
                "destination-initial-interval",
                &self.destination_initial_interval,
            )
            .attribute("destination-next-interval", &self.destination_next_interval)
            .attribute(
                "destination-initial-rate",
                &decimal(&self.destination_initial_rate),
            )
            .attribute(
                "destination-next-rate",
                &decimal(&self.destination_next_rate),
            )
            .attribute("destination-fee", &decimal(&self.destination_fee))
            .attribute("customer-price", &decimal(&self.customer_price))
            .attribute("src-name-in", &self.src_name_in)
            .attribute("src-prefix-in", &self.src_prefix_in)
            .attribute("from-domain", &self.from_domain)
            .attribute("dst-prefix-in", &self.dst_prefix_in)
            .attribute("to-domain", &self.to_domain)
            .attribute("ruri-domain", &self.ruri_domain)
            .attribute("diversion-in", &self.diversion_in)
            .attribute("local-tag", &self.local_tag)
            .attribute("lega-disconnect-code", &self.lega_disconnect_code)
            .attribute("lega-disconnect-reason", &self.lega_disconnect_reason)
            .attribute(
                "auth-orig-transport-protocol-id",
                &self.auth_orig_transport_protocol_id,
            )
            .attribute(
                "auth-orig-ip",
                &self.auth_orig_ip.map(|address| address.to_string()),
            )
            .attribute("auth-orig-port", &self.auth_orig_port)
            .attribute("src-prefix-routing", &self.src_prefix_routing)
            .attribute("dst-prefix-routing", &self.dst_prefix_routing)
            .attribute("destination-prefix", &self.destination_prefix)
            .attribute("lega-user-agent", &self.lega_user_agent)
            .attribute("rec", &self.rec);
    }

    fn relationships<M: SerializeMap>(&self, out: &mut Relationships<'_, M>) {
        out.to_one("account", ACCOUNT_TYPE, Some(self.account_id))
            .to_one(
                "auth-orig-transport-protocol",
                TRANSPORT_PROTOCOL_TYPE,
                self.auth_orig_transport_protocol_id,
            );
    }
}

/// A transport protocol, included with CDRs: no links of its own.
impl JsonApiResource for TransportProtocol {
    const TYPE: &'static str = TRANSPORT_PROTOCOL_TYPE;
    const ATTRIBUTES: &'static [&'static str] = &["name"];

    fn id(&self) -> impl std::fmt::Display + '_ {
        self.id
    }

    fn attributes<M: SerializeMap>(&self, out: &mut Attributes<'_, M>) {
        out.attribute("name", &self.name);
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
