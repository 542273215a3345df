//! The routes of the `cdrs` resource: the listing and one CDR, with `include=account` and
//! `include=auth-orig-transport-protocol`, scoped to the caller's allowed accounts exactly as the exports.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use jsonapi_filter::axum::{JsonApi, JsonApiQuery, JsonApiSingleQuery};
use jsonapi_filter::document::{
    Fields, ListingDocument, ResourceObject, SingleDocument, ToOneDocument,
};
use jsonapi_filter::{CountPolicy, RelatedRecords, Resource, ResourceQuery, Scope, StatementCache};
use tracing::Instrument;

use crate::AppState;
use crate::auth::Customer;
use crate::documents::API_PATH;
use crate::errors::ApiError;
use crate::included;
use crate::resource::{
    ACCOUNT_TYPE, Account, Cdr, CdrExport, TRANSPORT_PROTOCOL_TYPE, TransportProtocol,
};
use crate::routes::base_url;
use crate::store::{ACCOUNTS, CDRS, TRANSPORT_PROTOCOLS};

/// The SQL text of every CDR listing shape, rendered once.
static STATEMENTS: StatementCache = StatementCache::new();

/// The most CDRs a listing counts exactly: past it, `meta.total-count-at-least`. A CDR table holds millions
/// of rows, and an exact `COUNT(*)` of an unfiltered listing would read them all on every request.
pub const CDR_COUNT_BOUND: u64 = 10_000;

/// How the CDR listing counts: exactly up to [`CDR_COUNT_BOUND`] matching CDRs, or up to the server's
/// `--count-limit` when it is lower.
pub fn cdr_count_policy(server: CountPolicy) -> CountPolicy {
    match server {
        CountPolicy::UpTo(limit) => CountPolicy::UpTo(Ord::min(limit, CDR_COUNT_BOUND)),
        CountPolicy::Exact => CountPolicy::UpTo(CDR_COUNT_BOUND),
    }
}

/// `GET /cdrs`: the filtered (`filter[is-last-cdr]` true unless given), sorted, paged listing, with
/// `meta.total-count` and pagination links.
pub async fn list_cdrs(
    State(app): State<AppState>,
    customer: Customer,
    headers: HeaderMap,
    RawQuery(raw_query): RawQuery,
    JsonApiQuery(query): JsonApiQuery<Cdr>,
) -> Result<Response, ApiError> {
    let query = scoped(query, &customer);
    let count_policy = cdr_count_policy(app.count_policy);
    let (cdrs, counted) = app
        .store
        .page_and_count(&STATEMENTS, &query, count_policy, CDRS)
        .instrument(tracing::debug_span!("page_and_count"))
        .await?;
    let cdrs: Vec<Cdr> = cdrs
        .into_iter()
        .map(|cdr| cdr.with_rec(&customer))
        .collect();
    let total = count_policy.total(query.page, counted);

    let accounts = included::sorted_through(&app, &query, &cdrs, "account", ACCOUNTS).await?;
    let protocols = included::sorted_through(
        &app,
        &query,
        &cdrs,
        "auth-orig-transport-protocol",
        TRANSPORT_PROTOCOLS,
    )
    .await?;
    let page = query.listing_page(
        cdrs,
        &RelatedRecords::new().with(&accounts).with(&protocols),
    );
    let included = included::of_cdrs(&app, &query, &page.rows).await?;
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

/// The caller's CDRs, seeing through `account` the caller's accounts and their exports only, and every
/// transport protocol.
fn scoped(query: ResourceQuery<Cdr>, customer: &Customer) -> ResourceQuery<Cdr> {
    query
        .scoped_for(customer)
        .scoped_related_for::<Account, _>(customer)
        .scoped_related_for::<CdrExport, _>(customer)
        .scoped_related(Scope::<TransportProtocol>::all())
}

/// `GET /cdrs/{id}`, with the includes and sparse fieldsets; 400 (code 103) for an id that is not an
/// integer, 404 for a missing CDR and for another customer's alike.
pub async fn show_cdr(
    State(app): State<AppState>,
    customer: Customer,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonApiSingleQuery(query): JsonApiSingleQuery<Cdr>,
) -> Result<Response, ApiError> {
    let cdrs = [visible_cdr(&app, &customer, &id).await?];
    let query = scoped(query, &customer);
    let included = included::of_cdrs(&app, &query, &cdrs).await?;
    let collection = collection_url(&headers);
    let (fields, linkage) = (Fields::of(&query), query.include_names());
    let document = SingleDocument {
        data: Some(ResourceObject::new(
            &cdrs[0],
            fields,
            Some(&collection),
            &linkage,
        )),
        included,
    };
    Ok(JsonApi(StatusCode::OK, document).into_response())
}

/// The CDR `id` if the caller may see it (whether or not it is the last of its call): 400 (code 103) for an
/// id that is not an integer, 404 for a missing CDR and for another customer's alike.
async fn visible_cdr(app: &AppState, customer: &Customer, id: &str) -> Result<Cdr, ApiError> {
    let cdr_id = parse_id(id)
        .ok_or_else(|| ApiError::invalid_id(id))?
        .ok_or_else(|| ApiError::not_found(id))?;
    let lookup = ResourceQuery::<Cdr>::default()
        .without_default_filters()
        .scoped_for(customer)
        .scoped(Scope::all().eq("id", cdr_id));
    let (select, values) = STATEMENTS.select(&lookup, app.store.backend());
    app.store
        .cdrs_where(&select, values.0, customer)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::not_found(id))
}

/// `GET /cdrs/{id}/relationships/{relationship}`: the resource identifier of `account` or
/// `auth-orig-transport-protocol`.
pub async fn show_cdr_relationship(
    State(app): State<AppState>,
    customer: Customer,
    headers: HeaderMap,
    uri: Uri,
    Path((id, relationship)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let cdr = visible_cdr(&app, &customer, &id).await?;
    let url = format!("{}/{}", collection_url(&headers), cdr.id);
    Ok(match relationship.as_str() {
        "account" => {
            let document = ToOneDocument::new(&url, "account", ACCOUNT_TYPE, Some(cdr.account_id));
            JsonApi(StatusCode::OK, document).into_response()
        }
        "auth-orig-transport-protocol" => {
            let document = ToOneDocument::new(
                &url,
                "auth-orig-transport-protocol",
                TRANSPORT_PROTOCOL_TYPE,
                cdr.auth_orig_transport_protocol_id,
            );
            JsonApi(StatusCode::OK, document).into_response()
        }
        _ => return Err(ApiError::no_route(uri.path())),
    })
}

/// `GET /cdrs/{id}/{relationship}`: the related account or transport protocol itself (`null` when none).
pub async fn show_cdr_related(
    State(app): State<AppState>,
    customer: Customer,
    uri: Uri,
    Path((id, relationship)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let cdrs = [visible_cdr(&app, &customer, &id).await?];
    let query = scoped(ResourceQuery::default(), &customer);
    let backend = app.store.backend();
    Ok(match relationship.as_str() {
        "account" => {
            let select = query.related_select("account", &cdrs, backend);
            let accounts = app.store.related(select, ACCOUNTS).await?;
            let document = SingleDocument::<Account, ResourceObject<Account>> {
                data: accounts
                    .first()
                    .map(|account| ResourceObject::new(account, Fields::ALL, None, &[])),
                included: None,
            };
            JsonApi(StatusCode::OK, document).into_response()
        }
        "auth-orig-transport-protocol" => {
            let select = query.related_select("auth-orig-transport-protocol", &cdrs, backend);
            let protocols = app.store.related(select, TRANSPORT_PROTOCOLS).await?;
            let document = SingleDocument::<TransportProtocol, ResourceObject<TransportProtocol>> {
                data: protocols
                    .first()
                    .map(|protocol| ResourceObject::new(protocol, Fields::ALL, None, &[])),
                included: None,
            };
            JsonApi(StatusCode::OK, document).into_response()
        }
        _ => return Err(ApiError::no_route(uri.path())),
    })
}

/// A CDR id of the path, as the OpenAPI document describes it: an optional `-` and digits (`None`: 400, code
/// 103). An integer beyond `i64` names no CDR: `Some(None)`, a 404 like any other missing id.
fn parse_id(id: &str) -> Option<Option<i64>> {
    let digits = id.strip_prefix('-').unwrap_or(id);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    Some(id.parse().ok())
}

/// The URL of the CDRs collection, as the client reached it.
fn collection_url(headers: &HeaderMap) -> String {
    format!("{}{API_PATH}/{}", base_url(headers), Cdr::SCHEMA.type_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cdr_listing_never_counts_past_its_bound() {
        assert_eq!(
            cdr_count_policy(CountPolicy::Exact),
            CountPolicy::UpTo(CDR_COUNT_BOUND)
        );
        assert_eq!(
            cdr_count_policy(CountPolicy::UpTo(20)),
            CountPolicy::UpTo(20)
        );
        assert_eq!(
            cdr_count_policy(CountPolicy::UpTo(1_000_000)),
            CountPolicy::UpTo(CDR_COUNT_BOUND)
        );
    }
}
