//! One program with every field, its sources and last check, and schema.org JSON-LD.

use chrono::{DateTime, Utc};
use maud::{html, Markup, PreEscaped};
use serde_json::{json, Value};

use super::{layout, parts};
use crate::hours::Hours;
use crate::model::{AreaScope, Program};
use crate::reports::{ReportReason, MAX_NOTE_CHARS};
use crate::web::AppState;

pub fn render(
    state: &AppState,
    program: &Program,
    back: Option<&str>,
    now: DateTime<Utc>,
    notice: Option<&str>,
    list: &[String],
) -> Markup {
    let area = match program.area.scope {
        AreaScope::National => "The whole US".to_string(),
        AreaScope::Statewide => format!(
            "All of {}",
            program
                .area
                .states
                .iter()
                .map(|s| state.state_name(s))
                .collect::<Vec<_>>()
                .join(" and ")
        ),
        _ if !program.area.counties.is_empty() => {
            let names: Vec<&str> = program
                .area
                .counties
                .iter()
                .map(|c| c.name.as_str())
                .collect();
            names.join("; ")
        }
        scope => format!(
            "{} ({}); the counties it serves are not known",
            capitalized(scope.slug()),
            program.place_label()
        ),
    };
    let eligibility = &program.eligibility;
    let address: Vec<&str> = [
        program.address.street.as_str(),
        program.address.city.as_str(),
        program.address.state.as_str(),
        program.address.zip.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty() && *s != "US")
    .collect();
    layout(
        &program.name,
        html! {
            p { a href=(back.unwrap_or("/search")) { "← Back to results" } }
            @if let Some(notice) = notice { div.notice role="status" { (notice) } }
            h1 { (program.name) }
            p.meta { (program.kind.label()) " · " (program.place_label()) }
            (parts::status_warning(program))
            @if !program.also_known_as.is_empty() {
                p.meta { "Formerly: " (program.also_known_as.join("; ")) }
            }
            @if program.peer_role != crate::model::PeerRole::Unknown {
                p { (parts::peer_badge(program.peer_role)) }
            }
            @if !program.summary.is_empty() { p { (program.summary) } }
            (parts::contact_links(program))
            section.expect aria-labelledby="expect-heading" {
                h2 #expect-heading { "What to expect" }
                p { (super::expect::full(program.kind)) }
            }
            dl.fields {
                dt { "Hours" } dd { (parts::hours_line(&program.hours, now)) }
                dt { "At a glance" } dd { (parts::eligibility_glance(program)) }
                dt { "Serves" } dd { (area) }
                @if !address.is_empty() { dt { "Address" } dd { (address.join(", ")) } }
                @if !program.operator.is_empty() { dt { "Run by" } dd { (program.operator) } }
                dt { "Peer role" } dd {
                    (program.peer_role.label())
                    @if let Some(basis) = &program.peer_role_basis {
                        " — the source says: “" (basis.quote) "” ("
                        a href=(basis.source) rel="noreferrer" { "source" } ")"
                    }
                }
                @for (label, value) in [("Ages", &eligibility.ages), ("Who it is for", &eligibility.populations), ("Cost", &eligibility.cost), ("Length of stay", &eligibility.length_of_stay)] {
                    @if !value.is_empty() { dt { (label) } dd { (value) } }
                }
                @if !eligibility.languages.is_empty() { dt { "Languages" } dd { (eligibility.languages.join(", ")) } }
                @if let Some(location) = &program.location {
                    dt { "Map point" } dd { "Located to " (location.precision.slug()) " level" }
                }
                dt { "Evidence" } dd { (parts::verified_line(program, now)) }
                dt { "Confidence" } dd { (confidence_text(program)) }
            }
            @if !program.notes.is_empty() {
                h2 { "Differences between sources" }
                ul { @for note in &program.notes { li { (parts::public_note(note)) } } }
            }
            h2 { "Sources" }
            ul {
                @for source in &program.sources {
                    li {
                        a href=(source.url) rel="noreferrer" { (source.url) }
                        " — " (source.kind.label()) ", "
                        (source.dated.map_or("undated".to_string(), |d| d.label()))
                    }
                }
                // The page behind a status is usually a source already; listed once.
                @if let Some(report) = program.status_report.as_ref().filter(|r| !program.sources.iter().any(|s| s.url == r.source)) {
                    li {
                        a href=(report.source) rel="noreferrer" { (report.source) }
                        " — reports: " (report.reason)
                    }
                }
            }
            p.meta { "Listings can change. If you can, call ahead to check hours and how to get in." }
            // A list being built (ids in the address) is kept: this program is added to it.
            @if list.iter().any(|id| id == &program.id) {
                p { a href={ "/referral?ids=" (list.join(",")) } { "Back to the referral list (" (list.len()) ")" } }
            } @else if list.is_empty() {
                p { a href={ "/referral?ids=" (program.id) } { "Make a referral list with this program" } }
            } @else {
                p { a href={ "/referral?ids=" (list.join(",")) "," (program.id) } { "Add to the referral list (" (list.len()) " already)" } }
            }
            (report_form(program))
            script type="application/ld+json" { (PreEscaped(json_ld(state, program))) }
        },
    )
}

/// "Report a problem": structured reasons, an optional short note, and a field
/// hidden from people that only bots fill in.
fn report_form(program: &Program) -> Markup {
    html! {
        section.report aria-labelledby="report-heading" {
            h2 #report-heading { "Report a problem with this listing" }
            form method="post" action={ "/programs/" (program.id) "/report" } {
                fieldset {
                    legend { "What is wrong?" }
                    @for (i, reason) in ReportReason::ALL.iter().enumerate() {
                        label.radio {
                            input type="radio" name="reason" value=(reason.slug()) required[i == 0];
                            (reason.label())
                        }
                    }
                }
                label for="note" { "Anything we should know " span.hint { "optional; please leave out names and health details" } }
                textarea #note name="note" maxlength=(MAX_NOTE_CHARS) rows="4" {}
                div.honeypot aria-hidden="true" {
                    label for="website" { "Leave this empty" }
                    input #website type="text" name="website" tabindex="-1" autocomplete="off";
                }
                button type="submit" { "Send report" }
            }
        }
    }
}

/// Shown once a report is safely stored.
pub fn report_received(program: &Program) -> Markup {
    layout(
        "Report received",
        html! {
            h1 { "Thank you" }
            p { "Your report about " strong { (program.name) } " was received. We check reports against the program's own pages before changing a listing." }
            p { a href={ "/programs/" (program.id) } { "Back to " (program.name) } }
        },
    )
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn confidence_text(program: &Program) -> &'static str {
    match program.confidence {
        crate::model::Confidence::High => "High: seen on the program's own page",
        crate::model::Confidence::Medium => "Medium: seen in a directory or news report",
        crate::model::Confidence::Low => "Low: a mention only — check before relying on it",
    }
}

/// schema.org `Organization`, with `</` escaped so the data can never close the tag.
pub fn json_ld(state: &AppState, program: &Program) -> String {
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": format!("/programs/{}", program.id),
        "name": program.name,
        "description": program.summary,
        "areaServed": program.area.states.iter().map(|s| if s == "US" { "United States".to_string() } else { state.state_name(s) }).collect::<Vec<_>>(),
    });
    let object = data.as_object_mut().expect("built as an object");
    if let Some(website) = &program.contact.website {
        object.insert("url".into(), json!(website));
    }
    if let Some(phone) = program
        .contact
        .phones
        .iter()
        .find(|p| p.kind == crate::model::PhoneKind::Voice)
    {
        object.insert("telephone".into(), json!(phone.display));
    }
    if program.address.state != "US" {
        object.insert(
            "address".into(),
            json!({
                "@type": "PostalAddress",
                "streetAddress": program.address.street,
                "addressLocality": program.address.city,
                "addressRegion": program.address.state,
                "postalCode": program.address.zip,
                "addressCountry": "US",
            }),
        );
    }
    if let Some(hours) = opening_hours(&program.hours) {
        object.insert("openingHours".into(), hours);
    }
    if !program.operator.is_empty() {
        object.insert(
            "parentOrganization".into(),
            json!({"@type": "Organization", "name": program.operator}),
        );
    }
    serde_json::to_string(&data)
        .expect("JSON values serialize")
        .replace("</", "<\\/")
}

fn opening_hours(hours: &Hours) -> Option<Value> {
    const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    match hours {
        Hours::AlwaysOpen { .. } => Some(json!("Mo-Su 00:00-24:00")),
        Hours::Weekly { spans, .. } => Some(json!(spans
            .iter()
            .map(|s| format!(
                "{} {:02}:{:02}-{:02}:{:02}",
                DAYS[usize::from(s.day)],
                s.open_minute / 60,
                s.open_minute % 60,
                s.close_minute / 60,
                s.close_minute % 60
            ))
            .collect::<Vec<_>>())),
        Hours::Unknown { .. } => None,
    }
}
