//! The tantivy index, in layers that import one way (each only from those above it
//! in this list):
//!
//! - `document` — how a program becomes a tantivy document: schema and analyzer,
//!   facet vocabulary, grid cells, searchable text and fast fields;
//! - `words` — what people type: synonyms and the vocabulary behind "did you mean";
//! - `query` — the crate's own tantivy queries and their per-generation caches
//!   (exact words, fuzzy and prefix expansions, area documents, driven scoring);
//! - `collector` — the one-pass collector: geo test, facet filters and counts,
//!   ranking and the heap of best hits, open-now tables;
//! - `request` — raw parameters → a checked `SearchRequest`;
//! - `catalog` — one opened generation with its per-generation tables;
//! - `search` — running a search over a catalog;
//! - `verify` — reading a generation whole (and searching it) before it is served;
//! - `store` — where generations live, building one and swapping it in.

mod catalog;
mod collector;
pub mod document;
#[cfg(test)]
mod fixture;
mod query;
pub mod request;
mod search;
mod store;
pub mod verify;
pub mod words;

use std::path::Path;

use thiserror::Error;

pub use catalog::meta::{BuildMeta, INDEX_FORMAT};
pub use catalog::{Catalog, DecodedProgram};
pub use document::facets::FacetDim;
pub use document::StateName;
pub use request::{parse_request, RequestError, SearchParams, SearchRequest, SortOrder};
pub use search::{search, search_programs, Hit, ModelAnswer, NearestProgram, SearchResults};
pub use store::IndexStore;

use crate::geo::Geo;
use crate::seed::{self, SeedError, SeedProblem};

/// What can go wrong building, opening or searching an index; each names the file
/// or the reason, and none leaves a half-written generation in service.
#[derive(Debug, Error)]
pub enum IndexError {
    /// A tantivy operation failed.
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
    /// Reading or writing a file of a generation failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A generation's metadata is missing, garbled or of an older format.
    #[error("{path}: {message}")]
    Meta {
        /// The metadata file.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// No generation has been built yet.
    #[error("no index has been built in {root}; run `peerway build`")]
    NoIndex {
        /// The index folder.
        root: String,
    },
    /// A new generation holds fewer documents than programs given.
    #[error("the new index holds {indexed} programs, expected {expected}; the old index stays in service")]
    Incomplete {
        /// Programs given to the build.
        expected: usize,
        /// Documents the new generation holds.
        indexed: usize,
    },
    /// A generation could not be read whole.
    #[error("the index is damaged: {0}")]
    Corrupt(String),
    /// The seed folder could not be read.
    #[error(transparent)]
    Seed(#[from] SeedError),
    /// Some seed records have problems: nothing is built.
    #[error("seed-data has {} problem(s); fix them (see `peerway check`) — the old index stays in service", .0.len())]
    SeedProblems(Vec<SeedProblem>),
    /// The caller stopped the build (its progress callback returned an error).
    #[error("build stopped: {0}")]
    Aborted(String),
}

impl IndexError {
    /// An I/O error on `path`.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> IndexError {
        IndexError::Io {
            path: path.display().to_string(),
            source,
        }
    }
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
    let synonyms = words::synonyms::Synonyms::read(&seed_dir.join("synonyms.toml"))?;
    store.build(
        &load.programs,
        &states,
        &synonyms,
        &load.reconciliation,
        load.synthetic,
        progress,
    )
}

/// The generation a server starts with, and what happened on the way.
pub struct Serving {
    /// The generation to serve.
    pub catalog: Catalog,
    /// Generations refused on the way (damaged, or of an older format), with why.
    pub refused: Vec<(String, IndexError)>,
    /// The generation built from seed-data because none could be served.
    pub built: Option<BuildMeta>,
}

/// The generation to serve at start. With no index yet, one is built from
/// `seed_dir`. `CURRENT` may name a generation that does not read whole (damaged
/// files) or one from an older Peerway: the newest generation that does is served
/// instead, or a new one is built from seed-data rather than refuse to serve.
pub fn open_for_serving(
    store: &IndexStore,
    seed_dir: &Path,
    geo: &Geo,
    progress: &mut dyn FnMut(usize) -> Result<(), IndexError>,
) -> Result<Serving, IndexError> {
    let mut built = None;
    if store.current_generation().is_none() {
        tracing::info!(
            "no index in {}; building it from {}",
            store.root().display(),
            seed_dir.display()
        );
        built = Some(build_from_seed(seed_dir, geo, store, progress)?);
    }
    match store.open_newest_good() {
        Ok((catalog, refused)) => Ok(Serving {
            catalog,
            refused,
            built,
        }),
        Err(e) => {
            tracing::warn!(
                "no index in {} can be used ({e}); building a new one",
                store.root().display()
            );
            let meta = build_from_seed(seed_dir, geo, store, progress)?;
            Ok(Serving {
                catalog: store.open_current()?,
                refused: Vec::new(),
                built: Some(meta),
            })
        }
    }
}
