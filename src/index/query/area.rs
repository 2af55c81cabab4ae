//! The documents a searched area can contain, gathered once per generation.
//!
//! A search near a place is driven by the union of its area terms: the grid cells
//! its radius's bounding box overlaps and its state's terms, twenty-odd terms for
//! a 100-mile radius. As a boolean union that opened twenty-odd term scorers per
//! segment per search, each looking its term up twice and decoding a first block:
//! a fifth of a place search at 10 k programs. People search near the same places
//! again and again, so each set of terms is gathered once into a sorted list of
//! documents per segment and then walked (Lucene's filter cache does the same).

use std::sync::Arc;

use tantivy::query::{ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

use super::{explain_by_seeking, PerSegment};
use crate::index::IndexError;

/// How many documents, summed over every kept area, a generation keeps lists of
/// (4 bytes each: 16 MB at most).
const AREA_DOCS_KEPT: u64 = 4_000_000;
/// About how many areas that is (most areas hold a few hundred documents).
const AREAS_EXPECTED: usize = 2_048;

/// The sorted documents of one set of area terms, per segment.
type GatheredDocs = PerSegment<Arc<[DocId]>>;

/// A kept list weighs its document count (and one, so empty areas count too).
#[derive(Debug, Clone, Copy)]
struct ByDocuments;

impl quick_cache::Weighter<Vec<String>, Arc<GatheredDocs>> for ByDocuments {
    fn weight(&self, _terms: &Vec<String>, docs: &Arc<GatheredDocs>) -> u64 {
        1 + docs.values().map(|list| list.len() as u64).sum::<u64>()
    }
}

/// The areas searched in one generation (its postings never change).
pub struct AreaDocs {
    cache: quick_cache::sync::Cache<Vec<String>, Arc<GatheredDocs>, ByDocuments>,
}

impl Default for AreaDocs {
    fn default() -> Self {
        AreaDocs {
            cache: quick_cache::sync::Cache::with_weighter(
                AREAS_EXPECTED,
                AREA_DOCS_KEPT,
                ByDocuments,
            ),
        }
    }
}

impl AreaDocs {
    /// Documents with any of `terms` in `field`, unscored (a search's driver).
    pub fn query(
        &self,
        searcher: &Searcher,
        field: Field,
        mut terms: Vec<String>,
    ) -> Result<Box<dyn Query>, IndexError> {
        terms.sort_unstable();
        terms.dedup();
        let docs = self.cache.get_or_insert_with(&terms, || {
            gather(searcher, field, &terms)
                .map(Arc::new)
                .map_err(IndexError::from)
        })?;
        Ok(Box::new(AreaQuery { docs }))
    }
}

fn gather(searcher: &Searcher, field: Field, terms: &[String]) -> tantivy::Result<GatheredDocs> {
    searcher
        .segment_readers()
        .iter()
        .map(|segment| {
            let inverted = segment.inverted_index(field)?;
            let mut docs = Vec::new();
            for text in terms {
                let term = Term::from_field_text(field, text);
                let Some(info) = inverted.get_term_info(&term)? else {
                    continue;
                };
                let mut postings =
                    inverted.read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
                while !postings.docs().is_empty() {
                    docs.extend_from_slice(postings.docs());
                    postings.advance();
                }
            }
            docs.sort_unstable();
            docs.dedup();
            Ok((segment.segment_id(), docs.into()))
        })
        .collect()
}

#[derive(Debug, Clone)]
struct AreaQuery {
    docs: Arc<GatheredDocs>,
}

impl Query for AreaQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for AreaQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        match self.docs.get(reader.segment_id()) {
            Some(list) => Ok(Box::new(ConstScorer::new(
                DocList::new(list.clone()),
                boost,
            ))),
            None => Ok(Box::new(EmptyScorer)),
        }
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_by_seeking(self.scorer(reader, 1.0)?, doc, "AreaDocs")
    }
}

/// A walk over one segment's gathered documents.
struct DocList {
    docs: Arc<[DocId]>,
    cursor: usize,
}

impl DocList {
    fn new(docs: Arc<[DocId]>) -> DocList {
        DocList { docs, cursor: 0 }
    }
}

impl DocSet for DocList {
    fn advance(&mut self) -> DocId {
        self.cursor = (self.cursor + 1).min(self.docs.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let rest = &self.docs[self.cursor..];
        self.cursor += rest.partition_point(|&doc| doc < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.cursor).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        u32::try_from(self.docs.len()).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::STRING;

    use super::*;
    use crate::index::fixture::{matched_documents, segmented_index};

    /// Synthetic area tags, in two segments, many documents per tag so postings
    /// span several blocks.
    fn index() -> (Searcher, Field) {
        let batches: Vec<Vec<String>> = (0..2)
            .map(|round| {
                (0..700u32)
                    .flat_map(|i| {
                        let cell = format!("cell:{}:{}", i % 7, i % 3);
                        let serves = (i % 5 == round).then(|| "serves:VT".to_string());
                        std::iter::once(cell).chain(serves)
                    })
                    .collect()
            })
            .collect();
        segmented_index("area", STRING, &batches)
    }

    fn union(field: Field, terms: &[&str]) -> BooleanQuery {
        BooleanQuery::new(
            terms
                .iter()
                .map(|t| -> (Occur, Box<dyn Query>) {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, t),
                            IndexRecordOption::Basic,
                        )),
                    )
                })
                .collect(),
        )
    }

    /// The gathered lists hold exactly what the boolean union of the terms
    /// matches, the first time (gathered) and the second (kept).
    #[test]
    fn matches_what_the_union_of_its_terms_matches() {
        let (searcher, area) = index();
        let areas = AreaDocs::default();
        for terms in [
            vec!["cell:1:2", "serves:VT", "cell:4:0", "cell:9:9"],
            vec!["cell:0:0"],
            vec!["serves:NH"],
        ] {
            let expected = matched_documents(&searcher, &union(area, &terms));
            for _ in 0..2 {
                let owned = terms.iter().map(|t| t.to_string()).collect();
                let query = areas.query(&searcher, area, owned).unwrap();
                assert_eq!(
                    matched_documents(&searcher, query.as_ref()),
                    expected,
                    "{terms:?}"
                );
            }
        }
        assert!(!matched_documents(&searcher, &union(area, &["serves:VT"])).is_empty());
    }

    /// Seeking lands on the first listed document at or after the target.
    #[test]
    fn seeks_to_the_next_listed_document() {
        let (searcher, area) = index();
        let areas = AreaDocs::default();
        let query = areas
            .query(&searcher, area, vec!["cell:3:1".to_string()])
            .unwrap();
        let segment = &searcher.segment_readers()[0];
        let weight = query
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .unwrap();
        let mut all = weight.scorer(segment, 1.0).unwrap();
        let mut listed = Vec::new();
        while all.doc() != TERMINATED {
            listed.push(all.doc());
            all.advance();
        }
        assert!(listed.len() > 20);
        for target in [
            0,
            listed[5] - 1,
            listed[5],
            listed[5] + 1,
            listed[listed.len() - 1] + 1,
        ] {
            let mut scorer = weight.scorer(segment, 1.0).unwrap();
            let expected = listed
                .iter()
                .copied()
                .find(|&d| d >= target)
                .unwrap_or(TERMINATED);
            assert_eq!(scorer.seek(target), expected, "seek({target})");
        }
    }
}
