//! HTML pages, rendered on the server with maud, in English or Spanish (see
//! `web::i18n`). Every page carries the crisis banner (911, 988), a Quick exit
//! link and the language switch, works with JavaScript off, and loads nothing from
//! any other host.

pub mod about;
pub mod counties;
mod expect;
pub mod home;
pub mod live;
pub mod models;
mod parts;
pub mod program;
pub mod referral;
pub mod results;
pub mod staff;
pub mod states;

use actix_web::http::StatusCode;
use maud::{html, Markup, DOCTYPE};

use super::i18n::Lang;

/// Where Quick exit goes: a neutral page (a weather forecast).
pub const QUICK_EXIT_URL: &str = "https://www.weather.gov/";

/// The language a page is in and the address it answers, so the page can link to
/// itself in the other language with the same query (search words and filters).
#[derive(Debug, Clone)]
pub struct PageContext {
    pub lang: Lang,
    /// The path without its language prefix: `/search`, `/programs/afiya-peer-respite`.
    path: String,
    /// The query string as received (empty for none).
    query: String,
    /// The site's public address (`--base-url`), for the `hreflang` alternates.
    base_url: String,
}

impl PageContext {
    /// A page at `path` (a path without language prefix) with this query.
    pub fn new(lang: Lang, path: &str, query: &str, base_url: &str) -> PageContext {
        PageContext {
            lang,
            path: path.to_string(),
            query: query.to_string(),
            base_url: base_url.trim_end_matches('/').to_string(),
        }
    }

    /// The same page answering another path (a form posted to `/programs/x/report`
    /// offers the program's page in the other language, not the form's address).
    pub fn at(&self, path: &str) -> PageContext {
        PageContext {
            path: path.to_string(),
            query: String::new(),
            ..self.clone()
        }
    }

    /// A site path in this page's language.
    pub fn href(&self, path: &str) -> String {
        self.lang.href(path)
    }

    /// This page in `lang`, query kept: a relative link for the switch.
    pub fn in_lang(&self, lang: Lang) -> String {
        let path = lang.href(&self.path);
        if self.query.is_empty() {
            path
        } else {
            format!("{path}?{}", self.query)
        }
    }

    /// This page in `lang` as an absolute address, for `hreflang` alternates.
    fn absolute_in(&self, lang: Lang) -> String {
        format!("{}{}", self.base_url, self.in_lang(lang))
    }
}

/// The query the other language's page gets: the same parameters, with a position
/// from "Use my location" rounded to about a kilometre as in every other link.
pub(super) fn switch_query(query: &str) -> String {
    if query.is_empty() {
        return String::new();
    }
    let pairs = url::form_urlencoded::parse(query.as_bytes()).map(|(key, value)| {
        let value = match key.as_ref() {
            "lat" | "lon" => match value.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => std::borrow::Cow::Owned(format!("{x:.2}")),
                _ => value,
            },
            _ => value,
        };
        (key, value)
    });
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

pub fn layout(ctx: &PageContext, title: &str, body: Markup) -> Markup {
    layout_with_css(ctx, title, body, None)
}

/// A page with one more stylesheet of this site (the staff pages' `/static/staff.css`).
pub fn layout_with_css(ctx: &PageContext, title: &str, body: Markup, css: Option<&str>) -> Markup {
    let lang = ctx.lang;
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · Peerway" }
                link rel="stylesheet" href="/static/site.css";
                @if let Some(css) = css {
                    link rel="stylesheet" href=(css);
                }
                @for other in Lang::ALL {
                    link rel="alternate" hreflang=(other.code()) href=(ctx.absolute_in(other));
                }
                script src="/static/site.js" defer {}
            }
            body {
                a.skip href="#main" { (lang.tr("layout.skip")) }
                div.topbar role="region" aria-label=(lang.tr("layout.crisis_region")) {
                    p {
                        strong { (lang.tr("layout.danger_now")) " " }
                        a href="tel:911" { (lang.tr("layout.call_911")) }
                        " · "
                        a href="tel:988" aria-label=(lang.tr("layout.call_988_label")) { (lang.tr("layout.call")) }
                        " " (lang.tr("layout.or")) " "
                        a href="sms:988" { (lang.tr("layout.text_988")) }
                    }
                    a.quick-exit href=(QUICK_EXIT_URL) rel="noreferrer" title=(lang.tr("layout.quick_exit_title")) { (lang.tr("layout.quick_exit")) }
                }
                header.site {
                    a.brand href=(ctx.href("/")) { "Peerway" }
                    nav aria-label=(lang.tr("layout.nav_label")) {
                        a href=(ctx.href("/search")) { (lang.tr("layout.nav_search")) }
                        a href=(ctx.href("/models")) { (lang.tr("layout.nav_models")) }
                        a href=(ctx.href("/states")) { (lang.tr("layout.nav_states")) }
                        a href=(ctx.href("/about")) { (lang.tr("layout.nav_about")) }
                        a href=(ctx.href("/data")) { (lang.tr("layout.nav_data")) }
                    }
                    (language_switch(ctx))
                }
                main #main { (body) }
                footer {
                    p {
                        (lang.tr("layout.footer")) " "
                        a href=(ctx.href("/about")) { (lang.tr("layout.nav_about")) }
                        " "
                        a href=(ctx.href("/data")) { (lang.tr("layout.nav_data")) }
                    }
                    p.no-print { (lang.tr("layout.geonames")) }
                }
            }
        }
    }
}

/// "English / Español": each name in its own language, the page's own not a link;
/// the other keeps the path and the query (search words, place and filters).
fn language_switch(ctx: &PageContext) -> Markup {
    const NAMES: [(Lang, &str); 2] = [(Lang::En, "English"), (Lang::Es, "Español")];
    html! {
        nav.lang-switch aria-label=(ctx.lang.tr("layout.language")) {
            @for (i, (lang, name)) in NAMES.iter().enumerate() {
                @if i > 0 { " / " }
                @if *lang == ctx.lang {
                    strong lang=(lang.code()) aria-current="true" { (name) }
                } @else {
                    a href=(ctx.in_lang(*lang)) lang=(lang.code()) hreflang=(lang.code()) { (name) }
                }
            }
        }
    }
}

/// The title of an error page of each status, in the page's language.
pub fn error_title(lang: Lang, status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => lang.tr("error.title_bad_request"),
        StatusCode::NOT_FOUND => lang.tr("error.title_not_found"),
        StatusCode::FORBIDDEN => lang.tr("error.title_forbidden"),
        StatusCode::TOO_MANY_REQUESTS => lang.tr("error.title_too_many"),
        StatusCode::SERVICE_UNAVAILABLE => lang.tr("error.title_unavailable"),
        _ => lang.tr("error.title_internal"),
    }
}

pub fn error_page(
    ctx: &PageContext,
    status: StatusCode,
    title: &str,
    message: &str,
    suggestions: &[(String, String)],
) -> Markup {
    let lang = ctx.lang;
    layout(
        ctx,
        title,
        html! {
            h1 { (title) }
            div.error role="alert" {
                p { (message) }
                @if !suggestions.is_empty() {
                    p { (lang.tr("error.did_you_mean")) }
                    ul {
                        @for (label, href) in suggestions {
                            li { a href=(href) { (label) } }
                        }
                    }
                }
            }
            @if status == StatusCode::BAD_REQUEST {
                p { (lang.tr("error.places_hint")) }
            }
            p {
                a href=(ctx.href("/search")) { (lang.tr("error.new_search")) }
                " · "
                a href=(ctx.href("/")) { (lang.tr("error.home")) }
            }
        },
    )
}
