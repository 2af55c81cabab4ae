//! The actix-web front end: pages rendered on the server with maud (every page works
//! without JavaScript), a JSON API with the same parameters, and headers that keep
//! people private. Handlers are thin: parse the request, call the library, render.

mod api;
mod errors;
mod headers;
mod hsds_api;
mod limit;
mod links;
mod pages;
mod routes;

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

use crate::geo::Geo;
use crate::index::Catalog;
use crate::reports::ReportStore;
use limit::RateLimiter;

pub use api::API_V1_PATHS;
pub use errors::PageError;

/// Reports one address may send in `REPORT_WINDOW`.
const REPORTS_PER_WINDOW: usize = 5;
const REPORT_WINDOW: Duration = Duration::from_secs(600);

type Clock = Box<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// What every request shares: the index in service, the gazetteer, where problem
/// reports go, and the clock "open now" is read from.
pub struct AppState {
    catalog: ArcSwap<Catalog>,
    pub geo: Arc<Geo>,
    pub reports: ReportStore,
    pub report_limit: RateLimiter,
    clock: Clock,
}

impl AppState {
    pub fn new(catalog: Catalog, geo: Arc<Geo>, data_dir: &Path) -> AppState {
        AppState {
            catalog: ArcSwap::from_pointee(catalog),
            geo,
            reports: ReportStore::new(data_dir),
            report_limit: RateLimiter::new(REPORTS_PER_WINDOW, REPORT_WINDOW),
            clock: Box::new(Utc::now),
        }
    }

    /// The same state with a fixed or fake clock (tests of "open now").
    pub fn with_clock(
        mut self,
        clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static,
    ) -> AppState {
        self.clock = Box::new(clock);
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The index in service for this request; a swap never disturbs a request
    /// that already holds one.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog.load_full()
    }

    /// The full name of a state code, or the code itself.
    pub fn state_name(&self, code: &str) -> String {
        match code {
            "US" => "the whole US".to_string(),
            _ => self
                .geo
                .gazetteer
                .state(code)
                .map_or(code.to_string(), |s| s.name.clone()),
        }
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
        .wrap(actix_web::middleware::Compress::default())
        .wrap(headers::access_log())
        .wrap(headers::security_headers())
        .configure(routes::configure)
}

/// Serve until stopped (Ctrl-C / SIGTERM drain in-flight requests first).
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let state = Data::new(state);
    let server = HttpServer::new(move || app(state.clone()))
        .bind(addr)?
        .shutdown_timeout(10);
    for bound in server.addrs() {
        tracing::info!("Peerway is listening on http://{bound}");
    }
    server.run().await
}
