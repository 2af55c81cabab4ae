//! County views for policymakers: the national county map for one kind of program
//! (`/counties`), and the county map and table of one state (on `/states/{code}`).
//! Maps are drawn on the server; the tables hold the same numbers for screen
//! readers and for copying.

use maud::{html, Markup};

use super::{layout, parts, PageContext};
use crate::coverage::{in_state, population_share, CountyCoverage, CountyShade};
use crate::geo::map::{path_data, CountyPath, StateProjection, COUNTY_VIEWBOX};
use crate::geo::Geo;
use crate::model::ServiceKind;
use crate::web::i18n::{labels, Lang};

/// What the national county map shows.
pub struct CountiesView<'a> {
    pub ctx: &'a PageContext,
    pub kind: ServiceKind,
    pub coverage: &'a [CountyCoverage],
    pub county_paths: &'a [CountyPath],
    pub state_borders: &'a [String],
    /// (code, name in the page's language) of every state, in code order.
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
    let ctx = view.ctx;
    let lang = ctx.lang;
    let label = labels::kind_with_article(lang, view.kind);
    let share = population_share(view.coverage, Some(view.kind));
    let served = view
        .coverage
        .iter()
        .filter(|c| c.count(Some(view.kind)) > 0)
        .count();
    layout(
        ctx,
        lang.tr("counties.title"),
        html! {
            h1 { (lang.trf("counties.heading", &[("kind", &label)])) }
            p {
                (lang.trm("counties.intro", &[
                    ("share", html! { strong { (format!("{:.1}%", share * 100.0)) } }),
                    ("served", html! { (served) }),
                    ("counties", html! { (view.coverage.len()) }),
                    ("kind", html! { (label) }),
                ]))
            }
            form.search method="get" action=(ctx.href("/counties")) {
                div {
                    label for="county-kind" { (lang.tr("states.kind")) }
                    select #county-kind name="kind" {
                        @for kind in ServiceKind::ALL {
                            option value=(kind.slug()) selected[view.kind == kind] { (labels::kind(lang, kind)) }
                        }
                    }
                }
                div { button type="submit" { (lang.tr("results.show")) } }
            }
            (national_map(view, label))
            p {
                a href="/counties.csv" download { (lang.tr("counties.download")) }
                " · " (lang.tr("counties.each_state"))
            }
            (state_table(view))
        },
    )
}

fn national_map(view: &CountiesView, label: &str) -> Markup {
    let ctx = view.ctx;
    let lang = ctx.lang;
    html! {
        figure.map.county-map {
            svg viewBox=(COUNTY_VIEWBOX) role="group" aria-labelledby="county-map-title" xmlns="http://www.w3.org/2000/svg" {
                title #county-map-title { (lang.trf("counties.map_title", &[("kind", &label)])) }
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
                                a href={ (ctx.href(&format!("/states/{code}"))) "#counties" } aria-label=(lang.trn("counties.state_counties", here.len() as u64, &[("state", name), ("class", &class_label(lang, class))])) {
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
                (lang.tr("states.legend")) " "
                ul.legend {
                    li { span.swatch.cy {} (lang.tr("counties.legend_named")) }
                    li { span.swatch.cs {} (lang.tr("counties.class_statewide")) }
                    li { span.swatch.cn {} (lang.tr("states.none_listed")) }
                }
                (lang.tr("counties.map_caption"))
            }
        }
    }
}

fn class_label(lang: Lang, class: &str) -> &'static str {
    match class {
        "y" => lang.tr("counties.class_named"),
        "s" => lang.tr("counties.class_statewide"),
        _ => lang.tr("states.none_listed"),
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
    let ctx = view.ctx;
    let lang = ctx.lang;
    html! {
        h2 #county-table-heading { (lang.tr("counties.table_heading")) }
        div.table-scroll tabindex="0" role="region" aria-labelledby="county-table-heading" {
            table {
                thead { tr {
                    th scope="col" { (lang.tr("states.col_state")) }
                    th scope="col" { (lang.tr("counties.col_counties")) }
                    th scope="col" { (lang.trf("counties.col_served_by", &[("kind", &labels::kind_with_article(lang, view.kind))])) }
                    th scope="col" { (lang.tr("counties.col_residents")) }
                } }
                tbody {
                    @for (code, name) in &view.states {
                        @let counties = in_state(view.coverage, code);
                        @let served = counties.iter().filter(|c| c.count(Some(view.kind)) > 0).count();
                        tr {
                            th scope="row" { a href={ (ctx.href(&format!("/states/{code}"))) "#counties" } { (name) } }
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
pub fn state_section(
    ctx: &PageContext,
    geo: &Geo,
    code: &str,
    name: &str,
    counties: &[CountyCoverage],
) -> Markup {
    let lang = ctx.lang;
    const WIDTH: f64 = 360.0;
    const HEIGHT: f64 = 240.0;
    let projection = geo
        .shapes
        .outline(code)
        .and_then(|outline| StateProjection::fit(outline, WIDTH, HEIGHT));
    html! {
        h2 #counties { (lang.tr("counties.heading_state")) }
        p { (lang.tr("counties.state_intro")) }
        @if let Some(projection) = projection {
            figure.map.state-map {
                svg viewBox={ "-5 -5 " (WIDTH + 10.0) " " (HEIGHT + 10.0) } role="group" aria-labelledby="county-state-map-title" xmlns="http://www.w3.org/2000/svg" {
                    title #county-state-map-title { (lang.trf("counties.state_map_title", &[("state", &name)])) }
                    @for county in counties {
                        @if let Some(shape) = geo.counties.outline(county.fips.parse().unwrap_or(0)) {
                            @let shade = parts::lower_first(labels::county_shade(lang, county.shade()));
                            a href={ "#c" (county.fips) } aria-label={ (county.name) ": " (shade) } {
                                path class={ "k " (county.shade().slug()) } d=(path_data(shape, |c| projection.project(c.x, c.y))) {
                                    title { (county.name) ": " (shade) }
                                }
                            }
                        }
                    }
                }
                figcaption {
                    (lang.tr("states.legend")) " "
                    ul.legend {
                        @for shade in CountyShade::ALL {
                            li { span class={ "swatch k " (shade.slug()) } {} (labels::county_shade(lang, shade)) }
                        }
                    }
                    (lang.tr("counties.same_information"))
                }
            }
        }
        div.table-scroll tabindex="0" role="region" aria-labelledby="counties" {
            table {
                thead { tr {
                    th scope="col" { (lang.tr("counties.col_county")) }
                    th scope="col" { (lang.tr("counties.col_population")) }
                    th scope="col" { (lang.tr("counties.col_serving")) }
                    th scope="col" { (lang.tr("counties.col_naming")) }
                    th scope="col" { (lang.tr("counties.col_mobile")) }
                    th scope="col" { (labels::peer_role(lang, crate::model::PeerRole::PeerRun)) }
                    th scope="col" { (lang.tr("counties.col_per_100k")) }
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
