//! The words the directory uses, for "did you mean": written with each generation,
//! read when it opens, and searched for the closest spelling of an unknown word.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use crate::geo::{letter_counts, LetterCounts};
use crate::index::IndexError;
use crate::model::Program;

const VOCABULARY_FILE: &str = "vocabulary.txt";

/// How many unknown words a generation remembers the closest known word of.
const SUGGESTIONS_KEPT: usize = 4_096;

/// Sorted folded words (ASCII letters only) with their letter counts.
#[derive(Debug)]
pub struct Vocabulary {
    words: Vec<String>,
    letters: Vec<LetterCounts>,
    /// Unknown words already looked up: a search that finds nothing is often
    /// repeated (reloads, the same words with other filters), and each look-up
    /// reads the whole vocabulary.
    suggestions: quick_cache::sync::Cache<String, Option<String>>,
}

impl Vocabulary {
    /// A generation built before the vocabulary existed simply offers no suggestions.
    pub fn read(dir: &Path) -> Vocabulary {
        let words: Vec<String> = fs::read_to_string(dir.join(VOCABULARY_FILE))
            .map(|text| text.lines().map(str::to_string).collect())
            .unwrap_or_default();
        Vocabulary::from_sorted(words)
    }

    fn from_sorted(words: Vec<String>) -> Vocabulary {
        let letters = words.iter().map(|w| letter_counts(w)).collect();
        Vocabulary {
            words,
            letters,
            suggestions: quick_cache::sync::Cache::new(SUGGESTIONS_KEPT),
        }
    }

    /// Write the folded words of `programs` into the generation folder `dir`.
    pub fn write(dir: &Path, programs: &[Program]) -> Result<(), IndexError> {
        let mut words: HashSet<String> = HashSet::new();
        // One buffer for every word: most words are already known, and allocating
        // each one was most of this step's cost.
        let mut folded = String::new();
        let mut add = |text: &str| {
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                if word.len() < 3 {
                    continue;
                }
                folded.clear();
                // Most words are plain ASCII; only the rest need Unicode folding.
                if word.is_ascii() {
                    folded.extend(word.chars().map(|c| c.to_ascii_lowercase()));
                } else {
                    folded.push_str(&crate::geo::fold_place_name(word));
                }
                if folded.chars().all(|c| c.is_ascii_alphabetic()) && !words.contains(&folded) {
                    words.insert(folded.clone());
                }
            }
        };
        let mut kinds = Vec::new();
        for program in programs {
            add(&program.name);
            add(&program.summary);
            add(&program.operator);
            add(&program.address.city);
            if !kinds.contains(&program.kind) {
                kinds.push(program.kind);
            }
        }
        for kind in kinds {
            add(kind.search_terms());
        }
        let mut words: Vec<String> = words.into_iter().collect();
        words.sort();
        let path = dir.join(VOCABULARY_FILE);
        crate::atomic::write_file(&path, words.join("\n").as_bytes()).map_err(|source| {
            IndexError::Io {
                path: path.display().to_string(),
                source,
            }
        })
    }

    /// Whether the directory uses `word` (folded).
    pub fn contains(&self, word: &str) -> bool {
        self.words
            .binary_search_by(|known| known.as_str().cmp(word))
            .is_ok()
    }

    /// The known word closest to a folded `word`: fewest edits (one for words of up
    /// to five letters, two for longer), then the same length, then the most similar
    /// start. `None` when nothing is that close.
    pub fn closest(&self, word: &str) -> Option<String> {
        if let Some(kept) = self.suggestions.get(word) {
            return kept;
        }
        let found = self.scan_closest(word).map(str::to_string);
        self.suggestions.insert(word.to_string(), found.clone());
        found
    }

    fn scan_closest(&self, word: &str) -> Option<&str> {
        let max_edits = if word.len() <= 5 { 1 } else { 2 };
        let counts = letter_counts(word);
        // An edit changes at most two letter counts by one each (a transposition
        // none), so words whose counts differ by more are skipped before the
        // costly distance: most of the vocabulary, for a typical word.
        self.words
            .iter()
            .zip(&self.letters)
            .filter(|(known, _)| word.len().abs_diff(known.len()) <= max_edits)
            .filter(|(_, letters)| letter_gap(&counts, letters) <= 2 * max_edits)
            .filter_map(|(known, _)| {
                let edits = strsim::osa_distance(word, known);
                (edits <= max_edits).then_some((edits, known))
            })
            .map(|(edits, known)| {
                let length_gap = word.len().abs_diff(known.len());
                (edits, length_gap, -strsim::jaro_winkler(word, known), known)
            })
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.total_cmp(&b.2)))
            .map(|(.., known)| known.as_str())
    }
}

fn letter_gap(a: &LetterCounts, b: &LetterCounts) -> usize {
    a.iter()
        .zip(b)
        .map(|(x, y)| usize::from(x.abs_diff(*y)))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(words: &[&str]) -> Vocabulary {
        let mut words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        words.sort();
        Vocabulary::from_sorted(words)
    }

    #[test]
    fn closest_prefers_fewest_edits_then_same_length() {
        let known = vocabulary(&["respite", "warmline", "veterans", "veteran", "crisis"]);
        assert_eq!(known.closest("respit").as_deref(), Some("respite"));
        assert_eq!(known.closest("warmlin").as_deref(), Some("warmline"));
        assert_eq!(known.closest("vetrans").as_deref(), Some("veterans"));
        assert_eq!(known.closest("crsis").as_deref(), Some("crisis"));
        assert_eq!(known.closest("xyzzyq"), None);
    }

    /// A remembered answer is the answer a fresh look-up gives, found or not.
    #[test]
    fn remembered_suggestions_match_a_fresh_look_up() {
        let known = vocabulary(&["respite", "warmline"]);
        for typed in ["respit", "xyzzyq", "respit", "xyzzyq"] {
            assert_eq!(
                known.closest(typed).as_deref(),
                known.scan_closest(typed),
                "{typed}"
            );
        }
        assert_eq!(known.suggestions.len(), 2);
    }

    #[test]
    fn a_transposition_is_one_edit() {
        let known = vocabulary(&["peer", "respite"]);
        assert_eq!(known.closest("repsite").as_deref(), Some("respite"));
    }

    /// The letter-count bound may only skip words a full scan would also reject.
    #[test]
    fn the_letter_bound_skips_nothing_a_full_scan_would_suggest() {
        let words = [
            "respite",
            "warmline",
            "crisis",
            "mobile",
            "stabilization",
            "living",
            "room",
            "peer",
            "support",
            "veterans",
            "hotline",
            "teens",
            "youth",
            "spanish",
        ];
        let known = vocabulary(&words);
        for typed in [
            "respte",
            "rspite",
            "warmlien",
            "crisiss",
            "moblie",
            "stabilisation",
            "livng",
            "rooom",
            "pere",
            "suport",
            "vetrans",
            "hotlnie",
            "teen",
            "yuoth",
            "spansh",
        ] {
            let max_edits = if typed.len() <= 5 { 1 } else { 2 };
            let full_scan: Vec<&str> = words
                .iter()
                .copied()
                .filter(|w| strsim::osa_distance(typed, w) <= max_edits)
                .collect();
            assert_eq!(
                known.closest(typed).is_some(),
                !full_scan.is_empty(),
                "{typed}: full scan found {full_scan:?}"
            );
        }
    }
}
