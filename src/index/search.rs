//! Running a search: text + facet filters as a tantivy query, the geo part in a
//! collector, ranking, one page of hits, and disjunctive facet counts.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Count, FacetCollector};
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use super::collect::{GeoFilter, GeoFiltered, GeoHitCollector, RawHit};
use super::facets::FacetDim;
use super::params::{SearchRequest, SortOrder};
use super::rank::rank_score;
use super::store::Catalog;
use super::IndexError;
use crate::geo::SearchPlace;
use crate::model::Program;

/// A name match counts this much more than a match in the rest of the text.
const NAME_BOOST: f32 = 3.0;

/// One program in the results, in the shape the CLI's `--json` and the HTTP API share.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub peer_role: String,
    pub city: String,
    pub state: String,
    /// From the searched place, for programs whose own place is known to city level or better.
    pub distance_km: Option<f64>,
    /// A statewide or national program whose area contains the searched place.
    pub serves_your_area: bool,
    pub score: f32,
    pub program: Program,
}

#[derive(Debug, Clone, Serialize)]
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
    pub facets: BTreeMap<&'static str, BTreeMap<String, u64>>,
}

impl SearchResults {
    pub fn total_pages(&self) -> usize {
        self.total.div_ceil(self.per_page.max(1))
    }
}

pub fn search(catalog: &Catalog, request: &SearchRequest) -> Result<SearchResults, IndexError> {
    let searcher = catalog.reader.searcher();
    let geo = GeoFilter::new(
        request.place.as_ref(),
        request.radius_km,
        &catalog.meta.state_codes,
    );
    let text_query = text_query(catalog, &request.text)?;

    let query = combined_query(catalog, text_query.as_ref(), request, None);
    let mut raw = searcher.search(&query, &GeoHitCollector { geo: geo.clone() })?;
    let total = raw.len();
    sort_hits(&mut raw, request.sort, !request.text.is_empty());
    let start = (request.page - 1) * request.per_page;
    let hits = raw
        .iter()
        .skip(start)
        .take(request.per_page)
        .map(|hit| {
            load_hit(
                &searcher,
                catalog,
                hit,
                request.sort,
                !request.text.is_empty(),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;

    let mut facets = BTreeMap::new();
    for dim in FacetDim::ALL {
        let query = combined_query(catalog, text_query.as_ref(), request, Some(dim));
        facets.insert(
            dim.key(),
            count_facet(&searcher, catalog, &query, &geo, dim)?,
        );
    }
    Ok(SearchResults {
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

/// Split the text with the index's own analyzer and match any of the words in the
/// name (boosted) or the rest of the text. Nothing left (only stop words) = all.
fn text_query(catalog: &Catalog, text: &str) -> Result<Box<dyn Query>, IndexError> {
    let mut analyzer = catalog.index.tokenizer_for_field(catalog.fields.body)?;
    let mut stream = analyzer.token_stream(text);
    let mut words: Vec<String> = Vec::new();
    while stream.advance() {
        let word = stream.token().text.clone();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    if words.is_empty() {
        return Ok(Box::new(AllQuery));
    }
    let clauses: Vec<(Occur, Box<dyn Query>)> = words
        .iter()
        .flat_map(|word| {
            let name: Box<dyn Query> = Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(catalog.fields.name, word),
                    IndexRecordOption::WithFreqs,
                )),
                NAME_BOOST,
            ));
            let body: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(catalog.fields.body, word),
                IndexRecordOption::WithFreqs,
            ));
            [(Occur::Should, name), (Occur::Should, body)]
        })
        .collect();
    Ok(Box::new(BooleanQuery::new(clauses)))
}

/// Text AND every facet filter (values of one facet OR-ed), leaving out `skip` —
/// which is how a facet's own counts stay disjunctive.
fn combined_query(
    catalog: &Catalog,
    text: &dyn Query,
    request: &SearchRequest,
    skip: Option<FacetDim>,
) -> BooleanQuery {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text.box_clone())];
    for (dim, values) in &request.filters {
        if Some(*dim) == skip || values.is_empty() {
            continue;
        }
        let any_value: Vec<(Occur, Box<dyn Query>)> = values
            .iter()
            .map(|value| {
                let facet = Facet::from_path([dim.key(), value.as_str()]);
                let query: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_facet(catalog.fields.facet, &facet),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, query)
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any_value))));
    }
    BooleanQuery::new(clauses)
}

fn count_facet(
    searcher: &Searcher,
    catalog: &Catalog,
    query: &BooleanQuery,
    geo: &GeoFilter,
    dim: FacetDim,
) -> Result<BTreeMap<String, u64>, IndexError> {
    let root = format!("/{}", dim.key());
    let mut facet_collector =
        FacetCollector::for_field(catalog.index.schema().get_field_name(catalog.fields.facet));
    facet_collector.add_facet(root.as_str());
    let counts = searcher.search(
        query,
        &GeoFiltered {
            geo: geo.clone(),
            inner: facet_collector,
        },
    )?;
    Ok(counts
        .get(root.as_str())
        .filter_map(|(facet, count)| {
            let value = facet.to_path().last()?.to_string();
            Some((value, count))
        })
        .collect())
}

fn sort_hits(hits: &mut [RawHit], sort: SortOrder, has_text: bool) {
    match sort {
        SortOrder::Relevance => hits.sort_by(|a, b| {
            rank_score(b, has_text)
                .total_cmp(&rank_score(a, has_text))
                .then(a.address.cmp(&b.address))
        }),
        SortOrder::Distance => hits.sort_by(|a, b| {
            let (da, db) = (a.geo.distance_km, b.geo.distance_km);
            match (da, db) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => rank_score(b, has_text).total_cmp(&rank_score(a, has_text)),
            }
            .then(a.address.cmp(&b.address))
        }),
    }
}

fn load_hit(
    searcher: &Searcher,
    catalog: &Catalog,
    raw: &RawHit,
    _sort: SortOrder,
    has_text: bool,
) -> Result<Hit, IndexError> {
    let program = load_program(searcher, catalog, raw.address)?;
    Ok(Hit {
        id: program.id.clone(),
        name: program.name.clone(),
        kind: program.kind.slug().to_string(),
        peer_role: program.peer_role.slug().to_string(),
        city: program.address.city.clone(),
        state: program.address.state.clone(),
        distance_km: raw.geo.distance_km.map(|d| (d * 10.0).round() / 10.0),
        serves_your_area: raw.geo.serves_your_area,
        score: rank_score(raw, has_text),
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
