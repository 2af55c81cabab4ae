//! About the data: where listings come from, how they are checked, what is kept
//! private, and the credits the data's licences ask for.

use std::collections::BTreeMap;

use maud::{html, Markup};

use super::layout;
use crate::index::BuildMeta;

pub fn render(total: usize, by_state: &BTreeMap<String, u64>, meta: &BuildMeta) -> Markup {
    let states = by_state.keys().filter(|s| s.as_str() != "US").count();
    layout(
        "About the data",
        html! {
            h1 { "About the data" }
            p {
                "Peerway lists " (total) " programs in " (states) " states and territories, plus national lines. "
                "Every listing comes from researched public sources, names those sources, and shows when and how it was last checked."
            }
            h2 { "How listings are checked" }
            p {
                "The current listings were checked by desk review on 27 November 2026: published web pages "
                "(stored copies of varying age) were read, and nothing was filled in that a page did not say. "
                "They were not confirmed by phone, so hours and numbers may have changed — call ahead when you can."
            }
            p {
                "Confidence: " strong { "high" } " means seen on the program's own page; "
                strong { "medium" } ", a directory or news report; " strong { "low" } ", a mention only."
            }
            h2 { "What “peer-run” means here" }
            p {
                "We follow the National Empowerment Center's criteria: all staff and managers have lived experience "
                "of crisis, or the program belongs to a peer-run organization, or at least 51% of its advisory board are peers. "
                "“Peer staff” means peers work there but it is not peer-run."
            }
            h2 { "Privacy" }
            p {
                "No cookies, no accounts, no tracking. Pages load nothing from other sites. Searches and places are not "
                "written to logs. “Use my location” is worked out in your browser and sent once, as coordinates, with that search only."
            }
            h2 { "Credits" }
            p { "Contains data from GeoNames (geonames.org), CC BY 4.0. ZIP points and state shapes: US Census Bureau (public domain)." }
            p.meta { "Index " (meta.generation) ", built " (meta.built_at) "." }
        },
    )
}

/// A person's guide to the JSON API, with an example that works for each endpoint.
pub fn api_page() -> Markup {
    let endpoints: [(&str, &str, &str); 6] = [
        ("/api/v1/search", "/api/v1/search?q=peer+respite&near=01060&radius=100mi", "Search: the same parameters as the results page (q, near, radius, kind, state, peer_role, open, cost, ages, populations, languages, access, status, evidence, sort, page, per_page). Returns total, hits and disjunctive facet counts."),
        ("/api/v1/programs/{id}", "/api/v1/programs/afiya-peer-respite", "One program with every field, its sources and its last verification."),
        ("/api/v1/facets", "/api/v1/facets", "Every facet, its values and labels, with counts over the whole directory."),
        ("/api/openapi.json", "/api/openapi.json", "This API described in OpenAPI 3.1."),
        ("/hsds/services", "/hsds/services?per_page=5", "The directory as Open Referral HSDS 3.0 (services, service_at_locations, organizations, taxonomies, taxonomy_terms), in HSDS's Page wrapper."),
        ("/export.csv", "/export.csv?kind=warmline", "Exports of any search as CSV, GeoJSON (/export.geojson) or JSON (/export.json)."),
    ];
    layout(
        "API",
        html! {
            h1 { "Peerway API" }
            p { "Free to use, no key, no cookies. Errors are JSON " code { "{\"error\": \"…\"}" } " with status 400 or 404. Please keep to a few requests a second." }
            dl.fields {
                @for (path, example, what) in endpoints {
                    dt { code { (path) } }
                    dd { (what) " Example: " a href=(example) { code { (example) } } }
                }
            }
        },
    )
}

/// What the directory holds, its licence and downloads, with a schema.org Dataset.
pub fn data_page(total: usize, meta: &BuildMeta, base: &str) -> Markup {
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
        "Open data",
        html! {
            h1 { "Open data" }
            p { "The whole directory (" (total) " programs) is open: CC BY 4.0, crediting Peerway and the sources listed for each program. " (crate::export::DATA_CREDIT) }
            ul {
                li { a href="/export.csv" download { "CSV" } " — one row per program" }
                li { a href="/export.geojson" download { "GeoJSON" } " — points in longitude, latitude order (RFC 7946)" }
                li { a href="/export.json" download { "JSON" } }
                li { a href="/states.csv" download { "States summary (CSV)" } }
                li { a href="/hsds/services?full=true&format=ndjson" { "Open Referral HSDS 3.0" } " — and the " a href="/hsds/" { "HSDS API" } }
                li { a href="/api" { "The Peerway API" } }
            }
            p.meta { "Index " (meta.generation) ", built " (meta.built_at) "." }
            script type="application/ld+json" { (maud::PreEscaped(json_ld)) }
        },
    )
}
