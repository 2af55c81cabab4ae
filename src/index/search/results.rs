//! What a search returns: one page of hits with their distance and whether they
//! serve the searched area, the facet counts, "did you mean", and the answer to
//! "what are the alternatives to hospitalizing people?".

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use tantivy::Searcher;

use crate::geo::SearchPlace;
use crate::index::catalog::{Catalog, DecodedProgram};
use crate::index::collector::rank::{rank_score, RawHit};
use crate::index::IndexError;
use crate::model::Program;

/// One program in the results, in the shape the CLI's `--json` and the HTTP API share.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    /// The program's id (its seed file's name), stable across builds.
    pub id: String,
    /// The program's name as it calls itself.
    pub name: String,
    /// The kind of program (`peer_respite`, `warmline`, …).
    pub kind: String,
    /// How peers run or staff it (`peer_run`, `peer_staffed`, …, `unknown`).
    pub peer_role: String,
    /// The city of its address (empty for programs known only by state).
    pub city: String,
    /// The two-letter code of its address's state.
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
    /// The ranking score (`collector::rank`); comparable only within one search.
    pub score: f32,
    /// The whole listing.
    #[schema(value_type = Program)]
    pub program: Arc<DecodedProgram>,
}

/// One page of a search, with the counts behind its filters.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    /// How many programs match in all.
    pub total: usize,
    /// The page shown, from 1.
    pub page: usize,
    /// Hits per page.
    pub per_page: usize,
    /// The place searched around, as understood (with its county when known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<SearchPlace>,
    /// The radius searched, for a place smaller than a state.
    pub radius_km: Option<f64>,
    /// The page's programs, best (or nearest) first.
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

/// One alternative to hospitalization in the answer block.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ModelAnswer {
    /// The kind of program.
    pub kind: String,
    /// The kind's name in English (pages translate the kind code).
    pub label: String,
    /// How many are listed (around the place, when one was given).
    pub count: u64,
    /// The nearest one, when a place was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest: Option<NearestProgram>,
}

/// The nearest program of one kind, in the answer block.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NearestProgram {
    /// The program's id.
    pub id: String,
    /// The program's name.
    pub name: String,
    /// Its distance from the place, when its own place is known well enough.
    pub distance_km: Option<f64>,
    /// Whether its area covers the place (statewide, national or its county).
    pub serves_your_area: bool,
}

impl SearchResults {
    /// How many pages the matches fill (at least 1).
    pub fn total_pages(&self) -> usize {
        self.total.div_ceil(self.per_page.max(1))
    }
}

/// A collected hit with its program, distance and area.
pub(super) fn load_hit(
    searcher: &Searcher,
    catalog: &Catalog,
    raw: &RawHit,
    place: Option<&SearchPlace>,
) -> Result<Hit, IndexError> {
    let program = catalog.decoded(searcher, raw.address)?;
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
