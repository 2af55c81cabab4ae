//! Errors a person can act on: a 400 page that says what to fix, a 404 that says what
//! was not found — never a 500 for bad input. The API gives the same as JSON.
//!
//! Handlers write an error's message in the page's language; the page around it
//! (title, language switch, links) is drawn by `error_pages` from the request's
//! path, so an error under `/es/` is a Spanish page whatever raised it.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

use super::i18n::Lang;
use super::pages::{self, PageContext};
use crate::index::{IndexError, RequestError};

/// What went wrong with a page request, drawn as a page in the request's language.
#[derive(Debug)]
pub enum PageError {
    /// The request cannot be answered as asked (400).
    BadRequest {
        /// What was wrong and what to give instead.
        message: String,
        /// Links that would work: (label, URL).
        suggestions: Vec<(String, String)>,
    },
    /// No such page or program (404).
    NotFound(String),
    /// Refused whatever is sent (a report posted from another site).
    Forbidden(String),
    /// Over this address's budget; the response carries `Retry-After`.
    TooManyRequests {
        /// When to try again.
        message: String,
    },
    /// Cannot be done now for a reason the person can act on (reports full).
    Unavailable(String),
    /// Our fault (500); the message is logged, the person sees a calm page.
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
    /// A request that cannot be answered, said in `lang`.
    pub fn bad_request(lang: Lang, e: RequestError) -> PageError {
        PageError::BadRequest {
            message: super::i18n::messages::request_error(lang, &e),
            suggestions: Vec::new(),
        }
    }

    /// The whole error page, in the context's language.
    fn page(&self, ctx: &PageContext) -> maud::Markup {
        let status = self.status_code();
        let suggestions = match self {
            PageError::BadRequest { suggestions, .. } => suggestions.as_slice(),
            _ => &[],
        };
        let message = match self {
            PageError::Internal(_) => ctx.lang.tr("error.internal").to_string(),
            other => other.to_string(),
        };
        pages::error_page(
            ctx,
            status,
            pages::error_title(ctx.lang, status),
            &message,
            suggestions,
        )
    }
}

/// Draws every page error in the language and at the address of its request: the
/// language switch of a 404 under `/es/` leads to the same address in English.
pub async fn error_pages(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let response = next.call(req).await?;
    let Some(error) = response
        .response()
        .error()
        .and_then(|e| e.as_error::<PageError>())
    else {
        return Ok(response.map_into_boxed_body());
    };
    let ctx = super::context::page_context(response.request());
    let page = error.page(&ctx).into_string();
    let (request, old) = response.into_parts();
    let mut new = HttpResponse::build(old.status());
    for (name, value) in old.headers() {
        if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
            new.append_header((name.clone(), value.clone()));
        }
    }
    let new = new.content_type("text/html; charset=utf-8").body(page);
    Ok(ServiceResponse::new(request, new))
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

    /// The English page at the site's root; `error_pages` draws it again for the
    /// request's own language and address.
    fn error_response(&self) -> HttpResponse {
        let ctx = PageContext::new(Lang::En, "/", "", super::DEFAULT_BASE_URL);
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .body(self.page(&ctx).into_string())
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

    /// A failure on our side (a blocking task lost, a pool closed): its cause goes
    /// to the log, the client gets a 500 that blames nothing it sent.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        tracing::error!("internal error: {cause}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "something went wrong on our side".into(),
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

/// The error body of every `/api/v1` endpoint.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What was wrong and what to do instead.
    pub error: String,
}
