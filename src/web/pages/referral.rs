//! A referral shortlist without accounts, cookies or server state: the URL holds
//! the chosen programs, the page prints cleanly, a text block pastes into a note,
//! and the contacts download as vCards.

use chrono::{DateTime, Utc};
use maud::{html, Markup};

use super::{layout, parts};
use crate::hours::Hours;
use crate::model::Program;
use crate::web::AppState;

pub fn render(
    state: &AppState,
    programs: &[Program],
    missing: &[String],
    share: &str,
    now: DateTime<Utc>,
    place: Option<&crate::geo::SearchPlace>,
) -> Markup {
    let ids: Vec<&str> = programs.iter().map(|p| p.id.as_str()).collect();
    layout(
        "Referral list",
        html! {
            div.referral {
                h1 { "Referral list" }
                @let catalog = state.catalog();
                p.meta {
                    "Made " (now.format("%B %-d, %Y")) " from Peerway's directory (data as of "
                    (catalog.meta.built_on())
                    "). Listings are checked against published pages; call ahead to confirm."
                }
                p.notice { strong { "In danger now: call 911. " } "For a crisis counselor any time, call or text 988." }
                @if programs.is_empty() && missing.is_empty() {
                    p { "No programs chosen yet. Tick “Add to referral list” on the " a href="/search" { "search results" } "." }
                }
                @if !missing.is_empty() {
                    div.notice role="status" {
                        p { "No longer in the directory:" }
                        ul { @for id in missing { li { code { (id) } } } }
                    }
                }
                @for program in programs {
                    article {
                        h2 { a href={ "/programs/" (program.id) "?list=" (ids.join(",")) } { (program.name) } }
                        p.meta {
                            (program.kind.label()) " · " (parts::reach(state, program, None, false))
                            @if let Some((place, miles)) = place.and_then(|p| miles_from(p, program).map(|m| (p, m))) {
                                " · " (format!("{miles:.0}")) " mi from " (place.label)
                            }
                        }
                        (parts::contact_links(program))
                        @let address = address_line(program);
                        @if !address.is_empty() { p.meta { "Address: " (address) } }
                        // On paper a link's address must be written out.
                        @if let Some(website) = &program.contact.website {
                            p.meta.print-only { "Website: " (website) }
                        }
                        p.meta { (parts::hours_line(&program.hours, now)) }
                        (parts::eligibility_glance(program))
                        p.meta { (parts::verified_line(program, now)) }
                    }
                }
                @if !programs.is_empty() {
                    div.actions {
                        h2 { "Share or keep this list" }
                        p { "This page's address is the list: " a href=(share) { "link to this list" } ". Nothing is stored on our side." }
                        p { a href={ "/referral.vcf?ids=" (ids.join(",")) } download="peerway-referral.vcf" { "Download the contacts (vCard)" } }
                        label for="as-text" { "Copy as text" span.hint { "select all and copy into a note" } }
                        textarea #as-text readonly rows="12" { (as_text(programs, now)) }
                    }
                }
            }
        },
    )
}

/// Miles from the searched place, when the program's point is more exact than a
/// state's center.
fn miles_from(place: &crate::geo::SearchPlace, program: &Program) -> Option<f64> {
    let location = program.location?;
    if location.precision == crate::model::Precision::State
        || place.kind == crate::geo::PlaceKind::State
    {
        return None;
    }
    let km = crate::geo::distance_km(place.lat, place.lon, location.lat, location.lon);
    Some((km / 1.609_344).max(1.0))
}

fn address_line(program: &Program) -> String {
    [
        &program.address.street,
        &program.address.city,
        &program.address.state,
        &program.address.zip,
    ]
    .into_iter()
    .filter(|s| !s.is_empty() && s.as_str() != "US")
    .cloned()
    .collect::<Vec<_>>()
    .join(", ")
}

fn hours_text(hours: &Hours, now: DateTime<Utc>) -> String {
    match hours {
        Hours::AlwaysOpen { .. } => "Open 24/7".to_string(),
        Hours::Weekly { text, .. } => format!("{} ({})", text, hours.status_line(now)),
        Hours::Unknown { text } if !text.is_empty() => format!("{text} (as listed)"),
        Hours::Unknown { .. } => "Hours not listed".to_string(),
    }
}

/// Plain text for pasting into a clinical note.
pub fn as_text(programs: &[Program], now: DateTime<Utc>) -> String {
    let mut out =
        String::from("In danger now: call 911. Crisis counselor any time: call or text 988.\n");
    for program in programs {
        out.push_str(&format!("\n{} — {}\n", program.name, program.kind.label()));
        for phone in &program.contact.phones {
            let label = if phone.label.is_empty() {
                String::new()
            } else {
                format!(" ({})", phone.label)
            };
            let verb = match phone.kind {
                crate::model::PhoneKind::Voice => "Call",
                crate::model::PhoneKind::Office => "Office (not the service line)",
                crate::model::PhoneKind::Dispatch => "Reached through",
            };
            let region = if phone.region.is_empty() {
                String::new()
            } else {
                format!(" — {}", phone.region)
            };
            out.push_str(&format!("  {verb} {}{region}{label}\n", phone.display));
        }
        for text in &program.contact.texts {
            let keyword = if text.keyword.is_empty() {
                String::new()
            } else {
                format!("{} to ", text.keyword)
            };
            out.push_str(&format!("  Text {}{}\n", keyword, text.display));
        }
        for via in &program.contact.dispatch {
            out.push_str(&format!(
                "  Call {} and ask for {}\n",
                via.number(),
                program.name
            ));
        }
        if let Some(website) = &program.contact.website {
            out.push_str(&format!("  {website}\n"));
        }
        let address = address_line(program);
        if !address.is_empty() {
            out.push_str(&format!("  {address}\n"));
        }
        out.push_str(&format!("  Hours: {}\n", hours_text(&program.hours, now)));
        let eligibility = &program.eligibility;
        for (label, value) in [
            ("Ages", &eligibility.ages),
            ("For", &eligibility.populations),
            ("Cost", &eligibility.cost),
            ("Stay", &eligibility.length_of_stay),
        ] {
            if !value.is_empty() {
                out.push_str(&format!("  {label}: {value}\n"));
            }
        }
        out.push_str(&format!("  {}\n", super::parts::checked_line(program)));
    }
    out
}

/// vCard 3.0 cards, one per program (RFC 2426 escaping of , ; \ and newlines).
pub fn vcards(programs: &[Program]) -> String {
    let escape = |text: &str| {
        text.replace('\\', "\\\\")
            .replace(',', "\\,")
            .replace(';', "\\;")
            .replace('\n', "\\n")
    };
    let mut out = String::new();
    for program in programs {
        out.push_str("BEGIN:VCARD\r\nVERSION:3.0\r\n");
        out.push_str(&format!("FN:{}\r\n", escape(&program.name)));
        out.push_str(&format!(
            "ORG:{}\r\n",
            escape(if program.operator.is_empty() {
                &program.name
            } else {
                &program.operator
            })
        ));
        for phone in program
            .contact
            .phones
            .iter()
            .filter(|p| p.kind == crate::model::PhoneKind::Voice)
        {
            let number = if phone.digits.len() == 10 {
                format!("+1{}", phone.digits)
            } else {
                phone.digits.clone()
            };
            out.push_str(&format!("TEL;TYPE=VOICE:{number}\r\n"));
        }
        for text in &program.contact.texts {
            out.push_str(&format!("TEL;TYPE=TEXT:{}\r\n", text.digits));
        }
        if let Some(website) = &program.contact.website {
            out.push_str(&format!("URL:{}\r\n", escape(website)));
        }
        if program.address.state != "US" && !program.address.city.is_empty() {
            out.push_str(&format!(
                "ADR;TYPE=WORK:;;{};{};{};{};USA\r\n",
                escape(&program.address.street),
                escape(&program.address.city),
                escape(&program.address.state),
                escape(&program.address.zip)
            ));
        }
        let mut note = format!(
            "{}. {}.",
            program.kind.label(),
            super::parts::checked_line(program)
        );
        for via in &program.contact.dispatch {
            note.push_str(&format!(
                " Call {} and ask for {}.",
                via.number(),
                program.name
            ));
        }
        out.push_str(&format!("NOTE:{}\r\nEND:VCARD\r\n", escape(&note)));
    }
    out
}
