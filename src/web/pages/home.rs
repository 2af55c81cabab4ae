//! The home page answers the question Peerway exists for: what are the
//! alternatives to hospitalizing people?

use std::collections::BTreeMap;

use maud::{html, Markup};

use super::{layout, parts};
use crate::index::SearchParams;
use crate::model::ServiceKind;

/// Each model in a sentence or two of our own, and the kinds it covers.
const MODELS: [(&str, &str, &[ServiceKind]); 6] = [
    (
        "Peer respites",
        "A house, not a hospital: a few days' stay in a home-like place staffed by people who have been through crisis themselves. Voluntary, unlocked and usually free.",
        &[ServiceKind::PeerRespite],
    ),
    (
        "Warmlines",
        "A phone line answered by peers, for when you need someone to talk to before things become an emergency.",
        &[ServiceKind::Warmline],
    ),
    (
        "Mobile crisis and community responder teams",
        "Counselors, peers or medics who come to you — often sent instead of police — and can help on the spot.",
        &[ServiceKind::MobileTeam],
    ),
    (
        "Crisis stabilization and living rooms",
        "Walk-in places to calm down and get support for hours or a day or two, instead of an emergency room.",
        &[ServiceKind::CrisisStabilization, ServiceKind::LivingRoom, ServiceKind::DropInCenter],
    ),
    (
        "Soteria houses and crisis residential",
        "Homes where people in a first or severe crisis stay for weeks, with round-the-clock support from people who listen, and medication only if wanted.",
        &[ServiceKind::SoteriaHouse, ServiceKind::CrisisResidential],
    ),
    (
        "Crisis, text and chat lines",
        "State and national lines, by phone, text or chat, that listen and can send help; 988 reaches one anywhere in the US.",
        &[ServiceKind::CrisisLine, ServiceKind::TextLine, ServiceKind::ChatLine],
    ),
];

pub fn render(kind_counts: &BTreeMap<String, u64>) -> Markup {
    layout(
        "Alternatives to hospitalization",
        html! {
            h1 { "What are the alternatives to hospitalizing people?" }
            p {
                "When someone is in a mental health crisis, a hospital is not the only place to go. "
                "Across the US there are places and people — many run by people who have been there — "
                "that help someone through a crisis at home, by phone, or in a calm place nearby. "
                "Find one near you:"
            }
            (parts::search_form(&SearchParams::default()))
            h2 { "The alternatives" }
            ul.models {
                @for (title, text, kinds) in MODELS {
                    @let count: u64 = kinds.iter().map(|k| kind_counts.get(k.slug()).copied().unwrap_or(0)).sum();
                    @let params = SearchParams {
                        facets: kinds.iter().map(|k| ("kind".to_string(), k.slug().to_string())).collect(),
                        ..SearchParams::default()
                    };
                    li {
                        h3 { (title) }
                        p { (text) }
                        a href=(crate::web::links::search_url(&params)) { "See the " (count) " listed" }
                    }
                }
            }
            p {
                "Peer-run means run by people with lived experience of crisis: all staff and managers, "
                "or a peer-run organization, or a board with a peer majority."
            }
        },
    )
}
