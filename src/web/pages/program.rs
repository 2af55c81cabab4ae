//! One program with every field, its sources and last check, and schema.org JSON-LD.

use chrono::{DateTime, Utc};
use maud::{html, Markup, PreEscaped};
use serde_json::{json, Value};

use super::{layout, parts, PageContext};
use crate::geo::Geo;
use crate::hours::Hours;
use crate::model::{AreaScope, Program};
use crate::reports::{ReportReason, MAX_NOTE_CHARS};
use crate::web::i18n::{labels, Lang};

pub fn render(
    ctx: &PageContext,
    geo: &Geo,
    program: &Program,
    back: Option<&str>,
    now: DateTime<Utc>,
    notice: Option<&str>,
    list: &[String],
) -> Markup {
    let lang = ctx.lang;
    let area = match program.area.scope {
        AreaScope::National => lang.tr("program.whole_us").to_string(),
        AreaScope::Statewide => lang.trf(
            "program.all_of",
            &[(
                "states",
                &program
                    .area
                    .states
                    .iter()
                    .map(|s| parts::state_name(geo, lang, s))
                    .collect::<Vec<_>>()
                    .join(lang.tr("card.and_join")),
            )],
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
        scope => lang.trf(
            "program.counties_unknown",
            &[
                ("scope", &scope_label(lang, scope)),
                ("place", &parts::place_label(lang, program)),
            ],
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
    let referral = |ids: &str| ctx.href(&format!("/referral?ids={ids}"));
    layout(
        ctx,
        &program.name,
        html! {
            p { a href=(back.map_or_else(|| ctx.href("/search"), str::to_string)) { (lang.tr("program.back")) } }
            @if let Some(notice) = notice { div.notice role="status" { (notice) } }
            h1 { (program.name) }
            p.meta { (labels::kind(lang, program.kind)) " · " (parts::place_label(lang, program)) }
            (parts::english_data_notice(lang))
            (parts::status_warning(lang, program))
            (super::live::live_line(lang, program, now))
            @if !program.also_known_as.is_empty() {
                p.meta { (lang.tr("program.formerly")) " " (program.also_known_as.join("; ")) }
            }
            @if program.peer_role != crate::model::PeerRole::Unknown {
                p { (parts::peer_badge(lang, program.peer_role)) }
            }
            @if !program.summary.is_empty() { p lang="en" { (program.summary) } }
            (parts::contact_links(ctx, program))
            (parts::spanish_line(lang, program))
            section.expect aria-labelledby="expect-heading" {
                h2 #expect-heading { (lang.tr("program.what_to_expect")) }
                p { (super::expect::full(lang, program.kind)) }
            }
            dl.fields {
                dt { (lang.tr("program.hours")) } dd { (parts::hours_line(lang, &program.hours, now)) }
                dt { (lang.tr("program.at_a_glance")) } dd { (parts::eligibility_glance(lang, program)) }
                dt { (lang.tr("program.serves")) } dd { (area) }
                @if !address.is_empty() { dt { (lang.tr("program.address")) } dd { (address.join(", ")) } }
                @if !program.operator.is_empty() { dt { (lang.tr("program.run_by")) } dd { (program.operator) } }
                dt { (lang.tr("program.peer_role")) } dd {
                    (labels::peer_role(lang, program.peer_role))
                    @if let Some(basis) = &program.peer_role_basis {
                        " — " (lang.tr("program.source_says")) " “" span lang="en" { (basis.quote) } "” ("
                        a href=(basis.source) rel="noreferrer" { (lang.tr("program.source")) } ")"
                    }
                }
                @for (label, value) in [(lang.tr("program.ages"), &eligibility.ages), (lang.tr("program.who_for"), &eligibility.populations), (lang.tr("program.cost"), &eligibility.cost), (lang.tr("program.length_of_stay"), &eligibility.length_of_stay)] {
                    @if !value.is_empty() { dt { (label) } dd { (value) } }
                }
                @if !eligibility.languages.is_empty() { dt { (lang.tr("program.languages")) } dd { (eligibility.languages.join(", ")) } }
                @if let Some(location) = &program.location {
                    dt { (lang.tr("program.map_point")) } dd { (precision_label(lang, location.precision)) }
                }
                dt { (lang.tr("program.evidence")) } dd { (parts::verified_line(lang, program, now)) }
                dt { (lang.tr("program.confidence")) } dd { (labels::confidence(lang, program.confidence)) }
            }
            @if !program.notes.is_empty() {
                h2 { (lang.tr("program.differences")) }
                ul lang="en" { @for note in &program.notes { li { (parts::public_note(note)) } } }
            }
            h2 { (lang.tr("program.sources")) }
            ul {
                @for source in &program.sources {
                    li {
                        a href=(source.url) rel="noreferrer" { (source.url) }
                        " — " (labels::source_kind(lang, source.kind)) ", "
                        (source.dated.map_or(lang.tr("evidence.undated").to_string(), |d| parts::evidence_date(lang, d)))
                    }
                }
                // The page behind a status is usually a source already; listed once.
                @if let Some(report) = program.status_report.as_ref().filter(|r| !program.sources.iter().any(|s| s.url == r.source)) {
                    li {
                        a href=(report.source) rel="noreferrer" { (report.source) }
                        " — " (lang.tr("program.reports")) " " (report.reason)
                    }
                }
            }
            p.meta { (lang.tr("program.listings_change")) }
            // A list being built (ids in the address) is kept: this program is added to it.
            @if list.iter().any(|id| id == &program.id) {
                p { a href=(referral(&list.join(","))) { (lang.trf("program.back_to_list", &[("count", &list.len())])) } }
            } @else if list.is_empty() {
                p { a href=(referral(&program.id)) { (lang.tr("program.make_list")) } }
            } @else {
                p { a href=(referral(&format!("{},{}", list.join(","), program.id))) { (lang.trf("program.add_to_list", &[("count", &list.len())])) } }
            }
            (report_form(ctx, program))
            script type="application/ld+json" { (PreEscaped(json_ld(geo, program))) }
        },
    )
}

/// "county", "regional"… as a person reads the scope of a program's area.
fn scope_label(lang: Lang, scope: AreaScope) -> String {
    let key = match scope {
        AreaScope::National => "program.scope_national",
        AreaScope::Statewide => "program.scope_statewide",
        AreaScope::Regional => "program.scope_regional",
        AreaScope::County => "program.scope_county",
        AreaScope::Local => "program.scope_local",
    };
    lang.tr(key).to_string()
}

/// "Located to city level".
fn precision_label(lang: Lang, precision: crate::model::Precision) -> &'static str {
    lang.tr(match precision {
        crate::model::Precision::Address => "program.located_address",
        crate::model::Precision::Zip => "program.located_zip",
        crate::model::Precision::City => "program.located_city",
        crate::model::Precision::State => "program.located_state",
    })
}

/// "Report a problem": structured reasons, an optional short note, and a field
/// hidden from people that only bots fill in.
fn report_form(ctx: &PageContext, program: &Program) -> Markup {
    let lang = ctx.lang;
    html! {
        section.report aria-labelledby="report-heading" {
            h2 #report-heading { (lang.tr("report.heading")) }
            form method="post" action=(ctx.href(&format!("/programs/{}/report", program.id))) {
                fieldset {
                    legend { (lang.tr("report.what_is_wrong")) }
                    @for (i, reason) in ReportReason::ALL.iter().enumerate() {
                        label.radio {
                            input type="radio" name="reason" value=(reason.slug()) required[i == 0];
                            (labels::report_reason(lang, *reason))
                        }
                    }
                }
                label for="note" { (lang.tr("report.note")) " " span.hint { (lang.tr("report.note_hint")) } }
                textarea #note name="note" maxlength=(MAX_NOTE_CHARS) rows="4" {}
                div.honeypot aria-hidden="true" {
                    label for="website" { (lang.tr("report.leave_empty")) }
                    input #website type="text" name="website" tabindex="-1" autocomplete="off";
                }
                button type="submit" { (lang.tr("report.send")) }
            }
        }
    }
}

/// Shown once a report is safely stored.
pub fn report_received(ctx: &PageContext, program: &Program) -> Markup {
    let lang = ctx.lang;
    layout(
        ctx,
        lang.tr("report.received_title"),
        html! {
            h1 { (lang.tr("report.thank_you")) }
            p { (lang.trm("report.received", &[("name", html! { strong { (program.name) } })])) }
            p { a href=(ctx.href(&format!("/programs/{}", program.id))) { (lang.trf("report.back_to", &[("name", &program.name)])) } }
        },
    )
}

/// schema.org `Organization`, with `</` escaped so the data can never close the tag.
pub fn json_ld(geo: &Geo, program: &Program) -> String {
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": format!("/programs/{}", program.id),
        "name": program.name,
        "description": program.summary,
        "areaServed": program.area.states.iter().map(|s| if s == "US" { "United States".to_string() } else { geo.state_name(s) }).collect::<Vec<_>>(),
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
