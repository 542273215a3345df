//! JSON:API documents of the resources: the exact shape and member order of the reference listing
//! (`id`, `type`, `links.self`, the seven attributes, `relationships.account.links`), with sparse
//! fieldsets applied.

use chrono::{DateTime, SecondsFormat, Utc};
use jsonapi_filter::{FilterEnum, Query, Resource};
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::{Value, json};

use crate::resource::{ACCOUNT_TYPE, Account, CdrExport};

/// The path of the API under the host.
pub const API_PATH: &str = "/api/rest/customer/v1";

/// A timestamp as the reference writes it: UTC, milliseconds, `Z`.
pub fn format_timestamp(instant: &DateTime<Utc>) -> String {
    // The text of `%Y-%m-%dT%H:%M:%S%.3fZ`, without parsing a format string for every timestamp of a page.
    instant.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Which fields of each type a document shows: everything, or the request's sparse fieldsets.
pub struct Fields<'q> {
    query: Option<&'q Query<CdrExport>>,
}

impl<'q> Fields<'q> {
    /// Every field of every type.
    pub fn all() -> Fields<'static> {
        Fields { query: None }
    }

    /// The fieldsets of `query`.
    pub fn of(query: &'q Query<CdrExport>) -> Fields<'q> {
        Fields { query: Some(query) }
    }

    fn wants(&self, type_name: &str, key: &str) -> bool {
        self.query
            .is_none_or(|query| query.wants_field(type_name, key))
    }
}

/// A JSON object whose members keep the order they were given in.
#[derive(Debug, Clone, Default)]
pub struct OrderedObject(pub Vec<(&'static str, Value)>);

impl Serialize for OrderedObject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// The links of a resource.
#[derive(Debug, Clone, Serialize)]
pub struct SelfLink {
    /// The resource's own URL.
    #[serde(rename = "self")]
    pub self_link: String,
}

/// A resource object.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceObject {
    /// The id.
    pub id: String,
    /// The JSON:API type.
    #[serde(rename = "type")]
    pub type_name: &'static str,
    /// `links.self`, when the resource has a URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<SelfLink>,
    /// The attributes kept by the sparse fieldset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<OrderedObject>,
    /// The relationships kept by the sparse fieldset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationships: Option<Relationships>,
}

/// The relationships of an export.
#[derive(Debug, Clone, Serialize)]
pub struct Relationships {
    /// Its account.
    pub account: Relationship,
}

/// A relationship: its links, and its linkage when the related resource is included.
#[derive(Debug, Clone, Serialize)]
pub struct Relationship {
    /// `self` and `related`.
    pub links: RelationshipLinks,
    /// The resource identifier (or `null`), present when included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

/// The links of a relationship.
#[derive(Debug, Clone, Serialize)]
pub struct RelationshipLinks {
    /// The relationship itself.
    #[serde(rename = "self")]
    pub self_link: String,
    /// The related resource.
    pub related: String,
}

/// The resource object of an export, with `relationships.account.data` when the account is included.
pub fn export_object(
    export: &CdrExport,
    base_url: &str,
    fields: &Fields<'_>,
    with_linkage: bool,
) -> ResourceObject {
    let type_name = CdrExport::SCHEMA.type_name;
    let self_link = format!("{base_url}{API_PATH}/{type_name}/{}", export.id);
    let all_attributes = [
        ("filters", export.filters.clone()),
        ("status", json!(export.status.wire_value())),
        ("rows-count", json!(export.rows_count)),
        ("created-at", json!(format_timestamp(&export.created_at))),
        ("updated-at", json!(format_timestamp(&export.updated_at))),
        ("time-format", json!(export.time_format.wire_value())),
        ("time-zone-name", json!(export.time_zone_name)),
    ];
    let attributes: Vec<(&'static str, Value)> = all_attributes
        .into_iter()
        .filter(|(key, _)| fields.wants(type_name, key))
        .collect();
    let relationships = fields.wants(type_name, "account").then(|| Relationships {
        account: Relationship {
            links: RelationshipLinks {
                self_link: format!("{self_link}/relationships/account"),
                related: format!("{self_link}/account"),
            },
            data: with_linkage.then(|| account_identifier(export.account_id)),
        },
    });
    ResourceObject {
        id: export.id.to_string(),
        type_name,
        links: Some(SelfLink { self_link }),
        attributes: (!attributes.is_empty()).then_some(OrderedObject(attributes)),
        relationships,
    }
}

/// The resource identifier of an account, or `null`.
pub fn account_identifier(account_id: Option<uuid::Uuid>) -> Value {
    match account_id {
        Some(id) => json!({"type": ACCOUNT_TYPE, "id": id.to_string()}),
        None => Value::Null,
    }
}

/// The resource object of an account.
pub fn account_object(account: &Account, fields: &Fields<'_>) -> ResourceObject {
    let all_attributes = [
        ("name", json!(account.name)),
        ("balance", json!(account.balance)),
        ("external-id", json!(account.external_id)),
    ];
    let attributes: Vec<(&'static str, Value)> = all_attributes
        .into_iter()
        .filter(|(key, _)| fields.wants(ACCOUNT_TYPE, key))
        .collect();
    ResourceObject {
        id: account.id.to_string(),
        type_name: ACCOUNT_TYPE,
        links: None,
        attributes: Some(OrderedObject(attributes)),
        relationships: None,
    }
}

/// A document of one resource (or `null`), with included resources when asked.
#[derive(Debug, Serialize)]
pub struct SingleDocument {
    /// The primary data.
    pub data: Option<ResourceObject>,
    /// The included resources, when `include` was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub included: Option<Vec<ResourceObject>>,
}

/// The listing document: `data`, `included`, `meta.total-count`, `links`.
#[derive(Debug, Serialize)]
pub struct ListingDocument {
    /// The page of exports.
    pub data: Vec<ResourceObject>,
    /// The included accounts, when `include=account` was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub included: Option<Vec<ResourceObject>>,
    /// `{"total-count": N}`, or `{"total-count-at-least": N}` under a count limit.
    pub meta: jsonapi_filter::TotalCount,
    /// The pagination links.
    pub links: jsonapi_filter::PageLinks,
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
