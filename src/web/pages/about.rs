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
