//! Peerway: a directory and search engine of peer-run crisis alternatives in the
//! United States — peer respites, warmlines, mobile crisis teams, crisis
//! stabilization and living-room centers.
//!
//! Data flows one way: `seed` (curated records) → `index` (tantivy) → `search`
//! → `web`. `geo` and `hours` are shared by all of them. See ARCHITECTURE.md.

#![warn(missing_docs)]

pub mod atomic;
pub mod coverage;
pub mod crawl;
pub mod eval;
pub mod evidence;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod geo;
pub mod hours;
pub mod hsds;
pub mod index;
pub mod model;
pub mod quality;
pub mod reports;
pub mod seed;
pub mod stats;
pub mod store;
pub mod synth;
pub mod web;
