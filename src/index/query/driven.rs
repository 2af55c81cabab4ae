//! Scoring only the documents a place can contain.
//!
//! A search near a place first narrows the documents with a cheap prefilter (a
//! few hundred of a million). Tantivy's intersection of that prefilter with a
//! union of word clauses still scores the union window by window (4,096 documents
//! at a time), so every document any word matches was scored. Here the prefilter
//! drives: each of its documents is looked up in each word clause (skip lists),
//! and only those are scored, with the same sum a boolean query would give.

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

use super::explain_by_seeking;

/// Documents of `driver` that match any of `words` (or all of them when `words`
/// is empty, scoring `base`), scored as the sum of the matching word and lift
/// clauses, like `BooleanQuery([Must(Should(words…)), Should(lifts…)])`.
#[derive(Debug)]
pub struct DrivenQuery {
    pub driver: Box<dyn Query>,
    pub words: Vec<Box<dyn Query>>,
    pub lifts: Vec<Box<dyn Query>>,
    /// The score of matching "everything" when there are no words (as `AllQuery`).
    pub base: Score,
}

impl Clone for DrivenQuery {
    fn clone(&self) -> Self {
        let clone_all = |queries: &[Box<dyn Query>]| -> Vec<Box<dyn Query>> {
            queries.iter().map(|q| q.box_clone()).collect()
        };
        DrivenQuery {
            driver: self.driver.box_clone(),
            words: clone_all(&self.words),
            lifts: clone_all(&self.lifts),
            base: self.base,
        }
    }
}

struct DrivenWeight {
    driver: Box<dyn Weight>,
    words: Vec<Box<dyn Weight>>,
    lifts: Vec<Box<dyn Weight>>,
    base: Score,
}

impl Query for DrivenQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = |queries: &[Box<dyn Query>]| -> tantivy::Result<Vec<Box<dyn Weight>>> {
            queries.iter().map(|q| q.weight(scoring)).collect()
        };
        // The driver only says which documents; its scores are never read.
        let unscored = EnableScoring::disabled_from_schema(scoring.schema());
        Ok(Box::new(DrivenWeight {
            driver: self.driver.weight(unscored)?,
            words: weights(&self.words)?,
            lifts: weights(&self.lifts)?,
            base: self.base,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for query in self.words.iter().chain(&self.lifts) {
            query.query_terms(visitor);
        }
    }
}

impl Weight for DrivenWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorers = |weights: &[Box<dyn Weight>]| -> tantivy::Result<Vec<Box<dyn Scorer>>> {
            weights.iter().map(|w| w.scorer(reader, boost)).collect()
        };
        let driver = self.driver.scorer(reader, boost)?;
        // Nothing of the area in this segment: no word's postings need opening.
        if driver.doc() == TERMINATED {
            return Ok(Box::new(EmptyScorer));
        }
        let mut scorer = DrivenScorer {
            driver,
            words: scorers(&self.words)?,
            lifts: scorers(&self.lifts)?,
            base: self.base * boost,
            doc: TERMINATED,
            score: 0.0,
        };
        let first = scorer.driver.doc();
        scorer.settle(first);
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_by_seeking(self.scorer(reader, 1.0)?, doc, "Driven")
    }
}

struct DrivenScorer {
    driver: Box<dyn Scorer>,
    words: Vec<Box<dyn Scorer>>,
    lifts: Vec<Box<dyn Scorer>>,
    base: Score,
    doc: DocId,
    score: Score,
}

impl DrivenScorer {
    /// Stop on the first driver document from `doc` on that matches.
    fn settle(&mut self, mut doc: DocId) -> DocId {
        while doc != TERMINATED {
            if let Some(score) = self.evaluate(doc) {
                self.score = score;
                break;
            }
            doc = self.driver.advance();
        }
        self.doc = doc;
        doc
    }

    fn evaluate(&mut self, doc: DocId) -> Option<Score> {
        let (word_score, any_word) = sum_at(&mut self.words, doc);
        if !self.words.is_empty() && !any_word {
            return None;
        }
        let base = if self.words.is_empty() {
            self.base
        } else {
            0.0
        };
        let (lift_score, _) = sum_at(&mut self.lifts, doc);
        Some(base + word_score + lift_score)
    }
}

/// The summed score of the scorers on `doc`, and whether any is.
fn sum_at(scorers: &mut [Box<dyn Scorer>], doc: DocId) -> (Score, bool) {
    let mut score = 0.0;
    let mut any = false;
    for scorer in scorers {
        if scorer.doc() < doc {
            scorer.seek(doc);
        }
        if scorer.doc() == doc {
            score += scorer.score();
            any = true;
        }
    }
    (score, any)
}

impl DocSet for DrivenScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let next = self.driver.advance();
        self.settle(next)
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.driver.size_hint()
    }
}

impl Scorer for DrivenScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption, Schema, STRING, TEXT};
    use tantivy::{doc, Index, IndexWriter, Searcher, Term};

    use super::*;

    /// Synthetic documents: a text and an area tag, in two segments.
    fn index() -> (Searcher, Field, Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let area = schema.add_text_field("area", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let texts = [
            "peer respite house",
            "crisis line",
            "warm line peer support",
            "mobile crisis team",
            "respite respite respite",
            "living room crisis center",
        ];
        for round in 0..2 {
            for (i, text) in texts.iter().enumerate() {
                let tag = if (i + round) % 2 == 0 { "near" } else { "far" };
                // "first" is only in the first segment: the second has no driver documents.
                let only = if round == 0 { "first" } else { "second" };
                writer
                    .add_document(doc!(body => *text, area => tag, area => only))
                    .unwrap();
            }
            writer.commit().unwrap();
        }
        (index.reader().unwrap().searcher(), body, area)
    }

    fn term(field: Field, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ))
    }

    fn ranked(searcher: &Searcher, query: &dyn Query) -> Vec<(String, tantivy::DocAddress)> {
        searcher
            .search(query, &TopDocs::with_limit(100))
            .unwrap()
            .into_iter()
            .map(|(score, address)| (format!("{score:.5}"), address))
            .collect()
    }

    /// The same documents with the same scores as the boolean query it replaces,
    /// for a driver in both segments and one in only the first.
    #[test]
    fn driven_scores_equal_the_boolean_intersection() {
        let (searcher, body, area) = index();
        let word_sets: [Vec<&str>; 3] = [vec!["respite", "crisis"], vec!["line"], vec![]];
        let cases = word_sets
            .iter()
            .flat_map(|words| [(words.clone(), "near"), (words.clone(), "first")]);
        for (words, driver) in cases {
            for with_lift in [false, true] {
                let word_queries: Vec<Box<dyn Query>> =
                    words.iter().map(|w| term(body, w)).collect();
                let lifts: Vec<Box<dyn Query>> = if with_lift {
                    vec![Box::new(ConstScoreQuery::new(term(body, "peer"), 2.5))]
                } else {
                    Vec::new()
                };
                let base: Box<dyn Query> = if word_queries.is_empty() {
                    Box::new(AllQuery)
                } else {
                    Box::new(BooleanQuery::new(
                        word_queries
                            .iter()
                            .map(|q| (Occur::Should, q.box_clone()))
                            .collect(),
                    ))
                };
                let mut clauses = vec![
                    (Occur::Must, base),
                    (
                        Occur::Must,
                        Box::new(ConstScoreQuery::new(term(area, driver), 0.0)) as Box<dyn Query>,
                    ),
                ];
                clauses.extend(lifts.iter().map(|q| (Occur::Should, q.box_clone())));
                let expected = ranked(&searcher, &BooleanQuery::new(clauses));
                let driven = DrivenQuery {
                    driver: term(area, driver),
                    words: word_queries,
                    lifts,
                    base: 1.0,
                };
                let found = ranked(&searcher, &driven);
                assert!(
                    !expected.is_empty(),
                    "{words:?}: the fixture matches something"
                );
                assert_eq!(found, expected, "{words:?} in {driver}, lift {with_lift}");
            }
        }
    }
}
