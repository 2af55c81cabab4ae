//! Exact words, looked up once per index generation and then reused.
//!
//! Each typed word is an exact clause in the name and in the body. As a
//! `TermQuery` every search looked each one up in every segment's term dictionary
//! twice (its document frequency for BM25, then its postings) and worked out the
//! same BM25 weight again. A generation never changes, so the weight and where the
//! postings are are kept per word; scores are exactly `TermQuery`'s.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TantivyError, Term};

use super::PerSegment;
use crate::index::IndexError;

/// How many distinct (field, word) look-ups a generation keeps.
const WORDS_KEPT: usize = 8_192;

/// A word's BM25 weight over the whole generation and its postings per segment
/// (only the segments that have it).
struct LookedUp {
    bm25: Bm25Weight,
    per_segment: PerSegment<TermInfo>,
}

/// The exact words looked up in one generation.
pub struct ExactWords {
    cache: quick_cache::sync::Cache<(Field, String), Arc<LookedUp>>,
}

impl Default for ExactWords {
    fn default() -> Self {
        ExactWords {
            cache: quick_cache::sync::Cache::new(WORDS_KEPT),
        }
    }
}

impl ExactWords {
    /// Documents with `word` in `field`, scored by BM25 like `TermQuery` with
    /// frequencies (a word in no document matches nothing).
    pub fn query(
        &self,
        searcher: &Searcher,
        field: Field,
        word: &str,
    ) -> Result<Box<dyn Query>, IndexError> {
        let key = (field, word.to_string());
        let looked_up = self.cache.get_or_insert_with(&key, || {
            look_up(searcher, Term::from_field_text(field, word))
                .map(Arc::new)
                .map_err(IndexError::from)
        })?;
        Ok(Box::new(ExactQuery { field, looked_up }))
    }
}

fn look_up(searcher: &Searcher, term: Term) -> tantivy::Result<LookedUp> {
    let bm25 = Bm25Weight::for_terms(searcher, std::slice::from_ref(&term))?;
    let mut found = Vec::new();
    for segment in searcher.segment_readers() {
        if let Some(info) = segment.inverted_index(term.field())?.get_term_info(&term)? {
            found.push((segment.segment_id(), info));
        }
    }
    Ok(LookedUp {
        bm25,
        per_segment: found.into_iter().collect(),
    })
}

#[derive(Clone)]
struct ExactQuery {
    field: Field,
    looked_up: Arc<LookedUp>,
}

impl std::fmt::Debug for ExactQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExactQuery")
            .field("field", &self.field)
            .field("segments", &self.looked_up.per_segment.values().count())
            .finish()
    }
}

impl Query for ExactQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl ExactQuery {
    fn term_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<WordScorer>> {
        let Some(info) = self.looked_up.per_segment.get(reader.segment_id()) else {
            return Ok(None);
        };
        let postings = reader
            .inverted_index(self.field)?
            .read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?;
        let fieldnorms = reader
            .fieldnorms_readers()
            .get_field(self.field)?
            .unwrap_or_else(|| FieldNormReader::constant(reader.max_doc(), 1));
        Ok(Some(WordScorer {
            postings,
            fieldnorms,
            bm25: self.looked_up.bm25.boost_by(boost),
        }))
    }
}

impl Weight for ExactQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.term_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if let Some(mut scorer) = self.term_scorer(reader, 1.0)? {
            if scorer.doc() <= doc && scorer.seek(doc) == doc {
                return Ok(scorer.explain());
            }
        }
        Err(TantivyError::InvalidArgument(
            "the document does not match".to_string(),
        ))
    }
}

/// tantivy's `TermScorer` (not public): BM25 of the term's frequency in a
/// document and the document's field length.
struct WordScorer {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    bm25: Bm25Weight,
}

impl WordScorer {
    fn explain(&self) -> Explanation {
        let doc = self.postings.doc();
        self.bm25
            .explain(self.fieldnorms.fieldnorm_id(doc), self.postings.term_freq())
    }
}

impl DocSet for WordScorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for WordScorer {
    fn score(&mut self) -> Score {
        let doc = self.postings.doc();
        self.bm25
            .score(self.fieldnorms.fieldnorm_id(doc), self.postings.term_freq())
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BoostQuery, TermQuery};
    use tantivy::schema::TEXT;
    use tantivy::DocAddress;

    use super::*;
    use crate::index::fixture::segmented_index;

    /// Synthetic texts of different lengths and repeats, in two segments, so
    /// document frequencies, field lengths and term frequencies all differ.
    fn index() -> (Searcher, Field) {
        segmented_index(
            "body",
            TEXT,
            &[
                vec![
                    "peer respite house",
                    "respite respite",
                    "warm line",
                    "crisis line peer",
                ],
                vec![
                    "mobile crisis team for the whole county and its towns",
                    "respite",
                    "living room crisis center",
                ],
            ],
        )
    }

    fn scored(searcher: &Searcher, query: &dyn Query) -> Vec<(Score, DocAddress)> {
        let mut hits = searcher.search(query, &TopDocs::with_limit(100)).unwrap();
        hits.sort_by_key(|hit| hit.1);
        hits
    }

    /// Same documents, same scores (to the bit) as a boosted `TermQuery`, the
    /// first time (looked up) and the second (kept); no match for unknown words.
    #[test]
    fn scores_exactly_what_a_term_query_scores() {
        let (searcher, body) = index();
        let words = ExactWords::default();
        for word in ["respite", "crisis", "line", "peer", "county", "nowhere"] {
            let reference = BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(body, word),
                    IndexRecordOption::WithFreqs,
                )),
                2.5,
            );
            let expected = scored(&searcher, &reference);
            for _ in 0..2 {
                let ours = BoostQuery::new(words.query(&searcher, body, word).unwrap(), 2.5);
                assert_eq!(scored(&searcher, &ours), expected, "{word}");
            }
        }
        let respite = words.query(&searcher, body, "respite").unwrap();
        assert_eq!(scored(&searcher, respite.as_ref()).len(), 3);
    }
}
