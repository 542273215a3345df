//! axum integration: the extractors ([`JsonApiQuery`] for listings, [`JsonApiSingleQuery`] for one resource,
//! [`JsonApiBody`] for request documents), the responses ([`JsonApi`] for documents, [`ErrorResponse`] and
//! [`QueryRejection`] for errors, all with `Content-Type: application/vnd.api+json`), and JSON:API content
//! negotiation ([`negotiate`]).
//!
//! ```
//! use axum::{Router, body::Body, http::Request, middleware, routing::get};
//! use jsonapi_filter::axum::{JsonApi, JsonApiQuery, negotiate};
//! use jsonapi_filter::Filterable;
//! use tower::ServiceExt;
//!
//! #[derive(Filterable)]
//! #[filterable(type = "calls", table = "calls")]
//! struct Call {
//!     #[filterable(id)]
//!     id: i64,
//!     duration: i64,
//! }
//!
//! async fn list_calls(JsonApiQuery(query): JsonApiQuery<Call>) -> JsonApi<serde_json::Value> {
//!     let meta = serde_json::json!({ "filters": query.filters.len() });
//!     JsonApi(axum::http::StatusCode::OK, serde_json::json!({ "data": [], "meta": meta }))
//! }
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let app: Router = Router::new()
//!     .route("/calls", get(list_calls))
//!     .layer(middleware::from_fn(negotiate));
//!
//! // A bad filter never reaches the handler: every problem comes back as one error document.
//! let request = Request::get("/calls?filter[duration-gt]=long&filter[nope]=1").body(Body::empty()).unwrap();
//! let response = app.clone().oneshot(request).await.unwrap();
//! assert_eq!(response.status(), 400);
//! assert_eq!(response.headers()["content-type"], "application/vnd.api+json");
//! let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
//! let document: serde_json::Value = serde_json::from_slice(&body).unwrap();
//! let codes: Vec<_> = document["errors"].as_array().unwrap().iter().map(|error| error["code"].clone()).collect();
//! assert_eq!(codes, ["107", "102"]);
//!
//! let request = Request::get("/calls?filter[duration-gt]=60").body(Body::empty()).unwrap();
//! assert_eq!(app.oneshot(request).await.unwrap().status(), 200);
//! # });
//! ```

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::QueryErrors;
use crate::query::{QueryOptions, ResourceQuery};
use crate::schema::Resource;

/// Extracts and validates the request's query string as a [`ResourceQuery<R>`]. A bad query never reaches the
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
pub struct JsonApiQuery<R>(pub ResourceQuery<R>);

impl<R: Resource, S: Send + Sync> FromRequestParts<S> for JsonApiQuery<R> {
    type Rejection = QueryRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or("");
        let parsed = match parts.extensions.get::<QueryOptions>() {
            Some(options) => ResourceQuery::parse_with(raw, options),
            None => ResourceQuery::parse(raw),
        };
        parsed.map(JsonApiQuery).map_err(QueryRejection)
    }
}

/// Extracts the query string of a single-resource route (`GET /calls/{id}`) with [`ResourceQuery::parse_single`]:
/// `include` and `fields[...]`, every other parameter refused with 105.
///
/// ```
/// use axum::{Router, extract::Path, routing::get};
/// use jsonapi_filter::{Filterable, axum::JsonApiSingleQuery};
///
/// #[derive(Filterable)]
/// #[filterable(type = "calls", table = "calls")]
/// struct Call {
///     #[filterable(id)]
///     id: i64,
///     duration: i64,
/// }
///
/// async fn show_call(Path(id): Path<i64>, JsonApiSingleQuery(query): JsonApiSingleQuery<Call>) -> String {
///     format!("call {id}, {} fieldsets", query.fieldsets.len())
/// }
///
/// let app: Router = Router::new().route("/calls/{id}", get(show_call));
/// ```
pub struct JsonApiSingleQuery<R>(pub ResourceQuery<R>);

impl<R: Resource, S: Send + Sync> FromRequestParts<S> for JsonApiSingleQuery<R> {
    type Rejection = QueryRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        ResourceQuery::parse_single(parts.uri.query().unwrap_or(""))
            .map(JsonApiSingleQuery)
            .map_err(QueryRejection)
    }
}

/// The rejection of [`JsonApiQuery`]: every problem of the query, answered as a JSON:API error document
/// with `Content-Type: application/vnd.api+json`.
///
/// ```
/// use axum::response::IntoResponse;
/// use jsonapi_filter::axum::QueryRejection;
/// # use jsonapi_filter::{Filterable, ResourceQuery};
/// # #[derive(Filterable)]
/// # #[filterable(type = "calls", table = "calls")]
/// # struct Call { #[filterable(id)] id: i64 }
///
/// let errors = ResourceQuery::<Call>::parse("page[size]=0").unwrap_err();
/// let response = QueryRejection(errors).into_response();
/// assert_eq!(response.status(), 400);
/// assert_eq!(response.headers()["content-type"], "application/vnd.api+json");
/// ```
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

/// A JSON:API response: `status`, the document serialized straight into the body, and
/// `Content-Type: application/vnd.api+json`.
///
/// ```
/// use axum::http::StatusCode;
/// use axum::response::IntoResponse;
/// use jsonapi_filter::axum::JsonApi;
///
/// let response = JsonApi(StatusCode::CREATED, serde_json::json!({"data": null})).into_response();
/// assert_eq!(response.status(), StatusCode::CREATED);
/// assert_eq!(response.headers()["content-type"], "application/vnd.api+json");
/// ```
#[derive(Debug)]
pub struct JsonApi<T>(pub StatusCode, pub T);

impl<T: serde::Serialize> IntoResponse for JsonApi<T> {
    fn into_response(self) -> Response {
        let mut body = Vec::with_capacity(16 * 1024);
        match serde_json::to_writer(&mut body, &self.1) {
            Ok(()) => with_media_type((self.0, body).into_response()),
            Err(error) => ErrorResponse::internal(error).into_response(),
        }
    }
}

/// Sets `Content-Type: application/vnd.api+json`.
fn with_media_type(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::JSON_API_MEDIA_TYPE),
    );
    response
}

/// A failed request as a JSON:API error document: one or more error objects sharing one HTTP status.
///
/// ```
/// use axum::http::StatusCode;
/// use axum::response::IntoResponse;
/// use jsonapi_filter::axum::ErrorResponse;
///
/// let response = ErrorResponse::new(StatusCode::NOT_FOUND, "404", "Record not found", "No export 7.").into_response();
/// assert_eq!(response.status(), StatusCode::NOT_FOUND);
/// assert_eq!(response.headers()["content-type"], "application/vnd.api+json");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// The HTTP status of the response.
    pub status: StatusCode,
    /// The error objects, at least one.
    pub errors: Vec<crate::ErrorObject>,
}

impl ErrorResponse {
    /// One error object with `status`, `code`, `title` and `detail`.
    ///
    /// ```
    /// use axum::http::StatusCode;
    /// use jsonapi_filter::axum::ErrorResponse;
    ///
    /// let error = ErrorResponse::new(StatusCode::FORBIDDEN, "403", "Forbidden", "This export is not yours.");
    /// assert_eq!(error.errors.len(), 1);
    /// assert_eq!(error.errors[0].status, "403");
    /// assert_eq!(error.errors[0].detail.as_deref(), Some("This export is not yours."));
    /// ```
    pub fn new(
        status: StatusCode,
        code: &str,
        title: &str,
        detail: impl Into<String>,
    ) -> ErrorResponse {
        ErrorResponse {
            status,
            errors: vec![crate::ErrorObject::new(
                status.as_u16(),
                code,
                title,
                detail,
            )],
        }
    }

    /// 406: every JSON:API instance in `Accept` has media-type parameters other than `ext` and `profile`
    /// (JSON:API 1.1, "Server Responsibilities").
    ///
    /// ```
    /// # use jsonapi_filter::axum::ErrorResponse;
    /// assert_eq!(ErrorResponse::not_acceptable().status, 406);
    /// ```
    pub fn not_acceptable() -> ErrorResponse {
        ErrorResponse::new(
            StatusCode::NOT_ACCEPTABLE,
            "406",
            "Not acceptable",
            "All requests must use the 'application/vnd.api+json' Accept without media type parameters.",
        )
    }

    /// 415: a request document whose `Content-Type` is not `application/vnd.api+json` (parameters other
    /// than `ext` and `profile` included).
    ///
    /// ```
    /// # use jsonapi_filter::axum::ErrorResponse;
    /// assert_eq!(ErrorResponse::unsupported_media_type().errors[0].code, "415");
    /// ```
    pub fn unsupported_media_type() -> ErrorResponse {
        ErrorResponse::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "415",
            "Unsupported media type",
            "All requests that create or update must use the 'application/vnd.api+json' Content-Type.",
        )
    }

    /// 500 for a failure of the server itself; the cause is not shown to the client.
    ///
    /// ```
    /// # use jsonapi_filter::axum::ErrorResponse;
    /// assert_eq!(ErrorResponse::internal("disk full").errors[0].detail.as_deref(), Some("Internal Server Error"));
    /// ```
    pub fn internal(error: impl std::fmt::Display) -> ErrorResponse {
        let _ = error;
        ErrorResponse::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500",
            "Internal Server Error",
            "Internal Server Error",
        )
    }
}

impl From<QueryErrors> for ErrorResponse {
    fn from(errors: QueryErrors) -> ErrorResponse {
        ErrorResponse {
            status: StatusCode::from_u16(errors.status()).unwrap_or(StatusCode::BAD_REQUEST),
            errors: errors.to_document().errors,
        }
    }
}

impl IntoResponse for ErrorResponse {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&crate::ErrorDocument {
            errors: self.errors,
        })
        .unwrap_or_default();
        with_media_type((self.status, body).into_response())
    }
}

/// Whether `media_type` is the JSON:API media type with no parameters but `ext` and `profile`.
///
/// ```
/// use jsonapi_filter::axum::is_json_api_media_type;
/// assert!(is_json_api_media_type("application/vnd.api+json"));
/// assert!(is_json_api_media_type("application/vnd.api+json; profile=\"https://example.com/p\""));
/// assert!(!is_json_api_media_type("application/vnd.api+json; charset=utf-8"));
/// assert!(!is_json_api_media_type("application/json"));
/// ```
pub fn is_json_api_media_type(media_type: &str) -> bool {
    let mut parts = media_type.split(';');
    let essence = parts.next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case(crate::JSON_API_MEDIA_TYPE)
        && parts.all(|parameter| {
            let name = parameter.split('=').next().unwrap_or("").trim();
            name.eq_ignore_ascii_case("ext") || name.eq_ignore_ascii_case("profile")
        })
}

/// Whether `Accept` names the JSON:API media type only with parameters a server must refuse (406): it has
/// JSON:API instances, and every one of them has a parameter other than `ext` and `profile`.
fn refuses_json_api(headers: &axum::http::HeaderMap) -> bool {
    let mut instances = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter(|range| {
            range.split(';').next().is_some_and(|essence| {
                essence
                    .trim()
                    .eq_ignore_ascii_case(crate::JSON_API_MEDIA_TYPE)
            })
        })
        .peekable();
    instances.peek().is_some() && instances.all(|range| !is_json_api_media_type(range))
}

/// JSON:API content negotiation for every route, as a middleware (`axum::middleware::from_fn(negotiate)`):
/// a request whose `Accept` names the JSON:API media type only with other parameters is answered 406,
/// before any handler runs. (415 belongs to routes that read a document: see [`JsonApiBody`].)
///
/// ```
/// use axum::{Router, body::Body, http::Request, middleware, routing::get};
/// use tower::ServiceExt;
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let app: Router = Router::new()
///     .route("/calls", get(|| async { "[]" }))
///     .layer(middleware::from_fn(jsonapi_filter::axum::negotiate));
/// let request = Request::get("/calls")
///     .header("accept", "application/vnd.api+json; charset=utf-8")
///     .body(Body::empty())
///     .unwrap();
/// assert_eq!(app.oneshot(request).await.unwrap().status(), 406);
/// # });
/// ```
pub async fn negotiate(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if refuses_json_api(request.headers()) {
        return ErrorResponse::not_acceptable().into_response();
    }
    next.run(request).await
}

/// Every error answered as a JSON:API error document, as a middleware
/// (`axum::middleware::from_fn(error_documents)`): a 4xx or 5xx response whose body is not already one
/// (axum's own rejections and fallbacks, a body-size limit, a handler's plain-text error) gets an error
/// document with its status, the status's reason as `title`, and its text as `detail`, keeping its status and
/// other headers. JSON:API responses pass through untouched.
///
/// ```
/// use axum::{Router, body::Body, http::Request, http::StatusCode, middleware, routing::get};
/// use tower::ServiceExt;
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let app: Router = Router::new()
///     .route("/calls", get(|| async { (StatusCode::CONFLICT, "The call is still running.") }))
///     .layer(middleware::from_fn(jsonapi_filter::axum::error_documents));
/// let response = app.oneshot(Request::get("/calls").body(Body::empty()).unwrap()).await.unwrap();
/// assert_eq!(response.status(), 409);
/// assert_eq!(response.headers()["content-type"], "application/vnd.api+json");
/// let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
/// assert_eq!(
///     String::from_utf8(body.to_vec()).unwrap(),
///     r#"{"errors":[{"title":"Conflict","detail":"The call is still running.","code":"409","status":"409"}]}"#
/// );
/// # });
/// ```
pub async fn error_documents(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    as_error_document(next.run(request).await).await
}

/// The largest plain error body read to become an error document's `detail`.
const MAX_PLAIN_ERROR_BODY: usize = 64 * 1024;

/// `response` unchanged unless it is an error whose body is not a JSON:API document; then its error document.
async fn as_error_document(response: Response) -> Response {
    let status = response.status();
    let is_json_api = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes() == crate::JSON_API_MEDIA_TYPE.as_bytes());
    if !(status.is_client_error() || status.is_server_error()) || is_json_api {
        return response;
    }
    let (parts, body) = response.into_parts();
    let title = status.canonical_reason().unwrap_or("Error");
    let detail = axum::body::to_bytes(body, MAX_PLAIN_ERROR_BODY)
        .await
        .ok()
        .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
        .filter(|text| !text.is_empty())
        .unwrap_or_else(|| title.to_owned());
    let mut rebuilt = ErrorResponse::new(status, status.as_str(), title, detail).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rebuilt.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rebuilt
}

/// A request document: the body of a request whose `Content-Type` is the JSON:API media type (otherwise
/// 415), parsed as `T` (otherwise 400 with the parser's message). Every rejection is a JSON:API error
/// document.
///
/// ```
/// use axum::{Router, routing::post};
/// use jsonapi_filter::axum::JsonApiBody;
///
/// async fn create(JsonApiBody(document): JsonApiBody<serde_json::Value>) -> String {
///     document["data"]["type"].to_string()
/// }
/// let app: Router = Router::new().route("/calls", post(create));
/// ```
#[derive(Debug)]
pub struct JsonApiBody<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S>
    for JsonApiBody<T>
{
    type Rejection = ErrorResponse;

    async fn from_request(
        request: axum::extract::Request,
        state: &S,
    ) -> Result<Self, ErrorResponse> {
        let is_json_api = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(is_json_api_media_type);
        if !is_json_api {
            return Err(ErrorResponse::unsupported_media_type());
        }
        let body = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                let status = rejection.status();
                ErrorResponse::new(
                    status,
                    status.as_str(),
                    status.canonical_reason().unwrap_or("Bad Request"),
                    rejection.body_text(),
                )
            })?;
        serde_json::from_slice(&body)
            .map(JsonApiBody)
            .map_err(|error| {
                ErrorResponse::new(
                    StatusCode::BAD_REQUEST,
                    "400",
                    "Bad Request",
                    format!("The body is not valid JSON: {error}."),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn accept_is_refused_only_when_every_json_api_instance_has_parameters() {
        assert!(refuses_json_api(&accept(
            "application/vnd.api+json; charset=utf-8"
        )));
        assert!(!refuses_json_api(&accept(
            "application/vnd.api+json; charset=utf-8, application/vnd.api+json"
        )));
        assert!(!refuses_json_api(&accept(
            "Application/VND.API+JSON; ext=\"https://x\"; profile=\"https://y\""
        )));
        assert!(!refuses_json_api(&accept("text/html, */*")));
        assert!(!refuses_json_api(&HeaderMap::new()));
    }
}
