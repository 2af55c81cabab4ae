//! For policymakers: every state's programs by kind, a choropleth map drawn on the
//! server, one page per state with its gaps stated plainly.

use maud::{html, Markup};

use super::{layout, parts, PageContext};
use crate::geo::map::{path_data, StatePath, StateProjection, US_VIEWBOX};
use crate::geo::Geo;
use crate::model::{Program, ServiceKind};
use crate::seed::reconcile::{AnchorList, StateCheck};
use crate::stats::StateSummary;
use crate::web::i18n::{labels, Lang};
use crate::web::links::with_query;

/// Fill colours, light to dark (bin 0 = none listed).
const BIN_COLOURS: [&str; 5] = ["#f2f2f2", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Count,
    PerMillion,
}

impl Measure {
    pub fn slug(self) -> &'static str {
        match self {
            Measure::Count => "count",
            Measure::PerMillion => "per_million",
        }
    }
}

/// How the table is sorted: a column key and a direction.
#[derive(Debug, Clone)]
pub struct TableSort {
    pub column: String,
    pub descending: bool,
}

pub struct StatesView<'a> {
    pub ctx: &'a PageContext,
    /// State names and the US map's shapes.
    pub geo: &'a Geo,
    pub summaries: &'a [StateSummary],
    pub kind: Option<ServiceKind>,
    pub measure: Measure,
    pub sort: TableSort,
    pub national_lines: usize,
    /// The state shapes to draw.
    pub map: &'a [StatePath],
    /// When the data in service was built (YYYY-MM-DD).
    pub data_date: &'a str,
}

/// Rates from fewer programs than this are marked "small numbers": one program
/// more or less moves them a lot.
const SMALL_NUMBERS: usize = 5;

/// 29145505 -> "29,145,505".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A rate per million, marked when it rests on fewer than `SMALL_NUMBERS` programs.
fn rate(lang: Lang, per_million: f64, programs: usize) -> Markup {
    html! {
        (format!("{per_million:.2}"))
        @if programs > 0 && programs < SMALL_NUMBERS { " " span.small-n { (lang.tr("states.small_numbers")) } }
    }
}

/// Where the numbers come from and what they do not say, on every state page.
fn data_note(lang: Lang, data_date: &str) -> Markup {
    html! {
        p.meta.data-note {
            (lang.trf("states.data_note", &[("date", &data_date), ("small", &SMALL_NUMBERS)]))
        }
    }
}

/// A state's name in the page's language.
fn state_name(geo: &Geo, lang: Lang, code: &str) -> String {
    parts::state_name(geo, lang, code)
}

fn value(summary: &StateSummary, kind: Option<ServiceKind>, measure: Measure) -> f64 {
    match measure {
        Measure::Count => summary.count(kind) as f64,
        Measure::PerMillion => summary.per_million(kind),
    }
}

/// Bin 0 for none; otherwise four equal steps up to the largest value.
fn bins(max: f64) -> [f64; 3] {
    [max / 4.0, max / 2.0, max * 3.0 / 4.0]
}

fn bin_of(value: f64, thresholds: &[f64; 3]) -> usize {
    if value <= 0.0 {
        0
    } else {
        1 + thresholds.iter().filter(|t| value > **t).count()
    }
}

fn format_value(value: f64, measure: Measure) -> String {
    match measure {
        Measure::Count => format!("{value:.0}"),
        Measure::PerMillion => format!("{value:.2}"),
    }
}

fn states_url(
    ctx: &PageContext,
    kind: Option<ServiceKind>,
    measure: Measure,
    sort: Option<(&str, bool)>,
) -> String {
    let mut pairs = Vec::new();
    if let Some(kind) = kind {
        pairs.push(("kind".to_string(), kind.slug().to_string()));
    }
    if measure != Measure::Count {
        pairs.push(("measure".to_string(), measure.slug().to_string()));
    }
    if let Some((column, descending)) = sort {
        pairs.push(("sort".to_string(), column.to_string()));
        pairs.push((
            "dir".to_string(),
            if descending { "desc" } else { "asc" }.to_string(),
        ));
    }
    with_query(&ctx.href("/states"), &pairs)
}

/// The sortable columns: key and header.
fn columns(lang: Lang) -> Vec<(String, String)> {
    let mut columns = vec![
        ("state".to_string(), lang.tr("states.col_state").to_string()),
        ("total".to_string(), lang.tr("states.col_total").to_string()),
    ];
    columns.extend(
        ServiceKind::ALL
            .iter()
            .map(|k| (k.slug().to_string(), labels::kind(lang, *k).to_string())),
    );
    columns.push((
        "peer_run_share".into(),
        lang.tr("states.col_peer_run_share").into(),
    ));
    columns.push((
        "per_million".into(),
        lang.tr("states.col_per_million").into(),
    ));
    columns.push((
        "statewide_warmline".into(),
        lang.tr("states.col_statewide_warmline").into(),
    ));
    columns
}

fn sort_key(summary: &StateSummary, column: &str) -> f64 {
    match column {
        "total" => summary.total as f64,
        "peer_run_share" => summary.peer_run_share().unwrap_or(-1.0),
        "per_million" => summary.per_million(None),
        "statewide_warmline" => f64::from(u8::from(summary.has_statewide_warmline())),
        kind => ServiceKind::from_slug(kind).map_or(0.0, |k| summary.count(Some(k)) as f64),
    }
}

pub fn is_sort_column(column: &str) -> bool {
    columns(Lang::En).iter().any(|(key, _)| key == column)
}

pub fn render(view: &StatesView) -> Markup {
    let ctx = view.ctx;
    let lang = ctx.lang;
    let name = |code: &str| state_name(view.geo, lang, code);
    let mut rows: Vec<(&StateSummary, String)> =
        view.summaries.iter().map(|s| (s, name(&s.code))).collect();
    let column = view.sort.column.as_str();
    if column == "state" {
        rows.sort_by(|a, b| a.1.cmp(&b.1));
    } else {
        rows.sort_by(|a, b| {
            sort_key(a.0, column)
                .total_cmp(&sort_key(b.0, column))
                .then(a.1.cmp(&b.1))
        });
    }
    if view.sort.descending {
        rows.reverse();
    }
    layout(
        ctx,
        lang.tr("states.title"),
        html! {
            h1 { (lang.tr("states.heading")) }
            p { (lang.trf("states.intro", &[("national", &view.national_lines)])) }
            (data_note(lang, view.data_date))
            form.search method="get" action=(ctx.href("/states")) {
                div {
                    label for="map-kind" { (lang.tr("states.kind")) }
                    select #map-kind name="kind" {
                        option value="" selected[view.kind.is_none()] { (lang.tr("states.all_kinds")) }
                        @for kind in ServiceKind::ALL {
                            option value=(kind.slug()) selected[view.kind == Some(kind)] { (labels::kind(lang, kind)) }
                        }
                    }
                }
                div {
                    label for="map-measure" { (lang.tr("states.measure")) }
                    select #map-measure name="measure" {
                        option value="count" selected[view.measure == Measure::Count] { (lang.tr("states.number_of_programs")) }
                        option value="per_million" selected[view.measure == Measure::PerMillion] { (lang.tr("states.col_per_million")) }
                    }
                }
                div { button type="submit" { (lang.tr("results.show")) } }
            }
            (us_map(view))
            p {
                a href="/states.csv" download { (lang.tr("states.download_table")) }
                " · "
                a href="/export.csv" download { (lang.tr("states.download_all")) }
                " · "
                a href="/export.geojson" download { "GeoJSON" }
                " · "
                a href="/export.json" download { "JSON" }
            }
            h2 #table-heading { (lang.tr("states.table_heading")) }
            div.table-scroll.states-table tabindex="0" role="region" aria-labelledby="table-heading" {
                table {
                    caption { (lang.tr("states.table_caption")) }
                    thead { tr {
                        @for (key, header) in columns(lang) {
                            @let active = key == view.sort.column;
                            @let next_descending = if active { !view.sort.descending } else { key != "state" };
                            th scope="col" aria-sort=[active.then_some(if view.sort.descending { "descending" } else { "ascending" })] {
                                a href=(states_url(ctx, view.kind, view.measure, Some((&key, next_descending)))) { (header.replace("arm", "arm\u{ad}")) }
                            }
                        }
                    } }
                    tbody {
                        @for (s, state_name) in &rows {
                            tr {
                                th scope="row" { a href=(ctx.href(&format!("/states/{}", s.code))) { (state_name) } }
                                td { (s.total) }
                                @for kind in ServiceKind::ALL { td { (s.count(Some(kind))) } }
                                td.wrap {
                                    (s.peer_run_share().map_or("—".to_string(), |x| format!("{:.0}%", x * 100.0)))
                                    @if s.role_known > 0 { " " span.meta { (lang.trf("states.of_known", &[("peer_run", &s.peer_run), ("known", &s.role_known)])) } }
                                }
                                td.wrap { (rate(lang, s.per_million(None), s.total)) }
                                td { @if s.has_statewide_warmline() { (lang.tr("states.yes")) } @else { (lang.tr("states.no")) } }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// What the map counts, in words: "peer respites" (or "peer respite" for one),
/// "crisis alternatives per million residents".
fn unit(lang: Lang, kind: Option<ServiceKind>, measure: Measure, one: bool) -> String {
    let what = match (kind, one && measure == Measure::Count) {
        (Some(kind), true) => parts::lower_first(labels::kind(lang, kind)),
        (Some(kind), false) => labels::kind_plural(lang, kind).to_string(),
        (None, true) => lang.tr("states.unit_one").to_string(),
        (None, false) => lang.tr("states.unit").to_string(),
    };
    match measure {
        Measure::Count => what,
        Measure::PerMillion => lang.trf("states.per_million_unit", &[("what", &what)]),
    }
}

fn us_map(view: &StatesView) -> Markup {
    let ctx = view.ctx;
    let lang = ctx.lang;
    let values: Vec<f64> = view
        .summaries
        .iter()
        .map(|s| value(s, view.kind, view.measure))
        .collect();
    let max = values.iter().copied().fold(0.0, f64::max);
    let thresholds = bins(max);
    html! {
        figure.map {
            svg viewBox=(US_VIEWBOX) role="group" aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg" {
                title #map-title { (lang.trf("states.map_title", &[("unit", &unit(lang, view.kind, view.measure, false))])) }
                @for path in view.map {
                    @let summary = view.summaries.iter().find(|s| s.code == path.code);
                    @let v = summary.map_or(0.0, |s| value(s, view.kind, view.measure));
                    @let label = format!("{}: {} {}", state_name(view.geo, lang, &path.code), format_value(v, view.measure), unit(lang, view.kind, view.measure, v == 1.0));
                    a href=(ctx.href(&format!("/states/{}", path.code))) aria-label=(label) {
                        path d=(path.d) fill=(BIN_COLOURS[bin_of(v, &thresholds)]) stroke="#555" stroke-width="0.6" {
                            title { (label) }
                        }
                    }
                }
            }
            figcaption {
                (lang.tr("states.legend")) " "
                ul.legend {
                    li { span.swatch.bin0 {} (lang.tr("states.none_listed")) }
                    @if max > 0.0 {
                        @for bin in 1..=4 {
                            @let low = if bin == 1 { 0.0 } else { thresholds[bin - 2] };
                            @let high = if bin == 4 { max } else { thresholds[bin - 1] };
                            li { span class={ "swatch bin" (bin) } {} (lang.trf("states.bin", &[("low", &format_value(low, view.measure)), ("high", &format_value(high, view.measure))])) }
                        }
                    }
                }
                (lang.tr("states.same_numbers"))
            }
        }
    }
}

/// Kinds whose absence is worth stating as a gap.
const GAP_KINDS: [ServiceKind; 5] = [
    ServiceKind::PeerRespite,
    ServiceKind::Warmline,
    ServiceKind::MobileTeam,
    ServiceKind::CrisisStabilization,
    ServiceKind::LivingRoom,
];

pub struct StateView<'a> {
    pub summary: &'a StateSummary,
    pub programs: &'a [Program],
    /// Statewide programs of other home states and national lines that serve it.
    pub serving: &'a [Program],
    /// The national lists the directory is reconciled against.
    pub lists: &'a [AnchorList],
    /// What a search for each checked kind found in this state, and when.
    pub checks: &'a [StateCheck],
    /// Program names by id, for the checks' links.
    pub names: &'a std::collections::HashMap<String, String>,
    /// The state's counties and what serves each, in FIPS order.
    pub counties: &'a [crate::coverage::CountyCoverage],
    /// When the data in service was built (YYYY-MM-DD).
    pub data_date: &'a str,
}

/// "Peerway lists 3 of the 4 programs that NEC's Directory of Peer Respites (July
/// 2026) lists in Nebraska", and per checked kind what was found or searched.
fn coverage(ctx: &PageContext, view: &StateView, state_name: &str) -> Markup {
    let lang = ctx.lang;
    let s = view.summary;
    let kind_label = |kind: &str| -> String {
        match kind {
            "warmline" => lang.tr("states.check_warmline").to_string(),
            "peer_respite" => lang.tr("states.check_peer_respite").to_string(),
            "mobile_crisis" => lang.tr("states.check_mobile_crisis").to_string(),
            other => other.to_string(),
        }
    };
    html! {
        @if !view.checks.is_empty() || view.lists.iter().any(|l| l.by_state.contains_key(&s.code)) {
            h2 { (lang.tr("states.what_we_checked")) }
            ul {
                @for list in view.lists {
                    @if let Some((listed, total)) = list.by_state.get(&s.code) {
                        @let name = lang.trf("states.list_name", &[("publisher", &list.publisher), ("title", &list.title)]);
                        @let link = html! { a href=(list.url) rel="noreferrer" { (name) } };
                        li {
                            @if *total == 1 {
                                (lang.trm("states.lists_one", &[("listed", html! { (listed) }), ("list", link), ("dated", html! { (list.dated) }), ("state", html! { (state_name) })]))
                            } @else {
                                (lang.trm("states.lists_many", &[("listed", html! { (listed) }), ("total", html! { (total) }), ("list", link), ("dated", html! { (list.dated) }), ("state", html! { (state_name) })]))
                            }
                        }
                    }
                }
            }
            @if !view.checks.is_empty() {
                table.checks {
                    caption { (lang.trf("states.searched_for_in", &[("state", &state_name)])) }
                    thead { tr { th scope="col" { (lang.tr("states.kind")) } th scope="col" { (lang.tr("states.finding")) } th scope="col" { (lang.tr("states.checked")) } } }
                    tbody {
                        @for check in view.checks {
                            tr {
                                th scope="row" { (kind_label(&check.kind)) }
                                td {
                                    @if check.found.is_empty() {
                                        (lang.tr("states.none_found")) " " span lang="en" { (check.searched) }
                                    } @else {
                                        @for (i, id) in check.found.iter().enumerate() {
                                            @if i > 0 { ", " }
                                            a href=(ctx.href(&format!("/programs/{id}"))) { (view.names.get(id.as_str()).map_or(id.as_str(), String::as_str)) }
                                        }
                                    }
                                }
                                td { (check.checked) }
                            }
                        }
                    }
                }
                p.meta { (lang.tr("states.desk_review_note")) }
            }
        }
    }
}

pub fn render_state(ctx: &PageContext, geo: &Geo, view: &StateView) -> Markup {
    let lang = ctx.lang;
    let s = view.summary;
    let name = state_name(geo, lang, &s.code);
    let gaps: Vec<ServiceKind> = GAP_KINDS
        .into_iter()
        .filter(|k| s.count(Some(*k)) == 0)
        .collect();
    layout(
        ctx,
        &name,
        html! {
            p { a href=(ctx.href("/states")) { (lang.tr("states.all_states")) } }
            h1 { (lang.trf("states.in_state", &[("state", &name)])) }
            p {
                (lang.trm("states.state_intro", &[
                    ("programs", html! { (lang.trn("states.programs_are", s.total as u64, &[])) }),
                    ("state", html! { (name) }),
                    ("peer_run", html! { (s.peer_run) }),
                    ("known", html! { (s.role_known) }),
                    ("rate", rate(lang, s.per_million(None), s.total)),
                    ("population", html! { (grouped(s.population_2020)) }),
                ]))
                " "
                a href={ (ctx.href("/search")) "?state=" (s.code) } { (lang.trf("states.search_within", &[("state", &name)])) }
            }
            (data_note(lang, view.data_date))
            @if !gaps.is_empty() || s.peer_run == 0 || !s.has_statewide_warmline() {
                h2 { (lang.tr("states.not_listed_heading")) }
                ul {
                    @for kind in &gaps {
                        li { (labels::kind_none_listed(lang, *kind)) }
                    }
                    @if s.peer_run == 0 { li { (lang.tr("states.no_peer_run")) } }
                    @if !s.has_statewide_warmline() { li { (lang.tr("states.no_statewide_warmline")) } }
                }
                p.meta { (lang.tr("states.listed_means")) }
            }
            (coverage(ctx, view, &name))
            (state_map(geo, lang, view, &name))
            (super::counties::state_section(ctx, geo, &s.code, &name, view.counties))
            @for kind in ServiceKind::ALL {
                @let of_kind: Vec<&Program> = view.programs.iter().filter(|p| p.kind == kind).collect();
                @if !of_kind.is_empty() {
                    h2 { (labels::kind(lang, kind)) " (" (of_kind.len()) ")" }
                    ul {
                        @for program in of_kind {
                            li {
                                a href=(ctx.href(&format!("/programs/{}", program.id))) { (program.name) }
                                " — " (parts::place_label(lang, program))
                                @if program.peer_role == crate::model::PeerRole::PeerRun { " · " span.badge.peer { (labels::peer_role(lang, program.peer_role)) } }
                            }
                        }
                    }
                }
            }
            @if !view.serving.is_empty() {
                h2 { (lang.trf("states.lines_serving", &[("state", &name)])) }
                ul {
                    @for program in view.serving {
                        li {
                            a href=(ctx.href(&format!("/programs/{}", program.id))) { (program.name) }
                            " — " (parts::reach(geo, lang, program, None, true))
                        }
                    }
                }
            }
        },
    )
}

/// The state outline with a dot per program known to city level or better.
fn state_map(geo: &Geo, lang: Lang, view: &StateView, name: &str) -> Markup {
    const WIDTH: f64 = 360.0;
    const HEIGHT: f64 = 240.0;
    let Some(outline) = geo.shapes.outline(&view.summary.code) else {
        return html! {};
    };
    let Some(projection) = StateProjection::fit(outline, WIDTH, HEIGHT) else {
        return html! {};
    };
    let d = path_data(outline, |c| projection.project(c.x, c.y));
    let points: Vec<(&Program, geo::Coord<f64>)> = view
        .programs
        .iter()
        .filter_map(|p| {
            let l = p.location?;
            (l.precision != crate::model::Precision::State)
                .then(|| (p, projection.project(l.lon, l.lat)))
        })
        .collect();
    html! {
        figure.map.state-map {
            svg viewBox={ "-5 -5 " (WIDTH + 10.0) " " (HEIGHT + 10.0) } role="img" aria-labelledby="state-map-title" xmlns="http://www.w3.org/2000/svg" {
                title #state-map-title { (lang.trf("states.state_map_title", &[("state", &name), ("count", &points.len())])) }
                path d=(d) fill="#f2f2f2" stroke="#555" stroke-width="1" {}
                @for (program, point) in &points {
                    circle cx=(format!("{:.1}", point.x)) cy=(format!("{:.1}", point.y)) r="4" fill="#08306b" stroke="#fff" stroke-width="1" {
                        title { (program.name) }
                    }
                }
            }
            figcaption { (lang.tr("states.state_map_caption")) }
        }
    }
}
