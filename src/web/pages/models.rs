//! What each model is, in our own words: how it differs from an emergency room or
//! an inpatient stay, who runs it, and what "peer-run" means here.

use maud::{html, Markup};

use super::layout;
use crate::model::ServiceKind;

/// (what it is, how it differs from the ER or a ward, who runs it)
fn description(kind: ServiceKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        ServiceKind::PeerRespite => (
            "A house in a neighbourhood where someone in crisis can stay for a few nights, with people who have been through crisis themselves awake and around the clock.",
            "Nobody is admitted or held: guests come by choice, the door is not locked, there is no diagnosis to pass and usually no bill. Guests keep their phones, their clothes and their day.",
            "Usually a peer-run organization, sometimes with state or county funding.",
        ),
        ServiceKind::Warmline => (
            "A phone (sometimes text or chat) line answered by peers, for when things are hard but not yet an emergency.",
            "No assessment and no dispatch of police: the call is a conversation, as long or short as the caller wants, often before a crisis grows.",
            "Peer-run organizations, mental health associations, and some state programs.",
        ),
        ServiceKind::MobileTeam => (
            "A team — counselors, peers, medics — that comes to the person, at home or in the street.",
            "Help arrives where the person is, often instead of police, and most visits end without a trip to an emergency room.",
            "Cities, counties, community clinics; some teams include peer specialists.",
        ),
        ServiceKind::CrisisStabilization => (
            "A walk-in or drop-off center open for hours or a day or two, with recliners rather than beds.",
            "Built for mental health and substance use crises rather than physical emergencies: calmer, faster, and without the long waits of an emergency department.",
            "Behavioral health providers, often under contract with a state or county.",
        ),
        ServiceKind::LivingRoom => (
            "A calm, home-like room where a person in crisis can walk in and spend time with a recovery specialist who has lived experience.",
            "A living room, not a waiting room: no triage cubicle, and the aim is to leave with a plan rather than an admission.",
            "Community providers, frequently with peers as the main staff.",
        ),
        ServiceKind::SoteriaHouse => (
            "A home where people going through psychosis stay for weeks or months with a small, steady group who listen and stay with them.",
            "Relationships come first and medication is used sparingly and by choice, instead of a locked ward's routine.",
            "Nonprofits working in the Soteria tradition, often with peers on staff.",
        ),
        ServiceKind::CrisisResidential => (
            "A short-term home (days to weeks) for people stepping up from home or stepping down from a hospital.",
            "Open, voluntary and small, with daily life kept as ordinary as possible.",
            "Peer organizations and community providers.",
        ),
        ServiceKind::DropInCenter => (
            "A peer-run center where anyone can come in during the day for company, support and practical help.",
            "No appointment and no intake: it prevents crises by being there before one happens.",
            "Peer-run organizations.",
        ),
        ServiceKind::CrisisLine => (
            "A round-the-clock line (988 and state or local lines) with trained counselors who listen and can send help.",
            "Most calls are resolved on the phone; when more is needed, the line can send a mobile team rather than police.",
            "Accredited crisis centers, some staffed partly by peers.",
        ),
        ServiceKind::TextLine => (
            "Crisis or peer support by text message.",
            "For people who cannot or would rather not talk out loud.",
            "National and state services.",
        ),
        ServiceKind::ChatLine => (
            "Crisis or peer support by online chat.",
            "Private and quiet, from any browser.",
            "National and local services.",
        ),
    }
}

const PEER_RUN_DEFINITION: &str = "Peer-run here follows the National Empowerment Center's criteria, all of them together: the staff and managers have lived experience of psychiatric crisis or the mental health system, the program belongs to a peer-run organization, and at least 51% of its board or advisory board are peers. “Peer staff” (peer-involved) means peers work there but it is not peer-run; “no peer staff” means a source describes the staff (clinicians, other professionals or trained volunteers) and names no peers; “not determined” means the sources we read do not say.";

const REPORTS: [(&str, &str); 2] = [
    (
        "Bazelon Center for Mental Health Law: “When There’s a Crisis, Call a Peer” (summary by the National Empowerment Center)",
        "https://power2u.org/bazelon-centers-report-on-the-benefits-of-peer-supports-in-crisis-services/",
    ),
    (
        "Live & Learn: Peer Respite Essential Features surveys",
        "https://www.peerrespite.net/pref",
    ),
];

pub fn render_all(counts: &std::collections::BTreeMap<String, u64>) -> Markup {
    layout(
        "The models",
        html! {
            h1 { "Alternatives to hospitalization: the models" }
            p { (PEER_RUN_DEFINITION) }
            ul.models {
                @for kind in ServiceKind::ALL {
                    @let (what, _, _) = description(kind);
                    li {
                        h2 { a href={ "/models/" (kind.slug()) } { (kind.label()) } }
                        p { (what) }
                        a href={ "/search?kind=" (kind.slug()) } { (counts.get(kind.slug()).copied().unwrap_or(0)) " listed" }
                    }
                }
            }
            (reports())
        },
    )
}

pub fn render_one(kind: ServiceKind, count: u64) -> Markup {
    let (what, differs, who) = description(kind);
    layout(
        kind.label(),
        html! {
            p { a href="/models" { "← All models" } }
            h1 { (kind.label()) }
            h2 { "What it is" } p { (what) }
            h2 { "How it differs from an emergency room or a hospital stay" } p { (differs) }
            h2 { "Who runs it" } p { (who) }
            h2 { "What “peer-run” means here" } p { (PEER_RUN_DEFINITION) }
            p { a href={ "/search?kind=" (kind.slug()) } { "See the " (count) " listed" } " · " a href={ "/states?kind=" (kind.slug()) } { "Map by state" } }
            (reports())
        },
    )
}

fn reports() -> Markup {
    html! {
        h2 { "Further reading" }
        ul { @for (title, url) in REPORTS { li { a href=(url) rel="noreferrer" { (title) } } } }
    }
}
