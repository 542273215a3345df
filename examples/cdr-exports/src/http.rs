//! The HTTP envelope of every response: request ids, timing, structured logs, weak ETags with 304, and
//! caching and security headers. (Content negotiation and error documents for every error are the library's
//! `negotiate` and `error_documents` layers.)

use std::fmt::Write;
use std::time::Instant;

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jsonapi_filter::JSON_API_MEDIA_TYPE;
use tracing::Instrument;
use uuid::Uuid;
use xxhash_rust::xxh3::xxh3_128;

use crate::errors::ApiError;

/// The largest JSON:API body buffered to compute its ETag (larger ones go out without one).
const MAX_BUFFERED_BODY: usize = 64 * 1024 * 1024;

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
static X_RUNTIME: HeaderName = HeaderName::from_static("x-runtime");

/// The headers every response carries, as in the reference documentation.
pub(crate) const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("x-frame-options", "SAMEORIGIN"),
    ("x-xss-protection", "0"),
    ("x-content-type-options", "nosniff"),
    ("x-permitted-cross-domain-policies", "none"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
];

/// An incoming `X-Request-Id` worth echoing: 1 to 200 visible characters from a safe set.
fn valid_request_id(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let safe = !text.is_empty()
        && text.len() <= 200
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-_.:@".contains(&byte));
    safe.then(|| text.to_owned())
}

/// The middleware around every route.
pub async fn envelope(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let request_id = request
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(valid_request_id)
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let span = tracing::info_span!("request", request_id = %request_id, %method, %path);
    async move {
        let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
        let mut response = next.run(request).await;
        if method == Method::GET || method == Method::HEAD {
            response = with_etag(response, if_none_match.as_ref())
                .instrument(tracing::debug_span!("etag"))
                .await;
        }
        let headers = response.headers_mut();
        for (name, value) in SECURITY_HEADERS {
            headers.insert(name, HeaderValue::from_static(value));
        }
        headers.insert(header::VARY, HeaderValue::from_static("Accept"));
        let cache_control =
            if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
                "max-age=0, private, must-revalidate"
            } else {
                "no-cache"
            };
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            headers.insert(X_REQUEST_ID.clone(), value);
        }
        let runtime = started.elapsed().as_secs_f64();
        if let Ok(value) = HeaderValue::from_str(&format!("{runtime:.6}")) {
            headers.insert(X_RUNTIME.clone(), value);
        }
        tracing::info!(
            status = response.status().as_u16(),
            runtime,
            "request finished"
        );
        response
    }
    .instrument(span)
    .await
}

/// Adds a weak ETag to a successful JSON:API response, and answers 304 when the client's `If-None-Match`
/// already names it. The tag is the XXH3-128 hash of the body in 32 hex digits (the reference's shape, an MD5
/// there): a validator needs no cryptographic digest, and XXH3 hashes a listing's body many times faster.
async fn with_etag(response: Response, if_none_match: Option<&HeaderValue>) -> Response {
    let is_json_api = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes() == JSON_API_MEDIA_TYPE.as_bytes());
    if response.status() != StatusCode::OK || !is_json_api {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BUFFERED_BODY).await else {
        return ApiError::internal("response body too large to buffer").into_response();
    };
    let mut etag = String::with_capacity(36);
    let _ = write!(etag, "W/\"{:032x}\"", xxh3_128(&bytes));
    let matches = if_none_match
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value.split(',').any(|candidate| {
                let candidate = candidate.trim();
                candidate == "*"
                    || candidate.trim_start_matches("W/") == etag.trim_start_matches("W/")
            })
        });
    if let Ok(value) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, value);
    }
    if matches {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_echoed_only_when_safe() {
        let id = |text: &str| valid_request_id(&HeaderValue::from_str(text).unwrap());
        assert_eq!(id("abc-123_x.y"), Some("abc-123_x.y".to_owned()));
        assert_eq!(id("has space"), None);
        assert_eq!(id(""), None);
        assert_eq!(id(&"a".repeat(201)), None);
    }
}
