//! The results page: programs with one-tap contacts, the facet panel with counts,
//! active filters that can be removed, sorting and pagination — all plain links,
//! so the URL is the search and can be bookmarked or shared.

use maud::{html, Markup};

use super::{layout, parts, PageContext};
use crate::geo::Geo;
use crate::geo::PlaceKind;
use crate::index::request::MAX_RADIUS_KM;
use crate::index::{FacetDim, Hit, SearchParams, SearchRequest, SearchResults};
use crate::model::ServedCounty;
use crate::web::i18n::{labels, Lang};
use crate::web::links::with_query;

pub struct ResultsView<'a> {
    pub ctx: &'a PageContext,
    /// State names and places, for the words of a card.
    pub geo: &'a Geo,
    /// Some program's staff say beds are free now (the live listings).
    pub some_beds_free: bool,
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

impl ResultsView<'_> {
    fn lang(&self) -> Lang {
        self.ctx.lang
    }

    fn search_url(&self, params: &SearchParams) -> String {
        crate::web::links::search_url(self.lang(), params)
    }
}

pub fn render(view: &ResultsView) -> Markup {
    let lang = view.lang();
    let heading = heading(view);
    let searched = !view.request.text.is_empty() || view.request.place.is_some();
    // The page title names no query or place: it shows in history, tabs and shared
    // screens (Quick exit should leave no trace of what was looked for).
    layout(
        view.ctx,
        lang.tr("results.title"),
        html! {
            // Results first: on a phone the search is one line that opens the form.
            div.query-bar {
                h1.query { (heading) }
                details.change-search open[!searched] {
                    summary { @if searched { (lang.tr("results.change_search")) } @else { (lang.tr("results.search")) } }
                    (parts::search_form(view.ctx, view.params))
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
                    (beds_switch(view))
                    (active_filters(view))
                    @if view.results.hits.is_empty() {
                        (no_results(view))
                    } @else {
                        (parts::english_data_notice(lang))
                        form #referral-form method="get" action=(view.ctx.href("/referral")) {
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
                                button.secondary type="submit"
                                    data-selected=(lang.tr("results.referral_selected")) { (lang.tr("results.referral_make")) }
                            }
                        }
                        (pagination(view))
                    }
                    @if let Some(answer) = &view.results.answer {
                        (answer_block(view, answer))
                    }
                    p.meta { a href="#filters" { (lang.tr("results.filters_link")) } }
                }
                (facet_panel(view))
            }
        },
    )
}

/// With no place, a prompt for one: the nearest help needs a ZIP or town.
fn zip_prompt(view: &ResultsView) -> Markup {
    let lang = view.lang();
    html! {
        form.zip-prompt method="get" action=(view.ctx.href("/search")) role="search" aria-label=(lang.tr("results.add_place_label")) {
            label for="zip-near" { (lang.tr("results.add_place")) }
            div.inline {
                input #zip-near type="text" name="near" autocomplete="postal-code" placeholder=(lang.tr("results.add_place_placeholder"));
                @if let Some(q) = view.params.q.as_deref().filter(|q| !q.is_empty()) {
                    input type="hidden" name="q" value=(q);
                }
                @for (key, value) in &view.params.facets {
                    input type="hidden" name=(key) value=(value);
                }
                button type="submit" { (lang.tr("results.show")) }
            }
        }
    }
}

/// "Open now" as one tap at the top of the results, with how many are open.
fn open_now_switch(view: &ResultsView) -> Markup {
    use crate::index::document::facets::OPEN_NOW;
    let lang = view.lang();
    let on = view.params.has_facet(FacetDim::Open.key(), OPEN_NOW);
    let open = view.results.facets[FacetDim::Open.key()]
        .get(OPEN_NOW)
        .copied()
        .unwrap_or(0);
    html! {
        p.open-switch {
            a.chip href=(view.search_url(&view.params.toggled(FacetDim::Open.key(), OPEN_NOW)))
                aria-pressed=(if on { "true" } else { "false" }) role="button" {
                @if on { (lang.tr("results.open_now_on")) } @else { (lang.trf("results.open_now_off", &[("count", &open)])) }
            }
        }
    }
}

/// "Beds free now" as one tap: only programs whose staff say beds are free now.
/// Shown while at least one program has beds free.
fn beds_switch(view: &ResultsView) -> Markup {
    let lang = view.lang();
    let on = view.params.beds.as_deref() == Some("free");
    // Offered only while some program says it has beds free (never a dead end).
    if !on && !view.some_beds_free {
        return html! {};
    }
    let mut toggled = view.params.clone();
    toggled.beds = if on { None } else { Some("free".to_string()) };
    toggled.page = None;
    html! {
        p.open-switch {
            a.chip href=(view.search_url(&toggled))
                aria-pressed=(if on { "true" } else { "false" }) role="button" {
                @if on { (lang.tr("results.beds_free_on")) } @else { (lang.tr("results.beds_free_off")) }
            }
        }
    }
}

/// What the engine read into the words, and what it suggests instead.
fn understood(view: &ResultsView) -> Markup {
    let lang = view.lang();
    let request = view.request;
    html! {
        @if request.place_from_text {
            @if let Some(place) = &request.place {
                p.meta role="status" { (lang.trm("results.place_from_text", &[("place", html! { strong { (place_label(view, place)) } })])) }
            }
        }
        @if !request.place_suggestions.is_empty() {
            div.notice role="status" {
                (lang.tr("results.place_not_found")) " "
                @for (i, suggestion) in request.place_suggestions.iter().enumerate() {
                    @if i > 0 { " " (lang.tr("results.or")) " " }
                    @let params = SearchParams { q: Some(request.text.clone()), near: Some(suggestion.clone()), page: None, ..view.params.clone() };
                    a href=(view.search_url(&params)) { (suggestion) }
                }
                (lang.tr("results.question_end"))
            }
        }
        @if let Some(respelled) = &view.results.did_you_mean {
            @let params = SearchParams { q: Some(respelled.clone()), page: None, ..view.params.clone() };
            div.notice role="status" {
                (lang.trm("results.did_you_mean", &[("words", html! { a href=(view.search_url(&params)) { "“" (respelled) "”" } })]))
            }
        }
    }
}

/// A searched place as shown: a whole state by its name in the page's language.
fn place_label(view: &ResultsView, place: &crate::geo::SearchPlace) -> String {
    match (place.kind, place.state.as_deref()) {
        (PlaceKind::State, Some(code)) => parts::state_name(view.geo, view.lang(), code),
        _ => place.label.clone(),
    }
}

/// The answer to "what are the alternatives to hospitalizing people?": each model
/// with its count here and the nearest one.
fn answer_block(view: &ResultsView, answer: &[crate::index::ModelAnswer]) -> Markup {
    let lang = view.lang();
    let place = view.request.place.as_ref().map(|p| place_label(view, p));
    html! {
        section aria-labelledby="answer-heading" {
            h2 #answer-heading {
                @match &place {
                    Some(place) => { (lang.trf("results.answer_near", &[("place", place)])) }
                    None => { (lang.tr("results.answer")) }
                }
            }
            p { (lang.tr("results.answer_intro")) }
            ul {
                @for model in answer {
                    @let params = SearchParams { q: None, page: None, facets: vec![("kind".to_string(), model.kind.clone())], ..view.params.clone() };
                    @let label = labels::facet_value(lang, FacetDim::Kind, &model.kind);
                    li {
                        a href=(view.search_url(&params)) { (label) " (" (model.count) ")" }
                        @if let Some(nearest) = &model.nearest {
                            " — " (lang.tr("results.nearest")) " "
                            a href=(view.ctx.href(&format!("/programs/{}", nearest.id))) { (nearest.name) }
                            @if let Some(km) = nearest.distance_km { " (" (format!("{:.0}", (km / 1.609_344).max(1.0))) " mi)" }
                            @else if nearest.serves_your_area { " (" (lang.tr("results.serves_your_area")) ")" }
                        }
                    }
                }
            }
        }
    }
}

fn heading(view: &ResultsView) -> String {
    let lang = view.lang();
    let what = if view.request.text.is_empty() {
        lang.tr("results.crisis_alternatives").to_string()
    } else {
        format!("“{}”", view.request.text)
    };
    match &view.request.place {
        Some(place) if place.kind == PlaceKind::State => lang.trf(
            "results.heading_in",
            &[("what", &what), ("place", &place_label(view, place))],
        ),
        Some(place) => lang.trf(
            "results.heading_near",
            &[("what", &what), ("place", &place.label)],
        ),
        None => what,
    }
}

fn summary(view: &ResultsView) -> String {
    let lang = view.lang();
    let results = view.results;
    let count = lang.trn("results.programs", results.total as u64, &[]);
    let within = match (&view.request.place, results.radius_km) {
        (Some(place), Some(km)) => lang.trf(
            "results.within",
            &[
                ("miles", &format!("{:.0}", km / 1.609_344)),
                ("place", &place_label(view, place)),
            ],
        ),
        (Some(place), None) => lang.trf(
            "results.in_or_serving",
            &[("place", &place_label(view, place))],
        ),
        _ => String::new(),
    };
    let page = if results.total_pages() > 1 {
        lang.trf(
            "results.page_of",
            &[("page", &results.page), ("pages", &results.total_pages())],
        )
    } else {
        String::new()
    };
    format!("{count}{within}{page}")
}

/// "Peer role: Peer-run".
fn filter_label(view: &ResultsView, key: &str, value: &str) -> String {
    match FacetDim::from_key(key) {
        Some(dim) => format!(
            "{}: {}",
            labels::facet(view.lang(), dim),
            labels::facet_value(view.lang(), dim, value)
        ),
        None => value.to_string(),
    }
}

fn active_filters(view: &ResultsView) -> Markup {
    let lang = view.lang();
    html! {
        @if !view.params.facets.is_empty() {
            ul.chips aria-label=(lang.tr("results.active_filters")) {
                @for (key, value) in &view.params.facets {
                    @let label = filter_label(view, key, value);
                    li { a href=(view.search_url(&view.params.toggled(key, value))) aria-label=(lang.trf("results.remove_filter", &[("filter", &label)])) { (label) " ✕" } }
                }
            }
        }
    }
}

/// "Serves Hampshire and Franklin counties — not Suffolk County", in the page's
/// language (the search gives the English sentence).
fn outside_your_area(view: &ResultsView, hit: &Hit) -> Option<String> {
    let english = hit.outside_your_area.as_ref()?;
    match view.lang() {
        Lang::En => Some(english.clone()),
        Lang::Es => {
            let place = view.request.place.as_ref()?.county.as_ref()?;
            Some(spanish_counties_not_serving(
                &hit.program.area.counties,
                &place.label,
            ))
        }
    }
}

fn spanish_counties_not_serving(counties: &[ServedCounty], place_county: &str) -> String {
    let lang = Lang::Es;
    if counties.len() > 6 {
        return lang.trf(
            "results.serves_counties_many",
            &[("count", &counties.len()), ("place", &place_county)],
        );
    }
    let names: Vec<String> = counties.iter().map(|c| c.name.clone()).collect();
    lang.trf(
        "results.serves_counties",
        &[
            ("counties", &parts::and_list(lang, &names)),
            ("place", &place_county),
        ],
    )
}

fn hit_card(view: &ResultsView, hit: &Hit, pickable: bool) -> Markup {
    let lang = view.lang();
    let program = &hit.program;
    let back = view.search_url(view.params);
    let href = with_query(
        &view.ctx.href(&format!("/programs/{}", program.id)),
        &[("back".to_string(), back)],
    );
    html! {
        article {
            h3 { a href=(href) { (program.name) } }
            p.meta {
                (labels::kind(lang, program.kind))
                " · "
                (parts::reach(view.geo, lang, program, hit.distance_km, hit.serves_your_area))
            }
            @if let Some(outside) = outside_your_area(view, hit) {
                p.warning role="note" { (outside) }
            }
            (parts::status_warning(lang, program))
            (super::live::live_line(lang, program, view.now))
            (parts::contact_links(view.ctx, program))
            p.hours { (parts::hours_line_for(lang, &program.hours, view.now, view.viewer_zone.as_deref())) }
            p.meta.expect { (super::expect::short(lang, program.kind)) }
            @if program.peer_role != crate::model::PeerRole::Unknown {
                p.meta { (parts::peer_badge(lang, program.peer_role)) }
            }
            (parts::spanish_line(lang, program))
            (parts::eligibility_glance(lang, program))
            p.meta.evidence-line { (parts::evidence_summary(lang, program, view.now)) }
            // Calm by default: what a clinician checks is one tap away, or open in
            // the clinician view (`view=clinician`, kept in every link, no cookie).
            details.more open[view.params.clinician_view()] {
                summary { @if pickable { (lang.tr("results.sources_and_referral")) } @else { (lang.tr("results.sources")) } }
                p.meta {
                    span.evidence { (lang.tr("evidence.label")) " " (parts::evidence_line(lang, &program.sources)) ". " }
                    (parts::checked_line(lang, program)) ". " (lang.tr("results.sources_hosts")) " " (parts::source_hosts(program))
                }
                @if pickable {
                    // The label wraps its box: no id per card (20 cards × ~55 bytes).
                    p.pick {
                        label {
                            input type="checkbox" name="ids" value=(program.id);
                            " " (lang.tr("results.add_to_referral"))
                        }
                    }
                }
            }
        }
    }
}

fn pagination(view: &ResultsView) -> Markup {
    let lang = view.lang();
    let results = view.results;
    let page_url = |page: usize| {
        let mut params = view.params.clone();
        params.page = (page > 1).then(|| page.to_string());
        view.search_url(&params)
    };
    html! {
        @if results.total_pages() > 1 {
            nav.pages aria-label=(lang.tr("results.pages")) {
                @if results.page > 1 {
                    a href=(page_url(results.page - 1)) rel="prev" { (lang.tr("results.previous")) }
                }
                span { (lang.trf("results.page_n_of", &[("page", &results.page), ("pages", &results.total_pages())])) }
                @if results.page < results.total_pages() {
                    a href=(page_url(results.page + 1)) rel="next" { (lang.tr("results.next")) }
                }
            }
        }
    }
}

fn no_results(view: &ResultsView) -> Markup {
    let lang = view.lang();
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
            view.search_url(&params)
        });
    html! {
        div.notice role="status" {
            p { strong { (lang.tr("results.none")) } }
            ul {
                @if let Some(href) = widen {
                    li { a href=(href) { (lang.trf("results.twice_as_far", &[("miles", &format!("{:.0}", wider / 1.609_344))])) } }
                }
                @for (key, value) in &view.params.facets {
                    @let label = FacetDim::from_key(key).map_or(value.clone(), |d| labels::facet_value(lang, d, value));
                    li { a href=(view.search_url(&view.params.toggled(key, value))) { (lang.trf("results.drop_filter", &[("filter", &label)])) } }
                }
                @if !request.text.is_empty() {
                    @let params = SearchParams { q: None, page: None, ..view.params.clone() };
                    li { a href=(view.search_url(&params)) { (lang.trf("results.without_words", &[("words", &request.text)])) } }
                }
            }
        }
        @if !view.serving_lines.is_empty() {
            @let place = view.request.place.as_ref().map_or(lang.tr("results.this_place").to_string(), |p| place_label(view, p));
            h2 { (lang.trf("results.serves_anyway", &[("place", &place)])) }
            p.meta { (lang.tr("results.serves_anyway_intro")) }
            (parts::english_data_notice(lang))
            ol.hits {
                @for hit in view.serving_lines {
                    li.hit { (hit_card(view, hit, false)) }
                }
            }
        }
        p { (lang.tr("results.danger")) }
    }
}

fn facet_panel(view: &ResultsView) -> Markup {
    let lang = view.lang();
    html! {
        aside.facets #filters aria-labelledby="filters-heading" {
            h2 #filters-heading { (lang.tr("results.filters")) }
            @for dim in FacetDim::ALL {
                @let counts = &view.results.facets[dim.key()];
                @let chosen: Vec<&(String, String)> = view.params.facets.iter().filter(|(k, _)| k == dim.key()).collect();
                @if !counts.is_empty() || !chosen.is_empty() {
                    details open[!chosen.is_empty() || dim == FacetDim::Kind || (dim == FacetDim::Languages && lang == Lang::Es)] {
                        summary { (labels::facet(lang, dim)) }
                        ul {
                            @for (value, count) in facet_values(dim, counts, &chosen) {
                                @let selected = view.params.has_facet(dim.key(), &value);
                                li {
                                    a href=(view.search_url(&view.params.toggled(dim.key(), &value)))
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
        FacetDim::State if value == "US" => labels::facet_value(view.lang(), dim, value),
        FacetDim::State => parts::state_name(view.geo, view.lang(), value),
        _ => labels::facet_value(view.lang(), dim, value),
    }
}
