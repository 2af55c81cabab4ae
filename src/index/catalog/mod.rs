//! One opened generation: the tantivy index with one shared reader, its metadata,
//! and everything worked out once per generation and then shared by every search
//! (segment tables, decoded programs, looked-up and expanded words, area
//! documents, open-now tables). Fields are private: the search layer asks for
//! what it needs through methods, and nothing outside `index` reaches inside.

mod decoded;
pub mod meta;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

pub use decoded::DecodedProgram;
use meta::{read_meta, read_reconciliation, BuildMeta, SYNONYMS_FILE};

use crate::index::collector::open_now::{OpenTable, OpenTables};
use crate::index::collector::{read_segment_tables, SegmentTables};
use crate::index::document::schema::{fields_of, register_analyzers, Fields};
use crate::index::query::area::AreaDocs;
use crate::index::query::exact::ExactWords;
use crate::index::query::expand::WordExpansions;
use crate::index::words::synonyms::Synonyms;
use crate::index::words::vocabulary::Vocabulary;
use crate::index::IndexError;
use crate::model::Program;
use crate::seed::reconcile::Reconciliation;

const SEARCH_THREADS: usize = 2;
const PARALLEL_FROM_PROGRAMS: usize = 250_000;

/// An opened generation: the index, one shared reader, its metadata, and the
/// tables worked out once per generation.
pub struct Catalog {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    meta: BuildMeta,
    synonyms: Synonyms,
    /// Every word of the programs' names and descriptions, folded, for "did you mean".
    vocabulary: Vocabulary,
    path: PathBuf,
    /// Every program, read once per generation on first use (state pages, HSDS, exports).
    programs: OnceLock<Arc<Vec<Program>>>,
    /// Each segment's columns, facet ordinals and their meaning (fixed for a generation).
    segment_tables: SegmentTables,
    /// Programs decoded from the doc store, by address: the hits people see most are
    /// read again and again, and decoding the stored JSON was a quarter of a search.
    decoded: quick_cache::sync::Cache<DocAddress, Arc<DecodedProgram>>,
    /// Exact words looked up in this generation, with their BM25 weights.
    exact_words: ExactWords,
    /// Fuzzy and prefix words expanded to this generation's terms.
    expansions: WordExpansions,
    /// The documents of the areas searched, per set of area terms.
    areas: AreaDocs,
    /// Which schedules are open, worked out once a minute.
    open_tables: OpenTables,
    /// How the directory stands against the national lists, and the state checks.
    reconciliation: Reconciliation,
}

/// How many decoded programs a generation keeps (about 1–2 KB each).
const DECODED_PROGRAMS: usize = 20_000;

impl Catalog {
    /// Open the generation in `path` as it is, without reading it whole (see
    /// `index::verify::open_verified` for the check done before serving).
    pub fn open(path: &Path) -> Result<Catalog, IndexError> {
        let meta = read_meta(path)?;
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
        let reader: IndexReader = index
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
            programs: OnceLock::new(),
            segment_tables,
            decoded: quick_cache::sync::Cache::new(DECODED_PROGRAMS),
            exact_words: ExactWords::default(),
            expansions: WordExpansions::default(),
            areas: AreaDocs::default(),
            open_tables: OpenTables::default(),
            reconciliation: read_reconciliation(path),
        })
    }

    /// What the generation says about itself (served by `/healthz`).
    pub fn meta(&self) -> &BuildMeta {
        &self.meta
    }

    /// The generation's folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How the directory stands against the national lists, and the state checks.
    pub fn reconciliation(&self) -> &Reconciliation {
        &self.reconciliation
    }

    /// How many programs the generation holds.
    pub fn program_count(&self) -> Result<usize, IndexError> {
        Ok(self.searcher().search(&AllQuery, &Count)?)
    }

    /// The program with this id, if the generation has it.
    pub fn find_program(&self, id: &str) -> Result<Option<Program>, IndexError> {
        let searcher = self.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let hits = searcher.search(&query, &TopDocs::with_limit(1))?;
        hits.first()
            .map(|(_, address)| self.load_program(&searcher, *address))
            .transpose()
    }

    /// Every program in id order (exports, evaluation, state pages, HSDS), read
    /// from the index once per generation and then shared.
    pub fn all_programs(&self) -> Result<Arc<Vec<Program>>, IndexError> {
        if let Some(programs) = self.programs.get() {
            return Ok(programs.clone());
        }
        let searcher = self.searcher();
        let addresses = searcher.search(&AllQuery, &DocSetCollector)?;
        let mut programs = addresses
            .into_iter()
            .map(|address| self.load_program(&searcher, address))
            .collect::<Result<Vec<_>, _>>()?;
        programs.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(self.programs.get_or_init(|| Arc::new(programs)).clone())
    }

    /// The program stored at `address`, decoded once per generation and shared.
    pub(in crate::index) fn decoded(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<Arc<DecodedProgram>, IndexError> {
        self.decoded.get_or_insert_with(&address, || {
            DecodedProgram::new(self.load_program(searcher, address)?).map(Arc::new)
        })
    }

    fn load_program(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<Program, IndexError> {
        let document: TantivyDocument = searcher.doc(address)?;
        let json = document
            .get_first(self.fields.program)
            .and_then(|v| v.as_str())
            .ok_or_else(|| IndexError::Corrupt("a document has no stored program".into()))?;
        serde_json::from_str(json)
            .map_err(|e| IndexError::Corrupt(format!("stored program does not parse: {e}")))
    }

    /// A searcher on the generation's one reader.
    pub(in crate::index) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The schema's fields.
    pub(in crate::index) fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The tantivy index itself (its schema and tokenizers).
    pub(in crate::index) fn index(&self) -> &Index {
        &self.index
    }

    /// The phrases the generation was built with.
    pub(in crate::index) fn synonyms(&self) -> &Synonyms {
        &self.synonyms
    }

    /// The words behind "did you mean".
    pub(in crate::index) fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Each segment's columns and facet table.
    pub(in crate::index) fn segment_tables(&self) -> &SegmentTables {
        &self.segment_tables
    }

    /// Exact words looked up once per generation.
    pub(in crate::index) fn exact_words(&self) -> &ExactWords {
        &self.exact_words
    }

    /// Fuzzy and prefix words expanded once per generation.
    pub(in crate::index) fn expansions(&self) -> &WordExpansions {
        &self.expansions
    }

    /// The documents of each searched area, gathered once per generation.
    pub(in crate::index) fn areas(&self) -> &AreaDocs {
        &self.areas
    }

    /// Which of the generation's schedules are open at `now`.
    pub(in crate::index) fn open_table(&self, now: chrono::DateTime<chrono::Utc>) -> OpenTable {
        self.open_tables.at(&self.meta.schedules, now)
    }
}
