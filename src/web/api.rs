//! The JSON API under `/api/v1`: the same parameters and the same result shape as
//! the results page and `peerway search --json`.

use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse, Scope};
use serde_json::json;

use super::errors::ApiError;
use super::routes::query_pairs;
use super::AppState;
use crate::index::{self, FacetDim, Hit, SearchParams, SearchRequest, SearchResults};
use crate::model::Program;

/// Every `/api/v1` route, registered from this list so the OpenAPI document can be
/// checked against exactly what the app serves.
pub const API_V1_PATHS: [&str; 3] = ["/api/v1/search", "/api/v1/programs/{id}", "/api/v1/facets"];

/// The error body of every `/api/v1` endpoint.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: String,
}

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

pub fn openapi_json() -> String {
    use utoipa::OpenApi;
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serializes")
}

pub fn scope() -> Scope {
    let [search_path, program_path, facets_path] =
        API_V1_PATHS.map(|p| p.trim_start_matches("/api/v1"));
    web::scope("/api/v1")
        .route(search_path, web::get().to(search))
        .route(program_path, web::get().to(program))
        .route(facets_path, web::get().to(facets))
        .default_service(web::to(|req: HttpRequest| async move {
            Err::<HttpResponse, _>(ApiError::not_found(format!(
                "no API endpoint at {}",
                req.path()
            )))
        }))
}

/// Search programs: the same parameters and result shape as the results page and
/// `peerway search --json`. Facet keys may repeat (values of one facet are OR-ed).
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
        ("peer_role" = Option<Vec<String>>, Query, description = "peer_run, peer_involved, unknown."),
        ("open" = Option<Vec<String>>, Query, description = "24_7, or now (decided at request time)."),
        ("cost" = Option<Vec<String>>, Query, description = "free, regardless_of_ability_to_pay."),
        ("ages" = Option<Vec<String>>, Query, description = "youth, adults, older_adults, all_ages."),
        ("populations" = Option<Vec<String>>, Query, description = "veterans, lgbtq, youth, older_adults, postpartum, deaf, native, substance_use."),
        ("languages" = Option<Vec<String>>, Query, description = "spanish, …"),
        ("access" = Option<Vec<String>>, Query, description = "walk_in, call_first, self_referral, referral, dispatch."),
        ("sort" = Option<String>, Query, description = "relevance (default) or distance (needs a place)."),
        ("page" = Option<u32>, Query, description = "1 to 500."),
        ("per_page" = Option<u32>, Query, description = "1 to 100; default 20."),
    ),
    responses(
        (status = 200, description = "One page of programs with disjunctive facet counts", body = SearchResults),
        (status = 400, description = "A parameter is wrong; the message says what to fix", body = ErrorBody),
    )
)]
async fn search(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let pairs = query_pairs(&req);
    let params = SearchParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let request = index::parse_request(&params, &state.geo)?;
    let results = index::search(&state.catalog(), &request)?;
    Ok(HttpResponse::Ok().json(results))
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
    match index::find_program(&state.catalog(), &id)? {
        Some(program) => Ok(HttpResponse::Ok().json(program)),
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
    responses((status = 200, description = "Facets: {total, facets: {key: {label, values: [{value, label, count}]}}}", body = Object))
)]
async fn facets(state: Data<AppState>) -> Result<HttpResponse, ApiError> {
    let everything = index::search(&state.catalog(), &SearchRequest::default())?;
    let facets: serde_json::Map<String, serde_json::Value> = FacetDim::ALL
        .iter()
        .map(|dim| {
            let values: Vec<serde_json::Value> = everything.facets[dim.key()]
                .iter()
                .map(|(value, count)| json!({"value": value, "label": dim.value_label(value), "count": count}))
                .collect();
            (dim.key().to_string(), json!({"label": dim.label(), "values": values}))
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({"total": everything.total, "facets": facets})))
}

/// Liveness and what is being served.
pub async fn healthz(state: Data<AppState>) -> Result<HttpResponse, ApiError> {
    let catalog = state.catalog();
    Ok(HttpResponse::Ok().json(json!({
        "status": "ok",
        "generation": catalog.meta.generation,
        "programs": index::program_count(&catalog)?,
        "built_at": catalog.meta.built_at,
    })))
}
