//! The routes of the `accounts` resource: the caller's accounts, filtered by their own attributes and through
//! their `cdr-exports` (`filter[cdr-exports.status-eq]=Failed&filter[cdr-exports.rows-count-gt]=1000` finds
//! the accounts with one failed export of over 1,000 rows), sorted and paged; and one account.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use jsonapi_filter::axum::{JsonApi, JsonApiQuery, JsonApiSingleQuery};
use jsonapi_filter::document::{Fields, ListingDocument, ResourceObject, SingleDocument};
use jsonapi_filter::{RelatedRecords, Resource, ResourceQuery, Scope, StatementCache};
use tracing::Instrument;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Customer;
use crate::documents::API_PATH;
use crate::errors::ApiError;
use crate::included;
use crate::resource::{Account, CdrExport};
use crate::routes::base_url;
use crate::store::ACCOUNTS;

/// The SQL text of every account listing shape, rendered once.
static STATEMENTS: StatementCache = StatementCache::new();

/// `GET /accounts`: the caller's allowed accounts, with `meta.total-count` and pagination links. A filter
/// through `cdr-exports` sees the caller's exports only.
pub async fn list_accounts(
    State(app): State<AppState>,
    customer: Customer,
    headers: HeaderMap,
    RawQuery(raw_query): RawQuery,
    JsonApiQuery(query): JsonApiQuery<Account>,
) -> Result<Response, ApiError> {
    let query = query
        .scoped_for(&customer)
        .scoped_related_for::<CdrExport, _>(&customer);
    let (accounts, counted) = app
        .store
        .page_and_count(&STATEMENTS, &query, app.count_policy, ACCOUNTS)
        .instrument(tracing::debug_span!("page_and_count"))
        .await?;
    let total = app.count_policy.total(query.page, counted);
    let page = query.listing_page(accounts, &RelatedRecords::new());
    let (included, to_many) = included::of_accounts(&app, &query, &page.rows).await?;
    let collection = collection_url(&headers);
    let (fields, linkage) = (Fields::of(&query), query.include_names());
    let raw_query = raw_query.as_deref().unwrap_or("");
    let document = ListingDocument {
        data: page
            .objects(fields, Some(&collection), &linkage)
            .into_iter()
            .map(|object| object.with_to_many(&to_many))
            .collect(),
        included,
        meta: page.meta(total),
        links: page.links(&collection, raw_query, total),
    };
    Ok(JsonApi(StatusCode::OK, document).into_response())
}

/// `GET /accounts/{id}`: one of the caller's allowed accounts; 404 for any other, missing or not.
pub async fn show_account(
    State(app): State<AppState>,
    customer: Customer,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonApiSingleQuery(query): JsonApiSingleQuery<Account>,
) -> Result<Response, ApiError> {
    let uuid = Uuid::parse_str(&id).map_err(|_| ApiError::invalid_id(&id))?;
    let accounts = [visible_account(&app, &customer, uuid)
        .await?
        .ok_or_else(|| ApiError::not_found(&id))?];
    let query = query
        .scoped_for(&customer)
        .scoped_related_for::<CdrExport, _>(&customer);
    let (included, to_many) = included::of_accounts(&app, &query, &accounts).await?;
    let collection = collection_url(&headers);
    let (fields, linkage) = (Fields::of(&query), query.include_names());
    let document = SingleDocument {
        data: Some(
            ResourceObject::new(&accounts[0], fields, Some(&collection), &linkage)
                .with_to_many(&to_many),
        ),
        included,
    };
    Ok(JsonApi(StatusCode::OK, document).into_response())
}

/// The account `id` if the caller may see it.
pub(crate) async fn visible_account(
    app: &AppState,
    customer: &Customer,
    id: Uuid,
) -> Result<Option<Account>, ApiError> {
    let lookup = ResourceQuery::<Account>::default()
        .scoped_for(customer)
        .scoped(Scope::all().eq("id", id));
    let (select, values) = STATEMENTS.select(&lookup, app.store.backend());
    let accounts = app.store.accounts_where(&select, values.0).await?;
    Ok(accounts.into_iter().next())
}

/// The URL of the accounts collection, as the client reached it.
fn collection_url(headers: &HeaderMap) -> String {
    format!(
        "{}{API_PATH}/{}",
        base_url(headers),
        Account::SCHEMA.type_name
    )
}
