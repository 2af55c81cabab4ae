//! What a generation writes beside its tantivy files and reads back when it opens:
//! its metadata (`peerway-build.json`), the synonyms it was built with and the
//! reconciliation with the national lists. Both directions live here so the
//! on-disk names and shapes are decided in one place.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::hours::Hours;
use crate::index::words::synonyms::SynonymFile;
use crate::index::IndexError;
use crate::seed::reconcile::Reconciliation;

const META_FILE: &str = "peerway-build.json";
/// The synonyms a generation was built with, so a search reads the same phrases
/// the build did.
pub(in crate::index) const SYNONYMS_FILE: &str = "synonyms.toml";
const RECONCILE_FILE: &str = "reconcile.json";

/// What a generation says about itself; served by `/healthz` and printed by `build`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BuildMeta {
    /// The generation's folder name (`gen-<UTC time>`), which sorts by build time.
    pub generation: String,
    /// When it was built (RFC 3339, UTC).
    pub built_at: String,
    /// How many programs it holds.
    pub program_count: usize,
    /// How long the build took.
    pub build_millis: u64,
    /// The state codes in `state_bit` order, so searches decode bits the way the
    /// build encoded them.
    pub state_codes: Vec<String>,
    /// The distinct weekly schedules, indexed by `hours_code - 2`.
    #[serde(default)]
    pub schedules: Vec<Hours>,
    /// Built from a synthetic seed folder (benchmarks): never served by default.
    #[serde(default)]
    pub synthetic: bool,
    /// Located programs carry `cell:` grid terms (`grid.rs`); older generations
    /// lack them and are searched with range scans instead.
    #[serde(default)]
    pub grid_cells: bool,
    /// The layout of stored programs and facets; a generation of an older format is
    /// refused (a server then builds a new one from seed-data).
    #[serde(default)]
    pub format: u32,
}

impl BuildMeta {
    /// The day the generation was built (YYYY-MM-DD): the data's date on pages.
    pub fn built_on(&self) -> &str {
        self.built_at.get(..10).unwrap_or_default()
    }
}

/// The current generation format: 2 added source kinds and dates, status and the
/// `status` and `evidence` facets; 3 added served counties (`area.counties`, the
/// `serves_county` fast field and `county:` area terms).
pub const INDEX_FORMAT: u32 = 3;

/// Read and check a generation's metadata: one of an older format is refused.
pub(in crate::index) fn read_meta(dir: &Path) -> Result<BuildMeta, IndexError> {
    let meta_path = dir.join(META_FILE);
    let meta_text = fs::read_to_string(&meta_path).map_err(|e| IndexError::io(&meta_path, e))?;
    let meta: BuildMeta = serde_json::from_str(&meta_text).map_err(|e| IndexError::Meta {
        path: meta_path.display().to_string(),
        message: e.to_string(),
    })?;
    if meta.format < INDEX_FORMAT {
        return Err(IndexError::Meta {
            path: meta_path.display().to_string(),
            message: format!(
                "built by an older Peerway (format {}, this one reads {INDEX_FORMAT}); build a new generation",
                meta.format
            ),
        });
    }
    Ok(meta)
}

/// Write everything a new generation needs besides its tantivy files.
pub(in crate::index) fn write_generation_files(
    dir: &Path,
    meta: &BuildMeta,
    synonyms: &SynonymFile,
    reconciliation: &Reconciliation,
) -> Result<(), IndexError> {
    write_meta(dir, meta)?;
    write_synonyms(dir, synonyms)?;
    write_json(&dir.join(RECONCILE_FILE), reconciliation)
}

fn write_meta(dir: &Path, meta: &BuildMeta) -> Result<(), IndexError> {
    let path = dir.join(META_FILE);
    let text = serde_json::to_string_pretty(meta).map_err(|e| IndexError::Meta {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    crate::atomic::write_file(&path, text.as_bytes()).map_err(|e| IndexError::io(&path, e))
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), IndexError> {
    let text = serde_json::to_string(value).map_err(|e| IndexError::Meta {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    crate::atomic::write_file(path, text.as_bytes()).map_err(|e| IndexError::io(path, e))
}

/// The generation's reconciliation; a generation without one (synthetic, older)
/// has none to show. A garbled one is logged and shown as none: state pages lose
/// their "what we checked" section, never their programs.
pub(in crate::index) fn read_reconciliation(dir: &Path) -> Reconciliation {
    let path = dir.join(RECONCILE_FILE);
    let Ok(text) = fs::read_to_string(&path) else {
        return Reconciliation::default();
    };
    serde_json::from_str(&text).unwrap_or_else(|e| {
        tracing::warn!(
            "{}: {e}; state pages show no reconciliation",
            path.display()
        );
        Reconciliation::default()
    })
}

fn write_synonyms(dir: &Path, synonyms: &SynonymFile) -> Result<(), IndexError> {
    let path = dir.join(SYNONYMS_FILE);
    let text = toml::to_string(synonyms).map_err(|e| IndexError::Meta {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    crate::atomic::write_file(&path, text.as_bytes()).map_err(|e| IndexError::io(&path, e))
}
