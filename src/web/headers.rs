//! Privacy and safety headers on every response, and an access log that records
//! no query string, no place, no coordinates and no IP address.

use actix_web::http::header;
use actix_web::middleware::{DefaultHeaders, Logger};

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
