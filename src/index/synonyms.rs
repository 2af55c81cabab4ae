//! What people mean by what they type: phrases from `seed-data/synonyms.toml` that
//! lift program kinds and populations, add search words, or answer the question
//! "what are the alternatives to hospitalizing people?". Lifts are boosts, never
//! filters: a person asking for "respite" still sees a nearby crisis center.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::IndexError;
use crate::geo::fold_place_name;
use crate::model::ServiceKind;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SynonymFile {
    #[serde(default, rename = "synonym")]
    pub entries: Vec<SynonymEntry>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SynonymEntry {
    pub phrases: Vec<String>,
    #[serde(default)]
    pub kinds: Vec<ServiceKind>,
    #[serde(default)]
    pub populations: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub remove: bool,
    #[serde(default)]
    pub answer: bool,
}

/// What the synonyms made of a query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interpretation {
    /// The words left to match as text (phrases marked `remove` taken out).
    pub text: String,
    pub kinds: Vec<ServiceKind>,
    pub populations: Vec<String>,
    pub extra_words: Vec<String>,
    pub answer: bool,
    /// Every word of the query is part of a phrase naming a kind ("crisis line",
    /// "warm line"): the words match every program of the kind equally well.
    pub names_only_kinds: bool,
}

/// Synonym phrases, folded and longest first so "crisis line" wins over "crisis".
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    phrases: Vec<(String, usize)>,
    entries: Vec<SynonymEntry>,
}

impl Synonyms {
    pub fn from_file(file: SynonymFile) -> Synonyms {
        let mut phrases: Vec<(String, usize)> = file
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.phrases.iter().map(move |p| (fold_place_name(p), i)))
            .filter(|(p, _)| !p.is_empty())
            .collect();
        phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Synonyms {
            phrases,
            entries: file.entries,
        }
    }

    /// Read and check a synonyms file; a missing file means no synonyms.
    pub fn read(path: &Path) -> Result<SynonymFile, IndexError> {
        if !path.exists() {
            return Ok(SynonymFile::default());
        }
        let text = std::fs::read_to_string(path).map_err(|source| IndexError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let file: SynonymFile = toml::from_str(&text).map_err(|e| IndexError::Meta {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        for entry in &file.entries {
            for population in &entry.populations {
                if !super::FacetDim::Populations
                    .known_values()
                    .contains(&population.as_str())
                {
                    return Err(IndexError::Meta {
                        path: path.display().to_string(),
                        message: format!("unknown population {population:?}"),
                    });
                }
            }
        }
        Ok(file)
    }

    pub fn interpret(&self, text: &str) -> Interpretation {
        let mut rest = format!(" {} ", fold_place_name(text));
        let mut not_kinds = rest.clone();
        let mut found = Interpretation::default();
        for (phrase, index) in &self.phrases {
            let needle = format!(" {phrase} ");
            if !rest.contains(&needle) {
                continue;
            }
            let entry = &self.entries[*index];
            if !entry.kinds.is_empty() {
                not_kinds = not_kinds.replace(&needle, " ");
            }
            if entry.remove {
                rest = rest.replace(&needle, " ");
            } else {
                // Keep the words, but do not let a shorter phrase inside it match again.
                rest = rest.replace(&needle, &format!(" {} ", phrase.replace(' ', "\u{1}")));
            }
            push_unique(&mut found.kinds, &entry.kinds);
            push_unique(&mut found.populations, &entry.populations);
            push_unique(&mut found.extra_words, &entry.words);
            found.answer |= entry.answer;
        }
        found.names_only_kinds = !found.kinds.is_empty() && not_kinds.trim().is_empty();
        found.text = rest
            .replace('\u{1}', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        found
    }
}

fn push_unique<T: Clone + PartialEq>(into: &mut Vec<T>, from: &[T]) {
    for item in from {
        if !into.contains(item) {
            into.push(item.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synonyms() -> Synonyms {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("seed-data/synonyms.toml");
        Synonyms::from_file(Synonyms::read(&path).expect("the committed synonyms file is valid"))
    }

    #[test]
    fn the_question_itself_is_recognised_and_removed() {
        let found = synonyms().interpret("What are the alternatives to hospitalizing people?");
        assert!(found.answer);
        assert_eq!(found.text, "");
        assert!(found.kinds.contains(&ServiceKind::PeerRespite));
    }

    #[test]
    fn someone_to_talk_to_means_a_warmline() {
        let found = synonyms().interpret("someone to talk to tonight");
        assert_eq!(found.kinds, vec![ServiceKind::Warmline]);
        assert_eq!(found.text, "");
        assert!(found.extra_words.contains(&"warmline".to_string()));
    }

    #[test]
    fn kind_words_are_kept_and_lifted() {
        let found = synonyms().interpret("respite charlotte");
        assert_eq!(found.text, "respite charlotte");
        assert!(found.kinds.contains(&ServiceKind::PeerRespite));
    }

    #[test]
    fn spanish_and_populations() {
        let found = synonyms().interpret("línea de apoyo");
        assert!(found.kinds.contains(&ServiceKind::Warmline));
        let mut found = synonyms().interpret("trans teens").populations;
        found.sort();
        assert_eq!(found, vec!["lgbtq".to_string(), "youth".to_string()]);
    }
}
