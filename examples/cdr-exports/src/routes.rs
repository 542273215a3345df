//! The routes under `/api/rest/customer/v1` a reader meets first: login, the export listing, one export and
//! its account. Every query is scoped to the caller's allowed accounts. (Creating an export and downloading
//! its file belong to the job queue, `crate::export_jobs`.)

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jsonapi_filter::axum::{JsonApi, JsonApiQuery, JsonApiSingleQuery};
use jsonapi_filter::document::{
    Fields, ListingDocument, ResourceObject, SingleDocument, ToOneDocument,
};
use jsonapi_filter::{RelatedRecords, Resource, ResourceQuery, Scope, StatementCache};
use serde_json::json;
use tracing::Instrument;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Customer, LoginRequest, check_credentials};
use crate::documents::API_PATH;
use crate::errors::ApiError;
use crate::included;
use crate::resource::{ACCOUNT_TYPE, Account, CdrExport};
use crate::store::{ACCOUNTS, EXPORTS};

/// `POST /auth`: `{"auth":{"login","password"}}` answered with `201 {"jwt": ...}`.
pub async fn login(State(app): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let request: LoginRequest = serde_json::from_slice(&body).map_err(|error| {
        ApiError::bad_request(format!(
            "The body must be {{\"auth\":{{\"login\":\"...\",\"password\":\"...\"}}}}: {error}."
        ))
    })?;
    let api_access_id = check_credentials(&app.store, &request.auth)
        .await?
        .ok_or_else(ApiError::authentication_failed)?;
    let jwt = app.keys.issue(api_access_id).map_err(ApiError::internal)?;
    tracing::info!(api_access_id, "logged in");
    Ok((StatusCode::CREATED, Json(json!({"jwt": jwt}))).into_response())
}

/// The scheme and host the client used, for absolute links (`http://example.org`).
pub fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || b".-:[]_".contains(&byte))
        })
        .unwrap_or("localhost");
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

/// The SQL text of every listing shape, rendered once; each request binds its own values (the caller's
/// accounts among them).
static STATEMENTS: StatementCache = StatementCache::new();

/// `GET /cdr-exports`: the filtered, sorted, paged listing, with `meta.total-count` and pagination links.
pub async fn list_exports(
    State(app): State<AppState>,
    customer: Customer,
    headers: HeaderMap,
    RawQuery(raw_query): RawQuery,
    JsonApiQuery(query): JsonApiQuery<CdrExport>,
) -> Result<Response, ApiError> {
    let query = query
        .scoped_for(&customer)
        .scoped_related_for::<Account, _>(&customer);
    let (exports, counted) = app
        .store
        .page_and_count(&STATEMENTS, &query, app.count_policy, EXPORTS)
        .instrument(tracing::debug_span!("page_and_count"))
        .await?;
    let total = app.count_policy.total(query.page, counted);

    let accounts = included::sorted_through(&app, &query, &exports, "account", ACCOUNTS).await?;
    let page = query.listing_page(exports, &RelatedRecords::new().with(&accounts));
    let included = included::of_exports(&app, &query, &page.rows).await?;
    let collection = collection_url(&headers);
    let (fields, linkage) = (Fields::of(&query), query.include_names());
    let raw_query = raw_query.as_deref().unwrap_or("");
    let document = ListingDocument {
        data: page.objects(fields, Some(&collection), &linkage),
        included,
        meta: page.meta(total),
        links: page.links(&collection, raw_query, total),
    };
    Ok(tracing::debug_span!("render")
        .in_scope(|| JsonApi(StatusCode::OK, document).into_response()))
}

/// The URL of the exports collection, as the client reached it.
pub(crate) fn collection_url(headers: &HeaderMap) -> String {
    format!(
        "{}{API_PATH}/{}",
        base_url(headers),
        CdrExport::SCHEMA.type_name
    )
}

/// The export `id` if the caller may see it; a 404 otherwise, the same for a missing and a foreign one.
pub(crate) async fn visible_export(
    app: &AppState,
    customer: &Customer,
    id: &str,
) -> Result<CdrExport, ApiError> {
    let uuid = Uuid::parse_str(id).map_err(|_| ApiError::invalid_id(id))?;
    let query = ResourceQuery::<CdrExport>::default()
        .scoped_for(customer)
        .scoped(Scope::all().eq("id", uuid));
    let (select, values) = STATEMENTS.select(&query, app.store.backend());
    app.store
        .exports_where(&select, values.0)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::not_found(id))
}

/// `GET /cdr-exports/{id}`, with `include=account` and sparse fieldsets.
pub async fn show_export(
    State(app): State<AppState>,
    customer: Customer,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonApiSingleQuery(query): JsonApiSingleQuery<CdrExport>,
) -> Result<Response, ApiError> {
    let exports = [visible_export(&app, &customer, &id).await?];
    let query = query
        .scoped_for(&customer)
        .scoped_related_for::<Account, _>(&customer);
    let included = included::of_exports(&app, &query, &exports).await?;
    let collection = collection_url(&headers);
    let (fields, linkage) = (Fields::of(&query), query.include_names());
    let document = SingleDocument {
        data: Some(ResourceObject::new(
            &exports[0],
            fields,
            Some(&collection),
            &linkage,
        )),
        included,
    };
    Ok(JsonApi(StatusCode::OK, document).into_response())
}

/// `GET /cdr-exports/{id}/relationships/account`: the account's resource identifier.
pub async fn show_account_relationship(
    State(app): State<AppState>,
    customer: Customer,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let export = visible_export(&app, &customer, &id).await?;
    let export_url = format!("{}/{}", collection_url(&headers), export.id);
    let document = ToOneDocument::new(&export_url, "account", ACCOUNT_TYPE, export.account_id);
    Ok(JsonApi(StatusCode::OK, document).into_response())
}

/// `GET /cdr-exports/{id}/account`: the account itself.
pub async fn show_account(
    State(app): State<AppState>,
    customer: Customer,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let exports = [visible_export(&app, &customer, &id).await?];
    let query = ResourceQuery::<CdrExport>::default()
        .scoped_for(&customer)
        .scoped_related_for::<Account, _>(&customer);
    let select = query.related_select("account", &exports, app.store.backend());
    let accounts = app.store.related(select, ACCOUNTS).await?;
    let document = SingleDocument::<Account, ResourceObject<Account>> {
        data: accounts
            .first()
            .map(|account| ResourceObject::new(account, Fields::ALL, None, &[])),
        included: None,
    };
    Ok(JsonApi(StatusCode::OK, document).into_response())
}
