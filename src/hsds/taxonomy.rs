//! The Peerway taxonomy, published in HSDS form: program kinds, peer roles (with the
//! peer-run criteria), and the terms for the Peerway fields that travel as attributes.

use serde_json::{json, Value};

use super::stable_id;
use crate::model::{PeerRole, ServiceKind};

/// The taxonomy of program kinds (peer respite, warmline, …).
pub const KIND_TAXONOMY: &str = "peerway-kind";
/// The taxonomy of peer roles (peer-run, peer-staffed, …).
pub const PEER_ROLE_TAXONOMY: &str = "peerway-peer-role";
/// The taxonomy of Peerway fields HSDS has no place for (sources, confidence, …).
pub const FIELD_TAXONOMY: &str = "peerway-field";

/// Peerway fields with no HSDS column of their own, carried as attribute values.
pub const FIELD_TERMS: [(&str, &str); 28] = [
    ("program_id", "Peerway's stable id (slug) of the program."),
    (
        "source",
        "A URL the listing was read from; one attribute per source.",
    ),
    (
        "confidence",
        "high (the program's own page), medium (a directory or news page) or low (a mention).",
    ),
    (
        "note",
        "A difference between sources, kept for a person to resolve.",
    ),
    ("ages", "Ages served, as the sources put them."),
    (
        "populations",
        "Who the program is for, as the sources put it.",
    ),
    (
        "length_of_stay",
        "How long a stay lasts, as the sources put it.",
    ),
    (
        "contact_note",
        "Contact details the sources gave in words only.",
    ),
    (
        "area_scope",
        "local, county, regional, statewide or national.",
    ),
    (
        "area_states",
        "The states served (USPS codes, or US), space-separated.",
    ),
    (
        "text_keyword",
        "For a text line: the word to send, as NUMBER KEYWORD.",
    ),
    (
        "time_zone",
        "The IANA time zone of the schedules (HSDS keeps only a UTC offset).",
    ),
    ("chat", "The URL of the program's online chat."),
    (
        "source_evidence",
        "For each source: URL KIND DATED — the kind of page (program, operator, government, directory, news, report, copy) and the date of its content (YYYY, YYYY-MM or YYYY-MM-DD; - when undated).",
    ),
    (
        "evidence_age",
        "recent (newest dated source within 3 years of the export), old (older: call before going) or undated.",
    ),
    (
        "status",
        "active, uncertain (a closure, renaming or funding loss was reported) or closed.",
    ),
    ("status_reason", "What was reported, for an uncertain or closed program."),
    ("status_source", "The page that reports it."),
    ("status_dated", "The date of that report."),
    ("also_known_as", "An earlier name of a renamed program; one attribute per name."),
    (
        "shared_phone",
        "A phone number (digits) the program shares on purpose with other programs of its operator.",
    ),
    (
        "peer_role_basis",
        "The source sentence the peer role rests on, as URL QUOTE.",
    ),
    ("beds_free", "Beds free now, as the program said (live; shown until it expires)."),
    ("beds_total", "Beds in all, as the program said with its beds free."),
    ("accepting_guests", "yes when the program said it takes guests now."),
    ("waitlist", "yes when the program said it keeps a waitlist."),
    ("availability_updated", "When the program said it (RFC 3339)."),
    ("availability_expires", "When it stops being shown (RFC 3339)."),
];

fn kind_definition(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::PeerRespite => "A voluntary, short overnight stay in a home-like house staffed by people with lived experience of crisis.",
        ServiceKind::Warmline => "A phone, text or chat line answered by peers, for support before a situation becomes an emergency.",
        ServiceKind::MobileTeam => "A team (counselors, peers, medics) that goes to the person in crisis, often instead of police.",
        ServiceKind::CrisisStabilization => "A walk-in or drop-off center for mental health and substance use crises, for hours or a day or two.",
        ServiceKind::LivingRoom => "A calm, home-like walk-in room with recovery specialists who have lived experience.",
        ServiceKind::SoteriaHouse => "A home for people going through psychosis, with relationships first and medication only by choice.",
        ServiceKind::CrisisResidential => "A short-term residential program (days to weeks), stepping up from home or down from a hospital.",
        ServiceKind::DropInCenter => "A peer-run daytime center for company, support and practical help, without appointment.",
        ServiceKind::CrisisLine => "A crisis line with trained counselors who listen and can send help.",
        ServiceKind::TextLine => "Crisis or peer support by text message.",
        ServiceKind::ChatLine => "Crisis or peer support by online chat.",
    }
}

fn peer_role_definition(role: PeerRole) -> &'static str {
    match role {
        PeerRole::PeerRun => "Peer-run, by the National Empowerment Center's criteria, all of them: staff and managers have lived experience, the program belongs to a peer-run organization, and at least 51% of its board or advisory board are peers.",
        PeerRole::PeerInvolved => "Peers with lived experience work there, but the program is not peer-run.",
        PeerRole::NotPeer => "Staffed by clinicians, other professionals or trained volunteers, per a source; no peer staff mentioned.",
        PeerRole::Unknown => "Not determined: the sources read so far do not say whether peers run or staff the program.",
    }
}

/// Peerway's published taxonomies, as HSDS `taxonomy` objects.
pub fn taxonomies() -> Vec<Value> {
    [
        (
            KIND_TAXONOMY,
            "Peerway program kinds",
            "The kinds of alternatives to psychiatric hospitalization Peerway lists.",
        ),
        (
            PEER_ROLE_TAXONOMY,
            "Peerway peer roles",
            "How far a program is run by peers (people with lived experience).",
        ),
        (
            FIELD_TAXONOMY,
            "Peerway fields",
            "Peerway fields with no HSDS column of their own, carried as attributes.",
        ),
    ]
    .into_iter()
    .map(|(key, name, description)| {
        json!({
            "id": taxonomy_id(key),
            "name": name,
            "description": description,
            "version": "1",
        })
    })
    .collect()
}

fn term(taxonomy: &str, code: &str, name: &str, description: &str) -> Value {
    json!({
        "id": term_id(taxonomy, code),
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": taxonomy,
        "taxonomy_id": taxonomy_id(taxonomy),
    })
}

/// The HSDS id of one of Peerway's taxonomies (`KIND_TAXONOMY`…), stable across
/// exports so a client's filters keep working.
pub fn taxonomy_id(taxonomy: &str) -> String {
    stable_id("taxonomy", taxonomy)
}

/// The HSDS id of a term: stable, so services exported today and read back later
/// still name the same terms.
pub fn term_id(taxonomy: &str, code: &str) -> String {
    stable_id("term", &format!("{taxonomy}:{code}"))
}

/// Every term of those taxonomies, as HSDS `taxonomy_term` objects.
pub fn taxonomy_terms() -> Vec<Value> {
    let mut terms: Vec<Value> = ServiceKind::ALL
        .iter()
        .map(|k| term(KIND_TAXONOMY, k.slug(), k.label(), kind_definition(*k)))
        .collect();
    terms.extend(PeerRole::ALL.iter().map(|r| {
        term(
            PEER_ROLE_TAXONOMY,
            r.slug(),
            r.label(),
            peer_role_definition(*r),
        )
    }));
    terms.extend(
        FIELD_TERMS
            .iter()
            .map(|(code, description)| term(FIELD_TAXONOMY, code, code, description)),
    );
    terms
}
