//! What a query's words match: exact words in the name (boosted) and the body,
//! fuzzy and prefix words at a constant below any exact match, the words synonyms
//! add at half weight, and constant lifts for the kinds, populations and
//! languages its phrases name.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{Searcher, Term};

use crate::index::catalog::Catalog;
use crate::index::document::facets::FacetDim;
use crate::index::query::expand::Expansion;
use crate::index::words::synonyms::Interpretation;
use crate::index::IndexError;

/// A name match counts this much more than a match in the rest of the text.
const NAME_BOOST: f32 = 3.0;
/// Words a synonym adds count for less than the words a person typed.
const EXTRA_WORD_WEIGHT: f32 = 0.5;
/// Fuzzy and prefix matches score a constant, kept below any exact BM25 match.
const FUZZY_NAME_WEIGHT: f32 = 0.6;
const FUZZY_BODY_WEIGHT: f32 = 0.3;
const PREFIX_NAME_WEIGHT: f32 = 0.5;
const PREFIX_BODY_WEIGHT: f32 = 0.25;
/// What naming a kind or a population adds to a program of that kind.
const KIND_LIFT: f32 = 2.5;
const POPULATION_LIFT: f32 = 2.0;
/// What asking for a language ("en español") adds to a program answering in it.
const LANGUAGE_LIFT: f32 = 2.0;

/// What a query's text matches: any of the word clauses (everything when there
/// are none), plus the lifts of the kinds and populations it names.
pub(super) struct TextMatch {
    pub(super) words: Vec<Box<dyn Query>>,
    pub(super) lifts: Vec<Box<dyn Query>>,
}

/// What `AllQuery` scores each document: the base when a query has no words.
pub(super) const ALL_SCORE: f32 = 1.0;

impl TextMatch {
    pub(super) fn into_query(self) -> Box<dyn Query> {
        let should = |queries: Vec<Box<dyn Query>>| -> Vec<(Occur, Box<dyn Query>)> {
            queries.into_iter().map(|q| (Occur::Should, q)).collect()
        };
        let base: Box<dyn Query> = if self.words.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(should(self.words)))
        };
        if self.lifts.is_empty() {
            return base;
        }
        let mut all = vec![(Occur::Must, base)];
        all.extend(should(self.lifts));
        Box::new(BooleanQuery::new(all))
    }
}

/// What a query matches: its words (exact, then fuzzy, then the last word as a
/// prefix), plus constant lifts for the kinds and populations its phrases name.
/// No words at all matches everything, so lifts alone order the whole directory.
///
/// `seeking`: only documents a place prefilter yields will be asked about.
pub(super) fn match_query(
    catalog: &Catalog,
    searcher: &Searcher,
    meaning: &Interpretation,
    seeking: bool,
) -> Result<TextMatch, IndexError> {
    let words = analyze(catalog, &meaning.text)?;
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    for word in &words {
        clauses.extend(word_clauses(catalog, searcher, word, 1.0, true, seeking)?);
    }
    for word in analyze(catalog, &meaning.extra_words.join(" "))? {
        if !words.contains(&word) {
            clauses.extend(word_clauses(
                catalog,
                searcher,
                &word,
                EXTRA_WORD_WEIGHT,
                false,
                seeking,
            )?);
        }
    }
    if let Some(prefix) = last_word_prefix(&meaning.text) {
        for (field, weight) in [
            (catalog.fields().name, PREFIX_NAME_WEIGHT),
            (catalog.fields().body, PREFIX_BODY_WEIGHT),
        ] {
            clauses.extend(catalog.expansions().query(
                searcher,
                field,
                &prefix,
                Expansion::Prefix,
                weight,
                seeking,
            )?);
        }
    }
    let lifts = meaning
        .kinds
        .iter()
        .map(|kind| (FacetDim::Kind, kind.slug().to_string(), KIND_LIFT))
        .chain(
            meaning
                .populations
                .iter()
                .map(|p| (FacetDim::Populations, p.clone(), POPULATION_LIFT)),
        )
        .chain(
            meaning
                .languages
                .iter()
                .map(|l| (FacetDim::Languages, l.clone(), LANGUAGE_LIFT)),
        )
        .map(|(dim, value, lift)| {
            let term = Term::from_facet(
                catalog.fields().facet,
                &Facet::from_path([dim.key(), value.as_str()]),
            );
            let query: Box<dyn Query> = Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                lift,
            ));
            query
        })
        .collect();
    Ok(TextMatch {
        words: clauses,
        lifts,
    })
}

/// The index's own analysis of some text: folded, stop words out, stemmed.
fn analyze(catalog: &Catalog, text: &str) -> Result<Vec<String>, IndexError> {
    let mut analyzer = catalog.index().tokenizer_for_field(catalog.fields().body)?;
    let mut stream = analyzer.token_stream(text);
    let mut words: Vec<String> = Vec::new();
    while stream.advance() {
        let word = stream.token().text.clone();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    Ok(words)
}

/// One word: exact in the name (boosted) or the body; with `fuzzy`, also within
/// one typo for words of 5+ letters and two for 9+, at a weight well below an
/// exact match so exact matches always rank first.
fn word_clauses(
    catalog: &Catalog,
    searcher: &Searcher,
    word: &str,
    weight: f32,
    fuzzy: bool,
    seeking: bool,
) -> Result<Vec<Box<dyn Query>>, IndexError> {
    let exact = |field, boost: f32| -> Result<Box<dyn Query>, IndexError> {
        let query = catalog.exact_words().query(searcher, field, word)?;
        Ok(Box::new(BoostQuery::new(query, boost * weight)))
    };
    let mut clauses = vec![
        exact(catalog.fields().name, NAME_BOOST)?,
        exact(catalog.fields().body, 1.0)?,
    ];
    let letters = word.chars().count();
    let distance = match letters {
        9.. => 2,
        5..=8 => 1,
        _ => 0,
    };
    if fuzzy && distance > 0 {
        for (field, boost) in [
            (catalog.fields().name, FUZZY_NAME_WEIGHT),
            (catalog.fields().body, FUZZY_BODY_WEIGHT),
        ] {
            let expanded = catalog.expansions().query(
                searcher,
                field,
                word,
                Expansion::Fuzzy(distance),
                boost * weight,
                seeking,
            )?;
            clauses.extend(expanded);
        }
    }
    Ok(clauses)
}

/// The last word as typed (folded, not stemmed), for matching words it begins.
fn last_word_prefix(text: &str) -> Option<String> {
    let last = crate::geo::fold_place_name(text.split_whitespace().last()?);
    (last.chars().count() >= 3 && !last.contains(' ')).then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_word_as_typed_is_a_prefix_once_it_has_three_letters() {
        assert_eq!(last_word_prefix("peer resp").as_deref(), Some("resp"));
        assert_eq!(last_word_prefix("Crisis Líne").as_deref(), Some("line"));
        assert_eq!(last_word_prefix("warm li"), None);
        assert_eq!(last_word_prefix("   "), None);
    }

    #[test]
    fn no_words_match_everything_and_lifts_only_add() {
        let nothing = TextMatch {
            words: Vec::new(),
            lifts: Vec::new(),
        };
        assert!(format!("{:?}", nothing.into_query()).contains("AllQuery"));
        let lifted = TextMatch {
            words: Vec::new(),
            lifts: vec![Box::new(AllQuery)],
        };
        let query = format!("{:?}", lifted.into_query());
        assert!(
            query.contains("Must") && query.contains("Should"),
            "{query}"
        );
    }
}
