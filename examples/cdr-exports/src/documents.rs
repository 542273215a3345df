//! JSON:API documents of the resources: the exact shape of the reference listing (`links.self`, seven
//! attributes, `relationships.account.links`), with sparse fieldsets applied.

use chrono::{DateTime, Utc};
use jsonapi_filter::{FilterEnum, Query, Resource};
use serde_json::{Map, Value, json};

use crate::resource::{ACCOUNT_TYPE, Account, CdrExport};

/// The path of the API under the host.
pub const API_PATH: &str = "/api/rest/customer/v1";

/// A timestamp as the reference writes it: UTC, milliseconds, `Z`.
pub fn format_timestamp(instant: &DateTime<Utc>) -> String {
    instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
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

/// The resource object of an export.
pub fn export_object(export: &CdrExport, base_url: &str, fields: &Fields<'_>) -> Value {
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
    let attributes: Map<String, Value> = all_attributes
        .into_iter()
        .filter(|(key, _)| fields.wants(type_name, key))
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
    let mut object = json!({
        "id": export.id.to_string(),
        "type": type_name,
        "links": {"self": self_link},
    });
    if !attributes.is_empty() {
        object["attributes"] = Value::Object(attributes);
    }
    if fields.wants(type_name, "account") {
        object["relationships"] = json!({
            "account": {
                "links": {
                    "self": format!("{self_link}/relationships/account"),
                    "related": format!("{self_link}/account"),
                }
            }
        });
    }
    object
}

/// An export's object with `relationships.account.data` filled in, as when the account is included.
pub fn export_object_with_linkage(
    export: &CdrExport,
    base_url: &str,
    fields: &Fields<'_>,
) -> Value {
    let mut object = export_object(export, base_url, fields);
    if let Some(account) = object.pointer_mut("/relationships/account") {
        account["data"] = account_identifier(export.account_id);
    }
    object
}

/// The resource identifier of an account, or `null`.
pub fn account_identifier(account_id: Option<uuid::Uuid>) -> Value {
    match account_id {
        Some(id) => json!({"type": ACCOUNT_TYPE, "id": id.to_string()}),
        None => Value::Null,
    }
}

/// The resource object of an account.
pub fn account_object(account: &Account, fields: &Fields<'_>) -> Value {
    let all_attributes = [
        ("name", json!(account.name)),
        ("balance", json!(account.balance)),
        ("external-id", json!(account.external_id)),
    ];
    let attributes: Map<String, Value> = all_attributes
        .into_iter()
        .filter(|(key, _)| fields.wants(ACCOUNT_TYPE, key))
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
    json!({
        "id": account.id.to_string(),
        "type": ACCOUNT_TYPE,
        "attributes": attributes,
    })
}
