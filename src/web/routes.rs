//! Page routes: parse the request, call the library, render. Every HTML page is
//! served twice, in English at `/…` and in Spanish at `/es/…`, by the same handler:
//! the page's language comes from its path (`PageContext`), never from a cookie.

use actix_web::http::{header, StatusCode};
use actix_web::web::{self, Data, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse};
use maud::Markup;
use std::sync::Arc;

use super::errors::PageError;
use super::generation::Generation;
use super::i18n::{self, Lang};
use super::pages::states::{self, Measure, StateView, StatesView, TableSort};
use super::pages::PageContext;
use super::query::{query_pairs, SearchConfig, SearchQuery};
use super::{api, headers, links, pages, AppState};
use crate::export;
use crate::index::{self, FacetDim, RequestError, SearchParams, SearchRequest};
use crate::model::{Program, ServiceKind};
use crate::reports::{ProblemReport, ReportReason, MAX_NOTE_CHARS};
use crate::store::live::LiveSnapshot;

/// A report form is a reason and a note of at most 1,000 characters: in a script of
/// three-byte characters, percent-encoded, that is 9,000 bytes, so 16 KiB leaves room.
const MAX_FORM_BYTES: usize = 16 * 1024;
/// A referral list longer than this is not a shortlist.
const MAX_REFERRAL_IDS: usize = 50;

const SITE_CSS: &str = include_str!("assets/site.css");
const SITE_JS: &str = include_str!("assets/site.js");

/// Every route. Staff and curator pages come last, each one scope, so a public
/// request never waits for the router to try their patterns.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(html_pages)
        .service(
            web::scope(i18n::SPANISH_PREFIX)
                .route("", web::get().to(home))
                .configure(html_pages)
                .configure(super::staff::configure)
                .configure(super::curate::configure),
        )
        .route("/states.csv", web::get().to(states_csv))
        .route("/counties.csv", web::get().to(counties_csv))
        .service(export_resource("/export.csv").route(web::get().to(export_csv)))
        .service(export_resource("/export.geojson").route(web::get().to(export_geojson)))
        .service(export_resource("/export.json").route(web::get().to(export_json)))
        .route("/api/openapi.json", web::get().to(openapi_json))
        .route("/static/site.css", web::get().to(css))
        .route("/static/site.js", web::get().to(js))
        .route("/healthz", web::get().to(api::healthz))
        .configure(super::staff::assets)
        .service(api::scope().configure(super::registry_api::configure))
        .service(super::hsds_api::scope())
        .configure(super::staff::configure)
        .configure(super::curate::configure)
        .default_service(web::to(not_found));
}

/// The pages a person reads, registered once at the root (English) and once under
/// `/es` (Spanish). Downloads, the APIs and static files are language-neutral and
/// live at the root only.
fn html_pages(cfg: &mut ServiceConfig) {
    cfg.route("/", web::get().to(home))
        .route("/search", web::get().to(results))
        .route("/programs/{id}", web::get().to(program))
        .service(
            web::resource("/programs/{id}/report")
                .app_data(
                    web::FormConfig::default()
                        .limit(MAX_FORM_BYTES)
                        .error_handler(|e, req| {
                            PageError::BadRequest {
                                message: Lang::of_path(req.path())
                                    .trf("error.report_unreadable", &[("reason", &e)]),
                                suggestions: Vec::new(),
                            }
                            .into()
                        }),
                )
                .route(web::post().to(report)),
        )
        .route("/states", web::get().to(states))
        .route("/counties", web::get().to(counties))
        .route("/states/{code}", web::get().to(state_page))
        .route("/models", web::get().to(models))
        .route("/models/{kind}", web::get().to(model))
        .route("/referral", web::get().to(referral))
        .route("/referral.vcf", web::get().to(referral_vcard))
        .route("/about", web::get().to(about))
        .route("/data", web::get().to(data_page))
        .route("/api", web::get().to(api_page));
}

/// The home page. In English it suggests the Spanish site (a link, not a
/// redirect) when the browser ranks Spanish first; that answer depends on
/// `Accept-Language`, so it says `Vary: Accept-Language`.
async fn home(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let overview = state.generation().overview()?;
    let prefers_spanish = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(i18n::accept_prefers_spanish);
    let page = pages::home::render(&ctx, &overview.kinds, prefers_spanish);
    let mut response = HttpResponse::Ok();
    if ctx.lang == Lang::En {
        response.insert_header((header::VARY, "Accept-Language"));
    }
    Ok(response
        .content_type("text/html; charset=utf-8")
        .body(page.into_string()))
}

async fn results(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
) -> Result<HttpResponse, actix_web::Error> {
    let catalog = state.catalog();
    let live = state.live().await;
    let epoch = state.epoch(&catalog, &live);
    // One answer per language: the Spanish page also ranks Spanish-speaking
    // programs first among equals.
    let kind = match ctx.lang {
        Lang::En => "page",
        Lang::Es => "page-es",
    };
    let key = super::cache::key(kind, req.query_string());
    let body = match state.responses.get(&epoch, &key) {
        Some(body) => body,
        None => {
            let search = SearchQuery::of(&req)?;
            let page = render_results(&state, &ctx, &search, &catalog, &live, epoch.minute())?
                .into_string();
            let body = web::Bytes::from(page);
            state.responses.put(&epoch, &key, body.clone());
            body
        }
    };
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// The `languages` value a page's searches prefer: Spanish on the Spanish site.
fn preferred_language(lang: Lang) -> Option<String> {
    match lang {
        Lang::En => None,
        Lang::Es => Some("spanish".to_string()),
    }
}

/// The results page for a search answered at `now`, with `live` laid over.
fn render_results(
    state: &AppState,
    ctx: &PageContext,
    params: &SearchParams,
    catalog: &crate::index::Catalog,
    live: &LiveSnapshot,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Markup, PageError> {
    let lang = ctx.lang;
    let mut request =
        index::parse_request(params, &state.geo).map_err(|e| place_error(lang, e, params))?;
    request.now = now;
    request.language = preferred_language(lang);
    super::live::narrow(live, &mut request);
    let mut results = index::search(catalog, &request)?;
    super::live::overlay_hits(live, &mut results.hits);
    let serving_lines = if results.total == 0 && request.place.is_some() {
        fallback_for_place(catalog, &request)?
    } else {
        Vec::new()
    };
    Ok(pages::results::render(&pages::results::ResultsView {
        ctx,
        geo: &state.geo,
        some_beds_free: !live.with_beds_free().is_empty(),
        params,
        request: &request,
        results: &results,
        serving_lines: &serving_lines,
        now: request.now,
        viewer_zone: request
            .place
            .as_ref()
            .and_then(|place| crate::geo::time_zone_at(place.lat, place.lon)),
    }))
}

/// How far the fallback looks for the nearest respite and mobile team (250 miles).
const FALLBACK_RADIUS_KM: f64 = 402.0;

/// When the words match nothing near a place, what serves the place anyway: its
/// lines (open ones first, as ranked), then the nearest peer respite and the nearest
/// mobile crisis team — so a search never ends with nothing to call.
fn fallback_for_place(
    catalog: &crate::index::Catalog,
    request: &SearchRequest,
) -> Result<Vec<index::Hit>, PageError> {
    // The nearest of a kind may be further than the radius asked for: up to 250 miles.
    let around = |kind: Option<ServiceKind>, per_page: usize| SearchRequest {
        place: request.place.clone(),
        radius_km: if kind.is_some() {
            request.radius_km.max(FALLBACK_RADIUS_KM)
        } else {
            request.radius_km
        },
        per_page,
        now: request.now,
        sort: if kind.is_some() {
            index::SortOrder::Distance
        } else {
            index::SortOrder::Relevance
        },
        filters: kind
            .map(|k| {
                [(FacetDim::Kind, vec![k.slug().to_string()])]
                    .into_iter()
                    .collect()
            })
            .unwrap_or_default(),
        language: request.language.clone(),
        ..SearchRequest::default()
    };
    let mut hits: Vec<index::Hit> = index::search(catalog, &around(None, 20))?
        .hits
        .into_iter()
        .filter(|h| h.serves_your_area && h.program.kind.is_line())
        .take(5)
        .collect();
    for kind in [ServiceKind::PeerRespite, ServiceKind::MobileTeam] {
        let nearest = index::search(catalog, &around(Some(kind), 1))?.hits;
        for hit in nearest {
            if !hits.iter().any(|h| h.program.id == hit.program.id) {
                hits.push(hit);
            }
        }
    }
    Ok(hits)
}

/// An unknown place becomes a 400 page whose suggestions are links to the same
/// search with the suggested place.
fn place_error(lang: Lang, error: RequestError, params: &SearchParams) -> PageError {
    let suggestions = match &error {
        RequestError::Place { suggestions, .. } => suggestions
            .iter()
            .map(|place| {
                let mut fixed = params.clone();
                fixed.near = Some(place.clone());
                (place.clone(), links::search_url(lang, &fixed))
            })
            .collect(),
        _ => Vec::new(),
    };
    PageError::BadRequest {
        message: i18n::messages::request_error(lang, &error),
        suggestions,
    }
}

/// The program with this id (its live listing laid over), or a 404 page that says so.
async fn program_or_404(state: &AppState, lang: Lang, id: &str) -> Result<Program, PageError> {
    let mut program = state
        .catalog()
        .find_program(id)?
        .ok_or_else(|| PageError::NotFound(lang.trf("error.no_program", &[("id", &id)])))?;
    state.live().await.apply(&mut program);
    Ok(program)
}

async fn program(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<Markup, PageError> {
    let program = program_or_404(&state, ctx.lang, &id).await?;
    let pairs = query_pairs(&req);
    let back = links::safe_back_link(
        pairs
            .iter()
            .find(|(k, _)| k == "back")
            .map(|(_, v)| v.as_str()),
    );
    let list = pairs
        .iter()
        .find(|(k, _)| k == "list")
        .map(|(_, v)| list_ids(v))
        .unwrap_or_default();
    Ok(pages::program::render(
        &ctx,
        &state.geo,
        &program,
        back.as_deref(),
        state.now(),
        None,
        &list,
    ))
}

/// Ids of a referral list being built (`list=a,b`): well-formed ids only, at most
/// `MAX_REFERRAL_IDS`, no repeats; anything else is dropped (it is only a link).
fn list_ids(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in text.split(',').map(str::trim) {
        let well_formed = !id.is_empty()
            && id.len() <= 80
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if well_formed && !ids.iter().any(|known| known == id) && ids.len() < MAX_REFERRAL_IDS {
            ids.push(id.to_string());
        }
    }
    ids
}

#[derive(serde::Deserialize)]
struct ReportForm {
    reason: String,
    #[serde(default)]
    note: String,
    /// Hidden from people, filled in by bots.
    #[serde(default)]
    website: String,
}

/// Store a problem report; the person is thanked only once it is on disk.
async fn report(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<ReportForm>,
) -> Result<HttpResponse, PageError> {
    let lang = ctx.lang;
    let program = program_or_404(&state, lang, &id).await?;
    // The thanks page switches language to the program's page, not to the form's
    // address (which only takes posts).
    let ctx = ctx.at(&format!("/programs/{}", program.id));
    if headers::is_cross_site(&req) {
        // Another site's page posting through its visitors: refused, nothing kept.
        return Err(PageError::Forbidden(
            lang.tr("error.report_cross_site").to_string(),
        ));
    }
    if !form.website.is_empty() {
        // A bot filled the hidden field: say thanks, keep nothing.
        return Ok(html_page(
            StatusCode::OK,
            pages::program::report_received(&ctx, &program),
        ));
    }
    let reason = ReportReason::from_slug(&form.reason).ok_or_else(|| PageError::BadRequest {
        message: lang.tr("error.report_reason").to_string(),
        suggestions: Vec::new(),
    })?;
    let note = form.note.trim().to_string();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(PageError::BadRequest {
            message: lang.trf("error.report_note_too_long", &[("max", &MAX_NOTE_CHARS)]),
            suggestions: Vec::new(),
        });
    }
    if let Some(ip) = state.client_ip(&req) {
        if let Err(wait_secs) = state.report_limit.check(ip) {
            let page = pages::error_page(
                &ctx,
                StatusCode::TOO_MANY_REQUESTS,
                lang.tr("error.report_wait_title"),
                &lang.trn("error.report_wait", wait_secs.div_ceil(60), &[]),
                &[],
            );
            return Ok(HttpResponse::TooManyRequests()
                .insert_header((header::RETRY_AFTER, wait_secs.to_string()))
                .content_type("text/html; charset=utf-8")
                .body(page.into_string()));
        }
    }
    let report = ProblemReport {
        received_at: state.now(),
        program_id: program.id.clone(),
        reason,
        note,
    };
    // Committed to the store before the person is thanked.
    state.reports.append(report).await.map_err(|e| {
        tracing::error!("cannot store a report: {e}");
        match e {
            crate::reports::ReportError::Store(e) if e.is_unavailable() => {
                PageError::Unavailable(lang.tr("error.report_full").to_string())
            }
            other => PageError::Internal(other.to_string()),
        }
    })?;
    Ok(html_page(
        StatusCode::OK,
        pages::program::report_received(&ctx, &program),
    ))
}

fn html_page(status: StatusCode, markup: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(markup.into_string())
}

/// `ids=a,b,c` or `ids=a&ids=b`, in order, without repeats.
fn referral_ids(lang: Lang, req: &HttpRequest) -> Result<Vec<String>, PageError> {
    let mut ids: Vec<String> = Vec::new();
    for (key, value) in query_pairs(req) {
        if key == "near" {
            continue;
        }
        if key != "ids" {
            return Err(bad(lang.trf("error.referral_parameter", &[("name", &key)])));
        }
        for id in value.split(',').map(str::trim).filter(|id| !id.is_empty()) {
            if !ids.iter().any(|known| known == id) {
                ids.push(id.to_string());
            }
        }
    }
    if ids.len() > MAX_REFERRAL_IDS {
        return Err(bad(
            lang.trf("error.referral_too_long", &[("max", &MAX_REFERRAL_IDS)])
        ));
    }
    Ok(ids)
}

/// The chosen programs, and the ids no longer in the directory.
fn referral_programs(
    state: &AppState,
    ids: &[String],
) -> Result<(Vec<Program>, Vec<String>), PageError> {
    let catalog = state.catalog();
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for id in ids {
        match catalog.find_program(id)? {
            Some(program) => found.push(program),
            None => missing.push(id.clone()),
        }
    }
    Ok((found, missing))
}

async fn referral(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
) -> Result<Markup, PageError> {
    let lang = ctx.lang;
    let ids = referral_ids(lang, &req)?;
    let (programs, missing) = referral_programs(&state, &ids)?;
    let near = query_pairs(&req)
        .into_iter()
        .find(|(k, v)| k == "near" && !v.trim().is_empty())
        .map(|(_, v)| v);
    // The place the list was made for (from the search), for distances on the list.
    let place = match &near {
        Some(text) => {
            let params = SearchParams {
                near: Some(text.clone()),
                ..SearchParams::default()
            };
            index::parse_request(&params, &state.geo)
                .map_err(|e| place_error(lang, e, &params))?
                .place
        }
        None => None,
    };
    let mut share_pairs = vec![("ids".to_string(), ids.join(","))];
    if let Some(text) = &near {
        share_pairs.push(("near".to_string(), text.clone()));
    }
    let share = links::with_query(&ctx.href("/referral"), &share_pairs);
    Ok(pages::referral::render(
        &ctx,
        &pages::referral::ReferralView {
            geo: &state.geo,
            built_on: state.catalog().meta().built_on(),
            programs: &programs,
            missing: &missing,
            share: &share,
            now: state.now(),
            place: place.as_ref(),
        },
    ))
}

async fn referral_vcard(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
) -> Result<HttpResponse, PageError> {
    let ids = referral_ids(ctx.lang, &req)?;
    let (programs, _) = referral_programs(&state, &ids)?;
    Ok(HttpResponse::Ok()
        .content_type("text/vcard; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"peerway-referral.vcf\"",
        ))
        .body(pages::referral::vcards(ctx.lang, &programs)))
}

async fn about(state: Data<AppState>, ctx: PageContext) -> Result<Markup, PageError> {
    let generation = state.generation();
    let overview = generation.overview()?;
    Ok(pages::about::render(
        &ctx,
        overview.listed,
        &overview.states,
        generation.catalog().meta(),
    ))
}

fn bad(message: impl Into<String>) -> PageError {
    PageError::BadRequest {
        message: message.into(),
        suggestions: Vec::new(),
    }
}

async fn states(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
) -> Result<Markup, PageError> {
    let lang = ctx.lang;
    let mut kind = None;
    let mut measure = Measure::Count;
    let mut sort = TableSort {
        column: "state".to_string(),
        descending: false,
    };
    for (key, value) in query_pairs(&req) {
        match key.as_str() {
            "kind" => kind = kind_param(lang, &value)?.or(kind),
            "measure" => {
                measure = match value.as_str() {
                    "count" => Measure::Count,
                    "per_million" => Measure::PerMillion,
                    other => return Err(bad(lang.trf("error.bad_measure", &[("value", &other)]))),
                }
            }
            "sort" if states::is_sort_column(&value) => sort.column = value,
            "sort" => return Err(bad(lang.trf("error.bad_sort_column", &[("value", &value)]))),
            "dir" => sort.descending = value == "desc",
            other => return Err(bad(lang.trf("error.unknown_parameter", &[("name", &other)]))),
        }
    }
    let generation = state.generation();
    let summaries = generation.state_summaries(&state.geo)?;
    Ok(states::render(&StatesView {
        ctx: &ctx,
        geo: &state.geo,
        summaries: &summaries,
        kind,
        measure,
        sort,
        national_lines: generation.overview()?.national_lines,
        map: &state.geo.us_map.states,
        data_date: generation.catalog().meta().built_on(),
    }))
}

async fn states_csv(state: Data<AppState>) -> Result<HttpResponse, PageError> {
    let summaries = state.generation().state_summaries(&state.geo)?;
    let now = state.now();
    Ok(download(
        "text/csv; charset=utf-8",
        &format!("peerway-states-{}.csv", now.format("%Y-%m-%d")),
        export::states_csv(&summaries, now),
    ))
}

/// A `kind=` value of the maps: empty is none chosen; anything else must be a kind.
fn kind_param(lang: Lang, value: &str) -> Result<Option<ServiceKind>, PageError> {
    if value.is_empty() {
        return Ok(None);
    }
    ServiceKind::from_slug(value)
        .map(Some)
        .ok_or_else(|| bad(lang.trf("error.not_a_kind", &[("value", &value)])))
}

async fn counties(
    state: Data<AppState>,
    ctx: PageContext,
    req: HttpRequest,
) -> Result<Markup, PageError> {
    let lang = ctx.lang;
    let mut kind = ServiceKind::MobileTeam;
    for (key, value) in query_pairs(&req) {
        match key.as_str() {
            "kind" => kind = kind_param(lang, &value)?.unwrap_or(kind),
            other => return Err(bad(lang.trf("error.unknown_parameter", &[("name", &other)]))),
        }
    }
    let coverage = state.generation().county_coverage(&state.geo)?;
    let map = county_map(&state).await?;
    Ok(pages::counties::render_national(
        &pages::counties::CountiesView {
            ctx: &ctx,
            kind,
            coverage: &coverage,
            county_paths: &map.counties,
            state_borders: &map.state_borders,
            states: state
                .geo
                .gazetteer
                .states()
                .iter()
                .map(|s| {
                    let name = i18n::labels::state_name(lang, &s.code, &s.name);
                    (s.code.clone(), name)
                })
                .collect(),
        },
    ))
}

/// The national county map; the first call reads and simplifies a large file, so
/// it runs on the blocking pool (later calls find it in memory).
async fn county_map(state: &Data<AppState>) -> Result<&crate::geo::map::UsCountyMap, PageError> {
    let geo = Arc::clone(&state.geo);
    web::block(move || geo.county_map().map(|_| ()).map_err(str::to_string))
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?
        .map_err(|e| PageError::Internal(format!("the county map could not be read: {e}")))?;
    state
        .geo
        .county_map()
        .map_err(|e| PageError::Internal(format!("the county map could not be read: {e}")))
}

async fn counties_csv(state: Data<AppState>) -> Result<HttpResponse, PageError> {
    let coverage = state.generation().county_coverage(&state.geo)?;
    let now = state.now();
    Ok(download(
        "text/csv; charset=utf-8",
        &format!("peerway-counties-{}.csv", now.format("%Y-%m-%d")),
        export::counties_csv(&coverage, now),
    ))
}

async fn state_page(
    state: Data<AppState>,
    ctx: PageContext,
    code: web::Path<String>,
) -> Result<Markup, PageError> {
    let code = code.to_ascii_uppercase();
    let generation = state.generation();
    let live = state.live().await;
    let programs = generation.programs_live(&live)?;
    let summaries = generation.state_summaries(&state.geo)?;
    let summary = summaries
        .iter()
        .find(|s| s.code == code)
        .ok_or_else(|| PageError::NotFound(ctx.lang.trf("error.no_state", &[("code", &code)])))?;
    // Closed programs keep their own pages but leave state lists, maps and counts;
    // so do programs their staff marked closed (the counts change at the next build).
    let listed = programs
        .iter()
        .filter(|p| p.status.listed_by_default() && !live.is_closed(&p.id));
    let here: Vec<Program> = listed
        .clone()
        .filter(|p| p.address.state == code)
        .cloned()
        .collect();
    let serving: Vec<Program> = listed
        .filter(|p| p.address.state != code && p.area.scope.covers_whole_states())
        .filter(|p| p.area.states.iter().any(|s| *s == code || s == "US"))
        .cloned()
        .collect();
    let catalog = generation.catalog();
    let reconciliation = &catalog.reconciliation();
    let coverage = generation.county_coverage(&state.geo)?;
    let counties = crate::coverage::in_state(&coverage, &code);
    Ok(states::render_state(
        &ctx,
        &state.geo,
        &StateView {
            summary,
            programs: &here,
            serving: &serving,
            lists: &reconciliation.lists,
            checks: reconciliation
                .states
                .get(&code)
                .map_or(&[][..], Vec::as_slice),
            names: &generation.overview()?.names,
            counties,
            data_date: catalog.meta().built_on(),
        },
    ))
}

async fn models(state: Data<AppState>, ctx: PageContext) -> Result<Markup, PageError> {
    let overview = state.generation().overview()?;
    Ok(pages::models::render_all(&ctx, &overview.kinds))
}

async fn model(
    state: Data<AppState>,
    ctx: PageContext,
    kind: web::Path<String>,
) -> Result<Markup, PageError> {
    let kind = ServiceKind::from_slug(&kind).ok_or_else(|| {
        PageError::NotFound(ctx.lang.trf("error.no_model", &[("name", &kind.as_str())]))
    })?;
    let overview = state.generation().overview()?;
    let count = overview.kinds.get(kind.slug()).copied().unwrap_or(0);
    Ok(pages::models::render_one(&ctx, kind, count))
}

/// An export's route: its search is read without paging (`SearchConfig::EXPORTS`).
fn export_resource(path: &str) -> actix_web::Resource {
    web::resource(path).app_data(SearchConfig::EXPORTS)
}

/// The programs a search matches, for exports: every match (paging is not read),
/// with `live` laid over.
fn export_programs(
    state: &AppState,
    generation: &Generation,
    live: &LiveSnapshot,
    params: &SearchParams,
) -> Result<Vec<Program>, PageError> {
    let mut request =
        index::parse_request(params, &state.geo).map_err(|e| place_error(Lang::En, e, params))?;
    request.now = state.now();
    super::live::narrow(live, &mut request);
    let mut programs = index::search_programs(generation.catalog(), &request)?;
    live.apply_all(&mut programs);
    Ok(programs)
}

fn download(content_type: &str, filename: &str, body: impl Into<web::Bytes>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body.into())
}

/// The formats of `/export.*`: content type, file extension, and the writer.
#[derive(Clone, Copy)]
enum ExportFormat {
    Csv,
    GeoJson,
    Json,
}

impl ExportFormat {
    fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::GeoJson => "application/geo+json",
            ExportFormat::Json => "application/json",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::GeoJson => "geojson",
            ExportFormat::Json => "json",
        }
    }

    fn write(self, programs: &[Program], now: chrono::DateTime<chrono::Utc>) -> String {
        match self {
            ExportFormat::Csv => export::programs_csv(programs, now),
            ExportFormat::GeoJson => export::programs_geojson(programs, now).to_string(),
            ExportFormat::Json => export::programs_json(programs, now).to_string(),
        }
    }
}

/// An export: from the answer cache when the same one was made this minute on this
/// generation; otherwise built on the blocking pool, at most `EXPORT_BUILDS` at once
/// (an export reads every match, so a crowd of them must not starve searches).
async fn export(
    state: Data<AppState>,
    req: &HttpRequest,
    search: SearchQuery,
    format: ExportFormat,
) -> Result<HttpResponse, PageError> {
    let generation = state.generation();
    let live = state.live().await;
    let epoch = state.epoch(generation.catalog(), &live);
    let key = super::cache::key(format.extension(), req.query_string());
    let body = match state.responses.get(&epoch, &key) {
        Some(body) => body,
        None => {
            let _slot = state
                .export_builds
                .acquire()
                .await
                .map_err(|e| PageError::Internal(e.to_string()))?;
            let builder = state.clone();
            let params = search.into_inner();
            let body = web::block(move || {
                let programs = export_programs(&builder, &generation, &live, &params)?;
                Ok::<_, PageError>(web::Bytes::from(format.write(&programs, builder.now())))
            })
            .await
            .map_err(|e| PageError::Internal(e.to_string()))??;
            state.responses.put(&epoch, &key, body.clone());
            body
        }
    };
    let today = state.now().format("%Y-%m-%d");
    Ok(download(
        format.content_type(),
        &format!("peerway-programs-{today}.{}", format.extension()),
        body,
    ))
}

async fn export_csv(
    state: Data<AppState>,
    req: HttpRequest,
    search: SearchQuery,
) -> Result<HttpResponse, PageError> {
    export(state, &req, search, ExportFormat::Csv).await
}

async fn export_geojson(
    state: Data<AppState>,
    req: HttpRequest,
    search: SearchQuery,
) -> Result<HttpResponse, PageError> {
    export(state, &req, search, ExportFormat::GeoJson).await
}

async fn export_json(
    state: Data<AppState>,
    req: HttpRequest,
    search: SearchQuery,
) -> Result<HttpResponse, PageError> {
    export(state, &req, search, ExportFormat::Json).await
}

async fn openapi_json(state: Data<AppState>) -> HttpResponse {
    let codes: Vec<String> = state
        .geo
        .gazetteer
        .states()
        .iter()
        .map(|s| s.code.clone())
        .collect();
    HttpResponse::Ok()
        .content_type("application/json")
        .body(api::openapi_json(&codes))
}

async fn api_page(ctx: PageContext) -> Markup {
    pages::about::api_page(&ctx)
}

async fn data_page(state: Data<AppState>, ctx: PageContext) -> Result<Markup, PageError> {
    let generation = state.generation();
    Ok(pages::about::data_page(
        &ctx,
        generation.overview()?.programs,
        generation.catalog().meta(),
        &state.base_url,
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
    Err(PageError::NotFound(
        Lang::of_path(req.path()).trf("error.no_page", &[("path", &req.path())]),
    ))
}
