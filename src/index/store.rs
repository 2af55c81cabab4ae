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
use serde::{Deserialize, Serialize};
use tantivy::schema::Facet;
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

use super::area::AreaDocs;
use super::exact::ExactWords;
use super::expand::WordExpansions;
use super::faceted::{read_segment_tables, SegmentTables};
use super::facets::program_facets;
use super::grid::cell_term;
use super::open_now::OpenTables;
use super::schema::{build_schema, fields_of, register_analyzers, state_bit, Fields};
use super::search::DecodedProgram;
use super::synonyms::{SynonymFile, Synonyms};
use super::verify::open_verified;
use super::vocabulary::Vocabulary;
use super::IndexError;
use crate::hours::Hours;
use crate::model::{PeerRole, Precision, Program};
use crate::seed::reconcile::Reconciliation;

const CURRENT_FILE: &str = "CURRENT";
const META_FILE: &str = "peerway-build.json";
const SYNONYMS_FILE: &str = "synonyms.toml";
const RECONCILE_FILE: &str = "reconcile.json";
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
const SEARCH_THREADS: usize = 2;
const PARALLEL_FROM_PROGRAMS: usize = 250_000;

/// What a generation says about itself; served by `/healthz` and printed by `build`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BuildMeta {
    pub generation: String,
    pub built_at: String,
    pub program_count: usize,
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

/// An opened generation: the index, one shared reader, and its metadata.
pub struct Catalog {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub meta: BuildMeta,
    pub synonyms: Synonyms,
    /// Every word of the programs' names and descriptions, folded, for "did you mean".
    pub vocabulary: Vocabulary,
    pub path: PathBuf,
    /// Every program, read once per generation on first use (state pages, HSDS, exports).
    pub programs_cache: std::sync::OnceLock<std::sync::Arc<Vec<Program>>>,
    /// Each segment's columns, facet ordinals and their meaning (fixed for a generation).
    pub segment_tables: SegmentTables,
    /// Programs decoded from the doc store, by address: the hits people see most are
    /// read again and again, and decoding the stored JSON was a quarter of a search.
    pub decoded: quick_cache::sync::Cache<tantivy::DocAddress, std::sync::Arc<DecodedProgram>>,
    /// Exact words looked up in this generation, with their BM25 weights.
    pub exact_words: ExactWords,
    /// Fuzzy and prefix words expanded to this generation's terms.
    pub expansions: WordExpansions,
    /// The documents of the areas searched, per set of area terms.
    pub areas: AreaDocs,
    /// Which schedules are open, worked out once a minute.
    pub open_tables: OpenTables,
    /// How the directory stands against the national lists, and the state checks.
    pub reconciliation: Reconciliation,
}

/// How many decoded programs a generation keeps (about 1–2 KB each).
const DECODED_PROGRAMS: usize = 20_000;

pub struct IndexStore {
    root: PathBuf,
}

impl IndexStore {
    pub fn new(root: impl Into<PathBuf>) -> IndexStore {
        IndexStore { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The generation `CURRENT` names, if any index has been built.
    pub fn current_generation(&self) -> Option<String> {
        let text = fs::read_to_string(self.root.join(CURRENT_FILE)).ok()?;
        let name = text.trim();
        (!name.is_empty() && self.root.join(name).is_dir()).then(|| name.to_string())
    }

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
        fs::create_dir_all(&self.root).map_err(|e| io_error(&self.root, e))?;
        self.remove_stale_builds();
        let generation = format!("gen-{}", Utc::now().format("%Y%m%dT%H%M%S%.6f"));
        let building = self.root.join(format!(".building-{generation}"));
        fs::create_dir_all(&building).map_err(|e| io_error(&building, e))?;
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
            write_meta(&building, &meta)?;
            write_synonyms(&building, synonyms)?;
            write_json(&building.join(RECONCILE_FILE), reconciliation)?;

            let check = open_verified(&building)?;
            let indexed = check.reader.searcher().num_docs() as usize;
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
        fs::rename(&building, &final_dir).map_err(|e| io_error(&final_dir, e))?;
        crate::atomic::sync_dir(&self.root).map_err(|e| io_error(&self.root, e))?;
        self.swap_current(&generation)?;
        self.prune_generations();
        Ok(meta)
    }

    fn swap_current(&self, generation: &str) -> Result<(), IndexError> {
        let path = self.root.join(CURRENT_FILE);
        crate::atomic::write_file(&path, generation.as_bytes()).map_err(|e| io_error(&path, e))
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

pub fn open_generation(path: &Path) -> Result<Catalog, IndexError> {
    let meta_path = path.join(META_FILE);
    let meta_text = fs::read_to_string(&meta_path).map_err(|e| io_error(&meta_path, e))?;
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
    let synonyms = Synonyms::from_file(Synonyms::read(&path.join(SYNONYMS_FILE))?);
    let mut index = Index::open_in_dir(path)?;
    register_analyzers(&index);
    // A large index's segments are searched in parallel: one person's search over
    // a million programs then uses both cores (p99 alone 48 -> 30 ms). Below that
    // size handing segments to threads costs more than it saves (10k: -28% req/s).
    if meta.program_count >= PARALLEL_FROM_PROGRAMS {
        index.set_multithread_executor(SEARCH_THREADS)?;
    }
    let fields = fields_of(&index.schema())?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let segment_tables = read_segment_tables(&reader.searcher())?;
    Ok(Catalog {
        index,
        reader,
        fields,
        meta,
        synonyms,
        vocabulary: Vocabulary::read(path),
        path: path.to_path_buf(),
        programs_cache: std::sync::OnceLock::new(),
        segment_tables,
        decoded: quick_cache::sync::Cache::new(DECODED_PROGRAMS),
        exact_words: ExactWords::default(),
        expansions: WordExpansions::default(),
        areas: AreaDocs::default(),
        open_tables: OpenTables::default(),
        reconciliation: read_reconciliation(path),
    })
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

fn program_document(
    fields: &Fields,
    program: &Program,
    states: &[StateName],
    state_codes: &[String],
    hours_code: u64,
    today: chrono::NaiveDate,
) -> Result<TantivyDocument, IndexError> {
    let json = serde_json::to_string(program).map_err(|e| IndexError::Meta {
        path: program.id.clone(),
        message: e.to_string(),
    })?;
    let mut document = doc!(
        fields.id => program.id.clone(),
        // Earlier names are searchable as names: people look for what they knew.
        fields.name => std::iter::once(program.name.as_str())
            .chain(program.also_known_as.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ; "),
        fields.body => searchable_body(program, states),
        fields.program => json,
        fields.peer_run => u64::from(program.peer_role == PeerRole::PeerRun),
    );
    for (dim, value) in program_facets(program, today) {
        document.add_facet(fields.facet, Facet::from_path([dim.key(), value.as_str()]));
    }
    if let Some(location) = &program.location {
        document.add_text(fields.area, cell_term(location.lat, location.lon));
        document.add_f64(fields.lat, location.lat);
        document.add_f64(fields.lon, location.lon);
        document.add_u64(fields.precision, precision_code(location.precision));
    }
    let home = state_bit(state_codes, &program.address.state).map_or(0, |bit| 1u64 << bit);
    document.add_u64(fields.home_state, home);
    let serves = if program.area.scope.covers_whole_states() {
        program
            .area
            .states
            .iter()
            .filter_map(|s| state_bit(state_codes, s))
            .fold(0u64, |mask, bit| mask | (1u64 << bit))
    } else {
        0
    };
    document.add_u64(fields.serves_mask, serves);
    for county in &program.area.counties {
        document.add_u64(fields.serves_county, u64::from(county.fips_number()));
        document.add_text(fields.area, format!("county:{}", county.fips));
    }
    document.add_text(fields.area, format!("home:{}", program.address.state));
    if program.area.scope.covers_whole_states() {
        for state in &program.area.states {
            document.add_text(fields.area, format!("serves:{state}"));
        }
    }
    if program
        .location
        .is_some_and(|l| l.precision == Precision::State)
    {
        document.add_text(fields.area, format!("statepoint:{}", program.address.state));
    }
    document.add_u64(fields.hours_code, hours_code);
    Ok(document)
}

/// Each distinct weekly schedule once, in a stable order, and each program's
/// `hours_code` (0 unknown, 1 24/7, 2 + index into the schedules).
fn schedule_codes(programs: &[Program]) -> (Vec<Hours>, Vec<u64>) {
    let mut schedules: Vec<Hours> = Vec::new();
    let mut index_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let codes = programs
        .iter()
        .map(|program| match &program.hours {
            Hours::Unknown { .. } => 0,
            Hours::AlwaysOpen { .. } => 1,
            Hours::Weekly {
                time_zone, spans, ..
            } => {
                // Same spans in the same zone = one schedule, whatever words the sources used.
                let key = format!("{time_zone}{spans:?}");
                let next = schedules.len();
                let index = *index_of.entry(key).or_insert(next);
                if index == next {
                    schedules.push(Hours::Weekly {
                        text: String::new(),
                        time_zone: time_zone.clone(),
                        spans: spans.clone(),
                    });
                }
                index as u64 + 2
            }
        })
        .collect();
    (schedules, codes)
}

pub fn precision_code(precision: Precision) -> u64 {
    match precision {
        Precision::Address => 0,
        Precision::Zip => 1,
        Precision::City => 2,
        Precision::State => 3,
    }
}

/// A state's code and name, as the index needs them.
#[derive(Debug, Clone)]
pub struct StateName {
    pub code: String,
    pub name: String,
}

/// Everything a person might search a program by, besides its name: "crisis line
/// georgia" should find Georgia's line, so the names of the states served are in.
fn searchable_body(program: &Program, states: &[StateName]) -> String {
    let state_names: Vec<&str> = program
        .area
        .states
        .iter()
        .chain(std::iter::once(&program.address.state))
        .filter_map(|code| states.iter().find(|s| &s.code == code))
        .map(|s| s.name.as_str())
        .collect();
    [
        program.kind.label(),
        program.kind.search_terms(),
        &program.operator,
        &program.summary,
        &program.address.city,
        &program.eligibility.populations,
        &program.eligibility.ages,
        &program.eligibility.languages.join(" "),
        &state_names.join(" "),
    ]
    .join(" \n ")
}

fn write_meta(dir: &Path, meta: &BuildMeta) -> Result<(), IndexError> {
    let path = dir.join(META_FILE);
    let text = serde_json::to_string_pretty(meta).map_err(|e| IndexError::Meta {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    crate::atomic::write_file(&path, text.as_bytes()).map_err(|e| io_error(&path, e))
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), IndexError> {
    let text = serde_json::to_string(value).map_err(|e| IndexError::Meta {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    crate::atomic::write_file(path, text.as_bytes()).map_err(|e| io_error(path, e))
}

/// The generation's reconciliation; a generation without one (synthetic, older)
/// has none to show. A garbled one is logged and shown as none: state pages lose
/// their "what we checked" section, never their programs.
fn read_reconciliation(dir: &Path) -> Reconciliation {
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
    crate::atomic::write_file(&path, text.as_bytes()).map_err(|e| io_error(&path, e))
}

fn io_error(path: &Path, source: std::io::Error) -> IndexError {
    IndexError::Io {
        path: path.display().to_string(),
        source,
    }
}
