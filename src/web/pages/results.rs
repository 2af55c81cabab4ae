//! The results page: programs with one-tap contacts, the facet panel with counts,
//! active filters that can be removed, sorting and pagination — all plain links,
//! so the URL is the search and can be bookmarked or shared.

use maud::{html, Markup};

use super::{layout, parts};
use crate::geo::PlaceKind;
use crate::index::params::MAX_RADIUS_KM;
use crate::index::{FacetDim, Hit, SearchParams, SearchRequest, SearchResults};
use crate::web::links::{search_url, with_query};
use crate::web::AppState;

pub struct ResultsView<'a> {
    pub state: &'a AppState,
    pub params: &'a SearchParams,
    pub request: &'a SearchRequest,
    pub results: &'a SearchResults,
    /// When nothing matched: the lines that serve the place, then the nearest peer
    /// respite and mobile crisis team.
    pub serving_lines: &'a [Hit],
    pub now: chrono::DateTime<chrono::Utc>,
    /// The searched place's time zone: opening times are also given in it.
    pub viewer_zone: Option<String>,
}

pub fn render(view: &ResultsView) -> Markup {
    let heading = heading(view);
    let searched = !view.request.text.is_empty() || view.request.place.is_some();
    // The page title names no query or place: it shows in history, tabs and shared
    // screens (Quick exit should leave no trace of what was looked for).
    layout(
        "Search results",
        html! {
            // Results first: on a phone the search is one line that opens the form.
            div.query-bar {
                h1.query { (heading) }
                details.change-search open[!searched] {
                    summary { @if searched { "Change search" } @else { "Search" } }
                    (parts::search_form(view.params))
                }
            }
            @if view.request.place.is_none() {
                (zip_prompt(view))
            }
            (understood(view))
            div.results-layout {
                section.results aria-labelledby="results-heading" {
                    p #results-heading .summary role="status" { (summary(view)) }
                    (open_now_switch(view))
                    (active_filters(view))
                    @if view.results.hits.is_empty() {
                        (no_results(view))
                    } @else {
                        form #referral-form method="get" action="/referral" {
                            // The list keeps the searched place, for distances on it.
                            @if let Some(near) = view.params.near.as_deref().filter(|n| !n.trim().is_empty()) {
                                input type="hidden" name="near" value=(near);
                            }
                            ol.hits {
                                @for hit in &view.results.hits {
                                    li.hit { (hit_card(view, hit, true)) }
                                }
                            }
                            div.referral-bar {
                                button.secondary type="submit" { "Make a referral list of the checked programs" }
                            }
                        }
                        (pagination(view))
                    }
                    @if let Some(answer) = &view.results.answer {
                        (answer_block(view, answer))
                    }
                    p.meta { a href="#filters" { "Filters: kind, open now, who it is for, cost…" } }
                }
                (facet_panel(view))
            }
        },
    )
}

/// With no place, a prompt for one: the nearest help needs a ZIP or town.
fn zip_prompt(view: &ResultsView) -> Markup {
    html! {
        form.zip-prompt method="get" action="/search" role="search" aria-label="Add your place" {
            label for="zip-near" { "Add your ZIP or town to see help near you" }
            div.inline {
                input #zip-near type="text" name="near" autocomplete="postal-code" placeholder="ZIP, or town and state";
                @if let Some(q) = view.params.q.as_deref().filter(|q| !q.is_empty()) {
                    input type="hidden" name="q" value=(q);
                }
                @for (key, value) in &view.params.facets {
                    input type="hidden" name=(key) value=(value);
                }
                button type="submit" { "Show" }
            }
        }
    }
}

/// "Open now" as one tap at the top of the results, with how many are open.
fn open_now_switch(view: &ResultsView) -> Markup {
    use crate::index::facets::OPEN_NOW;
    let on = view.params.has_facet(FacetDim::Open.key(), OPEN_NOW);
    let open = view.results.facets[FacetDim::Open.key()]
        .get(OPEN_NOW)
        .copied()
        .unwrap_or(0);
    html! {
        p.open-switch {
            a.chip href=(search_url(&view.params.toggled(FacetDim::Open.key(), OPEN_NOW)))
                aria-pressed=(if on { "true" } else { "false" }) role="button" {
                @if on { "✓ Open now only · show all" } @else { "Show open now only (" (open) ")" }
            }
        }
    }
}

/// What the engine read into the words, and what it suggests instead.
fn understood(view: &ResultsView) -> Markup {
    let request = view.request;
    html! {
        @if request.place_from_text {
            @if let Some(place) = &request.place {
                p.meta role="status" { "Showing programs near " strong { (place.label) } ", the place in your search." }
            }
        }
        @if !request.place_suggestions.is_empty() {
            div.notice role="status" {
                "We could not find that place. Did you mean "
                @for (i, suggestion) in request.place_suggestions.iter().enumerate() {
                    @if i > 0 { " or " }
                    @let params = SearchParams { q: Some(request.text.clone()), near: Some(suggestion.clone()), page: None, ..view.params.clone() };
                    a href=(search_url(&params)) { (suggestion) }
                }
                "?"
            }
        }
        @if let Some(respelled) = &view.results.did_you_mean {
            @let params = SearchParams { q: Some(respelled.clone()), page: None, ..view.params.clone() };
            div.notice role="status" { "Did you mean " a href=(search_url(&params)) { "“" (respelled) "”" } "?" }
        }
    }
}

/// The answer to "what are the alternatives to hospitalizing people?": each model
/// with its count here and the nearest one.
fn answer_block(view: &ResultsView, answer: &[crate::index::ModelAnswer]) -> Markup {
    let place = view.request.place.as_ref().map(|p| p.label.clone());
    html! {
        section aria-labelledby="answer-heading" {
            h2 #answer-heading { "Alternatives to hospitalization" @if let Some(place) = &place { " near " (place) } }
            p { "Instead of a hospital, people in crisis can turn to these — many run by people who have been there:" }
            ul {
                @for model in answer {
                    @let params = SearchParams { q: None, page: None, facets: vec![("kind".to_string(), model.kind.clone())], ..view.params.clone() };
                    li {
                        a href=(search_url(&params)) { (model.label) " (" (model.count) ")" }
                        @if let Some(nearest) = &model.nearest {
                            " — nearest: "
                            a href={ "/programs/" (nearest.id) } { (nearest.name) }
                            @if let Some(km) = nearest.distance_km { " (" (format!("{:.0}", (km / 1.609_344).max(1.0))) " mi)" }
                            @else if nearest.serves_your_area { " (serves your area)" }
                        }
                    }
                }
            }
        }
    }
}

fn heading(view: &ResultsView) -> String {
    let what = if view.request.text.is_empty() {
        "Crisis alternatives".to_string()
    } else {
        format!("“{}”", view.request.text)
    };
    match &view.request.place {
        Some(place) if place.kind == PlaceKind::State => format!("{what} in {}", place.label),
        Some(place) => format!("{what} near {}", place.label),
        None => what,
    }
}

fn summary(view: &ResultsView) -> String {
    let results = view.results;
    let count = match results.total {
        1 => "1 program".to_string(),
        n => format!("{n} programs"),
    };
    let within = match (&view.request.place, results.radius_km) {
        (Some(place), Some(km)) => format!(
            " within {:.0} miles of {}, and lines that serve it",
            km / 1.609_344,
            place.label
        ),
        (Some(place), None) => format!(" in or serving {}", place.label),
        _ => String::new(),
    };
    let page = if results.total_pages() > 1 {
        format!(" · page {} of {}", results.page, results.total_pages())
    } else {
        String::new()
    };
    format!("{count}{within}{page}")
}

fn active_filters(view: &ResultsView) -> Markup {
    html! {
        @if !view.params.facets.is_empty() {
            ul.chips aria-label="Active filters" {
                @for (key, value) in &view.params.facets {
                    @let dim = FacetDim::from_key(key);
                    @let label = dim.map_or(value.clone(), |d| format!("{}: {}", d.label(), d.value_label(value)));
                    li { a href=(search_url(&view.params.toggled(key, value))) aria-label={ "Remove filter " (label) } { (label) " ✕" } }
                }
            }
        }
    }
}

fn hit_card(view: &ResultsView, hit: &Hit, pickable: bool) -> Markup {
    let program = &hit.program;
    let back = search_url(view.params);
    let href = with_query(
        &format!("/programs/{}", program.id),
        &[("back".to_string(), back)],
    );
    html! {
        article {
            h3 { a href=(href) { (program.name) } }
            p.meta {
                (program.kind.label())
                " · "
                (parts::reach(view.state, program, hit.distance_km, hit.serves_your_area))
            }
            @if let Some(outside) = &hit.outside_your_area {
                p.warning role="note" { (outside) }
            }
            (parts::status_warning(program))
            (parts::contact_links(program))
            p.hours { (parts::hours_line_for(&program.hours, view.now, view.viewer_zone.as_deref())) }
            p.meta.expect { (super::expect::short(program.kind)) }
            @if program.peer_role != crate::model::PeerRole::Unknown {
                p.meta { (parts::peer_badge(program.peer_role)) }
            }
            (parts::eligibility_glance(program))
            p.meta.evidence-line { (parts::evidence_summary(program, view.now)) }
            // Calm by default: what a clinician checks is one tap away, or open in
            // the clinician view (`view=clinician`, kept in every link, no cookie).
            details.more open[view.params.clinician_view()] {
                summary { "Sources" @if pickable { " and referral list" } }
                p.meta {
                    span.evidence { "Evidence: " (crate::evidence::evidence_line(&program.sources)) ". " }
                    (parts::checked_line(program)) ". Sources: " (parts::source_hosts(program))
                }
                @if pickable {
                    p.pick {
                        input type="checkbox" name="ids" value=(program.id) id={ "pick-" (program.id) };
                        " "
                        label for={ "pick-" (program.id) } { "Add to referral list" }
                    }
                }
            }
        }
    }
}

fn pagination(view: &ResultsView) -> Markup {
    let results = view.results;
    let page_url = |page: usize| {
        let mut params = view.params.clone();
        params.page = (page > 1).then(|| page.to_string());
        search_url(&params)
    };
    html! {
        @if results.total_pages() > 1 {
            nav.pages aria-label="Pages" {
                @if results.page > 1 {
                    a href=(page_url(results.page - 1)) rel="prev" { "← Previous" }
                }
                span { "Page " (results.page) " of " (results.total_pages()) }
                @if results.page < results.total_pages() {
                    a href=(page_url(results.page + 1)) rel="next" { "Next →" }
                }
            }
        }
    }
}

fn no_results(view: &ResultsView) -> Markup {
    let request = view.request;
    let wider = request.radius_km * 2.0;
    let widen = (request
        .place
        .as_ref()
        .is_some_and(|p| p.kind != PlaceKind::State)
        && wider <= MAX_RADIUS_KM)
        .then(|| {
            let mut params = view.params.clone();
            params.radius = Some(format!("{:.0}mi", wider / 1.609_344));
            params.page = None;
            search_url(&params)
        });
    html! {
        div.notice role="status" {
            p { strong { "No programs match this search." } }
            ul {
                @if let Some(href) = widen {
                    li { a href=(href) { "Search twice as far (" (format!("{:.0}", wider / 1.609_344)) " miles)" } }
                }
                @for (key, value) in &view.params.facets {
                    @let label = FacetDim::from_key(key).map_or(value.clone(), |d| d.value_label(value));
                    li { a href=(search_url(&view.params.toggled(key, value))) { "Drop the filter “" (label) "”" } }
                }
                @if !request.text.is_empty() {
                    @let params = SearchParams { q: None, page: None, ..view.params.clone() };
                    li { a href=(search_url(&params)) { "Search without the words “" (request.text) "”" } }
                }
            }
        }
        @if !view.serving_lines.is_empty() {
            h2 { "What serves " (view.request.place.as_ref().map_or("this place".to_string(), |p| p.label.clone())) " anyway" }
            p.meta { "Nothing matched your words, so here are the lines that serve this place, then the nearest peer respite and mobile crisis team." }
            ol.hits {
                @for hit in view.serving_lines {
                    li.hit { (hit_card(view, hit, false)) }
                }
            }
        }
        p { "In danger now? Call 911. For a crisis counselor any time, call or text 988." }
    }
}

fn facet_panel(view: &ResultsView) -> Markup {
    html! {
        aside.facets #filters aria-labelledby="filters-heading" {
            h2 #filters-heading { "Filters" }
            @for dim in FacetDim::ALL {
                @let counts = &view.results.facets[dim.key()];
                @let chosen: Vec<&(String, String)> = view.params.facets.iter().filter(|(k, _)| k == dim.key()).collect();
                @if !counts.is_empty() || !chosen.is_empty() {
                    details open[!chosen.is_empty() || dim == FacetDim::Kind] {
                        summary { (dim.label()) }
                        ul {
                            @for (value, count) in facet_values(dim, counts, &chosen) {
                                @let selected = view.params.has_facet(dim.key(), &value);
                                li {
                                    a href=(search_url(&view.params.toggled(dim.key(), &value)))
                                        aria-current=[selected.then_some("true")] {
                                        @if selected { "✓ " }
                                        (facet_value_label(view, dim, &value)) " (" (count) ")"
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Values with counts, most common first; a chosen value with no matches is kept so
/// it can be removed.
fn facet_values(
    dim: FacetDim,
    counts: &std::collections::BTreeMap<String, u64>,
    chosen: &[&(String, String)],
) -> Vec<(String, u64)> {
    let mut values: Vec<(String, u64)> = counts.iter().map(|(v, c)| (v.clone(), *c)).collect();
    for (_, value) in chosen {
        if !counts.contains_key(value) {
            values.push((value.clone(), 0));
        }
    }
    if dim == FacetDim::State {
        values.sort_by(|a, b| a.0.cmp(&b.0));
    } else {
        values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    values
}

fn facet_value_label(view: &ResultsView, dim: FacetDim, value: &str) -> String {
    match dim {
        FacetDim::State if value == "US" => "National".to_string(),
        FacetDim::State => view.state.state_name(value),
        _ => dim.value_label(value),
    }
}
