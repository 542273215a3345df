//! The routes of the export job queue: `POST /cdr-exports` validates an export as the reference does and
//! enqueues its job, and `GET /cdr-exports/{id}/download` serves the file the worker wrote.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{SubsecRound, Utc};
use jsonapi_filter::axum::{JsonApi, JsonApiBody};
use jsonapi_filter::document::{Fields, ResourceObject, SingleDocument};
use jsonapi_filter::{ErrorObject, FilterEnum, Resource};
use serde_json::Value;
use uuid::Uuid;

use super::worker::{NOT_ALLOWED_FILTER, cdr_query, export_file_path};
use crate::AppState;
use crate::auth::Customer;
use crate::errors::ApiError;
use crate::resource::{Account, CdrExport, CdrExportStatus, REQUIRED_EXPORT_FILTERS, TimeFormat};
use crate::routes::{collection_url, visible_export};

/// `GET /cdr-exports/{id}/download`: the gzipped CSV of a completed export; 404 for any other status.
pub async fn download_export(
    State(app): State<AppState>,
    customer: Customer,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let export = visible_export(&app, &customer, &id).await?;
    if export.status != CdrExportStatus::Completed {
        return Err(ApiError::not_found(&id));
    }
    let file = tokio::fs::File::open(export_file_path(&app.data_dir, export.id))
        .await
        .map_err(|_| ApiError::not_found(&id))?;
    let length = file.metadata().await.map(|metadata| metadata.len()).ok();
    let mut response = Body::from_stream(tokio_util::io::ReaderStream::new(file)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/gzip"),
    );
    if let Some(length) = length {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    if let Ok(disposition) =
        HeaderValue::from_str(&format!("attachment; filename=\"{}.csv.gz\"", export.id))
    {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    Ok(response)
}

/// A 422 validation error pointing into the request document.
fn invalid(pointer: &str, title: &str, detail: impl Into<String>) -> ErrorObject {
    ErrorObject::new(422, "100", title, detail).with_pointer(pointer)
}

/// `POST /cdr-exports`: validates the export as the reference does, stores it as `Pending` and enqueues
/// its job in the same transaction. Answers 201 with the new resource.
pub async fn create_export(
    State(app): State<AppState>,
    customer: Customer,
    headers: HeaderMap,
    JsonApiBody(document): JsonApiBody<Value>,
) -> Result<Response, ApiError> {
    let new_export = validate_new_export(&document, &customer)?;
    let now = Utc::now().trunc_subsecs(3);
    let export = CdrExport {
        id: Uuid::new_v4(),
        status: CdrExportStatus::Pending,
        rows_count: None,
        created_at: now,
        updated_at: now,
        time_zone_name: new_export.time_zone_name,
        time_format: new_export.time_format,
        account_id: Some(new_export.account_id),
        filters: serde_json::value::to_raw_value(&new_export.filters)
            .map_err(ApiError::internal)?,
    };
    let store = &app.store;
    store
        .execute_in_transaction(vec![
            (
                "INSERT INTO cdr_exports (id, account_id, status, rows_count, created_at, updated_at, \
                 time_zone_name, time_format, filters) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8)"
                    .to_owned(),
                vec![
                    store.uuid(Some(export.id)),
                    store.uuid(export.account_id),
                    export.status.wire_value().into(),
                    store.time(Some(export.created_at)),
                    store.time(Some(export.updated_at)),
                    export.time_zone_name.clone().into(),
                    export.time_format.wire_value().into(),
                    store.json(&new_export.filters),
                ],
            ),
            (
                "INSERT INTO export_jobs (export_id, run_at, attempts) VALUES ($1, $2, 0)".to_owned(),
                vec![store.uuid(Some(export.id)), store.time(Some(now))],
            ),
        ])
        .await?;
    app.worker_wakeup.notify_one();
    tracing::info!(export_id = %export.id, api_access_id = customer.api_access_id, "export created");
    let collection = collection_url(&headers);
    let document = SingleDocument::<CdrExport, ResourceObject<Account>> {
        data: Some(ResourceObject::new(
            &export,
            Fields::ALL,
            Some(&collection),
            &[],
        )),
        included: None,
    };
    let mut response = JsonApi(StatusCode::CREATED, document).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("{collection}/{}", export.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// A validated new export.
struct NewExport {
    filters: Value,
    time_format: TimeFormat,
    time_zone_name: Option<String>,
    account_id: Uuid,
}

/// Checks a create document, collecting every problem: 400 for a malformed document, 422 for invalid
/// values (each with `source.pointer`).
fn validate_new_export(document: &Value, customer: &Customer) -> Result<NewExport, ApiError> {
    let Some(data) = document.get("data").and_then(Value::as_object) else {
        return Err(ApiError {
            status: StatusCode::BAD_REQUEST,
            errors: vec![
                ErrorObject::new(
                    400,
                    "106",
                    "Missing Parameter",
                    "The required parameter, data, is missing.",
                )
                .with_pointer("/data"),
            ],
        });
    };
    let mut malformed = Vec::new();
    if data.get("type").and_then(Value::as_str) != Some(CdrExport::SCHEMA.type_name) {
        malformed.push(
            ErrorObject::new(
                400,
                "101",
                "Invalid resource",
                "data.type must be cdr-exports.",
            )
            .with_pointer("/data/type"),
        );
    }
    if data.contains_key("id") {
        malformed.push(
            ErrorObject::new(
                400,
                "105",
                "Param not allowed",
                "Client-generated ids are not supported.",
            )
            .with_pointer("/data/id"),
        );
    }
    let empty = serde_json::Map::new();
    let attributes = match data.get("attributes") {
        None => &empty,
        Some(Value::Object(attributes)) => attributes,
        Some(_) => {
            malformed.push(
                ErrorObject::new(
                    400,
                    "101",
                    "Invalid resource",
                    "data.attributes must be an object.",
                )
                .with_pointer("/data/attributes"),
            );
            &empty
        }
    };
    for key in attributes.keys() {
        if !["filters", "time-format", "time-zone-name"].contains(&key.as_str()) {
            malformed.push(
                ErrorObject::new(
                    400,
                    "105",
                    "Param not allowed",
                    format!("{key} is not allowed."),
                )
                .with_pointer(format!("/data/attributes/{}", escape_pointer(key))),
            );
        }
    }
    if !malformed.is_empty() {
        return Err(ApiError {
            status: StatusCode::BAD_REQUEST,
            errors: malformed,
        });
    }

    let mut errors = Vec::new();
    let filters = attributes.get("filters").cloned().unwrap_or(Value::Null);
    match &filters {
        Value::Object(given) => {
            // The framework checks the keys against the reference's allow-list and the values against the
            // keys' kinds: keys outside the list are reported with the missing required keys, the values'
            // problems only when the keys are right.
            let (refused, invalid_values): (Vec<_>, Vec<_>) = cdr_query(&filters)
                .err()
                .unwrap_or_default()
                .into_iter()
                .partition(|problem| problem.title == NOT_ALLOWED_FILTER);
            errors.extend(refused);
            for key in REQUIRED_EXPORT_FILTERS {
                if !given.contains_key(key) {
                    errors.push(invalid(
                        "/data/attributes/filters",
                        "filters - required",
                        format!("filters - {key} is required."),
                    ));
                }
            }
            if errors.is_empty() {
                errors.extend(invalid_values);
            }
        }
        _ => errors.push(invalid(
            "/data/attributes/filters",
            "filters - can't be blank",
            "filters must be an object with time_start_gteq and time_start_lt.",
        )),
    }
    let time_format = match attributes.get("time-format").and_then(Value::as_str) {
        Some(value) => TimeFormat::from_wire_value(value),
        None => None,
    };
    if time_format.is_none() {
        errors.push(invalid(
            "/data/attributes/time-format",
            "time-format - is not included in the list",
            format!(
                "time-format must be one of {}.",
                TimeFormat::WIRE_VALUES.join(", ")
            ),
        ));
    }
    let time_zone_name = match attributes.get("time-zone-name") {
        None | Some(Value::Null) => None,
        Some(Value::String(zone)) if zone.trim().is_empty() => None,
        Some(Value::String(zone)) if zone.parse::<chrono_tz::Tz>().is_ok() => Some(zone.clone()),
        Some(other) => {
            errors.push(invalid(
                "/data/attributes/time-zone-name",
                "time-zone-name - is invalid",
                format!("time-zone-name {other} is not an IANA time zone."),
            ));
            None
        }
    };
    let account_data = document.pointer("/data/relationships/account/data");
    let account_id = match account_data {
        Some(Value::Object(identifier))
            if identifier.get("type").and_then(Value::as_str)
                == Some(crate::resource::ACCOUNT_TYPE) =>
        {
            identifier
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| Uuid::parse_str(id).ok())
                .filter(|id| customer.allowed_accounts.contains(id))
        }
        _ => None,
    };
    if account_id.is_none() {
        errors.push(invalid(
            "/data/relationships/account",
            "account - must exist",
            "account must be one of your allowed accounts, as {\"data\":{\"type\":\"accounts\",\"id\":\"<uuid>\"}}.",
        ));
    }
    match (time_format, account_id) {
        (Some(time_format), Some(account_id)) if errors.is_empty() => Ok(NewExport {
            filters,
            time_format,
            time_zone_name,
            account_id,
        }),
        _ => Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors,
        }),
    }
}

/// Escapes a key for a JSON pointer (RFC 6901).
fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
