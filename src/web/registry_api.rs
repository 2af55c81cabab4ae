//! `PUT /api/v1/programs/{id}/availability`: a bed registry keeps a program's beds
//! free current with the program's own bearer token (made and rotated by its staff
//! at `/operator`; stored hashed; at most `PER_PROGRAM_PER_MINUTE` updates a
//! minute). A token only ever reaches its own program. Documented in the OpenAPI
//! document with every answer it gives.

use std::net::{IpAddr, Ipv6Addr};

use actix_web::http::{header, StatusCode};
use actix_web::web::{self, Data, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse};
use serde_json::json;

use super::errors::ApiError;
use super::AppState;
use crate::model::Availability;
use crate::store::live::AvailabilityInput;

/// The path, as registered and documented.
pub const AVAILABILITY_PATH: &str = "/api/v1/programs/{id}/availability";

/// Updates one program's token may make per minute.
pub const PER_PROGRAM_PER_MINUTE: usize = 30;

/// Largest body accepted (a few numbers and flags).
const MAX_BODY_BYTES: usize = 2048;

/// Registered inside the `/api/v1` scope (so the router does not try its pattern
/// on every request outside the API).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        web::resource(AVAILABILITY_PATH.trim_start_matches("/api/v1"))
            .route(web::put().to(put_availability))
            .default_service(web::to(|req: HttpRequest| async move {
                HttpResponse::MethodNotAllowed()
                    .insert_header((header::ALLOW, "PUT"))
                    .json(
                        json!({"error": format!("{} is not allowed here; use PUT", req.method())}),
                    )
            })),
    );
}

fn error(status: StatusCode, message: impl Into<String>) -> ApiError {
    ApiError {
        status,
        message: message.into(),
    }
}

/// The bearer token of a request, if it sent one.
fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// A program's updates counted like an address's (a key made from its id), so one
/// registry cannot flood the store.
fn program_key(program_id: &str) -> IpAddr {
    let hash = crate::store::secret_hash(program_id);
    let mut bytes = [0u8; 16];
    for (i, byte) in bytes.iter_mut().take(8).enumerate() {
        *byte = u8::from_str_radix(&hash[i * 2..i * 2 + 2], 16).unwrap_or(0);
    }
    IpAddr::V6(Ipv6Addr::from(bytes))
}

/// What a successful update answers.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AvailabilityAnswer {
    /// The program updated.
    pub program_id: String,
    /// Beds free as now shown (until `expires_at`).
    pub availability: Availability,
}

/// Set a program's beds free now (for its bed registry).
#[utoipa::path(
    put,
    path = "/api/v1/programs/{id}/availability",
    params(("id" = String, Path, description = "The program's stable id", example = "afiya-peer-respite")),
    request_body(
        content = AvailabilityInput,
        example = json!({"beds_free": 2, "beds_total": 6, "accepting_guests": true, "waitlist": false})
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Stored; shown on the site, the API and HSDS within seconds until it expires", body = AvailabilityAnswer),
        (status = 400, description = "The body is not valid availability (negative beds, more free than in all, an expiry in the past); the message says what to fix", body = super::errors::ErrorBody),
        (status = 401, description = "No token, or a token that is not valid (revoked, mistyped)", body = super::errors::ErrorBody),
        (status = 403, description = "The token is for another program", body = super::errors::ErrorBody),
        (status = 404, description = "No program with that id", body = super::errors::ErrorBody),
        (status = 405, description = "Only PUT is answered here", body = super::errors::ErrorBody),
        (status = 413, description = "The body is larger than 2 KB", body = super::errors::ErrorBody),
        (status = 429, description = "Too many updates for this program; retry after the time given", body = super::errors::ErrorBody),
        (status = 503, description = "The database cannot be reached; nothing was stored — retry later", body = super::errors::ErrorBody),
    )
)]
async fn put_availability(
    state: Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let unavailable = |e: crate::store::StoreError| {
        if e.is_unavailable() {
            tracing::warn!("store unavailable: {e}");
            error(StatusCode::SERVICE_UNAVAILABLE, "the database cannot be reached right now; nothing was stored — try again in a minute")
        } else {
            tracing::error!("store error: {e}");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "something went wrong on our side",
            )
        }
    };
    let Some(token) = bearer(&req) else {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "send the program's token: Authorization: Bearer <token>",
        ));
    };
    let token_program = state
        .store
        .token_program(token)
        .await
        .map_err(unavailable)?;
    let Some(token_program) = token_program else {
        return Err(error(StatusCode::UNAUTHORIZED, "this token is not valid (revoked or mistyped); the program's staff can make a new one at /operator"));
    };
    if token_program != id.as_str() {
        return Err(error(
            StatusCode::FORBIDDEN,
            "this token is for another program",
        ));
    }
    let program = state
        .catalog()
        .find_program(&id)?
        .ok_or_else(|| ApiError::not_found(format!("no program with id '{}'", id.as_str())))?;
    if let Err(wait_secs) = state.token_limit.check(program_key(&program.id)) {
        return Ok(HttpResponse::TooManyRequests()
            .insert_header((header::RETRY_AFTER, wait_secs.to_string()))
            .json(json!({"error": format!("too many updates for this program; retry in {wait_secs} seconds")})));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the body is larger than 2 KB",
        ));
    }
    let not_json = |e: serde_json::Error| {
        ApiError::bad_request(format!("the body is not availability JSON: {e}"))
    };
    let value: serde_json::Value = serde_json::from_slice(&body).map_err(not_json)?;
    // serde would also read a struct from an array; only an object is availability.
    if !value.is_object() {
        return Err(ApiError::bad_request("the body is not availability JSON: send an object such as {\"beds_free\": 2, \"beds_total\": 6}"));
    }
    let input: AvailabilityInput = serde_json::from_value(value).map_err(not_json)?;
    let now = state.now();
    let availability = input
        .check(now, "bed_registry")
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    if !super::staff::has_beds(program.kind) {
        return Err(ApiError::bad_request(
            "this program has no beds to count (only respites and stabilization centres do)",
        ));
    }
    let actor = format!("token:{}", program.id);
    state
        .store
        .set_availability(&program.id, availability.clone(), &actor, now)
        .await
        .map_err(unavailable)?;
    state.live.changed();
    Ok(HttpResponse::Ok().json(AvailabilityAnswer {
        program_id: program.id,
        availability,
    }))
}

/// This endpoint's part of the OpenAPI document, added to `/api/openapi.json`.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(put_availability),
    components(schemas(AvailabilityInput, AvailabilityAnswer, Availability)),
    modifiers(&BearerScheme)
)]
pub struct RegistryDoc;

struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The program's token, made by its staff at /operator"))
                    .build(),
            ),
        );
    }
}

/// Merge this endpoint into the OpenAPI document `doc` (JSON).
pub fn add_to_openapi(doc: &mut serde_json::Value) {
    use utoipa::OpenApi;
    let Ok(ours) = serde_json::to_value(RegistryDoc::openapi()) else {
        return;
    };
    for (section, key) in [
        ("paths", None),
        ("components", Some("schemas")),
        ("components", Some("securitySchemes")),
    ] {
        let (from, to) = match key {
            None => (ours.get(section), doc.get_mut(section)),
            Some(key) => (
                ours.get(section).and_then(|s| s.get(key)),
                doc.get_mut(section).and_then(|s| {
                    s.as_object_mut()
                        .map(|o| o.entry(key).or_insert_with(|| json!({})))
                }),
            ),
        };
        if let (Some(serde_json::Value::Object(from)), Some(serde_json::Value::Object(to))) =
            (from, to)
        {
            for (name, value) in from {
                to.entry(name.clone()).or_insert_with(|| value.clone());
            }
        }
    }
}
