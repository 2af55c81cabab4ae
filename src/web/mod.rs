//! The actix-web front end: pages rendered on the server with maud (every page works
//! without JavaScript), a JSON API with the same parameters, and headers that keep
//! people private. Handlers are thin: parse the request, call the library, render.

mod api;
mod errors;
mod headers;
mod links;
mod pages;
mod routes;

use std::net::SocketAddr;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::web::Data;
use actix_web::{App, HttpServer};
use arc_swap::ArcSwap;

use crate::geo::Geo;
use crate::index::Catalog;

pub use errors::PageError;

/// What every request shares: the index in service and the gazetteer.
pub struct AppState {
    catalog: ArcSwap<Catalog>,
    pub geo: Arc<Geo>,
}

impl AppState {
    pub fn new(catalog: Catalog, geo: Arc<Geo>) -> AppState {
        AppState {
            catalog: ArcSwap::from_pointee(catalog),
            geo,
        }
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
