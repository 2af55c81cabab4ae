//! The tantivy index: schema in `schema`, building and atomic swapping in `store`,
//! facet vocabulary in `facets`, parameters in `params`, querying in `search`,
//! geo filtering in `collect`, and the ranking formula in `rank`.

mod area;
mod collect;
mod custom_query;
mod driven;
mod exact;
mod expand;
mod faceted;
pub mod facets;
#[cfg(test)]
mod fixture;
mod grid;
mod open_now;
pub mod params;
mod rank;
pub mod schema;
pub mod search;
mod stem;
pub mod store;
pub mod synonyms;
mod understand;
pub mod verify;
mod vocabulary;

use std::path::Path;

use thiserror::Error;

pub use facets::FacetDim;
pub use params::{parse_request, RequestError, SearchParams, SearchRequest, SortOrder};
pub use search::{
    all_programs, find_program, program_count, search, search_programs, DecodedProgram, Hit,
    ModelAnswer, SearchResults,
};
pub use store::{BuildMeta, Catalog, IndexStore, StateName};

use crate::geo::Geo;
use crate::seed::{self, SeedError, SeedProblem};

#[derive(Debug, Error)]
pub enum IndexError {
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Meta { path: String, message: String },
    #[error("no index has been built in {root}; run `peerway build`")]
    NoIndex { root: String },
    #[error("the new index holds {indexed} programs, expected {expected}; the old index stays in service")]
    Incomplete { expected: usize, indexed: usize },
    #[error("the index is damaged: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Seed(#[from] SeedError),
    #[error("seed-data has {} problem(s); fix them (see `peerway check`) — the old index stays in service", .0.len())]
    SeedProblems(Vec<SeedProblem>),
    #[error("build stopped: {0}")]
    Aborted(String),
}

/// Check all of `seed_dir` and, only if nothing is wrong, build a new index
/// generation and swap it in.
pub fn build_from_seed(
    seed_dir: &Path,
    geo: &Geo,
    store: &IndexStore,
    progress: &mut dyn FnMut(usize) -> Result<(), IndexError>,
) -> Result<BuildMeta, IndexError> {
    let load = seed::load_programs(seed_dir, geo)?;
    if !load.problems.is_empty() {
        return Err(IndexError::SeedProblems(load.problems));
    }
    let states: Vec<StateName> = geo
        .gazetteer
        .states()
        .iter()
        .map(|s| StateName {
            code: s.code.clone(),
            name: s.name.clone(),
        })
        .collect();
    let synonyms = synonyms::Synonyms::read(&seed_dir.join("synonyms.toml"))?;
    store.build(
        &load.programs,
        &states,
        &synonyms,
        &load.reconciliation,
        crate::synth::is_synthetic(seed_dir),
        progress,
    )
}
