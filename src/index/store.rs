//! Where built indexes live and how a new one replaces the old one atomically.
//!
//! `index/` holds generations (`gen-<timestamp>/`) and a `CURRENT` file naming the
//! one in service. A build writes into a fresh `.building-*` folder, checks that
//! the result opens and holds every program, renames it to `gen-*`, and only then
//! replaces `CURRENT` (temporary file + rename, which is atomic on one file system).
//! So a build that fails or is killed half-way never touches what is serving.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::Utc;
use tantivy::{Index, IndexWriter};

use super::catalog::meta::{write_generation_files, BuildMeta, INDEX_FORMAT};
use super::catalog::Catalog;
use super::document::schema::{build_schema, register_analyzers};
use super::document::{program_document, schedule_codes, StateName};
use super::verify::open_verified;
use super::words::synonyms::SynonymFile;
use super::words::vocabulary::Vocabulary;
use super::IndexError;
use crate::model::Program;
use crate::seed::reconcile::Reconciliation;

const CURRENT_FILE: &str = "CURRENT";
const KEEP_GENERATIONS: usize = 2;
/// One indexing thread: documents then sit in the index in the order the programs
/// were loaded (sorted by file), so results with equal scores come in the same order
/// after every build. With two threads each build split the programs between
/// segments at random and equal results (a search with no words) changed order from
/// one build to the next. Building is not on the serving path.
const WRITER_THREADS: usize = 1;
/// 256 MB for the writer: the whole directory (and the 10,000-program benchmark
/// corpus) fits in one segment.
const WRITER_MEMORY_BYTES: usize = 256 * 1024 * 1024;

/// The index folder: its generations and the `CURRENT` file naming the one in service.
pub struct IndexStore {
    root: PathBuf,
}

impl IndexStore {
    /// The store in `root` (created by the first build).
    pub fn new(root: impl Into<PathBuf>) -> IndexStore {
        IndexStore { root: root.into() }
    }

    /// The index folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The generation `CURRENT` names, if any index has been built.
    pub fn current_generation(&self) -> Option<String> {
        let text = fs::read_to_string(self.root.join(CURRENT_FILE)).ok()?;
        let name = text.trim();
        (!name.is_empty() && self.root.join(name).is_dir()).then(|| name.to_string())
    }

    /// The generation `CURRENT` names, read whole before it is handed out.
    pub fn open_current(&self) -> Result<Catalog, IndexError> {
        let generation = self
            .current_generation()
            .ok_or_else(|| IndexError::NoIndex {
                root: self.root.display().to_string(),
            })?;
        open_verified(&self.root.join(generation))
    }

    /// Every generation folder, newest first (their names sort by build time).
    pub fn generations(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|name| name.starts_with("gen-") && self.root.join(name).is_dir())
            .collect();
        names.sort_unstable_by(|a, b| b.cmp(a));
        names
    }

    /// The generation to serve at start: the one `CURRENT` names when it reads
    /// whole, else the newest other one that does. Also returns each generation
    /// refused on the way, with why, so the server can report it.
    pub fn open_newest_good(&self) -> Result<(Catalog, Vec<(String, IndexError)>), IndexError> {
        let current = self.current_generation();
        let candidates = current.iter().cloned().chain(
            self.generations()
                .into_iter()
                .filter(|g| Some(g) != current.as_ref()),
        );
        let mut refused = Vec::new();
        for generation in candidates {
            match open_verified(&self.root.join(&generation)) {
                Ok(catalog) => return Ok((catalog, refused)),
                Err(e) => refused.push((generation, e)),
            }
        }
        Err(match refused.into_iter().next() {
            Some((_, first)) => first,
            None => IndexError::NoIndex {
                root: self.root.display().to_string(),
            },
        })
    }

    /// Build a new generation from `programs` and make it current. `progress` is
    /// called after each program is added; an error from it aborts the build (the
    /// CLI uses it for a progress bar, the tests to simulate a crash half-way).
    pub fn build(
        &self,
        programs: &[Program],
        states: &[StateName],
        synonyms: &SynonymFile,
        reconciliation: &Reconciliation,
        synthetic: bool,
        progress: &mut dyn FnMut(usize) -> Result<(), IndexError>,
    ) -> Result<BuildMeta, IndexError> {
        let state_codes: Vec<String> = states.iter().map(|s| s.code.clone()).collect();
        let (schedules, hours_codes) = schedule_codes(programs);
        let started = Instant::now();
        fs::create_dir_all(&self.root).map_err(|e| IndexError::io(&self.root, e))?;
        self.remove_stale_builds();
        let generation = format!("gen-{}", Utc::now().format("%Y%m%dT%H%M%S%.6f"));
        let building = self.root.join(format!(".building-{generation}"));
        fs::create_dir_all(&building).map_err(|e| IndexError::io(&building, e))?;
        // The vocabulary is written on its own thread while the documents are indexed.
        let result = std::thread::scope(|scope| {
            let vocabulary = scope.spawn(|| Vocabulary::write(&building, programs));
            let indexed = write_generation(&building, programs, states, &hours_codes, progress);
            let written = vocabulary.join().unwrap_or_else(|_| {
                Err(IndexError::Aborted("the vocabulary thread failed".into()))
            });
            indexed.and(written)
        })
        .and_then(|()| {
            let meta = BuildMeta {
                generation: generation.clone(),
                built_at: Utc::now().to_rfc3339(),
                program_count: programs.len(),
                build_millis: started.elapsed().as_millis() as u64,
                state_codes: state_codes.clone(),
                schedules: schedules.clone(),
                synthetic,
                grid_cells: true,
                format: INDEX_FORMAT,
            };
            write_generation_files(&building, &meta, synonyms, reconciliation)?;

            let check = open_verified(&building)?;
            let indexed = check.program_count()?;
            if indexed != programs.len() {
                return Err(IndexError::Incomplete {
                    expected: programs.len(),
                    indexed,
                });
            }
            Ok(meta)
        });
        let meta = match result {
            Ok(meta) => meta,
            Err(e) => {
                let _ = fs::remove_dir_all(&building);
                return Err(e);
            }
        };
        let final_dir = self.root.join(&generation);
        fs::rename(&building, &final_dir).map_err(|e| IndexError::io(&final_dir, e))?;
        crate::atomic::sync_dir(&self.root).map_err(|e| IndexError::io(&self.root, e))?;
        self.swap_current(&generation)?;
        self.prune_generations();
        Ok(meta)
    }

    fn swap_current(&self, generation: &str) -> Result<(), IndexError> {
        let path = self.root.join(CURRENT_FILE);
        crate::atomic::write_file(&path, generation.as_bytes())
            .map_err(|e| IndexError::io(&path, e))
    }

    /// A build killed half-way leaves its `.building-*` folder; nothing reads it.
    fn remove_stale_builds(&self) {
        for entry in fs::read_dir(&self.root).into_iter().flatten().flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(".building-")
            {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }

    fn prune_generations(&self) {
        let current = self.current_generation();
        // Newest first: everything after the kept ones goes, unless it is current.
        for old in self.generations().into_iter().skip(KEEP_GENERATIONS) {
            if Some(&old) != current.as_ref() {
                let _ = fs::remove_dir_all(self.root.join(old));
            }
        }
    }
}

fn write_generation(
    dir: &Path,
    programs: &[Program],
    states: &[StateName],
    hours_codes: &[u64],
    progress: &mut dyn FnMut(usize) -> Result<(), IndexError>,
) -> Result<(), IndexError> {
    let (schema, fields) = build_schema();
    let index = Index::create_in_dir(dir, schema)?;
    register_analyzers(&index);
    let mut writer: IndexWriter =
        index.writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY_BYTES)?;
    let state_codes: Vec<String> = states.iter().map(|s| s.code.clone()).collect();
    let today = Utc::now().date_naive();
    for (i, program) in programs.iter().enumerate() {
        writer.add_document(program_document(
            &fields,
            program,
            states,
            &state_codes,
            hours_codes[i],
            today,
        )?)?;
        progress(i + 1)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}
