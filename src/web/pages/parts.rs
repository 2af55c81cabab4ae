//! Pieces shared by the results, program and home pages.

use chrono::{DateTime, Utc};
use maud::{html, Markup};

use crate::evidence::{evidence_line, span_label, EvidenceAge};
use crate::hours::Hours;
use crate::index::FacetDim;
use crate::model::{AreaScope, Confidence, PeerRole, PhoneKind, Program, ProgramStatus};
use crate::web::AppState;

/// The peer-run badge, with what it means in words (not only in a tooltip).
pub fn peer_badge(role: PeerRole) -> Markup {
    html! {
        @match role {
            PeerRole::PeerRun => {
                span.badge.peer { "Peer-run" }
                " "
                span.meta { "run by people with lived experience of crisis" }
            }
            PeerRole::PeerInvolved => {
                span.badge { "Peer staff" }
                " "
                span.meta { "peers with lived experience on staff" }
            }
            PeerRole::NotPeer => {
                span.badge { "No peer staff" }
                " "
                span.meta { "staffed by clinicians, other professionals or trained volunteers, per a source" }
            }
            PeerRole::Unknown => {}
        }
    }
}

/// Distance from the searched place, or the area the program serves.
pub fn reach(
    state: &AppState,
    program: &Program,
    distance_km: Option<f64>,
    serves_your_area: bool,
) -> String {
    match (distance_km, serves_your_area, program.area.scope) {
        (_, true, AreaScope::National) | (None, _, AreaScope::National) => {
            "Serves the whole US".to_string()
        }
        (None, true, AreaScope::Statewide) | (None, false, AreaScope::Statewide) => {
            let names: Vec<String> = program
                .area
                .states
                .iter()
                .map(|s| state.state_name(s))
                .collect();
            format!("Serves all of {}", names.join(" and "))
        }
        (Some(km), serves, _) => {
            let miles = km / 1.609_344;
            let also = if serves { " · serves your area" } else { "" };
            format!(
                "{miles:.0} mi away ({km:.0} km){also}",
                miles = miles.max(1.0),
                km = km.max(1.0)
            )
        }
        (None, _, _) => program.place_label(),
    }
}

/// One-tap ways to reach the program: call, text, chat, website, or the public
/// number that dispatches it.
pub fn contact_links(program: &Program) -> Markup {
    let contact = &program.contact;
    html! {
        ul.contact {
            @for phone in contact.phones.iter().filter(|p| p.kind == PhoneKind::Voice) {
                li { a href=(phone.tel_uri()) {
                    "Call " (phone.display)
                    @if !phone.region.is_empty() { " — " (phone.region) }
                    @if !phone.label.is_empty() { " (" (phone.label) ")" }
                } }
            }
            @for text in &contact.texts {
                li { a href=(text.sms_uri()) {
                    "Text "
                    @if !text.keyword.is_empty() { (text.keyword) " to " }
                    (text.display)
                    @if !text.label.is_empty() { " (" (text.label) ")" }
                } }
            }
            @for via in &contact.dispatch {
                li { a href={ "tel:" (via.number()) } { "Call " (via.number()) " and ask for " (program.name) } }
            }
            @for phone in contact.phones.iter().filter(|p| p.kind == PhoneKind::Dispatch) {
                li { a href=(phone.tel_uri()) {
                    "Call " (phone.display)
                    @if !phone.label.is_empty() { " (" (phone.label) ")" }
                    " to be put through"
                } }
            }
            @if let Some(chat) = &contact.chat {
                li { a href=(chat) rel="noreferrer" { "Chat online" } }
            }
            @if let Some(website) = &contact.website {
                li { a href=(website) rel="noreferrer" { "Website" } }
            }
        }
        @for phone in contact.phones.iter().filter(|p| p.kind == PhoneKind::Office) {
            p.meta {
                "Office (not the service line): "
                a href=(phone.tel_uri()) { (phone.display) }
                @if !phone.label.is_empty() { " (" (phone.label) ")" }
            }
        }
        @if !contact.note.is_empty() {
            p.meta { "Contact: " (contact.note) }
        }
        @if !program.is_reachable() {
            p.meta.no-contact {
                "No public contact found — "
                a href={ "/programs/" (program.id) "#report" } { "tell us if you know one" }
            }
        }
    }
}

/// "Open now · closes 10 pm ET" with the hours as the source gave them.
pub fn hours_line(hours: &Hours, now: DateTime<Utc>) -> Markup {
    hours_line_for(hours, now, None)
}

/// The same, with the next change also in `viewer_zone` when the viewer's zone
/// (the searched place's) differs from the program's.
pub fn hours_line_for(hours: &Hours, now: DateTime<Utc>, viewer_zone: Option<&str>) -> Markup {
    html! {
        @match hours {
            Hours::AlwaysOpen { .. } => { span.state.open { "● Open 24/7" } }
            Hours::Weekly { text, time_zone, .. } => {
                @let line = hours.status_line_for(now, viewer_zone);
                @if line.starts_with("Open") {
                    span.state.open { "● " (line) }
                } @else if line.starts_with("Closed") {
                    span.state.closed { "○ " (line) }
                } @else {
                    (line)
                }
                " — hours: " (text) " (" (zone_label(time_zone)) ")"
            }
            Hours::Unknown { text } if !text.is_empty() => { "Hours: see listing — “" (text) "”" }
            Hours::Unknown { .. } => { "Hours not listed" }
        }
    }
}

/// Who it is for, what it costs, how long, and how to get in — in one glance.
pub fn eligibility_glance(program: &Program) -> Markup {
    let eligibility = &program.eligibility;
    let access: Vec<String> = crate::index::facets::access_values(program)
        .into_iter()
        .map(|value| FacetDim::Access.value_label(value))
        .collect();
    html! {
        @let parts = [
            ("Ages", eligibility.ages.clone()),
            ("Cost", eligibility.cost.clone()),
            ("Stay", eligibility.length_of_stay.clone()),
            ("For", eligibility.populations.clone()),
            ("Getting in", access.join("; ")),
        ];
        @if parts.iter().any(|(_, v)| !v.is_empty()) {
            p.meta {
                @for (i, (label, value)) in parts.iter().filter(|(_, v)| !v.is_empty()).enumerate() {
                    @if i > 0 { " · " }
                    (label) ": " (value)
                }
            }
        }
    }
}

/// The hosts of a program's sources, for a quick sense of where it was read.
pub fn source_hosts(program: &Program) -> String {
    let mut hosts: Vec<String> = program
        .sources
        .iter()
        .filter_map(|s| {
            url::Url::parse(&s.url)
                .ok()?
                .host_str()
                .map(|h| h.trim_start_matches("www.").to_string())
        })
        .collect();
    hosts.dedup();
    hosts.join(", ")
}

/// A listing last checked more than a year before `now` may be out of date.
pub fn is_stale(program: &Program, now: DateTime<Utc>) -> bool {
    (now.date_naive() - program.verified.date).num_days() > 365
}

/// "Checked 2026-11-27 by desk review of sources dated 2019–2025": what happened,
/// so nobody reads our review date as the date the program was confirmed.
pub fn checked_line(program: &Program) -> String {
    let verified = &program.verified;
    if verified.method.confirms_operation() {
        format!(
            "Checked {} ({}); {}",
            verified.date,
            verified.method.label(),
            span_label(&program.sources)
        )
    } else {
        format!(
            "Checked {} by {} of {}",
            verified.date,
            match verified.method {
                crate::model::VerificationMethod::Crawl => "reading the source",
                _ => "desk review",
            },
            span_label(&program.sources)
        )
    }
}

/// The status warning for a program that may have changed or has closed.
pub fn status_warning(program: &Program) -> Markup {
    let report = program.status_report.as_ref();
    html! {
        @match program.status {
            ProgramStatus::Active => {}
            ProgramStatus::Uncertain => {
                p.warning role="note" {
                    strong { "May have changed: " }
                    (report.map_or("a change was reported", |r| r.reason.as_str()))
                    @if let Some(date) = report.and_then(|r| r.dated) { " (" (date.label()) ")" }
                    ". Call before going."
                }
            }
            ProgramStatus::Closed => {
                p.warning role="note" {
                    strong { "Closed" }
                    @if let Some(date) = report.and_then(|r| r.dated) { " since " (date.label()) }
                    @if let Some(report) = report { ": " (report.reason) }
                    "."
                }
            }
        }
    }
}
/// "America/New_York" -> "Eastern time": the long form of the hours module's
/// abbreviation, so there is one table of US zones.
pub fn zone_label(zone: &str) -> String {
    let long = match crate::hours::zone_abbreviation(zone).as_str() {
        "ET" => "Eastern time",
        "CT" => "Central time",
        "MT" => "Mountain time",
        "MST" => "Arizona time",
        "PT" => "Pacific time",
        "AKT" => "Alaska time",
        "HT" => "Hawaii time",
        "HAT" => "Hawaii-Aleutian time",
        "AST" => "Atlantic time",
        _ => return zone.replace('_', " "),
    };
    long.to_string()
}

/// What the listing rests on and how old that is: the evidence line ("Evidence: the
/// program's own page, 2025; a directory, July 2026"), what we did and when, and
/// the warnings a person must see before going.
pub fn verified_line(program: &Program, now: DateTime<Utc>) -> Markup {
    html! {
        span.evidence { "Evidence: " (evidence_line(&program.sources)) ". " }
        (checked_line(program)) "."
        (evidence_warnings(program, now))
    }
}

/// The short evidence line every result card keeps in view: the newest evidence,
/// how many other sources there are, and the warnings.
pub fn evidence_summary(program: &Program, now: DateTime<Utc>) -> Markup {
    let newest = program
        .sources
        .iter()
        .filter(|s| s.dated.is_some())
        .max_by_key(|s| s.dated);
    let others = program.sources.len().saturating_sub(1);
    html! {
        span.evidence {
            "Evidence: "
            @match (newest, program.sources.first()) {
                (Some(source), _) => { (source.kind.label()) ", " (source.dated.map(|d| d.label()).unwrap_or_default()) }
                (None, Some(source)) => { (source.kind.label()) ", undated" }
                (None, None) => { "none recorded" }
            }
            @if others == 1 { " and 1 more source" } @else if others > 1 { " and " (others) " more sources" }
            "."
        }
        (evidence_warnings(program, now))
    }
}

/// The cautions a person must see before going: old or undated-but-stale evidence,
/// a source that stopped listing it, a listing resting on a mention only.
pub fn evidence_warnings(program: &Program, now: DateTime<Utc>) -> Markup {
    html! {
        @if program.evidence_age(now.date_naive()) == EvidenceAge::Old {
            " "
            span.badge.caution { "Old information — call before going" }
        } @else if is_stale(program, now) {
            " "
            span.badge.caution { "May be out of date" }
        }
        @for missing in &program.missing_from {
            " "
            span.badge.caution {
                "Not listed by " (missing.source) " since " (missing.since) ": call before going"
            }
        }
        @if program.confidence == Confidence::Low {
            " "
            span.badge.caution { "Caution: based on a mention only" }
        }
    }
}

/// The one search form: what (optional) and where, with "use my location" added by
/// the script only when the browser can do it.
pub fn search_form(params: &crate::index::SearchParams) -> Markup {
    let radius = params.radius.as_deref().unwrap_or("100mi");
    let sort = params.sort.as_deref().unwrap_or("relevance");
    html! {
        form.search method="get" action="/search" role="search" {
            div {
                label for="q" { "What " span.hint { "optional, e.g. respite, warmline, veterans" } }
                input #q type="search" name="q" value=[params.q.as_deref()] maxlength="200" autocomplete="off";
            }
            div {
                label for="near" { "Where " span.hint { "ZIP, town and state, or state" } }
                input #near type="text" name="near" value=[params.near.as_deref()] autocomplete="postal-code";
                input type="hidden" name="lat" value="";
                input type="hidden" name="lon" value="";
            }
            div {
                label for="radius" { "Within" }
                select #radius name="radius" {
                    @for (value, label) in [("10mi", "10 miles"), ("25mi", "25 miles"), ("50mi", "50 miles"), ("100mi", "100 miles"), ("250mi", "250 miles")] {
                        option value=(value) selected[value == radius] { (label) }
                    }
                }
            }
            div {
                label for="sort" { "Order" }
                select #sort name="sort" {
                    option value="relevance" selected[sort == "relevance"] { "Best match" }
                    option value="distance" selected[sort == "distance"] { "Nearest first" }
                }
            }
            @for (key, value) in &params.facets {
                input type="hidden" name=(key) value=(value);
            }
            div {
                button type="submit" { "Search" }
            }
            div {
                button.secondary #use-location type="button" hidden { "Use my location" }
            }
        }
    }
}

/// A curator's note as a person may read it: references to our research files
/// ("(mobile.csv:85)") are internal and left out.
pub fn public_note(note: &str) -> String {
    let mut out = String::with_capacity(note.len());
    let mut rest = note;
    while let Some(open) = rest.find('(') {
        let close = rest[open..].find(')').map(|c| open + c);
        let internal = close.is_some_and(|close| is_file_reference(&rest[open + 1..close]));
        match (internal, close) {
            (true, Some(close)) => {
                out.push_str(rest[..open].trim_end());
                rest = &rest[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// "mobile.csv:85" or "warmlines.csv:59 + mobile.csv:67": research file and line.
fn is_file_reference(text: &str) -> bool {
    text.split('+').all(|part| {
        part.trim().split_once(".csv:").is_some_and(|(file, line)| {
            !file.is_empty()
                && file
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && !line.is_empty()
                && line.chars().all(|c| c.is_ascii_digit())
        })
    })
}

#[cfg(test)]
mod note_tests {
    use super::public_note;

    #[test]
    fn research_file_references_are_left_out_of_notes() {
        assert_eq!(
            public_note("Also reported (mobile.csv:85): website 'https://x.org'."),
            "Also reported: website 'https://x.org'."
        );
        assert_eq!(
            public_note("Seen in (warmlines.csv:59 + mobile.csv:67) twice."),
            "Seen in twice."
        );
        assert_eq!(
            public_note("Hours (as stated) differ (see the 2024 page)."),
            "Hours (as stated) differ (see the 2024 page)."
        );
    }
}
