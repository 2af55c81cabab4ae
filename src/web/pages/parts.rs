//! Pieces shared by the results, program and home pages.

use chrono::{DateTime, Utc};
use maud::{html, Markup};

use super::PageContext;
use crate::evidence::{newest, oldest, EvidenceAge, EvidenceDate, Source};
use crate::geo::Geo;
use crate::hours::{Hours, Status, WeekTime, WeeklySpan};
use crate::index::document::facets::access_values;
use crate::index::FacetDim;
use crate::model::{AreaScope, Confidence, PeerRole, PhoneKind, Program, ProgramStatus};
use crate::web::i18n::{self, labels, Lang};

/// The peer-run badge, with what it means in words (not only in a tooltip).
pub fn peer_badge(lang: Lang, role: PeerRole) -> Markup {
    html! {
        @match role {
            PeerRole::PeerRun => {
                span.badge.peer { (labels::peer_role(lang, role)) }
                " "
                span.meta { (lang.tr("card.peer_run_means")) }
            }
            PeerRole::PeerInvolved => {
                span.badge { (labels::peer_role(lang, role)) }
                " "
                span.meta { (lang.tr("card.peer_involved_means")) }
            }
            PeerRole::NotPeer => {
                span.badge { (labels::peer_role(lang, role)) }
                " "
                span.meta { (lang.tr("card.not_peer_means")) }
            }
            PeerRole::Unknown => {}
        }
    }
}

/// A state's name in the page's language; "US" is the whole country.
pub fn state_name(geo: &Geo, lang: Lang, code: &str) -> String {
    match code {
        "US" => lang.tr("card.whole_us").to_string(),
        _ => labels::state_name(lang, code, &geo.state_name(code)),
    }
}

/// "Massachusetts and Connecticut" / "Massachusetts y Connecticut".
pub fn and_list(lang: Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), lang.tr("card.and")),
    }
}

/// Distance from the searched place, or the area the program serves.
pub fn reach(
    geo: &Geo,
    lang: Lang,
    program: &Program,
    distance_km: Option<f64>,
    serves_your_area: bool,
) -> String {
    match (distance_km, serves_your_area, program.area.scope) {
        (_, true, AreaScope::National) | (None, _, AreaScope::National) => {
            lang.tr("card.serves_us").to_string()
        }
        (None, true, AreaScope::Statewide) | (None, false, AreaScope::Statewide) => {
            let names: Vec<String> = program
                .area
                .states
                .iter()
                .map(|s| state_name(geo, lang, s))
                .collect();
            lang.trf(
                "card.serves_all_of",
                &[("states", &names.join(lang.tr("card.and_join")))],
            )
        }
        (Some(km), serves, _) => {
            let miles = format!("{:.0}", (km / 1.609_344).max(1.0));
            let km = format!("{:.0}", km.max(1.0));
            let key = if serves {
                "card.distance_serves"
            } else {
                "card.distance"
            };
            lang.trf(key, &[("miles", &miles), ("km", &km)])
        }
        (None, _, _) => place_label(lang, program),
    }
}

/// "Northampton, MA", "Massachusetts" or "National" / "Nacional".
pub fn place_label(lang: Lang, program: &Program) -> String {
    match program.address.state.as_str() {
        "US" => lang.tr("card.national").to_string(),
        _ => program.place_label(),
    }
}

/// One-tap ways to reach the program: call, text, chat, website, or the public
/// number that dispatches it.
pub fn contact_links(ctx: &PageContext, program: &Program) -> Markup {
    let lang = ctx.lang;
    let contact = &program.contact;
    html! {
        ul.contact {
            @for phone in contact.phones.iter().filter(|p| p.kind == PhoneKind::Voice) {
                li { a href=(phone.tel_uri()) {
                    (lang.tr("card.call")) " " (phone.display)
                    @if !phone.region.is_empty() { " — " (phone.region) }
                    @if !phone.label.is_empty() { " (" (phone.label) ")" }
                } }
            }
            @for text in &contact.texts {
                li { a href=(text.sms_uri()) {
                    @if text.keyword.is_empty() {
                        (lang.trf("card.text", &[("number", &text.display)]))
                    } @else {
                        (lang.trf("card.text_keyword", &[("keyword", &text.keyword), ("number", &text.display)]))
                    }
                    @if !text.label.is_empty() { " (" (text.label) ")" }
                } }
            }
            @for via in &contact.dispatch {
                li { a href={ "tel:" (via.number()) } { (lang.trf("card.call_ask_for", &[("number", &via.number()), ("name", &program.name)])) } }
            }
            @for phone in contact.phones.iter().filter(|p| p.kind == PhoneKind::Dispatch) {
                li { a href=(phone.tel_uri()) {
                    (lang.tr("card.call")) " " (phone.display)
                    @if !phone.label.is_empty() { " (" (phone.label) ")" }
                    " " (lang.tr("card.to_be_put_through"))
                } }
            }
            @if let Some(chat) = &contact.chat {
                li { a href=(chat) rel="noreferrer" { (lang.tr("card.chat")) } }
            }
            @if let Some(website) = &contact.website {
                li { a href=(website) rel="noreferrer" { (lang.tr("card.website")) } }
            }
        }
        @for phone in contact.phones.iter().filter(|p| p.kind == PhoneKind::Office) {
            p.meta {
                (lang.tr("card.office")) " "
                a href=(phone.tel_uri()) { (phone.display) }
                @if !phone.label.is_empty() { " (" (phone.label) ")" }
            }
        }
        @if !contact.note.is_empty() {
            p.meta { (lang.tr("card.contact_note")) " " (contact.note) }
        }
        @if !program.is_reachable() {
            p.meta.no-contact {
                (lang.tr("card.no_contact")) " "
                a href={ (ctx.href(&format!("/programs/{}", program.id))) "#report" } { (lang.tr("card.tell_us")) }
            }
        }
    }
}

/// "Open now · closes 10 pm ET" with the hours as the source gave them.
pub fn hours_line(lang: Lang, hours: &Hours, now: DateTime<Utc>) -> Markup {
    hours_line_for(lang, hours, now, None)
}

/// The same, with the next change also in `viewer_zone` when the viewer's zone
/// (the searched place's) differs from the program's. In Spanish the schedule is
/// written from its parsed days and times ("lun–vie 9 a. m.–5 p. m."), since the
/// source's own text is English.
pub fn hours_line_for(
    lang: Lang,
    hours: &Hours,
    now: DateTime<Utc>,
    viewer_zone: Option<&str>,
) -> Markup {
    html! {
        @match hours {
            Hours::AlwaysOpen { .. } => { span.state.open { "● " (lang.tr("hours.always_open")) } }
            Hours::Weekly { text, time_zone, spans } => {
                @let status = hours.status(now, viewer_zone);
                @let line = status_line(lang, &status);
                @match status {
                    Status::OpenUntil { .. } => { span.state.open { "● " (line) } }
                    Status::ClosedUntil { .. } => { span.state.closed { "○ " (line) } }
                    _ => { (line) }
                }
                " — " (lang.tr("hours.hours")) " "
                @match lang {
                    Lang::En => { (text) }
                    Lang::Es => { (schedule(lang, spans)) }
                }
                " (" (zone_label(lang, time_zone)) ")"
            }
            Hours::Unknown { text } if !text.is_empty() => { (lang.trf("hours.see_listing_text", &[("text", text)])) }
            Hours::Unknown { .. } => { (lang.tr("hours.not_listed")) }
        }
    }
}

/// "Open now · closes 10 pm ET" / "Abierto ahora · cierra a las 10 p. m. ET".
pub fn status_line(lang: Lang, status: &Status) -> String {
    let when = |at: &WeekTime| {
        let clock = i18n::at_clock(lang, at.minute);
        match at.day {
            None => clock,
            Some(day) => lang.trf(
                "hours.on_day",
                &[
                    ("day", &i18n::day_name(lang, day, lang == Lang::En)),
                    ("clock", &clock),
                ],
            ),
        }
    };
    let yours = |yours: &Option<WeekTime>| {
        yours.as_ref().map_or(String::new(), |y| {
            let clock = i18n::clock(lang, y.minute);
            let at = match y.day {
                None => clock,
                Some(day) => format!("{} {clock}", i18n::day_name(lang, day, true)),
            };
            format!(" {}", lang.trf("hours.your_time", &[("time", &at)]))
        })
    };
    match status {
        Status::AlwaysOpen => lang.tr("hours.always_open").to_string(),
        Status::SeeListing => lang.tr("hours.see_listing").to_string(),
        Status::OpenUntil {
            closes,
            zone,
            yours: viewer,
        } => {
            lang.trf(
                "hours.open_closes",
                &[("when", &when(closes)), ("zone", zone)],
            ) + &yours(viewer)
        }
        Status::ClosedUntil {
            opens,
            zone,
            yours: viewer,
        } => {
            lang.trf(
                "hours.closed_opens",
                &[("when", &when(opens)), ("zone", zone)],
            ) + &yours(viewer)
        }
    }
}

/// A weekly schedule in words: days with the same hours grouped, "lun–vie 9 a. m.–5
/// p. m.; sáb 10 a. m.–2 p. m.", or "todos los días …".
pub fn schedule(lang: Lang, spans: &[WeeklySpan]) -> String {
    let mut by_day: Vec<Vec<(u16, u16)>> = vec![Vec::new(); 7];
    for span in spans {
        by_day[usize::from(span.day % 7)].push((span.open_minute, span.close_minute));
    }
    for day in &mut by_day {
        day.sort_unstable();
    }
    let times = |day: &[(u16, u16)]| {
        day.iter()
            .map(|(open, close)| {
                format!("{}–{}", i18n::clock(lang, *open), i18n::clock(lang, *close))
            })
            .collect::<Vec<_>>()
            .join(&format!(" {} ", lang.tr("card.and")))
    };
    if by_day.iter().all(|d| *d == by_day[0]) && !by_day[0].is_empty() {
        return lang.trf("hours.every_day", &[("times", &times(&by_day[0]))]);
    }
    let mut parts = Vec::new();
    let mut day = 0;
    while day < 7 {
        if by_day[day].is_empty() {
            day += 1;
            continue;
        }
        let mut last = day;
        while last + 1 < 7 && by_day[last + 1] == by_day[day] {
            last += 1;
        }
        let days = if last == day {
            i18n::day_name(lang, day as u8, true).to_string()
        } else {
            format!(
                "{}–{}",
                i18n::day_name(lang, day as u8, true),
                i18n::day_name(lang, last as u8, true)
            )
        };
        parts.push(format!("{days} {}", times(&by_day[day])));
        day = last + 1;
    }
    parts.join("; ")
}

/// Who it is for, what it costs, how long, and how to get in — in one glance.
pub fn eligibility_glance(lang: Lang, program: &Program) -> Markup {
    let eligibility = &program.eligibility;
    let access: Vec<String> = access_values(program)
        .into_iter()
        .map(|value| labels::facet_value(lang, FacetDim::Access, value))
        .collect();
    html! {
        @let parts = [
            (lang.tr("card.ages"), eligibility.ages.clone()),
            (lang.tr("card.cost"), eligibility.cost.clone()),
            (lang.tr("card.stay"), eligibility.length_of_stay.clone()),
            (lang.tr("card.for"), eligibility.populations.clone()),
            (lang.tr("card.getting_in"), access.join("; ")),
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

/// Whether a program answers in Spanish, as its sources say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanishSupport {
    /// A source names Spanish among the program's languages.
    Available,
    /// A source says interpreters are available (Spanish among them, not named).
    Interpreted,
    /// A source lists the program's languages and Spanish is not one of them.
    NotOffered,
    /// No source says which languages it answers in.
    Unknown,
}

impl SpanishSupport {
    pub fn of(program: &Program) -> SpanishSupport {
        let languages = &program.eligibility.languages;
        if languages.iter().any(|l| {
            l.eq_ignore_ascii_case("spanish")
                || l.eq_ignore_ascii_case("español")
                || l.eq_ignore_ascii_case("espanol")
        }) {
            SpanishSupport::Available
        } else if languages
            .iter()
            .any(|l| l.to_lowercase().contains("interpret"))
        {
            SpanishSupport::Interpreted
        } else if languages.is_empty() {
            SpanishSupport::Unknown
        } else {
            SpanishSupport::NotOffered
        }
    }
}

/// Whether Spanish is available, in words (for cards and the text of a list).
pub fn spanish_text(lang: Lang, program: &Program) -> &'static str {
    match SpanishSupport::of(program) {
        SpanishSupport::Available => lang.tr("card.spanish_available"),
        SpanishSupport::Interpreted => lang.tr("card.spanish_interpreted"),
        SpanishSupport::NotOffered => lang.tr("card.spanish_not_offered"),
        SpanishSupport::Unknown => lang.tr("card.spanish_unknown"),
    }
}

/// Whether a program answers in Spanish: on every card of the Spanish site
/// (available, by interpreter, not offered, or not known); on the English site
/// only when the sources say (for a clinician referring a Spanish speaker).
pub fn spanish_line(lang: Lang, program: &Program) -> Markup {
    let support = SpanishSupport::of(program);
    html! {
        @if lang == Lang::Es || support != SpanishSupport::Unknown {
            p.meta {
                @if support == SpanishSupport::Available {
                    span.badge.spanish { (spanish_text(lang, program)) }
                } @else {
                    (spanish_text(lang, program))
                }
            }
        }
    }
}

/// Said once on a Spanish page that shows programs: their own words are English.
pub fn english_data_notice(lang: Lang) -> Markup {
    html! {
        @if lang == Lang::Es {
            p.meta.source-language { (lang.tr("card.listings_in_english")) }
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

/// "2025", "July 2026" or "July 21, 2026" / "julio de 2026", "21 de julio de 2026".
pub fn evidence_date(lang: Lang, date: EvidenceDate) -> String {
    match (date.month(), date.day()) {
        (Some(month), Some(day)) => chrono::NaiveDate::from_ymd_opt(date.year(), month, day)
            .map_or(date.to_string(), |d| i18n::date(lang, d)),
        (Some(month), None) => i18n::month_year(lang, month, date.year()),
        _ => date.year().to_string(),
    }
}

/// A day we did something (checked, crawled): ISO in English, as exports write
/// it; in words in Spanish ("27 de noviembre de 2026").
pub fn day(lang: Lang, date: chrono::NaiveDate) -> String {
    match lang {
        Lang::En => date.to_string(),
        Lang::Es => i18n::date(lang, date),
    }
}

/// "sources dated 2019–2025", "a source dated July 2026", "3 sources (1 dated
/// October 2018)", "undated sources": never more dated than they are.
pub fn span_label(lang: Lang, sources: &[Source]) -> String {
    let count = sources.len() as u64;
    let dated = sources.iter().filter(|s| s.dated.is_some()).count() as u64;
    let span = match (oldest(sources), newest(sources)) {
        (Some(old), Some(new)) if old == new => evidence_date(lang, new),
        (Some(old), Some(new)) if old.year() == new.year() => new.year().to_string(),
        (Some(old), Some(new)) => format!("{}–{}", old.year(), new.year()),
        _ => return lang.trn("evidence.undated_sources", count, &[]),
    };
    if dated == count {
        lang.trn("evidence.sources_dated", count, &[("span", &span)])
    } else {
        lang.trf(
            "evidence.some_dated",
            &[("count", &count), ("dated", &dated), ("span", &span)],
        )
    }
}

/// "the program's own page, 2025; a directory, July 2026" — one entry per source,
/// newest first, undated last.
pub fn evidence_line(lang: Lang, sources: &[Source]) -> String {
    let mut sorted: Vec<&Source> = sources.iter().collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.dated));
    sorted
        .iter()
        .map(|s| {
            let date = s
                .dated
                .map_or(lang.tr("evidence.undated").to_string(), |d| {
                    evidence_date(lang, d)
                });
            format!("{}, {date}", labels::source_kind(lang, s.kind))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// "Checked 2026-11-27 by desk review of sources dated 2019–2025": what happened,
/// so nobody reads our review date as the date the program was confirmed.
pub fn checked_line(lang: Lang, program: &Program) -> String {
    let verified = &program.verified;
    let span = span_label(lang, &program.sources);
    if verified.method.confirms_operation() {
        lang.trf(
            "evidence.checked_confirmed",
            &[
                ("date", &day(lang, verified.date)),
                ("method", &labels::verification(lang, verified.method)),
                ("span", &span),
            ],
        )
    } else {
        let how = match verified.method {
            crate::model::VerificationMethod::Crawl => lang.tr("evidence.by_reading"),
            _ => lang.tr("evidence.by_desk_review"),
        };
        lang.trf(
            "evidence.checked",
            &[
                ("date", &day(lang, verified.date)),
                ("how", &how),
                ("span", &span),
            ],
        )
    }
}

/// The status warning for a program that may have changed or has closed.
pub fn status_warning(lang: Lang, program: &Program) -> Markup {
    let report = program.status_report.as_ref();
    html! {
        @match program.status {
            ProgramStatus::Active => {}
            ProgramStatus::Uncertain => {
                p.warning role="note" {
                    strong { (lang.tr("card.may_have_changed")) " " }
                    (report.map_or(lang.tr("card.change_reported"), |r| r.reason.as_str()))
                    @if let Some(date) = report.and_then(|r| r.dated) { " (" (evidence_date(lang, date)) ")" }
                    ". " (lang.tr("card.call_before_going"))
                }
            }
            ProgramStatus::Closed => {
                p.warning role="note" {
                    strong { (labels::status(lang, ProgramStatus::Closed)) }
                    @if let Some(date) = report.and_then(|r| r.dated) { " " (lang.trf("card.since", &[("date", &evidence_date(lang, date))])) }
                    @if let Some(report) = report { ": " (report.reason) }
                    "."
                }
            }
        }
    }
}

/// "America/New_York" -> "Eastern time": the long form of the hours module's
/// abbreviation, so there is one table of US zones.
pub fn zone_label(lang: Lang, zone: &str) -> String {
    let key = match crate::hours::zone_abbreviation(zone).as_str() {
        "ET" => "zone.et",
        "CT" => "zone.ct",
        "MT" => "zone.mt",
        "MST" => "zone.mst",
        "PT" => "zone.pt",
        "AKT" => "zone.akt",
        "HT" => "zone.ht",
        "HAT" => "zone.hat",
        "AST" => "zone.ast",
        _ => return zone.replace('_', " "),
    };
    lang.tr(key).to_string()
}

/// What the listing rests on and how old that is: the evidence line ("Evidence: the
/// program's own page, 2025; a directory, July 2026"), what we did and when, and
/// the warnings a person must see before going.
pub fn verified_line(lang: Lang, program: &Program, now: DateTime<Utc>) -> Markup {
    html! {
        span.evidence { (lang.tr("evidence.label")) " " (evidence_line(lang, &program.sources)) ". " }
        (checked_line(lang, program)) "."
        (evidence_warnings(lang, program, now))
    }
}

/// The short evidence line every result card keeps in view: the newest evidence,
/// how many other sources there are, and the warnings.
pub fn evidence_summary(lang: Lang, program: &Program, now: DateTime<Utc>) -> Markup {
    let newest = program
        .sources
        .iter()
        .filter(|s| s.dated.is_some())
        .max_by_key(|s| s.dated);
    let others = program.sources.len().saturating_sub(1) as u64;
    html! {
        span.evidence {
            (lang.tr("evidence.label")) " "
            @match (newest, program.sources.first()) {
                (Some(source), _) => { (labels::source_kind(lang, source.kind)) ", " (source.dated.map(|d| evidence_date(lang, d)).unwrap_or_default()) }
                (None, Some(source)) => { (labels::source_kind(lang, source.kind)) ", " (lang.tr("evidence.undated")) }
                (None, None) => { (lang.tr("evidence.none_recorded")) }
            }
            @if others > 0 { " " (lang.trn("evidence.more_sources", others, &[])) }
            "."
        }
        (evidence_warnings(lang, program, now))
    }
}

/// The cautions a person must see before going: old or undated-but-stale evidence,
/// a source that stopped listing it, a listing resting on a mention only.
pub fn evidence_warnings(lang: Lang, program: &Program, now: DateTime<Utc>) -> Markup {
    html! {
        @if program.evidence_age(now.date_naive()) == EvidenceAge::Old {
            " "
            span.badge.caution { (lang.tr("evidence.old_warning")) }
        } @else if is_stale(program, now) {
            " "
            span.badge.caution { (lang.tr("evidence.stale_warning")) }
        }
        @for missing in &program.missing_from {
            " "
            span.badge.caution {
                (lang.trf("evidence.not_listed_by", &[("source", &missing.source), ("since", &day(lang, missing.since))]))
            }
        }
        @if program.confidence == Confidence::Low {
            " "
            span.badge.caution { (lang.tr("evidence.mention_only")) }
        }
    }
}

/// The one search form: what (optional) and where, with "use my location" added by
/// the script only when the browser can do it.
pub fn search_form(ctx: &PageContext, params: &crate::index::SearchParams) -> Markup {
    let lang = ctx.lang;
    let radius = params.radius.as_deref().unwrap_or("100mi");
    let sort = params.sort.as_deref().unwrap_or("relevance");
    html! {
        form.search method="get" action=(ctx.href("/search")) role="search" {
            div {
                label for="q" { (lang.tr("form.what")) " " span.hint { (lang.tr("form.what_hint")) } }
                input #q type="search" name="q" value=[params.q.as_deref()] maxlength="200" autocomplete="off";
            }
            div {
                label for="near" { (lang.tr("form.where")) " " span.hint { (lang.tr("form.where_hint")) } }
                input #near type="text" name="near" value=[params.near.as_deref()] autocomplete="postal-code";
                input type="hidden" name="lat" value="";
                input type="hidden" name="lon" value="";
            }
            div {
                label for="radius" { (lang.tr("form.within")) }
                select #radius name="radius" {
                    @for miles in [10, 25, 50, 100, 250] {
                        @let value = format!("{miles}mi");
                        option value=(value) selected[value == radius] { (lang.trf("form.miles", &[("miles", &miles)])) }
                    }
                }
            }
            div {
                label for="sort" { (lang.tr("form.order")) }
                select #sort name="sort" {
                    option value="relevance" selected[sort == "relevance"] { (lang.tr("form.best_match")) }
                    option value="distance" selected[sort == "distance"] { (lang.tr("form.nearest_first")) }
                }
            }
            @for (key, value) in &params.facets {
                input type="hidden" name=(key) value=(value);
            }
            @if let Some(beds) = params.beds.as_deref().filter(|b| !b.is_empty()) {
                input type="hidden" name="beds" value=(beds);
            }
            div {
                button type="submit" { (lang.tr("form.search")) }
            }
            div {
                button.secondary #use-location type="button" hidden
                    data-finding=(lang.tr("form.finding_location"))
                    data-unavailable=(lang.tr("form.location_unavailable")) { (lang.tr("form.use_location")) }
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

/// A label used inside a sentence: "Casa Soteria" → "casa Soteria", "A mobile crisis
/// team serves it" → "a mobile crisis team serves it".
pub fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::SourceKind;

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

    /// The English evidence words on pages are the evidence module's own.
    #[test]
    fn english_evidence_lines_match_the_libraries() {
        let source = |kind, dated: Option<&str>| Source {
            url: "https://example.org/".into(),
            kind,
            dated: dated.map(|d| EvidenceDate::parse(d).unwrap()),
        };
        let sets = [
            vec![source(SourceKind::Program, Some("2025"))],
            vec![
                source(SourceKind::Directory, Some("2026-07")),
                source(SourceKind::News, Some("2019-03-02")),
            ],
            vec![
                source(SourceKind::Copy, None),
                source(SourceKind::Report, Some("2018-10")),
                source(SourceKind::Government, None),
            ],
            vec![source(SourceKind::Operator, None)],
            vec![
                source(SourceKind::Operator, None),
                source(SourceKind::News, None),
            ],
        ];
        for sources in &sets {
            assert_eq!(
                span_label(Lang::En, sources),
                crate::evidence::span_label(sources)
            );
            assert_eq!(
                evidence_line(Lang::En, sources),
                crate::evidence::evidence_line(sources)
            );
        }
        assert_eq!(
            evidence_line(Lang::Es, &sets[1]),
            "un directorio, julio de 2026; noticias, 2 de marzo de 2019"
        );
    }

    #[test]
    fn hours_in_spanish() {
        use chrono::TimeZone;
        let hours = Hours::parse("Mon-Fri 9am-10pm", Some("America/New_York"));
        // Wednesday 2026-12-02, 15:00 UTC = 10 am in New York.
        let morning = Utc.with_ymd_and_hms(2026, 12, 2, 15, 0, 0).unwrap();
        let status = hours.status(morning, None);
        assert_eq!(
            status_line(Lang::Es, &status),
            "Abierto ahora · cierra a las 10 p. m. ET"
        );
        assert_eq!(status_line(Lang::En, &status), hours.status_line(morning));
        let Hours::Weekly { spans, .. } = &hours else {
            panic!("weekly")
        };
        assert_eq!(schedule(Lang::Es, spans), "lun–vie 9 a. m.–10 p. m.");
        let late = Hours::parse("Daily 1pm-1am", Some("America/Chicago"));
        let Hours::Weekly { spans, .. } = &late else {
            panic!("weekly")
        };
        assert_eq!(schedule(Lang::Es, spans), "todos los días 1 p. m.–1 a. m.");
        // Saturday 2026-12-05 8:00 UTC = 2 am Chicago: closed, opens at 1 pm.
        let night = Utc.with_ymd_and_hms(2026, 12, 5, 8, 0, 0).unwrap();
        assert_eq!(
            status_line(Lang::Es, &late.status(night, Some("America/New_York"))),
            "Cerrado · abre a la 1 p. m. CT (2 p. m. en su hora local)"
        );
        let weekend = Hours::parse(
            "Mon-Fri 08:00-17:00; Sat 10:00-14:00",
            Some("America/Denver"),
        );
        let Hours::Weekly { spans, .. } = &weekend else {
            panic!("weekly")
        };
        assert_eq!(
            schedule(Lang::Es, spans),
            "lun–vie 8 a. m.–5 p. m.; sáb 10 a. m.–2 p. m."
        );
    }
}
