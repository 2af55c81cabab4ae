//! The page context of a request — its language from the path, the address it
//! answers and the site's public address — read here, in the web layer, so pages
//! get everything they draw as arguments and never reach into the app state.
//! Its own module so that error pages and handlers both depend on it.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::i18n::Lang;
use super::pages::{switch_query, PageContext};
use super::AppState;

/// The context of a page request: its language from the path, the rest as
/// received, and the site's public address.
pub fn page_context(req: &HttpRequest) -> PageContext {
    let base = req
        .app_data::<actix_web::web::Data<AppState>>()
        .map_or(super::DEFAULT_BASE_URL, |state| state.base_url.as_str());
    let path = req.path();
    PageContext::new(
        Lang::of_path(path),
        Lang::neutral_path(path),
        &switch_query(req.query_string()),
        base,
    )
}

impl FromRequest for PageContext {
    type Error = actix_web::Error;
    type Future = Ready<Result<PageContext, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(page_context(req)))
    }
}
