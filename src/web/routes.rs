//! Page routes: parse the request, call the library, render.

use actix_web::http::header;
use actix_web::web::{self, Data, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse};
use maud::Markup;

use super::errors::PageError;
use super::{api, links, pages, AppState};
use crate::index::{self, FacetDim, RequestError, SearchParams, SearchRequest};

const SITE_CSS: &str = include_str!("assets/site.css");
const SITE_JS: &str = include_str!("assets/site.js");

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.route("/", web::get().to(home))
        .route("/search", web::get().to(results))
        .route("/programs/{id}", web::get().to(program))
        .route("/about", web::get().to(about))
        .route("/static/site.css", web::get().to(css))
        .route("/static/site.js", web::get().to(js))
        .route("/healthz", web::get().to(api::healthz))
        .service(api::scope())
        .default_service(web::to(not_found));
}

/// The query string as (name, value) pairs, percent-decoded.
pub fn query_pairs(req: &HttpRequest) -> Vec<(String, String)> {
    url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect()
}

async fn home(state: Data<AppState>) -> Result<Markup, PageError> {
    let catalog = state.catalog();
    let everything = index::search(&catalog, &SearchRequest::default())?;
    Ok(pages::home::render(&everything.facets["kind"]))
}

async fn results(state: Data<AppState>, req: HttpRequest) -> Result<Markup, PageError> {
    let pairs = query_pairs(&req);
    let params = SearchParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(PageError::bad_request)?;
    let request = index::parse_request(&params, &state.geo).map_err(|e| place_error(e, &params))?;
    let catalog = state.catalog();
    let results = index::search(&catalog, &request)?;
    let serving_lines = if results.total == 0 && request.place.is_some() {
        let wide = SearchRequest {
            place: request.place.clone(),
            per_page: 20,
            ..SearchRequest::default()
        };
        index::search(&catalog, &wide)?
            .hits
            .into_iter()
            .filter(|h| h.serves_your_area)
            .collect()
    } else {
        Vec::new()
    };
    Ok(pages::results::render(&pages::results::ResultsView {
        state: &state,
        params: &params,
        request: &request,
        results: &results,
        serving_lines: &serving_lines,
    }))
}

/// An unknown place becomes a 400 page whose suggestions are links to the same
/// search with the suggested place.
fn place_error(error: RequestError, params: &SearchParams) -> PageError {
    let suggestions = match &error {
        RequestError::Place { suggestions, .. } => suggestions
            .iter()
            .map(|place| {
                let mut fixed = params.clone();
                fixed.near = Some(place.clone());
                (place.clone(), links::search_url(&fixed))
            })
            .collect(),
        _ => Vec::new(),
    };
    PageError::BadRequest {
        message: error.to_string(),
        suggestions,
    }
}

async fn program(
    state: Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<Markup, PageError> {
    let catalog = state.catalog();
    let program = index::find_program(&catalog, &id)?.ok_or_else(|| {
        PageError::NotFound(format!(
            "No program with the id '{}' is in the directory.",
            id.as_str()
        ))
    })?;
    let pairs = query_pairs(&req);
    let back = links::safe_back_link(
        pairs
            .iter()
            .find(|(k, _)| k == "back")
            .map(|(_, v)| v.as_str()),
    );
    Ok(pages::program::render(&state, &program, back.as_deref()))
}

async fn about(state: Data<AppState>) -> Result<Markup, PageError> {
    let catalog = state.catalog();
    let everything = index::search(&catalog, &SearchRequest::default())?;
    Ok(pages::about::render(
        everything.total,
        &everything.facets[FacetDim::State.key()],
        &catalog.meta,
    ))
}

async fn css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(SITE_CSS)
}

async fn js() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(SITE_JS)
}

async fn not_found(req: HttpRequest) -> Result<HttpResponse, PageError> {
    Err(PageError::NotFound(format!(
        "There is no page at {}.",
        req.path()
    )))
}
