//! Running a search: text + facet filters as a tantivy query, the geo part in a
//! collector, ranking, one page of hits, and disjunctive facet counts.

mod prefilter;
mod results;
mod text;

use tantivy::query::Query;

use crate::index::catalog::Catalog;
use crate::index::collector::geo::GeoFilter;
use crate::index::collector::rank::RankOrder;
use crate::index::collector::{FacetFilters, FacetedCollector};
use crate::index::document::facets::{default_statuses, FacetDim, OPEN_NOW};
use crate::index::query::driven::DrivenQuery;
use crate::index::request::{SearchRequest, SortOrder};
use crate::index::words::synonyms::Interpretation;
use crate::index::IndexError;
use crate::model::Program;
use prefilter::area_prefilter;
use results::load_hit;
pub use results::{Hit, ModelAnswer, NearestProgram, SearchResults};
use text::{match_query, ALL_SCORE};

/// Run `request` over the generation: one page of hits, the facet counts, and
/// "did you mean" when nothing matched.
pub fn search(catalog: &Catalog, request: &SearchRequest) -> Result<SearchResults, IndexError> {
    search_respelling(catalog, request, true)
}

/// The search; with `respell`, a search that finds nothing offers a respelling of
/// its words — only one that finds something here (never a dead end).
fn search_respelling(
    catalog: &Catalog,
    request: &SearchRequest,
    respell: bool,
) -> Result<SearchResults, IndexError> {
    let searcher = catalog.searcher();
    let base_geo = GeoFilter::new(
        request.place.as_ref(),
        request.radius_km,
        &catalog.meta().state_codes,
    )
    .serving_only(request.serving_place_only);
    let open_table = catalog.open_table(request.now);
    let open_now_wanted = request
        .filters
        .get(&FacetDim::Open)
        .is_some_and(|values| values.iter().any(|v| v == OPEN_NOW));
    let meaning = if request.text.is_empty() {
        Interpretation::default()
    } else {
        catalog.synonyms().interpret(&request.text)
    };
    // A cheap prefilter on indexed terms and point ranges narrows the documents
    // before the exact per-document test, and only its documents are scored.
    let prefilter = area_prefilter(catalog, &searcher, request)?;
    let text = match_query(catalog, &searcher, &meaning, prefilter.is_some())?;
    let text_query: Box<dyn Query> = match prefilter {
        Some(prefilter) => Box::new(DrivenQuery {
            driver: prefilter,
            words: text.words,
            lifts: text.lifts,
            base: ALL_SCORE,
        }),
        None => text.into_query(),
    };
    let text_query = restrict_to_ids(catalog, text_query, request);
    // One pass: the words' matches, filtered by place and facets per document.
    let start = (request.page - 1).saturating_mul(request.per_page);
    let filters = FacetFilters {
        chosen: FacetDim::ALL
            .iter()
            .map(|d| match request.filters.get(d) {
                Some(values) => values.clone(),
                // Closed programs leave search unless a status is asked for.
                None if *d == FacetDim::Status => default_statuses(),
                None => Vec::new(),
            })
            .collect(),
        open_now: open_now_wanted,
        open_table,
        language: request.language.clone(),
    };
    let fruit = searcher.search(
        text_query.as_ref(),
        &FacetedCollector {
            geo: base_geo,
            filters,
            order: RankOrder {
                by_distance: request.sort == SortOrder::Distance,
                nationals_last: request.place.is_some() && meaning.names_only_kinds,
            },
            limit: start.saturating_add(request.per_page).max(1),
            tables: catalog.segment_tables(),
        },
    )?;
    let total = fruit.top.total;
    let hits = fruit
        .top
        .hits
        .iter()
        .skip(start)
        .take(request.per_page)
        .map(|hit| load_hit(&searcher, catalog, hit, request.place.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let facets = fruit.counts;
    let did_you_mean = if respell && total == 0 && !request.text.is_empty() {
        respelled(catalog, &request.text)
            .map(|candidate| {
                let retry = SearchRequest {
                    text: candidate.clone(),
                    page: 1,
                    per_page: 1,
                    ..request.clone()
                };
                let found = search_respelling(catalog, &retry, false)?.total > 0;
                Ok::<_, IndexError>(found.then_some(candidate))
            })
            .transpose()?
            .flatten()
    } else {
        None
    };
    let answer = if meaning.answer {
        Some(answer_block(catalog, request)?)
    } else {
        None
    };
    Ok(SearchResults {
        did_you_mean,
        answer,
        total,
        page: request.page,
        per_page: request.per_page,
        place: request.place.clone(),
        radius_km: request
            .place
            .as_ref()
            .filter(|p| p.kind != crate::geo::PlaceKind::State)
            .map(|_| request.radius_km),
        hits,
        facets,
    })
}

/// The words of a query that the directory never uses, replaced by the closest
/// word it does use; `None` when every word is known or nothing is close.
fn respelled(catalog: &Catalog, text: &str) -> Option<String> {
    let words: Vec<String> = crate::geo::fold_place_name(text)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut changed = false;
    let fixed: Vec<String> = words
        .iter()
        .map(|word| {
            if word.len() < 3 || catalog.vocabulary().contains(word) {
                return word.clone();
            }
            match catalog.vocabulary().closest(word) {
                Some(known) => {
                    changed = true;
                    known
                }
                None => word.clone(),
            }
        })
        .collect();
    changed.then(|| fixed.join(" "))
}

/// Each model with its count around the place (or everywhere) and the nearest one.
fn answer_block(
    catalog: &Catalog,
    request: &SearchRequest,
) -> Result<Vec<ModelAnswer>, IndexError> {
    let around = SearchRequest {
        place: request.place.clone(),
        radius_km: request.radius_km,
        per_page: 1,
        ..SearchRequest::default()
    };
    let counts = search(catalog, &around)?.facets["kind"].clone();
    let mut answers = Vec::new();
    for kind in crate::model::ServiceKind::ALL {
        let count = counts.get(kind.slug()).copied().unwrap_or(0);
        if count == 0 {
            continue;
        }
        let nearest = match &request.place {
            Some(_) => {
                let mut one = around.clone();
                one.filters
                    .insert(FacetDim::Kind, vec![kind.slug().to_string()]);
                if request
                    .place
                    .as_ref()
                    .is_some_and(|p| p.kind != crate::geo::PlaceKind::State)
                {
                    one.sort = SortOrder::Distance;
                }
                search(catalog, &one)?
                    .hits
                    .into_iter()
                    .next()
                    .map(|hit| NearestProgram {
                        id: hit.id,
                        name: hit.name,
                        distance_km: hit.distance_km,
                        serves_your_area: hit.serves_your_area,
                    })
            }
            None => None,
        };
        answers.push(ModelAnswer {
            kind: kind.slug().to_string(),
            label: kind.label().to_string(),
            count,
            nearest,
        });
    }
    Ok(answers)
}

/// Every program a search matches, best first (for exports: no paging).
pub fn search_programs(
    catalog: &Catalog,
    request: &SearchRequest,
) -> Result<Vec<Program>, IndexError> {
    let everything = SearchRequest {
        page: 1,
        per_page: usize::MAX / 2,
        ..request.clone()
    };
    Ok(search(catalog, &everything)?
        .hits
        .into_iter()
        .map(|h| h.program.into_program())
        .collect())
}

/// The words' query limited to `request.only_ids` and without
/// `request.left_out_ids` (live listings: beds free now, closed by their staff);
/// the limits add nothing to the score.
fn restrict_to_ids(
    catalog: &Catalog,
    query: Box<dyn Query>,
    request: &SearchRequest,
) -> Box<dyn Query> {
    if request.only_ids.is_none() && request.left_out_ids.is_empty() {
        return query;
    }
    let id_field = catalog.fields().id;
    let terms = |ids: &[String]| -> Box<dyn Query> {
        Box::new(tantivy::query::TermSetQuery::new(
            ids.iter()
                .map(|id| tantivy::Term::from_field_text(id_field, id)),
        ))
    };
    let mut clauses = vec![(tantivy::query::Occur::Must, query)];
    if let Some(only) = &request.only_ids {
        clauses.push((
            tantivy::query::Occur::Must,
            Box::new(tantivy::query::BoostQuery::new(terms(only), 0.0)),
        ));
    }
    if !request.left_out_ids.is_empty() {
        clauses.push((tantivy::query::Occur::MustNot, terms(&request.left_out_ids)));
    }
    Box::new(tantivy::query::BooleanQuery::new(clauses))
}
