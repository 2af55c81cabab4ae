//! Errors a person can act on: a 400 page that says what to fix, a 404 that says what
//! was not found — never a 500 for bad input. The API gives the same as JSON.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

use super::pages;
use crate::index::{IndexError, RequestError};

#[derive(Debug)]
pub enum PageError {
    BadRequest {
        message: String,
        suggestions: Vec<(String, String)>,
    },
    NotFound(String),
    /// Refused whatever is sent (a report posted from another site).
    Forbidden(String),
    /// Over this address's budget; the response carries `Retry-After`.
    TooManyRequests {
        message: String,
    },
    /// Cannot be done now for a reason the person can act on (reports full).
    Unavailable(String),
    Internal(String),
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageError::BadRequest { message, .. }
            | PageError::NotFound(message)
            | PageError::Forbidden(message)
            | PageError::TooManyRequests { message }
            | PageError::Unavailable(message) => f.write_str(message),
            PageError::Internal(_) => f.write_str("something went wrong on our side"),
        }
    }
}

impl From<IndexError> for PageError {
    fn from(e: IndexError) -> Self {
        tracing::error!("index error: {e}");
        PageError::Internal(e.to_string())
    }
}

impl PageError {
    pub fn bad_request(e: RequestError) -> PageError {
        PageError::BadRequest {
            message: e.to_string(),
            suggestions: Vec::new(),
        }
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            PageError::NotFound(_) => StatusCode::NOT_FOUND,
            PageError::Forbidden(_) => StatusCode::FORBIDDEN,
            PageError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            PageError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            PageError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (title, suggestions) = match self {
            PageError::BadRequest { suggestions, .. } => {
                ("Please check your search", suggestions.as_slice())
            }
            PageError::NotFound(_) => ("Not found", &[][..]),
            PageError::Forbidden(_) => ("Not accepted", &[][..]),
            PageError::TooManyRequests { .. } => ("Please wait a moment", &[][..]),
            PageError::Unavailable(_) => ("Not available right now", &[][..]),
            PageError::Internal(_) => ("Something went wrong", &[][..]),
        };
        let markup = pages::error_page(self.status_code(), title, &self.to_string(), suggestions);
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .body(markup.into_string())
    }
}

/// The JSON API's errors: `{"error": "..."}` with 400 or 404.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

impl From<RequestError> for ApiError {
    fn from(e: RequestError) -> Self {
        ApiError::bad_request(e.to_string())
    }
}

impl From<IndexError> for ApiError {
    fn from(e: IndexError) -> Self {
        tracing::error!("index error: {e}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "something went wrong on our side".into(),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(json!({ "error": self.message }))
    }
}
