//! County views for policymakers: the national county map for one kind of program
//! (`/counties`), and the county map and table of one state (on `/states/{code}`).
//! Maps are drawn on the server; the tables hold the same numbers for screen
//! readers and for copying.

use maud::{html, Markup};

use super::layout;
use crate::coverage::{in_state, population_share, CountyCoverage, CountyShade};
use crate::geo::map::{path_data, CountyPath, StateProjection, COUNTY_VIEWBOX};
use crate::geo::Geo;
use crate::model::ServiceKind;

/// What the national county map shows.
pub struct CountiesView<'a> {
    pub kind: ServiceKind,
    pub coverage: &'a [CountyCoverage],
    pub county_paths: &'a [CountyPath],
    pub state_borders: &'a [String],
    /// (code, name) of every state, in code order.
    pub states: Vec<(String, String)>,
}

/// How a county relates to the chosen kind on the national map.
fn national_class(county: &CountyCoverage, kind: ServiceKind) -> &'static str {
    let listing = county.by_kind.get(kind.slug()).copied().unwrap_or(0);
    let statewide_only = listing > 0 && county.listing.is_empty() && !county.statewide.is_empty();
    match (listing, statewide_only) {
        (0, _) => "n",
        (_, true) => "s",
        _ => "y",
    }
}

pub fn render_national(view: &CountiesView) -> Markup {
    let label = view.kind.label().to_lowercase();
    let share = population_share(view.coverage, Some(view.kind));
    let served = view
        .coverage
        .iter()
        .filter(|c| c.count(Some(view.kind)) > 0)
        .count();
    layout(
        "Counties served",
        html! {
            h1 { "Counties served by a " (label) }
            p {
                strong { (format!("{:.1}%", share * 100.0)) }
                " of the US population (2020 estimates) lives in one of the " (served) " of "
                (view.coverage.len()) " counties where a " (label) " is listed: a program that names the county "
                "among those it serves, or a statewide one. National lines serve every county and are not counted; "
                "local programs whose counties are not known are not counted either, so a county shown as "
                "“none listed” may still be served."
            }
            form.search method="get" action="/counties" {
                div {
                    label for="county-kind" { "Kind" }
                    select #county-kind name="kind" {
                        @for kind in ServiceKind::ALL {
                            option value=(kind.slug()) selected[view.kind == kind] { (kind.label()) }
                        }
                    }
                }
                div { button type="submit" { "Show" } }
            }
            (national_map(view, &label))
            p {
                a href="/counties.csv" download { "Download every county (CSV)" }
                " · each state's page has its counties in a table."
            }
            (state_table(view))
        },
    )
}

fn national_map(view: &CountiesView, label: &str) -> Markup {
    html! {
        figure.map.county-map {
            svg viewBox=(COUNTY_VIEWBOX) role="group" aria-labelledby="county-map-title" xmlns="http://www.w3.org/2000/svg" {
                title #county-map-title { "Map of the counties where a " (label) " is listed" }
                // Grouped by class, then by state, so a county's path carries neither a
                // class nor a link of its own (3,220 of each would double the page): each
                // county is inside its state's link to that state's county table.
                @for class in ["y", "s", "n"] {
                    g class=(class) {
                        @for (code, name) in &view.states {
                            @let here: Vec<(&CountyPath, &CountyCoverage)> = in_state(view.coverage, code).iter()
                                .filter(|c| national_class(c, view.kind) == class)
                                .filter_map(|c| county_path(view.county_paths, c).map(|p| (p, c)))
                                .collect();
                            @if !here.is_empty() {
                                a href={ "/states/" (code) "#counties" } aria-label={ (name) ": " (here.len()) " counties, " (class_label(class)) } {
                                    @for (path, county) in here {
                                        path d=(path.d) {
                                            title { (county.short_name) ", " (code) ": " (county.count(Some(view.kind))) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                path.st d=(view.state_borders.concat()) {}
            }
            figcaption {
                "Legend: "
                ul.legend {
                    li { span.swatch.cy {} "a program names the county" }
                    li { span.swatch.cs {} "a statewide program only" }
                    li { span.swatch.cn {} "none listed" }
                }
                "Each county links to its state's county table. A county's number is the count of programs of this kind serving it."
            }
        }
    }
}

fn class_label(class: &str) -> &'static str {
    match class {
        "y" => "a program names them",
        "s" => "a statewide program only",
        _ => "none listed",
    }
}

fn county_path<'a>(paths: &'a [CountyPath], county: &CountyCoverage) -> Option<&'a CountyPath> {
    let fips: u32 = county.fips.parse().ok()?;
    paths
        .binary_search_by_key(&fips, |p| p.fips)
        .ok()
        .map(|i| &paths[i])
}

/// Per state: counties served by the kind, and the share of residents living in one.
fn state_table(view: &CountiesView) -> Markup {
    html! {
        h2 #county-table-heading { "Counties served, by state" }
        div.table-scroll tabindex="0" role="region" aria-labelledby="county-table-heading" {
            table {
                thead { tr {
                    th scope="col" { "State" }
                    th scope="col" { "Counties" }
                    th scope="col" { "Served by a " (view.kind.label().to_lowercase()) }
                    th scope="col" { "Residents in a served county" }
                } }
                tbody {
                    @for (code, name) in &view.states {
                        @let counties = in_state(view.coverage, code);
                        @let served = counties.iter().filter(|c| c.count(Some(view.kind)) > 0).count();
                        tr {
                            th scope="row" { a href={ "/states/" (code) "#counties" } { (name) } }
                            td { (counties.len()) }
                            td { (served) }
                            td { (format!("{:.0}%", population_share(counties, Some(view.kind)) * 100.0)) }
                        }
                    }
                }
            }
        }
    }
}

/// The county map and table of one state, for `/states/{code}`.
pub fn state_section(geo: &Geo, code: &str, name: &str, counties: &[CountyCoverage]) -> Markup {
    const WIDTH: f64 = 360.0;
    const HEIGHT: f64 = 240.0;
    let projection = geo
        .shapes
        .outline(code)
        .and_then(|outline| StateProjection::fit(outline, WIDTH, HEIGHT));
    html! {
        h2 #counties { "Counties" }
        p {
            "What serves each county: programs that name the county among those they serve, and statewide programs. "
            "Local programs whose counties are not known are not counted; national lines serve every county."
        }
        @if let Some(projection) = projection {
            figure.map.state-map {
                svg viewBox={ "-5 -5 " (WIDTH + 10.0) " " (HEIGHT + 10.0) } role="group" aria-labelledby="county-state-map-title" xmlns="http://www.w3.org/2000/svg" {
                    title #county-state-map-title { "Map of the counties of " (name) " by what serves them" }
                    @for county in counties {
                        @if let Some(shape) = geo.counties.outline(county.fips.parse().unwrap_or(0)) {
                            a href={ "#c" (county.fips) } aria-label={ (county.name) ": " (county.shade().label().to_lowercase()) } {
                                path class={ "k " (county.shade().slug()) } d=(path_data(shape, |c| projection.project(c.x, c.y))) {
                                    title { (county.name) ": " (county.shade().label().to_lowercase()) }
                                }
                            }
                        }
                    }
                }
                figcaption {
                    "Legend: "
                    ul.legend {
                        @for shade in CountyShade::ALL {
                            li { span class={ "swatch k " (shade.slug()) } {} (shade.label()) }
                        }
                    }
                    "The table below holds the same information."
                }
            }
        }
        div.table-scroll tabindex="0" role="region" aria-labelledby="counties" {
            table {
                thead { tr {
                    th scope="col" { "County" }
                    th scope="col" { "Population (2020)" }
                    th scope="col" { "Programs serving it" }
                    th scope="col" { "Naming the county" }
                    th scope="col" { "Mobile teams" }
                    th scope="col" { "Peer-run" }
                    th scope="col" { "Per 100,000" }
                } }
                tbody {
                    @for county in counties {
                        tr id={ "c" (county.fips) } {
                            th scope="row" { (county.name) }
                            td { (county.population.map_or("—".to_string(), |p| p.to_string())) }
                            td { (county.serving()) }
                            td { (county.listing.len()) }
                            td { (county.count(Some(ServiceKind::MobileTeam))) }
                            td { (county.peer_run) }
                            td { (county.per_100k().map_or("—".to_string(), |x| format!("{x:.2}"))) }
                        }
                    }
                }
            }
        }
    }
}
