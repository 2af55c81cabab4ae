//! HTML pages, rendered on the server with maud. Every page carries the crisis
//! banner (911, 988) and a Quick exit link, works with JavaScript off, and loads
//! nothing from any other host.

pub mod about;
pub mod counties;
mod expect;
pub mod home;
pub mod models;
mod parts;
pub mod program;
pub mod referral;
pub mod results;
pub mod states;

use actix_web::http::StatusCode;
use maud::{html, Markup, DOCTYPE};

/// Where Quick exit goes: a neutral page (a weather forecast).
pub const QUICK_EXIT_URL: &str = "https://www.weather.gov/";

pub fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · Peerway" }
                link rel="stylesheet" href="/static/site.css";
                script src="/static/site.js" defer {}
            }
            body {
                a.skip href="#main" { "Skip to content" }
                div.topbar role="region" aria-label="Crisis help" {
                    p {
                        strong { "In danger now: " }
                        a href="tel:911" { "call 911" }
                        " · "
                        a href="tel:988" aria-label="Call 988" { "Call" }
                        " or "
                        a href="sms:988" { "text 988" }
                    }
                    a.quick-exit href=(QUICK_EXIT_URL) rel="noreferrer" title="Leave this site now (Esc)" { "Quick exit" }
                }
                header.site {
                    a.brand href="/" { "Peerway" }
                    nav aria-label="Main" {
                        a href="/search" { "Search" }
                        a href="/models" { "The models" }
                        a href="/states" { "By state" }
                        a href="/about" { "About the data" }
                        a href="/data" { "Open data" }
                    }
                }
                main #main { (body) }
                footer {
                    p {
                        "Peerway lists alternatives to hospitalization. It keeps no cookies, records no searches "
                        "and loads nothing from other sites. Listings are checked against published pages; "
                        "call ahead to confirm. "
                        a href="/about" { "About the data" }
                        a href="/data" { "Open data" }
                    }
                    p.no-print { "Contains data from GeoNames (geonames.org), CC BY 4.0." }
                }
            }
        }
    }
}

pub fn error_page(
    status: StatusCode,
    title: &str,
    message: &str,
    suggestions: &[(String, String)],
) -> Markup {
    layout(
        title,
        html! {
            h1 { (title) }
            div.error role="alert" {
                p { (message) }
                @if !suggestions.is_empty() {
                    p { "Did you mean:" }
                    ul {
                        @for (label, href) in suggestions {
                            li { a href=(href) { (label) } }
                        }
                    }
                }
            }
            @if status == StatusCode::BAD_REQUEST {
                p { "Places can be a ZIP code (01060), a town and state (Northampton, MA) or a state (Oregon)." }
            }
            p { a href="/search" { "Start a new search" } " · " a href="/" { "Home" } }
        },
    )
}
