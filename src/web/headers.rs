//! Privacy and safety headers on every response, and an access log that records
//! no query string, no place, no coordinates and no IP address.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{DefaultHeaders, Logger, Next};
use actix_web::HttpResponse;

use super::i18n::Lang;
use super::limit::Budget;
use super::AppState;

/// Only this site's own resources may load: no CDN, fonts, tiles or analytics.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .add((header::REFERRER_POLICY, "no-referrer"))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((
            "Permissions-Policy",
            "geolocation=(self), camera=(), microphone=(), interest-cohort=()",
        ))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        // Searches can say a lot about a person: nothing is kept in shared caches,
        // and Back after Quick exit does not show a cached page.
        .add((header::CACHE_CONTROL, "no-store"))
}

/// Method, path (never the query string), status and time taken.
pub fn access_log() -> Logger {
    Logger::new("%{METHOD}xi %U %s %Dms")
        .custom_request_replace("METHOD", |req| req.method().to_string())
}

/// Longest query string accepted. Longer search words are refused by the search
/// itself with a message about the words; this stops anything far larger first.
const MAX_QUERY_BYTES: usize = 16 * 1024;
/// Most query parameters accepted.
const MAX_QUERY_PARAMS: usize = 60;

/// Limits every request must meet, and the per-address limit on the APIs; each
/// rejection is a clear 4xx (429 with `Retry-After`), never a silent drop.
/// HEAD is answered for every GET route: the request is routed as a GET, and the
/// server sends the head without the body (monitors that use HEAD see the site up).
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == actix_web::http::Method::HEAD {
        req.head_mut().method = actix_web::http::Method::GET;
    }
    next.call(req).await
}

/// A form post made by another site's page: the browser says so in
/// `Sec-Fetch-Site: cross-site`, or in an `Origin` naming another host. A plain
/// form without these headers (older browsers, no JavaScript needed) is accepted.
pub fn is_cross_site(req: &actix_web::HttpRequest) -> bool {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase)
    };
    if header("sec-fetch-site").is_some_and(|site| site == "cross-site") {
        return true;
    }
    let Some(origin) = header("origin") else {
        return false;
    };
    let host = req.connection_info().host().to_ascii_lowercase();
    let origin_host = origin
        .split_once("://")
        .map_or(origin.as_str(), |(_, rest)| rest)
        .trim_end_matches('/');
    origin != "null" && origin_host != host
}

pub async fn request_limits(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let query = req.query_string();
    let too_long = query.len() > MAX_QUERY_BYTES;
    let too_many = query.split('&').filter(|p| !p.is_empty()).count() > MAX_QUERY_PARAMS;
    if too_long || too_many {
        let is_api = req.path().starts_with("/api/") || req.path().starts_with("/hsds");
        // The API speaks English; a page speaks its path's language.
        let lang = if is_api {
            Lang::En
        } else {
            Lang::of_path(req.path())
        };
        let message = if too_long {
            lang.trf("error.query_too_long", &[("max", &MAX_QUERY_BYTES)])
        } else {
            lang.trf("error.too_many_parameters", &[("max", &MAX_QUERY_PARAMS)])
        };
        let response = if is_api {
            HttpResponse::BadRequest().json(serde_json::json!({ "error": message }))
        } else {
            // Carries the error, so `errors::error_pages` draws it as a whole page.
            HttpResponse::from_error(super::PageError::BadRequest {
                message,
                suggestions: Vec::new(),
            })
        };
        return Ok(req.into_response(response).map_into_right_body());
    }
    let limited = req
        .app_data::<actix_web::web::Data<AppState>>()
        .and_then(|state| {
            let limits = state.limits.as_ref()?;
            let budget = Budget::of_path(req.path())?;
            let ip = state.client_ip(req.request())?;
            let wait_secs = limits.check(budget, ip).err()?;
            Some((budget, wait_secs))
        });
    if let Some((budget, wait_secs)) = limited {
        let lang = if budget == Budget::Api {
            Lang::En
        } else {
            Lang::of_path(req.path())
        };
        let message = lang.trf("error.too_many_requests", &[("seconds", &wait_secs)]);
        let mut response = if budget == Budget::Api {
            HttpResponse::TooManyRequests().json(serde_json::json!({ "error": message }))
        } else {
            HttpResponse::from_error(super::PageError::TooManyRequests { message })
        };
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(wait_secs));
        return Ok(req.into_response(response).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}
