//! Reading a request's query string, for every handler: the pairs as sent, and a
//! search's parameters as an extractor (`SearchQuery`) shared by the results page,
//! the JSON API and the exports. Its own module so that `routes`, `api` and
//! `hsds_api` all depend on it and never on each other.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::errors::{ApiError, PageError};
use super::i18n::Lang;
use crate::index::{RequestError, SearchParams};

/// The query string as (name, value) pairs, percent-decoded, in the order sent:
/// the one way handlers read parameters, so `+` and `%20` mean the same everywhere.
pub fn query_pairs(req: &HttpRequest) -> Vec<(String, String)> {
    url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect()
}

/// How a route reads a search's parameters and answers a mistake in them. Set per
/// scope or resource with `app_data`, as actix's own `QueryConfig` is; a route that
/// sets none reads them as a page does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchConfig {
    answer: Answer,
    /// `page` and `per_page` are read (exports leave them out: they hold every match).
    paging: bool,
    /// `view` is taken (pages only: the API always returns every field).
    view: bool,
}

/// The form a refused search takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// An HTML error page in the language of the request's path.
    Page,
    /// `{"error": …}`.
    Json,
}

impl SearchConfig {
    /// The results page: errors as a page in the path's language.
    pub const PAGES: SearchConfig = SearchConfig {
        answer: Answer::Page,
        paging: true,
        view: true,
    };
    /// `/api/v1`: errors as JSON, and `view` refused.
    pub const API: SearchConfig = SearchConfig {
        answer: Answer::Json,
        paging: true,
        view: false,
    };
    /// `/export.*`: every match, so `page` and `per_page` are passed over.
    pub const EXPORTS: SearchConfig = SearchConfig {
        answer: Answer::Page,
        paging: false,
        view: true,
    };
}

/// A search's parameters read from the query string by the one parser the CLI also
/// uses (`index::SearchParams::from_pairs`): handlers take this argument instead of
/// reading the query themselves, and a mistake is answered before they run.
#[derive(Debug, Clone)]
pub struct SearchQuery(pub SearchParams);

impl SearchQuery {
    /// The parameters, for `index::parse_request` and for building links.
    pub fn into_inner(self) -> SearchParams {
        self.0
    }

    /// Read `req`'s search as `config` says; a mistake comes back as the error the
    /// route answers with (a page in the path's language, or JSON).
    fn read(req: &HttpRequest, config: SearchConfig) -> Result<SearchQuery, actix_web::Error> {
        let refuse = |error: RequestError| -> actix_web::Error {
            match config.answer {
                Answer::Page => PageError::bad_request(Lang::of_path(req.path()), error).into(),
                Answer::Json => ApiError::from(error).into(),
            }
        };
        let pairs = query_pairs(req);
        let kept = pairs
            .iter()
            .filter(|(k, _)| config.paging || (k != "page" && k != "per_page"))
            .map(|(k, v)| (k.as_str(), v.as_str()));
        let params = SearchParams::from_pairs(kept).map_err(refuse)?;
        if !config.view && params.view.is_some() {
            return Err(ApiError::bad_request(
                "unknown parameter 'view': it chooses how the results page looks; the API always returns every field",
            )
            .into());
        }
        Ok(SearchQuery(params))
    }
}

impl std::ops::Deref for SearchQuery {
    type Target = SearchParams;

    fn deref(&self) -> &SearchParams {
        &self.0
    }
}

impl SearchQuery {
    /// Read `req`'s search as its route's `SearchConfig` says, inside a handler.
    ///
    /// For handlers with an answer cache: a cached answer was stored only for a
    /// query string that parsed, so they look the answer up first and read the
    /// parameters only on a miss (parsing first cost 5% of cached answers/s).
    pub fn of(req: &HttpRequest) -> Result<SearchQuery, actix_web::Error> {
        let config = req
            .app_data::<SearchConfig>()
            .copied()
            .unwrap_or(SearchConfig::PAGES);
        SearchQuery::read(req, config)
    }
}

impl FromRequest for SearchQuery {
    type Error = actix_web::Error;
    type Future = Ready<Result<SearchQuery, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(SearchQuery::of(req))
    }
}
