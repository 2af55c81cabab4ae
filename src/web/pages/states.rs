//! For policymakers: every state's programs by kind, a choropleth map drawn on the
//! server, one page per state with its gaps stated plainly.

use maud::{html, Markup};

use super::{layout, parts};
use crate::geo::map::{path_data, StatePath, StateProjection, US_VIEWBOX};
use crate::model::{Program, ServiceKind};
use crate::seed::reconcile::{AnchorList, StateCheck};
use crate::stats::StateSummary;
use crate::web::links::with_query;
use crate::web::AppState;

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
fn rate(per_million: f64, programs: usize) -> Markup {
    html! {
        (format!("{per_million:.2}"))
        @if programs > 0 && programs < SMALL_NUMBERS { " " span.small-n { "small numbers" } }
    }
}

/// Where the numbers come from and what they do not say, on every state page.
fn data_note(data_date: &str) -> Markup {
    html! {
        p.meta.data-note {
            "Data as of " (data_date) ": desk review of published pages (program sites, state "
            "directories, national lists, news), each listing with its sources and dates. Counts "
            "describe this directory, not every program in a state: a kind not listed may still "
            "exist — see what was checked on each state's page. Rates from fewer than "
            (SMALL_NUMBERS) " programs are marked “small numbers”."
        }
    }
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

fn states_url(kind: Option<ServiceKind>, measure: Measure, sort: Option<(&str, bool)>) -> String {
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
    with_query("/states", &pairs)
}

/// The sortable columns: key, header, and the value sorted by.
fn columns() -> Vec<(String, String)> {
    let mut columns = vec![
        ("state".to_string(), "State".to_string()),
        ("total".to_string(), "All programs".to_string()),
    ];
    columns.extend(
        ServiceKind::ALL
            .iter()
            .map(|k| (k.slug().to_string(), k.label().to_string())),
    );
    columns.push(("peer_run_share".into(), "Peer-run share".into()));
    columns.push(("per_million".into(), "Per million residents".into()));
    columns.push(("statewide_warmline".into(), "Statewide warmline".into()));
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
    columns().iter().any(|(key, _)| key == column)
}

pub fn render(view: &StatesView) -> Markup {
    let mut rows: Vec<&StateSummary> = view.summaries.iter().collect();
    let column = view.sort.column.as_str();
    if column == "state" {
        rows.sort_by(|a, b| a.name.cmp(&b.name));
    } else {
        rows.sort_by(|a, b| {
            sort_key(a, column)
                .total_cmp(&sort_key(b, column))
                .then(a.name.cmp(&b.name))
        });
    }
    if view.sort.descending {
        rows.reverse();
    }
    let what = view.kind.map_or("crisis alternatives".to_string(), |k| {
        format!("{}s", k.label().to_lowercase())
    });
    layout(
        "Programs by state",
        html! {
            h1 { "Crisis alternatives by state" }
            p {
                "Which states have which alternatives to hospitalization, and where the gaps are. "
                "Counts are programs located in each state; " (view.national_lines) " national lines serve every state and are not counted in any. "
                "Rates use the 2020 Census resident population."
            }
            (data_note(view.data_date))
            form.search method="get" action="/states" {
                div {
                    label for="map-kind" { "Kind" }
                    select #map-kind name="kind" {
                        option value="" selected[view.kind.is_none()] { "All kinds" }
                        @for kind in ServiceKind::ALL {
                            option value=(kind.slug()) selected[view.kind == Some(kind)] { (kind.label()) }
                        }
                    }
                }
                div {
                    label for="map-measure" { "Measure" }
                    select #map-measure name="measure" {
                        option value="count" selected[view.measure == Measure::Count] { "Number of programs" }
                        option value="per_million" selected[view.measure == Measure::PerMillion] { "Per million residents" }
                    }
                }
                div { button type="submit" { "Show" } }
            }
            (us_map(view, &what))
            p {
                a href="/states.csv" download { "Download this table (CSV)" }
                " · "
                a href="/export.csv" download { "Download every program (CSV)" }
                " · "
                a href="/export.geojson" download { "GeoJSON" }
                " · "
                a href="/export.json" download { "JSON" }
            }
            h2 #table-heading { "Programs by state and kind" }
            div.table-scroll.states-table tabindex="0" role="region" aria-labelledby="table-heading" {
                table {
                    caption { "Select a column heading to sort by it." }
                    thead { tr {
                        @for (key, header) in columns() {
                            @let active = key == view.sort.column;
                            @let next_descending = if active { !view.sort.descending } else { key != "state" };
                            th scope="col" aria-sort=[active.then_some(if view.sort.descending { "descending" } else { "ascending" })] {
                                a href=(states_url(view.kind, view.measure, Some((&key, next_descending)))) { (header.replace("arm", "arm\u{ad}")) }
                            }
                        }
                    } }
                    tbody {
                        @for s in &rows {
                            tr {
                                th scope="row" { a href={ "/states/" (s.code) } { (s.name) } }
                                td { (s.total) }
                                @for kind in ServiceKind::ALL { td { (s.count(Some(kind))) } }
                                td.wrap {
                                    (s.peer_run_share().map_or("—".to_string(), |x| format!("{:.0}%", x * 100.0)))
                                    @if s.role_known > 0 { " " span.meta { "(" (s.peer_run) " of " (s.role_known) " known)" } }
                                }
                                td.wrap { (rate(s.per_million(None), s.total)) }
                                td { @if s.has_statewide_warmline() { "Yes" } @else { "No" } }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// "1 peer respite", not "1 peer respites" (rates stay plural: "1.00 … per million").
fn singular_if_one(unit: &str, value: f64, measure: Measure) -> String {
    if measure == Measure::Count && value == 1.0 {
        unit.strip_suffix('s').unwrap_or(unit).to_string()
    } else {
        unit.to_string()
    }
}

fn us_map(view: &StatesView, what: &str) -> Markup {
    let values: Vec<f64> = view
        .summaries
        .iter()
        .map(|s| value(s, view.kind, view.measure))
        .collect();
    let max = values.iter().copied().fold(0.0, f64::max);
    let thresholds = bins(max);
    let unit = match view.measure {
        Measure::Count => what.to_string(),
        Measure::PerMillion => format!("{what} per million residents"),
    };
    html! {
        figure.map {
            svg viewBox=(US_VIEWBOX) role="group" aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg" {
                title #map-title { "Map of " (unit) " by state" }
                @for path in view.map {
                    @let summary = view.summaries.iter().find(|s| s.code == path.code);
                    @let v = summary.map_or(0.0, |s| value(s, view.kind, view.measure));
                    @let label = format!("{}: {} {}", path.name, format_value(v, view.measure), singular_if_one(&unit, v, view.measure));
                    a href={ "/states/" (path.code) } aria-label=(label) {
                        path d=(path.d) fill=(BIN_COLOURS[bin_of(v, &thresholds)]) stroke="#555" stroke-width="0.6" {
                            title { (label) }
                        }
                    }
                }
            }
            figcaption {
                "Legend: "
                ul.legend {
                    li { span.swatch.bin0 {} "none listed" }
                    @if max > 0.0 {
                        @for bin in 1..=4 {
                            @let low = if bin == 1 { 0.0 } else { thresholds[bin - 2] };
                            @let high = if bin == 4 { max } else { thresholds[bin - 1] };
                            li { span class={ "swatch bin" (bin) } {} "more than " (format_value(low, view.measure)) " up to " (format_value(high, view.measure)) }
                        }
                    }
                }
                "The table below holds the same numbers."
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
    pub names: &'a std::collections::HashMap<&'a str, &'a str>,
    /// The state's counties and what serves each, in FIPS order.
    pub counties: &'a [crate::coverage::CountyCoverage],
    /// When the data in service was built (YYYY-MM-DD).
    pub data_date: &'a str,
}

/// "Peerway lists 3 of the 4 programs that NEC's Directory of Peer Respites (July
/// 2026) lists in Nebraska", and per checked kind what was found or searched.
fn coverage(view: &StateView) -> Markup {
    let s = view.summary;
    fn kind_label(kind: &str) -> &str {
        match kind {
            "warmline" => "Statewide or regional warmline",
            "peer_respite" => "Peer respite",
            "mobile_crisis" => "Mobile crisis service",
            other => other,
        }
    }
    html! {
        @if !view.checks.is_empty() || view.lists.iter().any(|l| l.by_state.contains_key(&s.code)) {
            h2 { "What we checked" }
            ul {
                @for list in view.lists {
                    @if let Some((listed, total)) = list.by_state.get(&s.code) {
                        li {
                            "Peerway lists " (listed) " of the " (total) " "
                            (if *total == 1 { "program" } else { "programs" })
                            " that " a href=(list.url) rel="noreferrer" { (list.publisher) "’s " (list.title) }
                            " (" (list.dated) ") lists in " (s.name) "."
                        }
                    }
                }
            }
            @if !view.checks.is_empty() {
                table.checks {
                    caption { "Searched for in " (s.name) }
                    thead { tr { th scope="col" { "Kind" } th scope="col" { "Finding" } th scope="col" { "Checked" } } }
                    tbody {
                        @for check in view.checks {
                            tr {
                                th scope="row" { (kind_label(&check.kind)) }
                                td {
                                    @if check.found.is_empty() {
                                        "None found. Searched: " (check.searched)
                                    } @else {
                                        @for (i, id) in check.found.iter().enumerate() {
                                            @if i > 0 { ", " }
                                            a href={ "/programs/" (id) } { (view.names.get(id.as_str()).copied().unwrap_or(id.as_str())) }
                                        }
                                    }
                                }
                                td { (check.checked) }
                            }
                        }
                    }
                }
                p.meta { "A desk review of stored copies of public pages, not a survey: “none found” means we found none, not that none exists." }
            }
        }
    }
}

pub fn render_state(state: &AppState, view: &StateView) -> Markup {
    let s = view.summary;
    let gaps: Vec<ServiceKind> = GAP_KINDS
        .into_iter()
        .filter(|k| s.count(Some(*k)) == 0)
        .collect();
    layout(
        &s.name,
        html! {
            p { a href="/states" { "← All states" } }
            h1 { "Crisis alternatives in " (s.name) }
            p {
                (s.total) @if s.total == 1 { " program is" } @else { " programs are" } " listed in " (s.name) " ("
                (s.peer_run) " peer-run of " (s.role_known) " whose peer role is known; "
                (rate(s.per_million(None), s.total)) " per million residents, 2020 population "
                (grouped(s.population_2020)) "). "
                a href={ "/search?state=" (s.code) } { "Search within " (s.name) }
            }
            (data_note(view.data_date))
            @if !gaps.is_empty() || s.peer_run == 0 || !s.has_statewide_warmline() {
                h2 { "Not listed in this state" }
                ul {
                    @for kind in &gaps {
                        li { "No " (kind.label().to_lowercase()) " listed in this state." }
                    }
                    @if s.peer_run == 0 { li { "No peer-run program of any kind listed in this state." } }
                    @if !s.has_statewide_warmline() { li { "No statewide warmline listed for this state." } }
                }
                p.meta { "“Listed” means in this directory; a program we have not found yet may exist." }
            }
            (coverage(view))
            (state_map(state, view))
            (super::counties::state_section(&state.geo, &s.code, &s.name, view.counties))
            @for kind in ServiceKind::ALL {
                @let of_kind: Vec<&Program> = view.programs.iter().filter(|p| p.kind == kind).collect();
                @if !of_kind.is_empty() {
                    h2 { (kind.label()) " (" (of_kind.len()) ")" }
                    ul {
                        @for program in of_kind {
                            li {
                                a href={ "/programs/" (program.id) } { (program.name) }
                                " — " (program.place_label())
                                @if program.peer_role == crate::model::PeerRole::PeerRun { " · " span.badge.peer { "Peer-run" } }
                            }
                        }
                    }
                }
            }
            @if !view.serving.is_empty() {
                h2 { "Statewide and national lines that serve " (s.name) }
                ul {
                    @for program in view.serving {
                        li {
                            a href={ "/programs/" (program.id) } { (program.name) }
                            " — " (parts::reach(state, program, None, true))
                        }
                    }
                }
            }
        },
    )
}

/// The state outline with a dot per program known to city level or better.
fn state_map(state: &AppState, view: &StateView) -> Markup {
    const WIDTH: f64 = 360.0;
    const HEIGHT: f64 = 240.0;
    let Some(outline) = state.geo.shapes.outline(&view.summary.code) else {
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
                title #state-map-title { "Map of " (view.summary.name) " with " (points.len()) " programs marked" }
                path d=(d) fill="#f2f2f2" stroke="#555" stroke-width="1" {}
                @for (program, point) in &points {
                    circle cx=(format!("{:.1}", point.x)) cy=(format!("{:.1}", point.y)) r="4" fill="#08306b" stroke="#fff" stroke-width="1" {
                        title { (program.name) }
                    }
                }
            }
            figcaption { "Dots mark programs whose town or ZIP is known; the lists below name them all." }
        }
    }
}
