//! Fuzzy and prefix words, expanded to the index terms they match once per index
//! generation and then reused.
//!
//! `FuzzyTermQuery` builds a Levenshtein automaton and walks the term dictionary
//! with it on every search, per segment and per field: a fifth of a search's time.
//! People type the same few dozen words, so the walk is done once per word; later
//! searches read the matched terms' postings directly. Scoring is unchanged: a
//! constant (the clause's boost) for every document with any matched term.

use std::sync::{Arc, OnceLock};

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use tantivy::postings::{SegmentPostings, TermInfo};
use tantivy::query::{
    BitSetDocSet, BoostQuery, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer,
    Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED};
use tantivy_common::BitSet;
use tantivy_fst::Automaton;

use super::{explain_by_seeking, PerSegment};
use crate::index::IndexError;

/// How many distinct (field, word, kind of match) expansions a generation keeps.
const EXPANSIONS_KEPT: usize = 4_096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expansion {
    /// Within this many edits (a transposition counts as one).
    Fuzzy(u8),
    /// Every term that begins with the word.
    Prefix,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ExpansionKey {
    field: Field,
    word: String,
    expansion: Expansion,
}

/// Where the matched terms' postings are, per segment.
type ExpandedTerms = PerSegment<Vec<TermInfo>>;

/// The expansions of one generation (its term dictionaries never change).
pub struct WordExpansions {
    cache: quick_cache::sync::Cache<ExpansionKey, Arc<ExpandedTerms>>,
}

impl Default for WordExpansions {
    fn default() -> Self {
        WordExpansions {
            cache: quick_cache::sync::Cache::new(EXPANSIONS_KEPT),
        }
    }
}

impl WordExpansions {
    /// A query scoring `weight` for documents with any term `word` expands to in
    /// `field`; `None` when it expands to nothing.
    ///
    /// `seeking`: the query will only be asked about given documents (a search
    /// driven by a place prefilter), so the terms' postings are looked up there
    /// instead of gathered into a set of every matching document first.
    pub fn query(
        &self,
        searcher: &Searcher,
        field: Field,
        word: &str,
        expansion: Expansion,
        weight: f32,
        seeking: bool,
    ) -> Result<Option<Box<dyn Query>>, IndexError> {
        let terms = self.terms(searcher, field, word, expansion)?;
        if terms.values().all(Vec::is_empty) {
            return Ok(None);
        }
        let query = ExpandedQuery {
            field,
            terms,
            seeking,
        };
        Ok(Some(Box::new(BoostQuery::new(Box::new(query), weight))))
    }

    /// The terms of `field` that `word` matches, in every segment.
    fn terms(
        &self,
        searcher: &Searcher,
        field: Field,
        word: &str,
        expansion: Expansion,
    ) -> Result<Arc<ExpandedTerms>, IndexError> {
        let key = ExpansionKey {
            field,
            word: word.to_string(),
            expansion,
        };
        self.cache.get_or_insert_with(&key, || {
            expand(searcher, field, word, expansion).map(Arc::new)
        })
    }
}

fn expand(
    searcher: &Searcher,
    field: Field,
    word: &str,
    expansion: Expansion,
) -> Result<ExpandedTerms, IndexError> {
    let automaton = LevenshteinDfa(match expansion {
        Expansion::Fuzzy(distance) => builder(distance).build_dfa(word),
        Expansion::Prefix => builder(0).build_prefix_dfa(word),
    });
    searcher
        .segment_readers()
        .iter()
        .map(|segment| {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .search(&automaton)
                .into_stream()
                .map_err(|e| IndexError::Corrupt(format!("term dictionary not readable: {e}")))?;
            let mut infos = Vec::new();
            while stream.advance() {
                infos.push(stream.value().clone());
            }
            Ok((segment.segment_id(), infos))
        })
        .collect()
}

/// Documents with any of a word's expanded terms, each scoring the boost.
#[derive(Debug, Clone)]
struct ExpandedQuery {
    field: Field,
    terms: Arc<ExpandedTerms>,
    seeking: bool,
}

impl Query for ExpandedQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for ExpandedQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let infos = self
            .terms
            .get(reader.segment_id())
            .map_or(&[][..], Vec::as_slice);
        if infos.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        let inverted = reader.inverted_index(self.field)?;
        if self.seeking {
            let postings = infos
                .iter()
                .map(|info| inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic))
                .collect::<std::io::Result<Vec<_>>>()?;
            return Ok(Box::new(ConstScorer::new(
                PostingsUnion::new(postings),
                boost,
            )));
        }
        let mut docs = BitSet::with_max_value(reader.max_doc());
        for info in infos {
            let mut postings =
                inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
            while !postings.docs().is_empty() {
                for &doc in postings.docs() {
                    docs.insert(doc);
                }
                postings.advance();
            }
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_by_seeking(self.scorer(reader, 1.0)?, doc, "ExpandedTerms")
    }
}

/// Documents in any of several postings lists, found by seeking each list: cheap
/// when only a few documents are asked about.
struct PostingsUnion {
    postings: Vec<SegmentPostings>,
    doc: DocId,
}

impl PostingsUnion {
    fn new(postings: Vec<SegmentPostings>) -> PostingsUnion {
        let doc = postings.iter().map(|p| p.doc()).min().unwrap_or(TERMINATED);
        PostingsUnion { postings, doc }
    }

    fn settle(&mut self) -> DocId {
        self.doc = self
            .postings
            .iter()
            .map(|p| p.doc())
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for PostingsUnion {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        for postings in &mut self.postings {
            if postings.doc() == current {
                postings.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        for postings in &mut self.postings {
            if postings.doc() < target {
                postings.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.postings.iter().map(|p| p.size_hint()).sum()
    }
}

/// One automaton builder per distance, made on first use (building one is costly).
fn builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static BUILDERS: [OnceLock<LevenshteinAutomatonBuilder>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let distance = distance.min(2);
    BUILDERS[usize::from(distance)].get_or_init(|| LevenshteinAutomatonBuilder::new(distance, true))
}

/// A Levenshtein DFA as an automaton over the term dictionary's bytes.
struct LevenshteinDfa(DFA);

impl Automaton for &LevenshteinDfa {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::FuzzyTermQuery;
    use tantivy::schema::TEXT;
    use tantivy::Term;

    use super::*;
    use crate::index::fixture::{matched_documents, segmented_index};

    /// Synthetic words, in two segments so per-segment term lists are exercised.
    fn index() -> (Searcher, Field) {
        segmented_index(
            "body",
            TEXT,
            &[
                vec!["respite house", "respites", "warmline", "warm line"],
                vec![
                    "crisis center",
                    "crises",
                    "respit",
                    "stabilization",
                    "stabilisation",
                ],
            ],
        )
    }

    /// The cached expansion matches exactly what tantivy's own fuzzy and prefix
    /// queries match, and scores the clause's boost.
    #[test]
    fn expansions_match_what_fuzzy_term_queries_match() {
        let (searcher, body) = index();
        let expansions = WordExpansions::default();
        let cases = [
            ("respite", Expansion::Fuzzy(1)),
            ("crisis", Expansion::Fuzzy(1)),
            ("stabilization", Expansion::Fuzzy(2)),
            ("warmlin", Expansion::Fuzzy(1)),
            ("res", Expansion::Prefix),
            ("warm", Expansion::Prefix),
            ("zzzzzz", Expansion::Fuzzy(1)),
        ];
        for ((word, expansion), seeking) in cases
            .iter()
            .copied()
            .flat_map(|case| [(case, false), (case, true)])
        {
            let term = Term::from_field_text(body, word);
            let reference = match expansion {
                Expansion::Fuzzy(d) => FuzzyTermQuery::new(term, d, true),
                Expansion::Prefix => FuzzyTermQuery::new_prefix(term, 0, true),
            };
            let expected = matched_documents(&searcher, &reference);
            let ours = expansions
                .query(&searcher, body, word, expansion, 0.5, seeking)
                .unwrap();
            let found = ours
                .as_ref()
                .map_or(Vec::new(), |q| matched_documents(&searcher, q.as_ref()));
            assert_eq!(found, expected, "{word} {expansion:?} seeking {seeking}");
            if let Some(query) = ours {
                let top = searcher
                    .search(query.as_ref(), &tantivy::collector::TopDocs::with_limit(1))
                    .unwrap();
                assert_eq!(top[0].0, 0.5, "{word}: a constant score of the boost");
            }
        }
        assert!(
            matched_documents(
                &searcher,
                expansions
                    .query(&searcher, body, "respite", Expansion::Fuzzy(1), 1.0, false)
                    .unwrap()
                    .unwrap()
                    .as_ref()
            )
            .len()
                >= 3,
            "respite, respites and respit are within one edit"
        );
    }
}
