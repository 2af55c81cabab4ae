//! The HSDS 3.0 API under `/hsds/`, following the Open Referral OpenAPI
//! description: services, service_at_locations, organizations, taxonomies and
//! taxonomy terms, listed in the `Page` wrapper.
//!
//! Handlers are thin: check every parameter (one the endpoint does not take, or
//! takes once, is a 400 that names it — nothing is silently ignored), make one call
//! into the generation's `hsds::Directory`, answer. The directory pages before it
//! renders, so a page of 50 draws 50 services, not every one.

use std::sync::Arc;

use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse, Scope};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::errors::ApiError;
use super::generation::Generation;
use super::query::query_pairs;
use super::AppState;
use crate::hsds;
use crate::hsds::directory::{
    Directory, Nesting, Paging, Proximity, ServiceDetail, ServiceFilter, TermFilter,
};
use crate::index::{self, SearchParams};

const DEFAULT_PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 500;
const MAX_PAGE: usize = 100_000;
const DEFAULT_PROXIMITY_M: f64 = 16_093.0; // 10 miles
const HSDS_OPENAPI: &str = include_str!("assets/hsds-openapi.json");

/// The parameters each list takes: those of the HSDS OpenAPI document (`format`
/// is JSON everywhere, NDJSON on `/services` only).
const SERVICES: [&str; 10] = [
    "search",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "minimal",
    "full",
    "format",
];
const SERVICE_AT_LOCATIONS: [&str; 11] = [
    "search",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "full",
    "postcode",
    "proximity",
    "format",
];
const ORGANIZATIONS: [&str; 6] = [
    "search",
    "page",
    "per_page",
    "full",
    "full_service",
    "format",
];
const TAXONOMIES: [&str; 4] = ["search", "page", "per_page", "format"];
const TAXONOMY_TERMS: [&str; 7] = [
    "search",
    "page",
    "per_page",
    "taxonomy_id",
    "top_only",
    "parent_id",
    "format",
];

/// Every `/hsds` route.
pub fn scope() -> Scope {
    web::scope("/hsds")
        .route("", web::get().to(root))
        .route("/", web::get().to(root))
        .route("/openapi.json", web::get().to(openapi))
        .route("/services", web::get().to(services))
        .route("/services/{id}", web::get().to(service_by_id))
        .route("/service_at_locations", web::get().to(service_at_locations))
        .route(
            "/service_at_locations/{id}",
            web::get().to(service_at_location_by_id),
        )
        .route("/organizations", web::get().to(organizations))
        .route("/organizations/{id}", web::get().to(organization_by_id))
        .route("/taxonomies", web::get().to(taxonomies))
        .route("/taxonomies/{id}", web::get().to(taxonomy_by_id))
        .route("/taxonomy_terms", web::get().to(taxonomy_terms))
        .route("/taxonomy_terms/{id}", web::get().to(taxonomy_term_by_id))
        .default_service(web::to(|req: HttpRequest| async move {
            Err::<HttpResponse, _>(ApiError::not_found(format!(
                "no HSDS endpoint at {}",
                req.path()
            )))
        }))
}

/// Query parameters, each name checked against what the endpoint takes and each
/// given at most once.
struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// The request's parameters, when every name is in `allowed` and none repeats.
    fn new(req: &HttpRequest, allowed: &[&str]) -> Result<Query, ApiError> {
        let pairs = query_pairs(req);
        if let Some((key, _)) = pairs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(ApiError::bad_request(if allowed.is_empty() {
                format!("unknown parameter '{key}'; this endpoint takes none")
            } else {
                format!(
                    "unknown parameter '{key}'; this endpoint takes {}",
                    allowed.join(", ")
                )
            }));
        }
        for (i, (key, _)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(earlier, _)| earlier == key) {
                return Err(ApiError::bad_request(format!(
                    "'{key}' is given more than once; give it once"
                )));
            }
        }
        Ok(Query { pairs })
    }

    /// A parameter's value; an empty one counts as not given (forms send them).
    fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(str::to_string)
    }

    fn flag(&self, key: &str) -> Result<bool, ApiError> {
        match self.get(key) {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(other) => Err(ApiError::bad_request(format!(
                "{key} must be true or false, not '{other}'"
            ))),
        }
    }

    fn paging(&self) -> Result<Paging, ApiError> {
        let number = |key: &str, default: usize, max: usize| -> Result<usize, ApiError> {
            match self.get(key) {
                None => Ok(default),
                Some(v) => v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| {
                        ApiError::bad_request(format!(
                            "{key} must be a whole number from 1 to {max}"
                        ))
                    }),
            }
        };
        Ok(Paging {
            page: number("page", 1, MAX_PAGE)?,
            per_page: number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?,
        })
    }

    /// `format`: whether the answer is NDJSON. JSON (the default) everywhere;
    /// NDJSON only where `ndjson_offered`, else a 400 that says where it is.
    fn ndjson(&self, ndjson_offered: bool) -> Result<bool, ApiError> {
        match self.get("format") {
            None | Some("json") => Ok(false),
            Some("ndjson") if ndjson_offered => Ok(true),
            Some("ndjson") => Err(ApiError::bad_request(
                "format 'ndjson' is offered by /hsds/services only; leave format out (or give json) here",
            )),
            Some(other) if ndjson_offered => Err(ApiError::bad_request(format!(
                "format must be json or ndjson, not '{other}'"
            ))),
            Some(other) => Err(ApiError::bad_request(format!(
                "format must be json here, not '{other}'"
            ))),
        }
    }

    /// `minimal` and `full` of `/services` (`minimal` wins when both are given).
    fn service_detail(&self) -> Result<ServiceDetail, ApiError> {
        let (minimal, full) = (self.flag("minimal")?, self.flag("full")?);
        Ok(if minimal {
            ServiceDetail::Minimal
        } else if full {
            ServiceDetail::Full
        } else {
            ServiceDetail::Summary
        })
    }

    /// The service filters, `search` run through the site's own search engine.
    fn service_filter(
        &self,
        state: &AppState,
        generation: &Generation,
    ) -> Result<ServiceFilter, ApiError> {
        let matching = self
            .get("search")
            .map(|text| search_matches(state, generation, text))
            .transpose()?;
        let modified_after = self
            .get("modified_after")
            .map(parse_modified_after)
            .transpose()?;
        Ok(ServiceFilter {
            matching,
            taxonomy_term_id: self.text("taxonomy_term_id"),
            taxonomy_id: self.text("taxonomy_id"),
            organization_id: self.text("organization_id"),
            modified_after,
        })
    }

    /// `postcode` and `proximity` (metres, default 10 miles) of
    /// `/service_at_locations`.
    fn proximity(&self, state: &AppState) -> Result<Option<Proximity>, ApiError> {
        let Some(postcode) = self.get("postcode") else {
            return match self.get("proximity") {
                Some(_) => Err(ApiError::bad_request("proximity needs a postcode")),
                None => Ok(None),
            };
        };
        let zip = state.geo.gazetteer.zip(postcode).ok_or_else(|| {
            ApiError::bad_request(format!(
                "postcode '{postcode}' is not a US ZIP code in the gazetteer"
            ))
        })?;
        let metres = match self.get("proximity") {
            None => DEFAULT_PROXIMITY_M,
            Some(p) => p
                .parse::<f64>()
                .ok()
                .filter(|m| (1.0..=1_000_000.0).contains(m))
                .ok_or_else(|| {
                    ApiError::bad_request("proximity is a distance in meters from 1 to 1000000")
                })?,
        };
        Ok(Some(Proximity {
            lat: zip.lat,
            lon: zip.lon,
            metres,
        }))
    }

    /// The taxonomy term filters.
    fn term_filter(&self) -> Result<TermFilter, ApiError> {
        Ok(TermFilter {
            search: self.text("search"),
            taxonomy_id: self.text("taxonomy_id"),
            top_only: self.flag("top_only")?,
            parent_id: self.text("parent_id"),
        })
    }
}

/// The ids of the programs the site's search matches for `text`, best first.
fn search_matches(
    state: &AppState,
    generation: &Generation,
    text: &str,
) -> Result<Vec<String>, ApiError> {
    let params = SearchParams::from_pairs([("q", text)])?;
    let request = index::parse_request(&params, &state.geo)?;
    Ok(index::search_programs(generation.catalog(), &request)?
        .into_iter()
        .map(|program| program.id)
        .collect())
}

/// `modified_after`: an RFC 3339 date-time or a plain date.
fn parse_modified_after(text: &str) -> Result<NaiveDate, ApiError> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc).date_naive())
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .map_err(|_| {
            ApiError::bad_request(format!(
                "modified_after '{text}' is not a date-time like 2026-01-01T00:00:00Z"
            ))
        })
}

async fn root(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Query::new(&req, &[])?;
    let base = &state.base_url;
    Ok(HttpResponse::Ok().json(json!({
        "version": hsds::HSDS_VERSION,
        "profile": hsds::PROFILE_URI,
        "openapi_url": format!("{base}/hsds/openapi.json"),
    })))
}

async fn openapi(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Query::new(&req, &[])?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(HSDS_OPENAPI))
}

/// Services: a page of summaries (`minimal`, `full` for less or more), or with
/// `format=ndjson` every full service, unpaged, built on the blocking pool.
async fn services(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = Query::new(&req, &SERVICES)?;
    let paging = query.paging()?;
    let detail = query.service_detail()?;
    let ndjson = query.ndjson(true)?;
    let generation = state.generation();
    let filter = query.service_filter(&state, &generation)?;
    let directory = directory_with_live(&state, &generation).await?;
    if ndjson {
        return services_ndjson(state, directory, filter).await;
    }
    Ok(HttpResponse::Ok().json(directory.services(&filter, detail, paging, &state.geo)))
}

/// Every service the filter keeps, one full service per line: as large as an
/// export, so built like one — on the blocking pool, a few at a time.
async fn services_ndjson(
    state: Data<AppState>,
    directory: Arc<hsds::Directory>,
    filter: ServiceFilter,
) -> Result<HttpResponse, ApiError> {
    let _slot = state
        .export_builds
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    let geo = Arc::clone(&state.geo);
    let body = web::block(move || directory.services_ndjson(&filter, &geo))
        .await
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/x-ndjson")
        .body(body))
}

/// A service by its HSDS id or its Peerway id.
async fn service_by_id(
    state: Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Query::new(&req, &[])?;
    let directory = directory_with_live(&state, &state.generation()).await?;
    found_or_404("service", &id, directory.service(&id, &state.geo))
}

async fn service_at_locations(
    state: Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let query = Query::new(&req, &SERVICE_AT_LOCATIONS)?;
    let paging = query.paging()?;
    let full = query.flag("full")?;
    query.ndjson(false)?;
    let generation = state.generation();
    let filter = query.service_filter(&state, &generation)?;
    let near = query.proximity(&state)?;
    Ok(HttpResponse::Ok().json(
        directory_with_live(&state, &generation)
            .await?
            .service_at_locations(&filter, near, full, paging, &state.geo),
    ))
}

async fn service_at_location_by_id(
    state: Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Query::new(&req, &[])?;
    let directory = directory_with_live(&state, &state.generation()).await?;
    found_or_404(
        "service_at_location",
        &id,
        directory.service_at_location(&id),
    )
}

/// Organizations: `full` nests each one's services (as summaries), `full_service`
/// nests them in full.
async fn organizations(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = Query::new(&req, &ORGANIZATIONS)?;
    let paging = query.paging()?;
    let (full, full_service) = (query.flag("full")?, query.flag("full_service")?);
    query.ndjson(false)?;
    let nesting = match (full, full_service) {
        (_, true) => Nesting::Full,
        (true, false) => Nesting::Summaries,
        (false, false) => Nesting::Bare,
    };
    Ok(HttpResponse::Ok().json(
        directory_with_live(&state, &state.generation())
            .await?
            .organizations(query.get("search"), nesting, paging, &state.geo),
    ))
}

async fn organization_by_id(
    state: Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let query = Query::new(&req, &["full_service"])?;
    let full_service = query.flag("full_service")?;
    let directory = directory_with_live(&state, &state.generation()).await?;
    found_or_404(
        "organization",
        &id,
        directory.organization(&id, full_service, &state.geo),
    )
}

async fn taxonomies(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = Query::new(&req, &TAXONOMIES)?;
    let paging = query.paging()?;
    query.ndjson(false)?;
    Ok(HttpResponse::Ok().json(
        directory_with_live(&state, &state.generation())
            .await?
            .taxonomies(query.get("search"), paging),
    ))
}

async fn taxonomy_by_id(
    state: Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Query::new(&req, &[])?;
    let directory = directory_with_live(&state, &state.generation()).await?;
    found_or_404("taxonomy", &id, directory.taxonomy(&id))
}

/// Taxonomy terms: `search` (name, code, description), `taxonomy_id`, `top_only`
/// and `parent_id` (Peerway's terms are all top-level: no term has children).
async fn taxonomy_terms(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = Query::new(&req, &TAXONOMY_TERMS)?;
    let paging = query.paging()?;
    let filter = query.term_filter()?;
    query.ndjson(false)?;
    Ok(HttpResponse::Ok().json(
        directory_with_live(&state, &state.generation())
            .await?
            .taxonomy_terms(&filter, paging),
    ))
}

async fn taxonomy_term_by_id(
    state: Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Query::new(&req, &[])?;
    let directory = directory_with_live(&state, &state.generation()).await?;
    found_or_404("taxonomy term", &id, directory.taxonomy_term(&id))
}

/// One item found by id as JSON, or a 404 that names the kind and the id.
fn found_or_404<T: serde::Serialize>(
    kind: &str,
    id: &str,
    found: Option<T>,
) -> Result<HttpResponse, ApiError> {
    found
        .map(|item| HttpResponse::Ok().json(item))
        .ok_or_else(|| ApiError::not_found(format!("no {kind} with id '{id}'")))
}

/// The HSDS directory with the live listings laid over it (status, beds free,
/// confirmed by the program), so HSDS shows what search shows.
async fn directory_with_live(
    state: &AppState,
    generation: &Generation,
) -> Result<Arc<Directory>, ApiError> {
    Ok(generation.directory_live(&*state.live().await)?)
}
