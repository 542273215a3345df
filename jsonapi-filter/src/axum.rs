//! axum integration: the [`JsonApiQuery`] extractor and its JSON:API rejection.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::QueryErrors;
use crate::query::{Query, QueryOptions};
use crate::schema::Resource;

/// Extracts and validates the request's query string as a [`Query<R>`]. A bad query never reaches the
/// handler: the rejection is a JSON:API error document listing every problem.
///
/// Options (limits, extra parameters) come from a [`QueryOptions`] request extension when there is one,
/// and are the defaults otherwise.
///
/// ```
/// use axum::{Router, routing::get};
/// use jsonapi_filter::{Filterable, axum::JsonApiQuery};
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     duration: i64,
/// }
///
/// async fn list_calls(JsonApiQuery(query): JsonApiQuery<Call>) -> String {
///     format!("{} filters", query.filters.len())
/// }
///
/// let app: Router = Router::new().route("/calls", get(list_calls));
/// ```
pub struct JsonApiQuery<R>(pub Query<R>);

impl<R: Resource, S: Send + Sync> FromRequestParts<S> for JsonApiQuery<R> {
    type Rejection = QueryRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or("");
        let parsed = match parts.extensions.get::<QueryOptions>() {
            Some(options) => Query::parse_with(raw, options),
            None => Query::parse(raw),
        };
        parsed.map(JsonApiQuery).map_err(QueryRejection)
    }
}

/// The rejection of [`JsonApiQuery`]: every problem of the query, answered as a JSON:API error document
/// with `Content-Type: application/vnd.api+json`.
#[derive(Debug)]
pub struct QueryRejection(pub QueryErrors);

impl IntoResponse for QueryRejection {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::BAD_REQUEST);
        let body = serde_json::to_vec(&self.0.to_document()).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(crate::JSON_API_MEDIA_TYPE),
        );
        response
    }
}
