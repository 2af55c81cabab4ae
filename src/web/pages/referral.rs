//! A referral shortlist without accounts, cookies or server state: the URL holds
//! the chosen programs, the page prints cleanly, a text block pastes into a note,
//! and the contacts download as vCards.

use chrono::{DateTime, Utc};
use maud::{html, Markup};

use super::{layout, parts, PageContext};
use crate::geo::Geo;
use crate::hours::Hours;
use crate::model::Program;
use crate::web::i18n::{self, labels, Lang};

/// What a referral list page draws, gathered by its handler.
pub struct ReferralView<'a> {
    /// State names, for the area each program serves.
    pub geo: &'a Geo,
    /// The day the data was built (the list says how fresh it is).
    pub built_on: &'a str,
    /// The programs on the list, in the order chosen.
    pub programs: &'a [Program],
    /// Ids on the list the directory no longer has.
    pub missing: &'a [String],
    /// The list's own address, to share.
    pub share: &'a str,
    /// When the list is made.
    pub now: DateTime<Utc>,
    /// The place the list was made for, for distances.
    pub place: Option<&'a crate::geo::SearchPlace>,
}

/// The referral list page.
pub fn render(ctx: &PageContext, view: &ReferralView) -> Markup {
    let ReferralView {
        geo,
        built_on,
        programs,
        missing,
        share,
        now,
        place,
    } = *view;
    let lang = ctx.lang;
    let ids: Vec<&str> = programs.iter().map(|p| p.id.as_str()).collect();
    let made = match lang {
        Lang::En => now.format("%B %-d, %Y").to_string(),
        Lang::Es => i18n::date(lang, now.date_naive()),
    };
    layout(
        ctx,
        lang.tr("referral.title"),
        html! {
            div.referral {
                h1 { (lang.tr("referral.title")) }
                p.meta {
                    (lang.trf("referral.made", &[("made", &made), ("data_date", &data_date(lang, built_on))]))
                }
                p.notice { strong { (lang.tr("referral.danger")) " " } (lang.tr("referral.counselor")) }
                @if programs.is_empty() && missing.is_empty() {
                    p { (lang.trm("referral.empty", &[("results", html! { a href=(ctx.href("/search")) { (lang.tr("referral.search_results")) } })])) }
                }
                @if !missing.is_empty() {
                    div.notice role="status" {
                        p { (lang.tr("referral.missing")) }
                        ul { @for id in missing { li { code { (id) } } } }
                    }
                }
                @if !programs.is_empty() { (parts::english_data_notice(lang)) }
                @for program in programs {
                    article {
                        h2 { a href={ (ctx.href(&format!("/programs/{}", program.id))) "?list=" (ids.join(",")) } { (program.name) } }
                        p.meta {
                            (labels::kind(lang, program.kind)) " · " (parts::reach(geo, lang, program, None, false))
                            @if let Some((place, miles)) = place.and_then(|p| miles_from(p, program).map(|m| (p, m))) {
                                " · " (lang.trf("referral.miles_from", &[("miles", &format!("{miles:.0}")), ("place", &place.label)]))
                            }
                        }
                        (parts::contact_links(ctx, program))
                        @let address = address_line(program);
                        @if !address.is_empty() { p.meta { (lang.tr("referral.address")) " " (address) } }
                        // On paper a link's address must be written out.
                        @if let Some(website) = &program.contact.website {
                            p.meta.print-only { (lang.tr("referral.website")) " " (website) }
                        }
                        p.meta { (parts::hours_line(lang, &program.hours, now)) }
                        (parts::spanish_line(lang, program))
                        (parts::eligibility_glance(lang, program))
                        p.meta { (parts::verified_line(lang, program, now)) }
                    }
                }
                @if !programs.is_empty() {
                    div.actions {
                        h2 { (lang.tr("referral.share_heading")) }
                        p { (lang.trm("referral.share", &[("link", html! { a href=(share) { (lang.tr("referral.share_link")) } })])) }
                        p { a href={ (ctx.href("/referral.vcf")) "?ids=" (ids.join(",")) } download="peerway-referral.vcf" { (lang.tr("referral.vcard")) } }
                        label for="as-text" { (lang.tr("referral.copy_text")) span.hint { (lang.tr("referral.copy_hint")) } }
                        textarea #as-text readonly rows="12" { (as_text(lang, programs, now)) }
                    }
                }
            }
        },
    )
}

/// The data's date (YYYY-MM-DD) as the page's language writes a day.
fn data_date(lang: Lang, built_on: &str) -> String {
    match chrono::NaiveDate::parse_from_str(built_on, "%Y-%m-%d") {
        Ok(day) => parts::day(lang, day),
        Err(_) => built_on.to_string(),
    }
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

fn hours_text(lang: Lang, hours: &Hours, now: DateTime<Utc>) -> String {
    match hours {
        Hours::AlwaysOpen { .. } => lang.tr("hours.always_open").to_string(),
        Hours::Weekly { text, spans, .. } => {
            let schedule = match lang {
                Lang::En => text.clone(),
                Lang::Es => parts::schedule(lang, spans),
            };
            format!(
                "{schedule} ({})",
                parts::status_line(lang, &hours.status(now, None))
            )
        }
        Hours::Unknown { text } if !text.is_empty() => {
            lang.trf("referral.as_listed", &[("text", text)])
        }
        Hours::Unknown { .. } => lang.tr("hours.not_listed").to_string(),
    }
}

/// Plain text for pasting into a clinical note.
pub fn as_text(lang: Lang, programs: &[Program], now: DateTime<Utc>) -> String {
    let mut out = format!("{}\n", lang.tr("referral.text_danger"));
    for program in programs {
        out.push_str(&format!(
            "\n{} — {}\n",
            program.name,
            labels::kind(lang, program.kind)
        ));
        for phone in &program.contact.phones {
            let label = if phone.label.is_empty() {
                String::new()
            } else {
                format!(" ({})", phone.label)
            };
            let verb = match phone.kind {
                crate::model::PhoneKind::Voice => lang.tr("card.call"),
                crate::model::PhoneKind::Office => lang.tr("referral.text_office"),
                crate::model::PhoneKind::Dispatch => lang.tr("referral.text_through"),
            };
            let region = if phone.region.is_empty() {
                String::new()
            } else {
                format!(" — {}", phone.region)
            };
            out.push_str(&format!("  {verb} {}{region}{label}\n", phone.display));
        }
        for text in &program.contact.texts {
            let line = if text.keyword.is_empty() {
                lang.trf("card.text", &[("number", &text.display)])
            } else {
                lang.trf(
                    "card.text_keyword",
                    &[("keyword", &text.keyword), ("number", &text.display)],
                )
            };
            out.push_str(&format!("  {line}\n"));
        }
        for via in &program.contact.dispatch {
            let line = lang.trf(
                "card.call_ask_for",
                &[("number", &via.number()), ("name", &program.name)],
            );
            out.push_str(&format!("  {line}\n"));
        }
        if let Some(website) = &program.contact.website {
            out.push_str(&format!("  {website}\n"));
        }
        let address = address_line(program);
        if !address.is_empty() {
            out.push_str(&format!("  {address}\n"));
        }
        out.push_str(&format!(
            "  {} {}\n",
            lang.tr("referral.text_hours"),
            hours_text(lang, &program.hours, now)
        ));
        let eligibility = &program.eligibility;
        for (label, value) in [
            (lang.tr("card.ages"), &eligibility.ages),
            (lang.tr("card.for"), &eligibility.populations),
            (lang.tr("card.cost"), &eligibility.cost),
            (lang.tr("card.stay"), &eligibility.length_of_stay),
        ] {
            if !value.is_empty() {
                out.push_str(&format!("  {label}: {value}\n"));
            }
        }
        if lang == Lang::Es {
            out.push_str(&format!("  {}\n", parts::spanish_text(lang, program)));
        }
        out.push_str(&format!("  {}\n", parts::checked_line(lang, program)));
    }
    out
}

/// vCard 3.0 cards, one per program (RFC 2426 escaping of , ; \ and newlines).
pub fn vcards(lang: Lang, programs: &[Program]) -> String {
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
            labels::kind(lang, program.kind),
            parts::checked_line(lang, program)
        );
        for via in &program.contact.dispatch {
            let line = lang.trf(
                "card.call_ask_for",
                &[("number", &via.number()), ("name", &program.name)],
            );
            note.push_str(&format!(" {line}."));
        }
        out.push_str(&format!("NOTE:{}\r\nEND:VCARD\r\n", escape(&note)));
    }
    out
}
