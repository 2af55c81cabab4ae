//! Running a search: text + facet filters as a tantivy query, the geo part in a
//! collector, ranking, one page of hits, and disjunctive facet counts.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use super::collect::{GeoFilter, RankOrder, RawHit};
use super::driven::DrivenQuery;
use super::expand::Expansion;
use super::faceted::{FacetFilters, FacetedCollector};
use super::facets::{FacetDim, OPEN_NOW};
use super::params::{SearchRequest, SortOrder};
use super::rank::rank_score;
use super::store::Catalog;
use super::synonyms::Interpretation;
use super::IndexError;
use crate::geo::SearchPlace;
use crate::model::Program;

/// A name match counts this much more than a match in the rest of the text.
const NAME_BOOST: f32 = 3.0;
/// Words a synonym adds count for less than the words a person typed.
const EXTRA_WORD_WEIGHT: f32 = 0.5;
/// Fuzzy and prefix matches score a constant, kept below any exact BM25 match.
const FUZZY_NAME_WEIGHT: f32 = 0.6;
const FUZZY_BODY_WEIGHT: f32 = 0.3;
const PREFIX_NAME_WEIGHT: f32 = 0.5;
const PREFIX_BODY_WEIGHT: f32 = 0.25;
/// What naming a kind or a population adds to a program of that kind.
const KIND_LIFT: f32 = 2.5;
const POPULATION_LIFT: f32 = 2.0;
/// What asking for a language ("en español") adds to a program answering in it.
const LANGUAGE_LIFT: f32 = 2.0;

/// One program in the results, in the shape the CLI's `--json` and the HTTP API share.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub peer_role: String,
    pub city: String,
    pub state: String,
    /// From the searched place, for programs whose own place is known to city level or better.
    pub distance_km: Option<f64>,
    /// A statewide or national program whose area contains the searched place, or
    /// one whose counties include the place's county.
    pub serves_your_area: bool,
    /// For a program whose listed counties leave the searched place out: "Serves
    /// Hampshire, Franklin, Hampden and Berkshire counties — not Suffolk County".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outside_your_area: Option<String>,
    pub score: f32,
    #[schema(value_type = Program)]
    pub program: Arc<DecodedProgram>,
}

/// A program read from the index with its JSON, written once when it is decoded:
/// the API then copies the text instead of serializing the program per request.
#[derive(Debug)]
pub struct DecodedProgram {
    program: Program,
    json: Box<serde_json::value::RawValue>,
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
    let terms = |ids: &[String]| -> Box<dyn Query> {
        Box::new(tantivy::query::TermSetQuery::new(
            ids.iter()
                .map(|id| Term::from_field_text(catalog.fields.id, id)),
        ))
    };
    let mut clauses = vec![(Occur::Must, query)];
    if let Some(only) = &request.only_ids {
        clauses.push((Occur::Must, Box::new(BoostQuery::new(terms(only), 0.0))));
    }
    if !request.left_out_ids.is_empty() {
        clauses.push((Occur::MustNot, terms(&request.left_out_ids)));
    }
    Box::new(BooleanQuery::new(clauses))
}

impl DecodedProgram {
    /// A program changed after it was read (a live listing laid over it), with its
    /// JSON written anew.
    pub fn with_program(program: Program) -> Result<Arc<DecodedProgram>, IndexError> {
        DecodedProgram::new(program).map(Arc::new)
    }

    fn new(program: Program) -> Result<DecodedProgram, IndexError> {
        let json = serde_json::value::to_raw_value(&program).map_err(|e| {
            IndexError::Corrupt(format!("program {} not writable: {e}", program.id))
        })?;
        Ok(DecodedProgram { program, json })
    }

    pub fn into_program(self: Arc<Self>) -> Program {
        Arc::try_unwrap(self).map_or_else(|shared| shared.program.clone(), |own| own.program)
    }
}

impl std::ops::Deref for DecodedProgram {
    type Target = Program;

    fn deref(&self) -> &Program {
        &self.program
    }
}

impl Serialize for DecodedProgram {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<SearchPlace>,
    pub radius_km: Option<f64>,
    pub hits: Vec<Hit>,
    /// Facet key -> value -> how many programs choosing that value would return,
    /// with every other filter kept.
    #[schema(value_type = Object)]
    pub facets: BTreeMap<&'static str, BTreeMap<String, u64>>,
    /// When nothing matched: the words respelled as the directory spells them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
    /// For "what are the alternatives to hospitalizing people?": each model, how many
    /// are listed (near the place, if one was given) and the nearest of each.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Vec<ModelAnswer>>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ModelAnswer {
    pub kind: String,
    pub label: String,
    pub count: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest: Option<NearestProgram>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NearestProgram {
    pub id: String,
    pub name: String,
    pub distance_km: Option<f64>,
    pub serves_your_area: bool,
}

impl SearchResults {
    pub fn total_pages(&self) -> usize {
        self.total.div_ceil(self.per_page.max(1))
    }
}

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
    let searcher = catalog.reader.searcher();
    let base_geo = GeoFilter::new(
        request.place.as_ref(),
        request.radius_km,
        &catalog.meta.state_codes,
    )
    .serving_only(request.serving_place_only);
    let open_table = catalog.open_tables.at(&catalog.meta.schedules, request.now);
    let open_now_wanted = request
        .filters
        .get(&FacetDim::Open)
        .is_some_and(|values| values.iter().any(|v| v == OPEN_NOW));
    let meaning = if request.text.is_empty() {
        Interpretation::default()
    } else {
        catalog.synonyms.interpret(&request.text)
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
                None if *d == FacetDim::Status => super::facets::default_statuses(),
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
            tables: &catalog.segment_tables,
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
            if word.len() < 3 || catalog.vocabulary.contains(word) {
                return word.clone();
            }
            match catalog.vocabulary.closest(word) {
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

/// The program with this id, if the index has it.
pub fn find_program(catalog: &Catalog, id: &str) -> Result<Option<Program>, IndexError> {
    let searcher = catalog.reader.searcher();
    let query = TermQuery::new(
        Term::from_field_text(catalog.fields.id, id),
        IndexRecordOption::Basic,
    );
    let hits = searcher.search(&query, &tantivy::collector::TopDocs::with_limit(1))?;
    hits.first()
        .map(|(_, address)| load_program(&searcher, catalog, *address))
        .transpose()
}

/// How many programs the index holds.
pub fn program_count(catalog: &Catalog) -> Result<usize, IndexError> {
    Ok(catalog.reader.searcher().search(&AllQuery, &Count)?)
}

/// What a query's text matches: any of the word clauses (everything when there
/// are none), plus the lifts of the kinds and populations it names.
struct TextMatch {
    words: Vec<Box<dyn Query>>,
    lifts: Vec<Box<dyn Query>>,
}

/// What `AllQuery` scores each document: the base when a query has no words.
const ALL_SCORE: f32 = 1.0;

impl TextMatch {
    fn into_query(self) -> Box<dyn Query> {
        let should = |queries: Vec<Box<dyn Query>>| -> Vec<(Occur, Box<dyn Query>)> {
            queries.into_iter().map(|q| (Occur::Should, q)).collect()
        };
        let base: Box<dyn Query> = if self.words.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(should(self.words)))
        };
        if self.lifts.is_empty() {
            return base;
        }
        let mut all = vec![(Occur::Must, base)];
        all.extend(should(self.lifts));
        Box::new(BooleanQuery::new(all))
    }
}

/// What a query matches: its words (exact, then fuzzy, then the last word as a
/// prefix), plus constant lifts for the kinds and populations its phrases name.
/// No words at all matches everything, so lifts alone order the whole directory.
///
/// `seeking`: only documents a place prefilter yields will be asked about.
fn match_query(
    catalog: &Catalog,
    searcher: &Searcher,
    meaning: &Interpretation,
    seeking: bool,
) -> Result<TextMatch, IndexError> {
    let words = analyze(catalog, &meaning.text)?;
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    for word in &words {
        clauses.extend(word_clauses(catalog, searcher, word, 1.0, true, seeking)?);
    }
    for word in analyze(catalog, &meaning.extra_words.join(" "))? {
        if !words.contains(&word) {
            clauses.extend(word_clauses(
                catalog,
                searcher,
                &word,
                EXTRA_WORD_WEIGHT,
                false,
                seeking,
            )?);
        }
    }
    if let Some(prefix) = last_word_prefix(&meaning.text) {
        for (field, weight) in [
            (catalog.fields.name, PREFIX_NAME_WEIGHT),
            (catalog.fields.body, PREFIX_BODY_WEIGHT),
        ] {
            clauses.extend(catalog.expansions.query(
                searcher,
                field,
                &prefix,
                Expansion::Prefix,
                weight,
                seeking,
            )?);
        }
    }
    let lifts = meaning
        .kinds
        .iter()
        .map(|kind| (FacetDim::Kind, kind.slug().to_string(), KIND_LIFT))
        .chain(
            meaning
                .populations
                .iter()
                .map(|p| (FacetDim::Populations, p.clone(), POPULATION_LIFT)),
        )
        .chain(
            meaning
                .languages
                .iter()
                .map(|l| (FacetDim::Languages, l.clone(), LANGUAGE_LIFT)),
        )
        .map(|(dim, value, lift)| {
            let term = Term::from_facet(
                catalog.fields.facet,
                &Facet::from_path([dim.key(), value.as_str()]),
            );
            let query: Box<dyn Query> = Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                lift,
            ));
            query
        })
        .collect();
    Ok(TextMatch {
        words: clauses,
        lifts,
    })
}

/// Documents that can possibly be in the searched area: inside the radius's
/// bounding box, or serving the place's state or the whole country, or known only
/// to the level of the place's state; for a whole state, in it or serving it.
fn area_prefilter(
    catalog: &Catalog,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<Option<Box<dyn Query>>, IndexError> {
    let Some(place) = request.place.as_ref() else {
        return Ok(None);
    };
    // Area terms only: their documents are gathered once per generation.
    let gathered = |terms| {
        catalog
            .areas
            .query(searcher, catalog.fields.area, terms)
            .map(Some)
    };
    let mut terms = vec!["serves:US".to_string()];
    if let Some(county) = &place.county {
        terms.push(format!("county:{:05}", county.fips));
    }
    if let Some(state) = &place.state {
        terms.push(format!("serves:{state}"));
        if place.kind == crate::geo::PlaceKind::State {
            terms.push(format!("home:{state}"));
            return gathered(terms);
        }
        terms.push(format!("statepoint:{state}"));
    }
    const KM_PER_DEGREE: f64 = 111.2;
    let d_lat = request.radius_km / KM_PER_DEGREE;
    let cos = place.lat.to_radians().cos().max(0.01);
    let d_lon = (request.radius_km / (KM_PER_DEGREE * cos)).min(180.0);
    let lat = (place.lat - d_lat, place.lat + d_lat);
    let lon = (place.lon - d_lon, place.lon + d_lon);
    let cells = catalog
        .meta
        .grid_cells
        .then(|| super::grid::cells_covering(lat, lon))
        .flatten();
    if let Some(cells) = cells {
        terms.extend(cells);
        return gathered(terms);
    }
    // Huge radii, and generations indexed before the grid: coordinate range scans.
    let term = |value: &String| -> (Occur, Box<dyn Query>) {
        (
            Occur::Should,
            Box::new(TermQuery::new(
                Term::from_field_text(catalog.fields.area, value),
                IndexRecordOption::Basic,
            )),
        )
    };
    let range = |field, (low, high): (f64, f64)| -> (Occur, Box<dyn Query>) {
        (
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_f64(field, low)),
                Bound::Included(Term::from_field_f64(field, high)),
            )),
        )
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = terms.iter().map(term).collect();
    clauses.push((
        Occur::Should,
        Box::new(BooleanQuery::new(vec![
            range(catalog.fields.lat, lat),
            range(catalog.fields.lon, lon),
        ])),
    ));
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}

/// The index's own analysis of some text: folded, stop words out, stemmed.
fn analyze(catalog: &Catalog, text: &str) -> Result<Vec<String>, IndexError> {
    let mut analyzer = catalog.index.tokenizer_for_field(catalog.fields.body)?;
    let mut stream = analyzer.token_stream(text);
    let mut words: Vec<String> = Vec::new();
    while stream.advance() {
        let word = stream.token().text.clone();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    Ok(words)
}

/// One word: exact in the name (boosted) or the body; with `fuzzy`, also within
/// one typo for words of 5+ letters and two for 9+, at a weight well below an
/// exact match so exact matches always rank first.
fn word_clauses(
    catalog: &Catalog,
    searcher: &Searcher,
    word: &str,
    weight: f32,
    fuzzy: bool,
    seeking: bool,
) -> Result<Vec<Box<dyn Query>>, IndexError> {
    let exact = |field, boost: f32| -> Result<Box<dyn Query>, IndexError> {
        let query = catalog.exact_words.query(searcher, field, word)?;
        Ok(Box::new(BoostQuery::new(query, boost * weight)))
    };
    let mut clauses = vec![
        exact(catalog.fields.name, NAME_BOOST)?,
        exact(catalog.fields.body, 1.0)?,
    ];
    let letters = word.chars().count();
    let distance = match letters {
        9.. => 2,
        5..=8 => 1,
        _ => 0,
    };
    if fuzzy && distance > 0 {
        for (field, boost) in [
            (catalog.fields.name, FUZZY_NAME_WEIGHT),
            (catalog.fields.body, FUZZY_BODY_WEIGHT),
        ] {
            let expanded = catalog.expansions.query(
                searcher,
                field,
                word,
                Expansion::Fuzzy(distance),
                boost * weight,
                seeking,
            )?;
            clauses.extend(expanded);
        }
    }
    Ok(clauses)
}

/// The last word as typed (folded, not stemmed), for matching words it begins.
fn last_word_prefix(text: &str) -> Option<String> {
    let last = crate::geo::fold_place_name(text.split_whitespace().last()?);
    (last.chars().count() >= 3 && !last.contains(' ')).then_some(last)
}

fn load_hit(
    searcher: &Searcher,
    catalog: &Catalog,
    raw: &RawHit,
    place: Option<&SearchPlace>,
) -> Result<Hit, IndexError> {
    let program = catalog.decoded.get_or_insert_with(&raw.address, || {
        DecodedProgram::new(load_program(searcher, catalog, raw.address)?).map(Arc::new)
    })?;
    let outside_your_area = raw
        .geo
        .outside_counties
        .then(|| place.and_then(|p| p.county.as_ref()))
        .flatten()
        .map(|county| crate::model::counties_not_serving(&program.area.counties, &county.label));
    Ok(Hit {
        id: program.id.clone(),
        name: program.name.clone(),
        kind: program.kind.slug().to_string(),
        peer_role: program.peer_role.slug().to_string(),
        city: program.address.city.clone(),
        state: program.address.state.clone(),
        distance_km: raw.geo.distance_km.map(|d| (d * 10.0).round() / 10.0),
        serves_your_area: raw.geo.serves_your_area,
        outside_your_area,
        score: rank_score(raw),
        program,
    })
}

fn load_program(
    searcher: &Searcher,
    catalog: &Catalog,
    address: tantivy::DocAddress,
) -> Result<Program, IndexError> {
    let document: TantivyDocument = searcher.doc(address)?;
    let json = document
        .get_first(catalog.fields.program)
        .and_then(|v| v.as_str())
        .ok_or_else(|| IndexError::Corrupt("a document has no stored program".into()))?;
    serde_json::from_str(json)
        .map_err(|e| IndexError::Corrupt(format!("stored program does not parse: {e}")))
}

/// Every program in the index, in id order (for exports, evaluation and state
/// pages), read from the index once per generation and then shared.
pub fn all_programs(catalog: &Catalog) -> Result<Arc<Vec<Program>>, IndexError> {
    if let Some(programs) = catalog.programs_cache.get() {
        return Ok(programs.clone());
    }
    let searcher = catalog.reader.searcher();
    let addresses = searcher.search(&AllQuery, &tantivy::collector::DocSetCollector)?;
    let mut programs = addresses
        .into_iter()
        .map(|address| load_program(&searcher, catalog, address))
        .collect::<Result<Vec<_>, _>>()?;
    programs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(catalog
        .programs_cache
        .get_or_init(|| Arc::new(programs))
        .clone())
}
