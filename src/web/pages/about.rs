//! About the data: where listings come from, how they are checked, what is kept
//! private, and the credits the data's licences ask for.

use std::collections::BTreeMap;

use maud::{html, Markup};

use crate::web::i18n::Lang;

use super::{layout, PageContext};
use crate::index::BuildMeta;

pub fn render(
    ctx: &PageContext,
    total: usize,
    by_state: &BTreeMap<String, u64>,
    meta: &BuildMeta,
) -> Markup {
    let lang = ctx.lang;
    let states = by_state.keys().filter(|s| s.as_str() != "US").count();
    layout(
        ctx,
        lang.tr("about.title"),
        html! {
            h1 { (lang.tr("about.title")) }
            p { (lang.trf("about.intro", &[("total", &total), ("states", &states)])) }
            h2 { (lang.tr("about.checked_heading")) }
            p { (lang.tr("about.checked")) }
            p {
                (lang.trm("about.confidence", &[
                    ("high", html! { strong { (lang.tr("about.high")) } }),
                    ("medium", html! { strong { (lang.tr("about.medium")) } }),
                    ("low", html! { strong { (lang.tr("about.low")) } }),
                ]))
            }
            h2 { (lang.tr("models.peer_run_heading")) }
            p { (lang.tr("about.peer_run")) }
            h2 { (lang.tr("about.privacy_heading")) }
            p { (lang.tr("about.privacy")) }
            h2 { (lang.tr("about.spanish_heading")) }
            p { (lang.tr("about.spanish")) }
            h2 { (lang.tr("about.credits_heading")) }
            p { (lang.tr("about.credits")) }
            p.meta { (lang.trf("about.index", &[("generation", &meta.generation), ("built_at", &meta.built_at)])) }
        },
    )
}

/// A person's guide to the JSON API, with an example that works for each endpoint.
pub fn api_page(ctx: &PageContext) -> Markup {
    let lang = ctx.lang;
    let endpoints: [(&str, &str, &str); 6] = [
        (
            "/api/v1/search",
            "/api/v1/search?q=peer+respite&near=01060&radius=100mi",
            lang.tr("api.search"),
        ),
        (
            "/api/v1/programs/{id}",
            "/api/v1/programs/afiya-peer-respite",
            lang.tr("api.program"),
        ),
        ("/api/v1/facets", "/api/v1/facets", lang.tr("api.facets")),
        (
            "/api/openapi.json",
            "/api/openapi.json",
            lang.tr("api.openapi"),
        ),
        (
            "/hsds/services",
            "/hsds/services?per_page=5",
            lang.tr("api.hsds"),
        ),
        (
            "/export.csv",
            "/export.csv?kind=warmline",
            lang.tr("api.exports"),
        ),
    ];
    layout(
        ctx,
        "API",
        html! {
            h1 { (lang.tr("api.heading")) }
            p { (lang.trm("api.intro", &[("error", html! { code { "{\"error\": \"…\"}" } })])) }
            dl.fields {
                @for (path, example, what) in endpoints {
                    dt { code { (path) } }
                    dd { (what) " " (lang.tr("api.example")) " " a href=(example) { code { (example) } } }
                }
            }
        },
    )
}

/// What the directory holds, its licence and downloads, with a schema.org Dataset.
pub fn data_page(ctx: &PageContext, total: usize, meta: &BuildMeta, base: &str) -> Markup {
    let lang = ctx.lang;
    let dataset = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": "Peerway: peer-run crisis alternatives in the United States",
        "description": format!("{total} programs — peer respites, warmlines, mobile crisis teams, crisis stabilization and living-room centers, Soteria houses and crisis lines — each with its sources and the date and method of its last verification."),
        "url": format!("{base}/data"),
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "creditText": crate::export::DATA_CREDIT,
        "creator": {"@type": "Organization", "name": "Peerway"},
        "dateModified": meta.built_at,
        "spatialCoverage": {"@type": "Place", "name": "United States"},
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": format!("{base}/export.csv")},
            {"@type": "DataDownload", "encodingFormat": "application/geo+json", "contentUrl": format!("{base}/export.geojson")},
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": format!("{base}/export.json")},
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": format!("{base}/hsds/services?full=true&format=ndjson"), "description": "Open Referral HSDS 3.0, one service per line"},
        ],
    });
    let json_ld = serde_json::to_string(&dataset)
        .expect("JSON")
        .replace("</", "<\\/");
    layout(
        ctx,
        lang.tr("data.title"),
        html! {
            h1 { (lang.tr("data.title")) }
            p { (lang.trf("data.intro", &[("total", &total)])) " " (crate::export::DATA_CREDIT) }
            ul {
                li { a href="/export.csv" download { "CSV" } " — " (lang.tr("data.csv")) }
                li { a href="/export.geojson" download { "GeoJSON" } " — " (lang.tr("data.geojson")) }
                li { a href="/export.json" download { "JSON" } }
                li { a href="/states.csv" download { (lang.tr("data.states_csv")) } }
                li { a href="/hsds/services?full=true&format=ndjson" { "Open Referral HSDS 3.0" } " — " (lang.tr("data.and_the")) " " a href="/hsds/" { (lang.tr("data.hsds_api")) } }
                li { a href=(ctx.href("/api")) { (lang.tr("data.api")) } }
                li { a href="/api/v1/facets" { (lang.tr("data.labels")) } }
            }
            @if lang == Lang::Es { p.meta { (lang.tr("data.codes_neutral")) } }
            p.meta { (lang.trf("about.index", &[("generation", &meta.generation), ("built_at", &meta.built_at)])) }
            script type="application/ld+json" { (maud::PreEscaped(json_ld)) }
        },
    )
}
