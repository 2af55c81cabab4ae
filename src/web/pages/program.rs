//! One program with every field, its sources and last check, and schema.org JSON-LD.

use maud::{html, Markup, PreEscaped};
use serde_json::{json, Value};

use super::{layout, parts};
use crate::hours::Hours;
use crate::model::{AreaScope, Program};
use crate::web::AppState;

pub fn render(state: &AppState, program: &Program, back: Option<&str>) -> Markup {
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
        scope => format!("{} ({})", capitalized(scope.slug()), program.place_label()),
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
            h1 { (program.name) }
            p.meta { (program.kind.label()) " · " (program.place_label()) }
            @if program.peer_role != crate::model::PeerRole::Unknown {
                p { (parts::peer_badge(program.peer_role)) }
            }
            @if !program.summary.is_empty() { p { (program.summary) } }
            (parts::contact_links(program))
            dl.fields {
                dt { "Hours" } dd { (parts::hours_line(&program.hours)) }
                dt { "Serves" } dd { (area) }
                @if !address.is_empty() { dt { "Address" } dd { (address.join(", ")) } }
                @if !program.operator.is_empty() { dt { "Run by" } dd { (program.operator) } }
                dt { "Peer role" } dd { (program.peer_role.label()) }
                @for (label, value) in [("Ages", &eligibility.ages), ("Who it is for", &eligibility.populations), ("Cost", &eligibility.cost), ("Length of stay", &eligibility.length_of_stay)] {
                    @if !value.is_empty() { dt { (label) } dd { (value) } }
                }
                @if !eligibility.languages.is_empty() { dt { "Languages" } dd { (eligibility.languages.join(", ")) } }
                @if let Some(location) = &program.location {
                    dt { "Map point" } dd { "Located to " (location.precision.slug()) " level" }
                }
                dt { "Last verified" } dd { (parts::verified_line(program)) }
                dt { "Confidence" } dd { (confidence_text(program)) }
            }
            @if !program.notes.is_empty() {
                h2 { "Differences between sources" }
                ul { @for note in &program.notes { li { (note) } } }
            }
            h2 { "Sources" }
            ul { @for source in &program.sources { li { a href=(source) rel="noreferrer" { (source) } } } }
            p.meta { "Listings can change. If you can, call ahead to check hours and how to get in." }
            script type="application/ld+json" { (PreEscaped(json_ld(state, program))) }
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
    if let Some(phone) = program.contact.phones.first() {
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
