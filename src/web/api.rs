//! The JSON API under `/api/v1`: the same parameters and the same result shape as
//! the results page and `peerway search --json`.

use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse, Scope};
use serde_json::json;

use super::errors::ApiError;
use super::i18n::{self, Lang};
use super::query::{SearchConfig, SearchQuery};
use super::AppState;
use crate::index::{self, FacetDim, Hit, SearchRequest, SearchResults};
use crate::model::Program;

/// Every `/api/v1` route, registered from this list so the OpenAPI document can be
/// checked against exactly what the app serves.
pub const API_V1_PATHS: [&str; 3] = ["/api/v1/search", "/api/v1/programs/{id}", "/api/v1/facets"];

pub use super::errors::ErrorBody;

/// OpenAPI 3.1, generated from the handlers and types below.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Peerway API",
        version = "1",
        description = "Search a directory of peer-run crisis alternatives in the United States. Every listing names its sources and when and how it was last verified."
    ),
    paths(search, program, facets),
    components(schemas(SearchResults, Hit, Program, ErrorBody))
)]
pub struct ApiDoc;

/// The OpenAPI document, with the limits the parser enforces written into the
/// search parameters from the same constants and value lists (utoipa's attributes
/// cannot name them), so a client — or schemathesis — can tell a valid request
/// from the schema alone. `state_codes` are the gazetteer's states.
pub fn openapi_json(state_codes: &[String]) -> String {
    use utoipa::OpenApi;
    let mut doc = serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document serializes");
    if let Some(parameters) = doc
        .pointer_mut("/paths/~1api~1v1~1search/get/parameters")
        .and_then(serde_json::Value::as_array_mut)
    {
        for parameter in parameters {
            let name = parameter["name"].as_str().unwrap_or_default().to_string();
            if let Some(schema) = search_parameter_schema(&name, state_codes) {
                parameter["schema"] = schema;
            }
        }
    }
    add_refusals(&mut doc);
    super::registry_api::add_to_openapi(&mut doc);
    serde_json::to_string_pretty(&doc).expect("the OpenAPI document serializes")
}

/// Every operation may also answer 405 (another method than GET/HEAD, with
/// `Allow`) and 429 (over the address's budget, with `Retry-After`): say so.
fn add_refusals(doc: &mut serde_json::Value) {
    let error_body =
        json!({"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}});
    let refusals = [
        (
            "405",
            json!({
                "description": "Only GET and HEAD are answered here",
                "headers": {"Allow": {"schema": {"type": "string"}, "description": "GET, HEAD"}},
                "content": error_body,
            }),
        ),
        (
            "429",
            json!({
                "description": "Too many requests from this address; retry after the time given",
                "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait"}},
                "content": error_body,
            }),
        ),
    ];
    let Some(paths) = doc
        .get_mut("paths")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return;
    };
    for operation in paths.values_mut().filter_map(|path| path.get_mut("get")) {
        if let Some(responses) = operation
            .get_mut("responses")
            .and_then(serde_json::Value::as_object_mut)
        {
            for (status, response) in &refusals {
                responses.insert((*status).to_string(), response.clone());
            }
        }
    }
}

/// Radius: whole miles 1–620 (a bare number or "mi"), or whole kilometers 1–1000.
const RADIUS_PATTERN: &str =
    "^(([1-9]|[1-9][0-9]|[1-5][0-9]{2}|6[01][0-9]|620)(mi)?|([1-9]|[1-9][0-9]{1,2}|1000)km)?$";

/// A number in a range, or empty: an empty parameter counts as not given (the
/// search form sends its empty fields), so the schema says so too.
fn number_or_empty(kind: &str, minimum: f64, maximum: f64) -> serde_json::Value {
    json!({"anyOf": [
        {"type": kind, "minimum": minimum, "maximum": maximum},
        {"type": "string", "maxLength": 0}
    ]})
}

fn search_parameter_schema(name: &str, state_codes: &[String]) -> Option<serde_json::Value> {
    use crate::index::request::{MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS};
    let schema = match name {
        "q" => json!({"type": "string", "maxLength": MAX_QUERY_CHARS}),
        "lat" => number_or_empty("number", -90.0, 90.0),
        "lon" => number_or_empty("number", -180.0, 180.0),
        "radius" => json!({"type": "string", "pattern": RADIUS_PATTERN}),
        "sort" => json!({"type": "string", "enum": ["", "relevance", "distance"]}),
        "page" => number_or_empty("integer", 1.0, MAX_PAGE as f64),
        "per_page" => number_or_empty("integer", 1.0, MAX_PER_PAGE as f64),
        "serves" => json!({"type": "string", "enum": ["", "place"]}),
        other => {
            let dim = FacetDim::from_key(other)?;
            // An empty value is no filter (the search form sends empty fields).
            let known: Vec<String> = match dim {
                FacetDim::State => state_codes
                    .iter()
                    .cloned()
                    .chain(["US".to_string()])
                    .collect(),
                _ => dim.known_values().iter().map(|v| v.to_string()).collect(),
            };
            let values: Vec<String> = std::iter::once(String::new()).chain(known).collect();
            json!({"type": "array", "items": {"type": "string", "enum": values}})
        }
    };
    Some(schema)
}

pub fn scope() -> Scope {
    let [search_path, program_path, facets_path] =
        API_V1_PATHS.map(|p| p.trim_start_matches("/api/v1"));
    web::scope("/api/v1")
        .app_data(SearchConfig::API)
        .service(get_only(search_path).route(web::get().to(search)))
        .service(get_only(program_path).route(web::get().to(program)))
        .service(get_only(facets_path).route(web::get().to(facets)))
        .default_service(web::to(|req: HttpRequest| async move {
            Err::<HttpResponse, _>(ApiError::not_found(format!(
                "no API endpoint at {}",
                req.path()
            )))
        }))
}

/// A resource that answers any method but GET (and HEAD) with 405 and `Allow`.
fn get_only(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(|req: HttpRequest| async move {
        HttpResponse::MethodNotAllowed()
            .insert_header((actix_web::http::header::ALLOW, "GET, HEAD"))
            .json(ErrorBody {
                error: format!("{} is not allowed here; use GET", req.method()),
            })
    }))
}

/// Search programs: the same parameters and result shape as the results page and
/// `peerway search --json`. Facet keys may repeat (values of one facet are OR-ed).
/// What a search answer's buffer starts at (most pages of twenty fit).
const SEARCH_BODY_BYTES: usize = 24 * 1024;

#[utoipa::path(
    get,
    path = "/api/v1/search",
    params(
        ("q" = Option<String>, Query, description = "What to look for; may name a place (\"respite near eugene oregon\")."),
        ("near" = Option<String>, Query, description = "A ZIP, \"City, ST\", a state, or \"lat,lon\"."),
        ("lat" = Option<f64>, Query, description = "Latitude from the browser's location (with lon)."),
        ("lon" = Option<f64>, Query, description = "Longitude from the browser's location (with lat)."),
        ("radius" = Option<String>, Query, description = "50mi, 80km (a bare number is miles); default 100mi."),
        ("kind" = Option<Vec<String>>, Query, description = "peer_respite, warmline, mobile_team, crisis_stabilization, living_room, soteria_house, crisis_residential, drop_in_center, crisis_line, text_line, chat_line."),
        ("state" = Option<Vec<String>>, Query, description = "USPS state code, or US for national lines."),
        ("peer_role" = Option<Vec<String>>, Query, description = "peer_run (NEC's criteria, all of them), peer_involved, not_peer (clinicians, other professionals or trained volunteers and no peer staff, per a source), unknown (not determined)."),
        ("status" = Option<Vec<String>>, Query, description = "active, uncertain (a closure, renaming or funding loss was reported), closed. Without it, closed programs are left out."),
        ("evidence" = Option<Vec<String>>, Query, description = "recent (newest dated source within 3 years), old (older: call before going), undated."),
        ("open" = Option<Vec<String>>, Query, description = "24_7, or now (decided at request time)."),
        ("cost" = Option<Vec<String>>, Query, description = "free, regardless_of_ability_to_pay."),
        ("ages" = Option<Vec<String>>, Query, description = "youth, adults, older_adults, all_ages."),
        ("populations" = Option<Vec<String>>, Query, description = "veterans, lgbtq, youth, older_adults, postpartum, deaf, native, substance_use."),
        ("languages" = Option<Vec<String>>, Query, description = "spanish, …"),
        ("access" = Option<Vec<String>>, Query, description = "walk_in, call_first, self_referral, referral, dispatch."),
        ("sort" = Option<String>, Query, description = "relevance (default) or distance (needs a place)."),
        ("page" = Option<u32>, Query, description = "1 to 500."),
        ("per_page" = Option<u32>, Query, description = "1 to 100; default 20."),
        ("serves" = Option<String>, Query, description = "place: only programs known to serve the place searched (its county listed, its state, or the whole US), not those merely near it. Needs a place."),
    ),
    responses(
        (status = 200, description = "One page of programs with disjunctive facet counts", body = SearchResults),
        (status = 400, description = "A parameter is wrong; the message says what to fix", body = ErrorBody),
    )
)]
async fn search(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, actix_web::Error> {
    let catalog = state.catalog();
    let live = state.live().await;
    let epoch = state.epoch(&catalog, &live);
    let key = super::cache::key("api", req.query_string());
    let body = match state.responses.get(&epoch, &key) {
        Some(body) => body,
        None => {
            let params = SearchQuery::of(&req)?;
            let mut request = index::parse_request(&params, &state.geo).map_err(ApiError::from)?;
            request.now = epoch.minute();
            super::live::narrow(&live, &mut request);
            let mut results = index::search(&catalog, &request).map_err(ApiError::from)?;
            super::live::overlay_hits(&live, &mut results.hits);
            // A page of twenty is 15–20 KB: one allocation instead of a doubling series.
            let mut body = Vec::with_capacity(SEARCH_BODY_BYTES);
            serde_json::to_writer(&mut body, &results).expect("results serialize");
            let body = web::Bytes::from(body);
            state.responses.put(&epoch, &key, body.clone());
            body
        }
    };
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

/// One program with every field, its sources and its last verification.
#[utoipa::path(
    get,
    path = "/api/v1/programs/{id}",
    params(("id" = String, Path, description = "The program's stable id, e.g. afiya-peer-respite")),
    responses(
        (status = 200, description = "The program", body = Program),
        (status = 404, description = "No program with that id", body = ErrorBody),
    )
)]
async fn program(state: Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    match state.catalog().find_program(&id)? {
        Some(mut program) => {
            state.live().await.apply(&mut program);
            Ok(HttpResponse::Ok().json(program))
        }
        None => Err(ApiError::not_found(format!(
            "no program with id '{}'",
            id.as_str()
        ))),
    }
}

/// Every facet with its values, labels and counts over the whole directory.
#[utoipa::path(
    get,
    path = "/api/v1/facets",
    responses((status = 200, description = "Facets: {total, facets: {key: {label, labels: {en, es}, values: [{value, label, labels: {en, es}, count}]}}}. Values are language-neutral codes; `label` is English, `labels` gives English and Spanish.", body = Object))
)]
async fn facets(state: Data<AppState>) -> Result<HttpResponse, ApiError> {
    // The counts are the whole directory's, but "open now" changes with the clock:
    // answered once per generation and minute, like a search.
    let catalog = state.catalog();
    let epoch = state.epoch(&catalog, &*state.live().await);
    let key = super::cache::key("facets", "");
    let body = match state.responses.get(&epoch, &key) {
        Some(body) => body,
        None => {
            let request = SearchRequest {
                now: epoch.minute(),
                ..SearchRequest::default()
            };
            let everything = index::search(&catalog, &request)?;
            let body = web::Bytes::from(facets_json(&state, &everything).to_string());
            state.responses.put(&epoch, &key, body.clone());
            body
        }
    };
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

/// Every facet of a search with no words, labelled in English and Spanish.
fn facets_json(state: &AppState, everything: &SearchResults) -> serde_json::Value {
    // Codes stay the same in every language; `labels` gives each in English and Spanish.
    let labels = |en: String, es: String| json!({"en": en, "es": es});
    let facets: serde_json::Map<String, serde_json::Value> = FacetDim::ALL
        .iter()
        .map(|dim| {
            let values: Vec<serde_json::Value> = everything.facets[dim.key()]
                .iter()
                .map(|(value, count)| {
                    let (en, es) = match dim {
                        FacetDim::State if value != "US" => {
                            let name = state.geo.state_name(value);
                            let spanish = crate::geo::spanish_state_name(value)
                                .map_or(name.clone(), str::to_string);
                            (name, spanish)
                        }
                        _ => (
                            i18n::labels::facet_value(Lang::En, *dim, value),
                            i18n::labels::facet_value(Lang::Es, *dim, value),
                        ),
                    };
                    json!({"value": value, "label": dim.value_label(value), "labels": labels(en, es), "count": count})
                })
                .collect();
            let dim_labels = labels(
                i18n::labels::facet(Lang::En, *dim).to_string(),
                i18n::labels::facet(Lang::Es, *dim).to_string(),
            );
            (
                dim.key().to_string(),
                json!({"label": dim.label(), "labels": dim_labels, "values": values}),
            )
        })
        .collect();
    json!({"total": everything.total, "facets": facets})
}

/// Liveness and what is being served.
/// The process's resident memory (Linux `/proc/self/statm`), for monitors.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

pub async fn healthz(state: Data<AppState>) -> Result<HttpResponse, ApiError> {
    let catalog = state.catalog();
    let stale = state.generations.is_stale(state.now());
    let mut answer = if stale {
        HttpResponse::ServiceUnavailable()
    } else {
        HttpResponse::Ok()
    };
    Ok(answer.json(json!({
        "status": if stale { "stale" } else { "ok" },
        "generation": catalog.meta().generation,
        "programs": catalog.program_count()?,
        "built_at": catalog.meta().built_at,
        "refused": state.generations.pending(),
        "refusals": state.generations.refusals(),
        "answer_cache": {
            "bytes": state.responses.bytes(),
            "capacity_bytes": state.responses.capacity(),
        },
        "resident_bytes": resident_bytes(),
    })))
}
