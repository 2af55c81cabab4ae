//! The HSDS 3.0 API under `/hsds/`, following the Open Referral OpenAPI
//! description: services, service_at_locations, organizations, taxonomies and
//! taxonomy terms, listed in the `Page` wrapper.

use actix_web::web::{self, Data};
use actix_web::{HttpRequest, HttpResponse, Scope};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};

use super::errors::ApiError;
use super::routes::query_pairs;
use super::AppState;
use crate::hsds::{self, service, taxonomy};
use crate::index::{self, SearchParams};
use crate::model::{Precision, Program};

const DEFAULT_PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 500;
const DEFAULT_PROXIMITY_M: f64 = 16_093.0; // 10 miles
const HSDS_OPENAPI: &str = include_str!("assets/hsds-openapi.json");

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

/// The HSDS `Page` wrapper around one page of `items`.
pub fn page(items: Vec<Value>, page_number: usize, per_page: usize) -> Value {
    let total_items = items.len();
    let total_pages = total_items.div_ceil(per_page).max(1);
    let contents: Vec<Value> = items
        .into_iter()
        .skip((page_number - 1) * per_page)
        .take(per_page)
        .collect();
    json!({
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": per_page,
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

/// Query parameters, each allowed name checked.
struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    fn new(req: &HttpRequest, allowed: &[&str]) -> Result<Query, ApiError> {
        let pairs = query_pairs(req);
        if let Some((key, _)) = pairs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(ApiError::bad_request(format!(
                "unknown parameter '{key}'; this endpoint takes {}",
                allowed.join(", ")
            )));
        }
        Ok(Query { pairs })
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
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

    fn paging(&self) -> Result<(usize, usize), ApiError> {
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
        Ok((
            number("page", 1, 100_000)?,
            number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?,
        ))
    }
}

async fn root(state: Data<AppState>) -> HttpResponse {
    let base = &state.base_url;
    HttpResponse::Ok().json(json!({
        "version": hsds::HSDS_VERSION,
        "profile": hsds::PROFILE_URI,
        "openapi_url": format!("{base}/hsds/openapi.json"),
    }))
}

async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(HSDS_OPENAPI)
}

/// Every program, shared with the index's per-generation cache (never copied whole).
fn programs(state: &AppState) -> Result<Arc<Vec<Program>>, ApiError> {
    let all = index::all_programs(&state.catalog())?;
    Ok(super::live::with_live(&state.live.current(), all))
}

/// The services the HSDS list filters select: `search` (the same engine as the
/// site), `taxonomy_term_id`, `taxonomy_id`, `organization_id`, `modified_after`.
fn select_services(state: &AppState, query: &Query) -> Result<Vec<Program>, ApiError> {
    let everything = programs(state)?;
    let mut searched;
    let candidates: &[Program] = match query.get("search") {
        Some(text) => {
            let params = SearchParams::from_pairs([("q", text)])?;
            searched = index::search_programs(
                &state.catalog(),
                &index::parse_request(&params, &state.geo)?,
            )?;
            super::live::overlay_programs(&state.live.current(), &mut searched);
            &searched
        }
        None => &everything,
    };
    let taxonomy_known = query
        .get("taxonomy_id")
        .is_none_or(|id| taxonomy::taxonomies().iter().any(|t| t["id"] == id));
    let after = query
        .get("modified_after")
        .map(parse_modified_after)
        .transpose()?;
    Ok(candidates
        .iter()
        .filter(|_| taxonomy_known)
        .filter(|p| {
            query
                .get("taxonomy_term_id")
                .is_none_or(|term| has_term(p, term))
        })
        .filter(|p| {
            query.get("organization_id").is_none_or(|org| {
                !p.operator.is_empty() && service::organization_id(&p.operator) == org
            })
        })
        .filter(|p| after.is_none_or(|after| p.verified.date >= after))
        .cloned()
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

fn has_term(program: &Program, term: &str) -> bool {
    term == taxonomy::term_id(taxonomy::KIND_TAXONOMY, program.kind.slug())
        || term == taxonomy::term_id(taxonomy::PEER_ROLE_TAXONOMY, program.peer_role.slug())
}

async fn services(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = Query::new(
        &req,
        &[
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
        ],
    )?;
    let (page_number, per_page) = query.paging()?;
    let (minimal, full) = (query.flag("minimal")?, query.flag("full")?);
    let ndjson = match query.get("format") {
        None | Some("json") => false,
        Some("ndjson") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "format must be json or ndjson, not '{other}'"
            )))
        }
    };
    let selected = select_services(&state, &query)?;
    if ndjson {
        // Everything, unpaged, one full service per line.
        let mut body = String::new();
        for program in &selected {
            body.push_str(&service::service(program, &state.geo).to_string());
            body.push('\n');
        }
        return Ok(HttpResponse::Ok()
            .content_type("application/x-ndjson")
            .body(body));
    }
    let items: Vec<Value> = selected
        .iter()
        .map(|p| {
            if minimal {
                json!({"id": service::service_id(p), "last_modified": format!("{}T00:00:00Z", p.verified.date)})
            } else if full {
                service::service(p, &state.geo)
            } else {
                service::service_summary(p)
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(page(items, page_number, per_page)))
}

/// A program by its HSDS id or its Peerway id.
fn find(state: &AppState, id: &str) -> Result<Program, ApiError> {
    programs(state)?
        .iter()
        .find(|p| p.id == id || service::service_id(p) == id)
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("no service with id '{id}'")))
}

async fn service_by_id(
    state: Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let program = find(&state, &id)?;
    Ok(HttpResponse::Ok().json(service::service(&program, &state.geo)))
}

async fn service_at_locations(
    state: Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let query = Query::new(
        &req,
        &[
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
        ],
    )?;
    let (page_number, per_page) = query.paging()?;
    let full = query.flag("full")?;
    let mut selected: Vec<(Program, Option<f64>)> = select_services(&state, &query)?
        .into_iter()
        .map(|p| (p, None))
        .collect();
    if let Some(postcode) = query.get("postcode") {
        let zip = state.geo.gazetteer.zip(postcode).ok_or_else(|| {
            ApiError::bad_request(format!(
                "postcode '{postcode}' is not a US ZIP code in the gazetteer"
            ))
        })?;
        let proximity_m = match query.get("proximity") {
            None => DEFAULT_PROXIMITY_M,
            Some(p) => p
                .parse::<f64>()
                .ok()
                .filter(|m| (1.0..=1_000_000.0).contains(m))
                .ok_or_else(|| {
                    ApiError::bad_request("proximity is a distance in meters from 1 to 1000000")
                })?,
        };
        selected = selected
            .into_iter()
            .filter_map(|(p, _)| {
                let point = p.location.filter(|l| l.precision != Precision::State)?;
                let metres =
                    crate::geo::distance_km(zip.lat, zip.lon, point.lat, point.lon) * 1000.0;
                (metres <= proximity_m).then_some((p, Some(metres)))
            })
            .collect();
        selected.sort_by(|a, b| a.1.unwrap_or(0.0).total_cmp(&b.1.unwrap_or(0.0)));
    } else if query.get("proximity").is_some() {
        return Err(ApiError::bad_request("proximity needs a postcode"));
    }
    let items: Vec<Value> = selected
        .iter()
        .filter_map(|(program, metres)| {
            let mut item = service::service_at_location(program)?;
            let object = item.as_object_mut()?;
            if full {
                object.insert("service".into(), service::service(program, &state.geo));
            }
            if let Some(metres) = metres {
                object.insert(
                    "description".into(),
                    json!(format!("{:.0} m from the postcode", metres)),
                );
            }
            Some(item)
        })
        .collect();
    Ok(HttpResponse::Ok().json(page(items, page_number, per_page)))
}

async fn service_at_location_by_id(
    state: Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    programs(&state)?
        .iter()
        .filter_map(service::service_at_location)
        .find(|sal| sal["id"] == id.as_str())
        .map(|sal| HttpResponse::Ok().json(sal))
        .ok_or_else(|| {
            ApiError::not_found(format!("no service_at_location with id '{}'", id.as_str()))
        })
}

fn all_organizations(state: &AppState) -> Result<Vec<Value>, ApiError> {
    let mut seen = std::collections::HashSet::new();
    Ok(programs(state)?
        .iter()
        .filter_map(service::organization)
        .filter(|org| seen.insert(org["id"].to_string()))
        .collect())
}

/// The organization's services nested in it: summaries, or full services with
/// `full_service`.
fn with_services(
    state: &AppState,
    programs: &[Program],
    mut organization: Value,
    full_service: bool,
) -> Value {
    let id = organization["id"].as_str().unwrap_or_default().to_string();
    let services: Vec<Value> = programs
        .iter()
        .filter(|p| !p.operator.is_empty() && service::organization_id(&p.operator) == id)
        .map(|p| {
            if full_service {
                service::service(p, &state.geo)
            } else {
                service::service_summary(p)
            }
        })
        .collect();
    organization["services"] = json!(services);
    organization
}

/// Organizations: `full` nests each one's services (as summaries), `full_service`
/// nests them in full.
async fn organizations(state: Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = Query::new(
        &req,
        &["search", "page", "per_page", "full", "full_service"],
    )?;
    let (page_number, per_page) = query.paging()?;
    let (full, full_service) = (query.flag("full")?, query.flag("full_service")?);
    let mut items = all_organizations(&state)?;
    if let Some(search) = query.get("search") {
        let search = search.to_lowercase();
        items.retain(|o| {
            o["name"]
                .as_str()
                .unwrap_or_default()
                .to_lowercase()
                .contains(&search)
        });
    }
    let mut listed = page(items, page_number, per_page);
    if full || full_service {
        let programs = programs(&state)?;
        if let Some(contents) = listed["contents"].as_array_mut() {
            for organization in contents.iter_mut() {
                *organization = with_services(&state, &programs, organization.take(), full_service);
            }
        }
    }
    Ok(HttpResponse::Ok().json(listed))
}

async fn organization_by_id(
    state: Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let query = Query::new(&req, &["full_service"])?;
    let full_service = query.flag("full_service")?;
    let programs = programs(&state)?;
    let organization = all_organizations(&state)?
        .into_iter()
        .find(|o| o["id"] == id.as_str())
        .ok_or_else(|| ApiError::not_found(format!("no organization with id '{}'", id.as_str())))?;
    Ok(HttpResponse::Ok().json(with_services(&state, &programs, organization, full_service)))
}

async fn taxonomies(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = Query::new(&req, &["search", "page", "per_page"])?;
    let (page_number, per_page) = query.paging()?;
    Ok(HttpResponse::Ok().json(page(taxonomy::taxonomies(), page_number, per_page)))
}

async fn taxonomy_by_id(id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    taxonomy::taxonomies()
        .into_iter()
        .find(|t| t["id"] == id.as_str())
        .map(|t| HttpResponse::Ok().json(t))
        .ok_or_else(|| ApiError::not_found(format!("no taxonomy with id '{}'", id.as_str())))
}

async fn taxonomy_terms(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = Query::new(
        &req,
        &[
            "search",
            "page",
            "per_page",
            "taxonomy_id",
            "top_only",
            "parent_id",
        ],
    )?;
    let (page_number, per_page) = query.paging()?;
    let mut terms = taxonomy::taxonomy_terms();
    if let Some(taxonomy_id) = query.get("taxonomy_id") {
        terms.retain(|t| t["taxonomy_id"] == taxonomy_id);
    }
    Ok(HttpResponse::Ok().json(page(terms, page_number, per_page)))
}

async fn taxonomy_term_by_id(id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    taxonomy::taxonomy_terms()
        .into_iter()
        .find(|t| t["id"] == id.as_str())
        .map(|t| HttpResponse::Ok().json(t))
        .ok_or_else(|| ApiError::not_found(format!("no taxonomy term with id '{}'", id.as_str())))
}
