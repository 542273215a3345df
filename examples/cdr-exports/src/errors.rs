//! API errors: every failure answered as a JSON:API error document with the reference's status, code and
//! title.

use axum::http::{HeaderValue, StatusCode, header};

use axum::response::{IntoResponse, Response};
use jsonapi_filter::axum::ErrorResponse;
use jsonapi_filter::{ErrorObject, QueryErrors};

/// A failed request: one or more JSON:API error objects sharing one HTTP status.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status of the response.
    pub status: StatusCode,
    /// The error objects.
    pub errors: Vec<ErrorObject>,
}

impl ApiError {
    /// One error object.
    pub fn new(status: StatusCode, code: &str, title: &str, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            errors: vec![ErrorObject::new(status.as_u16(), code, title, detail)],
        }
    }

    /// 401: the token is missing, invalid or expired.
    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "401",
            "Authorization failed",
            "Authorization token expired or incorrect.",
        )
    }

    /// 401: wrong login or password.
    pub fn authentication_failed() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "401",
            "Authentication failed",
            "Incorrect login or password.",
        )
    }

    /// 404: no such record for this customer (whether it is missing or someone else's).
    pub fn not_found(id: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "404",
            "Record not found",
            format!("The record identified by {id} could not be found."),
        )
    }

    /// 404 for a path no route serves.
    pub fn no_route(path: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "404",
            "Not found",
            format!("No route matches {path}."),
        )
    }

    /// 405 for a method a route does not serve.
    pub fn method_not_allowed() -> ApiError {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "405",
            "Method not allowed",
            "The route does not accept this method.",
        )
    }

    /// 400: an id in the path that is not a uuid.
    pub fn invalid_id(id: &str) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "103",
            "Invalid field value",
            format!("{id} is not a valid value for id."),
        )
    }

    /// 400: a malformed request body.
    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "400", "Bad Request", detail)
    }

    /// 503 with `Retry-After`, when the database cannot be used right now (unreachable, connection lost,
    /// no free connection within the acquire timeout); logged, never detailed to the client.
    pub fn unavailable(error: impl std::fmt::Display) -> ApiError {
        tracing::warn!(%error, "database unavailable");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "503",
            "Service Unavailable",
            "The service is temporarily unavailable; retry later.",
        )
    }

    /// 500, for failures of the server itself (a bug); logged, never detailed to the client.
    pub fn internal(error: impl std::fmt::Display) -> ApiError {
        tracing::error!(%error, "request failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500",
            "Internal Server Error",
            "Internal Server Error",
        )
    }
}

/// The `Retry-After` of a 503, in seconds.
pub const RETRY_AFTER_SECONDS: u64 = 2;

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> ApiError {
        if crate::store::is_unavailable(&error) {
            ApiError::unavailable(error)
        } else {
            ApiError::internal(error)
        }
    }
}

impl From<QueryErrors> for ApiError {
    fn from(errors: QueryErrors) -> ApiError {
        let ErrorResponse { status, errors } = errors.into();
        ApiError { status, errors }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = ErrorResponse {
            status: self.status,
            errors: self.errors,
        }
        .into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        response
    }
}
