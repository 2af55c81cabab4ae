//! The actix-web front end: pages rendered on the server with maud (every page works
//! without JavaScript), a JSON API with the same parameters, and headers that keep
//! people private. Handlers are thin: parse the request, call the library, render.

mod api;
pub mod cache;
pub mod connections;
mod context;
mod curate;
mod errors;
pub mod generation;
mod headers;
mod hsds_api;
pub mod i18n;
pub mod limit;
mod links;
pub mod live;
mod pages;
mod query;
mod registry_api;
mod routes;
pub mod staff;
pub mod watch;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::web::Data;
use actix_web::{App, HttpServer};
use arc_swap::ArcSwap;
use chrono::{DateTime, Utc};

use crate::coverage::CountyCoverage;
use crate::geo::Geo;
use crate::index::{Catalog, IndexStore};
use crate::reports::ReportStore;
use crate::stats::StateSummary;
use crate::store::live::LiveSnapshot;
use crate::store::Store;
use generation::Generation;
use limit::RateLimiter;

pub use api::API_V1_PATHS;
/// The `/api/v1` routes that change something (documented with their methods).
pub const API_V1_WRITE_PATHS: [&str; 1] = [registry_api::AVAILABILITY_PATH];
pub use errors::PageError;

/// A person never comes near this; a scraper does.
pub const DEFAULT_API_PER_MINUTE: usize = 120;

/// Reports one address may send in `REPORT_WINDOW`.
const REPORTS_PER_WINDOW: usize = 5;
const REPORT_WINDOW: Duration = Duration::from_secs(600);
/// Sign-in tries one address may make in `REPORT_WINDOW`.
const SIGN_INS_PER_WINDOW: usize = 30;

type Clock = Box<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// What every request shares: the index in service, the gazetteer, where problem
/// reports go, and the clock "open now" is read from.
pub struct AppState {
    /// The generation in service, with what is worked out from it once.
    generation: ArcSwap<Generation>,
    /// The gazetteer, shapes and counties, shared with every request.
    pub geo: Arc<Geo>,
    /// The database: reports, staff and curators, live listings, the audit log.
    pub store: Store,
    /// The store's live listings as last read (`live::LiveCache`).
    pub live: live::LiveCache,
    /// Problem reports, kept in the store before a person is thanked.
    pub reports: ReportStore,
    /// How many reports one address may send.
    pub report_limit: RateLimiter,
    /// Sign-in tries one address may make (the store also slows down each name).
    pub sign_in_limit: RateLimiter,
    /// Bed registry updates per program (keyed by a hash of the program's id).
    pub token_limit: RateLimiter,
    /// The seed folder curators' accepted changes are written to (`None`: curators
    /// can review but not write).
    pub seed_dir: Option<std::path::PathBuf>,
    /// Per-address budgets for pages, the APIs and exports; `None` = no limits.
    pub limits: Option<limit::Budgets>,
    clock: Clock,
    /// The site's public address, for absolute links (`--base-url`).
    pub base_url: String,
    /// Answers to identical searches within one generation and minute.
    pub responses: cache::ResponseCache,
    /// Generations the watcher refused (shown by `/healthz`).
    pub generations: watch::GenerationHealth,
    /// Exports being built at once (the rest wait their turn).
    pub export_builds: tokio::sync::Semaphore,
    /// Reverse proxies in front of the server (`--trusted-proxy`): for requests from
    /// them the client's address is read from `X-Forwarded-For`, for limits only.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// Exports built at the same time, at most: one per core.
const EXPORT_BUILDS: usize = 2;

/// Absolute links until `with_base_url` says otherwise: the default address.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080";

/// Megabytes of search answers kept per (generation, minute) by default.
pub const DEFAULT_RESPONSE_CACHE_MB: usize = 64;

impl AppState {
    /// The state for `catalog`, with the embedded SQLite store of `data_dir` (see
    /// `with_store` for PostgreSQL).
    pub fn new(catalog: Catalog, geo: Arc<Geo>, data_dir: &Path) -> AppState {
        let store = Store::sqlite_in(data_dir);
        AppState {
            generation: ArcSwap::from_pointee(Generation::new(catalog)),
            geo,
            reports: ReportStore::on(store.clone(), data_dir),
            store,
            live: live::LiveCache::default(),
            report_limit: RateLimiter::new(REPORTS_PER_WINDOW, REPORT_WINDOW),
            sign_in_limit: RateLimiter::new(SIGN_INS_PER_WINDOW, REPORT_WINDOW),
            token_limit: RateLimiter::new(
                registry_api::PER_PROGRAM_PER_MINUTE,
                Duration::from_secs(60),
            ),
            seed_dir: None,
            limits: Some(limit::Budgets::per_minute(DEFAULT_API_PER_MINUTE)),
            clock: Box::new(Utc::now),
            base_url: DEFAULT_BASE_URL.to_string(),
            responses: cache::ResponseCache::new(DEFAULT_RESPONSE_CACHE_MB << 20),
            generations: watch::GenerationHealth::default(),
            export_builds: tokio::sync::Semaphore::new(EXPORT_BUILDS),
            trusted_proxies: Vec::new(),
        }
    }

    /// Keep reports, accounts and live listings in `store` (PostgreSQL shared by
    /// several servers, say); the old report files of `data_dir` are imported into it.
    pub fn with_store(mut self, store: Store, data_dir: &Path) -> AppState {
        self.reports = ReportStore::on(store.clone(), data_dir);
        self.store = store;
        self
    }

    /// The seed folder curators write accepted changes to.
    pub fn with_seed_dir(mut self, seed_dir: &Path) -> AppState {
        self.seed_dir = Some(seed_dir.to_path_buf());
        self
    }

    /// Reverse proxies whose `X-Forwarded-For` names the client (for per-address
    /// limits; never for links).
    pub fn with_trusted_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> AppState {
        self.trusted_proxies = proxies;
        self
    }

    /// The address a request's limits are counted against: the peer, or, when the
    /// peer is a trusted proxy, the last address it appended to `X-Forwarded-For`.
    pub fn client_ip(&self, req: &actix_web::HttpRequest) -> Option<std::net::IpAddr> {
        client_ip(
            req.peer_addr()?.ip(),
            req.headers().get_all("x-forwarded-for"),
            &self.trusted_proxies,
        )
    }

    /// How long serving an older generation than `CURRENT` names is healthy.
    pub fn with_stale_after(mut self, stale_after: Duration) -> AppState {
        self.generations.stale_after = stale_after;
        self
    }

    /// The site's public address for absolute links: an http(s) URL with no path,
    /// query or fragment. Links are never built from request headers.
    pub fn with_base_url(mut self, url: &str) -> Result<AppState, String> {
        let parsed = url::Url::parse(url).map_err(|e| e.to_string())?;
        let plain = matches!(parsed.scheme(), "http" | "https")
            && parsed.host().is_some()
            && parsed.path() == "/"
            && parsed.query().is_none()
            && parsed.fragment().is_none();
        if !plain {
            return Err(
                "give an http(s) address with no path, like https://peerway.example".into(),
            );
        }
        self.base_url = url.trim_end_matches('/').to_string();
        Ok(self)
    }

    /// Keep at most `megabytes` of search answers per generation and minute; 0 = none.
    pub fn with_response_cache(mut self, megabytes: usize) -> AppState {
        self.responses = cache::ResponseCache::new(megabytes << 20);
        self
    }

    /// What a search made now is answered for: the index in service, the live
    /// listings' version (a change made by program staff is never hidden behind a
    /// cached answer) and this minute.
    pub fn epoch(&self, catalog: &Catalog, live: &LiveSnapshot) -> cache::Epoch {
        cache::Epoch::new(&catalog.meta().generation, self.now()).with_live(&live.version)
    }

    /// The same state with a fixed or fake clock (tests of "open now").
    pub fn with_clock(
        mut self,
        clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static,
    ) -> AppState {
        self.clock = Box::new(clock);
        self
    }

    /// API requests allowed per minute per address (pages and exports are scaled
    /// from it); 0 turns every limit off.
    pub fn with_rate_limit(mut self, per_minute: usize) -> AppState {
        self.limits = (per_minute > 0).then(|| limit::Budgets::per_minute(per_minute));
        self
    }

    /// Programs by state for the index in service, computed once per generation.
    pub fn state_summaries(&self) -> Result<Arc<Vec<StateSummary>>, crate::index::IndexError> {
        self.generation().state_summaries(&self.geo)
    }

    /// What serves each county, for the index in service, once per generation.
    pub fn county_coverage(&self) -> Result<Arc<Vec<CountyCoverage>>, crate::index::IndexError> {
        self.generation().county_coverage(&self.geo)
    }

    /// Put a new index in service; what was worked out from the old one goes with it.
    pub fn swap(&self, catalog: Catalog) {
        self.put_in_service(Generation::new(catalog));
    }

    /// Put a generation in service with whatever was already worked out from it.
    pub fn put_in_service(&self, generation: Generation) {
        self.generation.store(Arc::new(generation));
    }

    /// The generation in service for this request, with its per-generation values;
    /// a handler loads it once so everything it reads comes from one generation.
    pub fn generation(&self) -> Arc<Generation> {
        self.generation.load_full()
    }

    /// The moment "open now" is decided at (the injectable clock).
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The index in service for this request; a swap never disturbs a request
    /// that already holds one.
    pub fn catalog(&self) -> Arc<Catalog> {
        Arc::clone(self.generation.load().catalog())
    }
}

/// The whole application, for the server and for in-process tests.
pub fn app(
    state: Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .wrap(actix_web::middleware::from_fn(
            connections::connection_limits,
        ))
        .wrap(actix_web::middleware::from_fn(headers::request_limits))
        .wrap(actix_web::middleware::from_fn(errors::error_pages))
        .wrap(actix_web::middleware::Compress::default())
        .wrap(headers::access_log())
        .wrap(headers::security_headers())
        .wrap(actix_web::middleware::from_fn(headers::head_as_get))
        .configure(routes::configure)
}

/// Serve until stopped (Ctrl-C / SIGTERM drain in-flight requests first).
pub async fn serve(
    state: AppState,
    addr: SocketAddr,
    store: Option<IndexStore>,
) -> std::io::Result<()> {
    let state = Data::new(state);
    if let Some(store) = store {
        watch::watch_for_new_index(state.clone(), store);
    }
    // A trusted proxy holds many people's connections: it is not capped here.
    let connections =
        connections::ConnectionTable::with_cap(connections::MAX_CONNECTIONS_PER_ADDRESS)
            .exempt(state.trusted_proxies.clone());
    let server = HttpServer::new(move || app(state.clone()))
        .on_connect(connections.on_connect())
        .bind(addr)?
        // Slow clients cannot hold a worker: a request's head must arrive within 5 s.
        .client_request_timeout(Duration::from_secs(5))
        .client_disconnect_timeout(Duration::from_secs(2))
        .keep_alive(Duration::from_secs(30))
        .shutdown_timeout(10);
    for bound in server.addrs() {
        tracing::info!("Peerway is listening on http://{bound}");
    }
    server.run().await
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy, in which
/// case the rightmost `X-Forwarded-For` entry (the one the proxy added) when it parses.
fn client_ip<'a>(
    peer: std::net::IpAddr,
    forwarded: impl Iterator<Item = &'a actix_web::http::header::HeaderValue>,
    trusted: &[std::net::IpAddr],
) -> Option<std::net::IpAddr> {
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let last = forwarded
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .last()
        .and_then(|entry| entry.trim().parse().ok());
    Some(last.unwrap_or(peer))
}
