//! The JSON API under `/api/v1`: the same parameters and the same result shape as
//! the results page and `peerway search --json`.

use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse, Scope};
use serde_json::json;

use super::errors::ApiError;
use super::routes::query_pairs;
use super::AppState;
use crate::index::{self, FacetDim, SearchParams, SearchRequest};

pub fn scope() -> Scope {
    web::scope("/api/v1")
        .route("/search", web::get().to(search))
        .route("/programs/{id}", web::get().to(program))
        .route("/facets", web::get().to(facets))
        .default_service(web::to(|req: HttpRequest| async move {
            Err::<HttpResponse, _>(ApiError::not_found(format!(
                "no API endpoint at {}",
                req.path()
            )))
        }))
}

async fn search(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let pairs = query_pairs(&req);
    let params = SearchParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let request = index::parse_request(&params, &state.geo)?;
    let results = index::search(&state.catalog(), &request)?;
    Ok(HttpResponse::Ok().json(results))
}

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
