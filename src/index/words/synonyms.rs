//! What people mean by what they type: phrases from `seed-data/synonyms.toml` that
//! lift program kinds, populations and languages, add search words, or answer the
//! question "what are the alternatives to hospitalizing people?". Lifts are boosts,
//! never filters: a person asking for "respite" still sees a nearby crisis center.
//!
//! Phrases are matched whole, accents and case ignored, longest first. Spanish
//! phrases (`language = "es"`) are then matched word by word on what is left, each
//! word equal, of the same Spanish stem ("casas de respiro" = "casa de respiro"),
//! spelled as it sounds ("apollo" = "apoyo"), or within the typos the words of
//! English searches forgive (one edit from 5 letters, two from 9): the index knows
//! English words only, so a Spanish phrase must be recognised to be found at all.

use std::path::Path;

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

use crate::geo::fold_place_name;
use crate::index::IndexError;
use crate::model::ServiceKind;

/// `seed-data/synonyms.toml` as written: a list of `[[synonym]]` entries.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SynonymFile {
    /// The entries, in file order.
    #[serde(default, rename = "synonym")]
    pub entries: Vec<SynonymEntry>,
}

/// One entry: phrases that mean the same, and what they do to a search.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SynonymEntry {
    /// The phrases, matched on folded text ("warm line", "peer support line").
    pub phrases: Vec<String>,
    /// Kinds of program lifted when a phrase is found.
    #[serde(default)]
    pub kinds: Vec<ServiceKind>,
    /// `populations` facet values lifted ("veterans").
    #[serde(default)]
    pub populations: Vec<String>,
    /// `languages` facet values to lift ("en español" lifts `spanish`).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Words searched for besides the phrase, at half weight.
    #[serde(default)]
    pub words: Vec<String>,
    /// Take the phrase out of the text once understood ("near me", "I need").
    #[serde(default)]
    pub remove: bool,
    /// The phrase asks "what are the alternatives to hospitalization?".
    #[serde(default)]
    pub answer: bool,
    /// `es`: Spanish phrases, also matched by stem and with typos.
    #[serde(default)]
    pub language: Option<String>,
}

/// What the synonyms made of a query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interpretation {
    /// The words left to match as text (phrases marked `remove` taken out).
    pub text: String,
    /// Kinds the phrases named, to lift.
    pub kinds: Vec<ServiceKind>,
    /// Populations the phrases named, to lift.
    pub populations: Vec<String>,
    /// Languages the phrases named, to lift.
    pub languages: Vec<String>,
    /// Words the phrases add, searched at half weight.
    pub extra_words: Vec<String>,
    /// The query asks for the alternatives to hospitalization.
    pub answer: bool,
    /// Every word of the query is part of a phrase naming a kind ("crisis line",
    /// "warm line"): the words match every program of the kind equally well.
    pub names_only_kinds: bool,
}

/// Synonym phrases, folded and longest first so "crisis line" wins over "crisis".
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    phrases: Vec<(String, usize)>,
    /// The Spanish phrases word by word, most words first.
    spanish: Vec<SpanishPhrase>,
    entries: Vec<SynonymEntry>,
}

/// A Spanish phrase as folded words and their Spanish stems.
#[derive(Debug, Clone)]
struct SpanishPhrase {
    words: Vec<String>,
    stems: Vec<String>,
    entry: usize,
}

impl Synonyms {
    /// The phrases of `file`, ready to match (longest first).
    pub fn from_file(file: SynonymFile) -> Synonyms {
        let mut phrases: Vec<(String, usize)> = file
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.phrases.iter().map(move |p| (fold_place_name(p), i)))
            .filter(|(p, _)| !p.is_empty())
            .collect();
        phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let stemmer = Stemmer::create(Algorithm::Spanish);
        let mut spanish: Vec<SpanishPhrase> = phrases
            .iter()
            .filter(|(_, i)| file.entries[*i].language.as_deref() == Some("es"))
            .map(|(phrase, entry)| {
                let words: Vec<String> = phrase.split(' ').map(str::to_string).collect();
                let stems = words.iter().map(|w| stemmer.stem(w).into_owned()).collect();
                SpanishPhrase {
                    words,
                    stems,
                    entry: *entry,
                }
            })
            .collect();
        // Spanish phrases are matched word by word only: a Spanish filler ("de")
        // taken out whole first would break the phrases around it.
        phrases.retain(|(_, i)| file.entries[*i].language.as_deref() != Some("es"));
        spanish.sort_by(|a, b| {
            b.words
                .len()
                .cmp(&a.words.len())
                .then(b.words.concat().len().cmp(&a.words.concat().len()))
        });
        Synonyms {
            phrases,
            spanish,
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
            if let Some(language) = entry.language.as_deref().filter(|l| *l != "es") {
                return Err(IndexError::Meta {
                    path: path.display().to_string(),
                    message: format!(
                        "unknown phrase language {language:?}; the one known is \"es\""
                    ),
                });
            }
            for language in &entry.languages {
                if !crate::index::document::facets::FacetDim::Languages
                    .known_values()
                    .contains(&language.as_str())
                {
                    return Err(IndexError::Meta {
                        path: path.display().to_string(),
                        message: format!("unknown language {language:?}"),
                    });
                }
            }
            for population in &entry.populations {
                if !crate::index::document::facets::FacetDim::Populations
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

    /// What the phrases in `text` mean for a search.
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
            found.take(entry);
        }
        if !self.spanish.is_empty() && !rest.trim().is_empty() {
            self.spanish_words(&mut rest, &mut not_kinds, &mut found);
        }
        found.names_only_kinds = !found.kinds.is_empty() && not_kinds.trim().is_empty();
        found.text = rest
            .replace('\u{1}', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        found
    }

    /// The Spanish phrases among the words left: word by word, by stem or within
    /// a typo or two.
    fn spanish_words(&self, rest: &mut String, not_kinds: &mut String, found: &mut Interpretation) {
        let words: Vec<&str> = rest.split_whitespace().collect();
        let stemmer = Stemmer::create(Algorithm::Spanish);
        let stems: Vec<String> = words.iter().map(|w| stemmer.stem(w).into_owned()).collect();
        // Words already part of a phrase ("peer\u{1}respite") are not looked at again.
        let mut taken: Vec<bool> = words.iter().map(|w| w.contains('\u{1}')).collect();
        let mut removed = vec![false; words.len()];
        let mut kept_together: Vec<(usize, usize)> = Vec::new();
        for phrase in &self.spanish {
            let n = phrase.words.len();
            if n > words.len() {
                continue;
            }
            for start in 0..=words.len() - n {
                if taken[start..start + n].iter().any(|t| *t) {
                    continue;
                }
                let matches = (0..n).all(|i| {
                    same_word(
                        words[start + i],
                        &stems[start + i],
                        &phrase.words[i],
                        &phrase.stems[i],
                    )
                });
                if !matches {
                    continue;
                }
                let entry = &self.entries[phrase.entry];
                taken[start..start + n].iter_mut().for_each(|t| *t = true);
                if entry.remove {
                    removed[start..start + n].iter_mut().for_each(|r| *r = true);
                } else {
                    kept_together.push((start, n));
                }
                if !entry.kinds.is_empty() {
                    let needle = format!(" {} ", words[start..start + n].join(" "));
                    *not_kinds = not_kinds.replacen(&needle, " ", 1);
                }
                found.take(entry);
            }
        }
        if removed.iter().all(|r| !r) && kept_together.is_empty() {
            return;
        }
        let mut out = String::with_capacity(rest.len());
        for (i, word) in words.iter().enumerate() {
            if removed[i] {
                continue;
            }
            out.push(' ');
            out.push_str(word);
            // A phrase kept as words is one unit, as in the first pass.
            if kept_together
                .iter()
                .any(|(start, n)| i >= *start && i + 1 < start + n)
            {
                out.push('\u{1}');
                continue;
            }
        }
        out.push(' ');
        *rest = out.replace("\u{1} ", "\u{1}");
    }
}

impl Interpretation {
    fn take(&mut self, entry: &SynonymEntry) {
        push_unique(&mut self.kinds, &entry.kinds);
        push_unique(&mut self.populations, &entry.populations);
        push_unique(&mut self.languages, &entry.languages);
        push_unique(&mut self.extra_words, &entry.words);
        self.answer |= entry.answer;
    }
}

/// A typed word is the phrase's word: the same, the same Spanish stem, spelled as it
/// sounds ("apollo" = "apoyo", "ablar" = "hablar"), or a typo away (one edit from 5
/// letters, two from 9, two letters swapped counting as one — as English words are
/// matched).
fn same_word(typed: &str, typed_stem: &str, word: &str, stem: &str) -> bool {
    if typed == word || (typed_stem == stem && stem.len() >= 3) {
        return true;
    }
    let letters = typed.chars().count();
    let allowed = match letters {
        9.. => 2,
        5..=8 => 1,
        _ => 0,
    };
    if letters.abs_diff(word.chars().count()) > allowed + 1 {
        return false;
    }
    let (typed, word) = (sounds(typed), sounds(word));
    typed == word
        || (allowed > 0
            && typed.len().abs_diff(word.len()) <= allowed
            && strsim::osa_distance(&typed, &word) <= allowed)
}

/// A folded Spanish word as it sounds in most of the Americas, so spellings that
/// sound alike compare equal: ll = y, v = b, z and soft c = s, silent h dropped.
fn sounds(word: &str) -> String {
    let bytes = word.as_bytes();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < bytes.len() {
        let next = bytes.get(i + 1).copied();
        match (bytes[i], next) {
            (b'l', Some(b'l')) => {
                out.push('y');
                i += 2;
                continue;
            }
            (b'c', Some(b'h')) => {
                out.push_str("ch");
                i += 2;
                continue;
            }
            (b'h', _) => {}
            (b'v', _) => out.push('b'),
            (b'z', _) => out.push('s'),
            (b'c', Some(b'e' | b'i')) => out.push('s'),
            (other, _) => out.push(char::from(other)),
        }
        i += 1;
    }
    out
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
    fn spanish_phrases_by_stem_with_typos_and_as_they_sound() {
        let synonyms = synonyms();
        for text in [
            "linea de apoyo",
            "línea de apoyo",
            "lineas de apoyo",
            "linea de apollo",
            "liena de apoyo",
        ] {
            let found = synonyms.interpret(text);
            assert!(
                found.kinds.contains(&ServiceKind::Warmline),
                "{text}: {found:?}"
            );
            assert_eq!(found.text, "", "{text}");
        }
        let found = synonyms.interpret("necesito ablar con alguien");
        assert_eq!(found.kinds, vec![ServiceKind::Warmline]);
        assert_eq!(found.text, "");
        let found = synonyms.interpret("casas de respiro");
        assert!(found.kinds.contains(&ServiceKind::PeerRespite));
        assert!(found.extra_words.contains(&"respite".to_string()));
        let found = synonyms.interpret("no quiero ir al hospital");
        assert!(found.answer);
        assert_eq!(found.text, "");
        let found = synonyms.interpret("que hablen espanol");
        assert_eq!(found.languages, vec!["spanish".to_string()]);
        // English words are not taken for Spanish ones.
        assert_eq!(
            synonyms.interpret("respite charlotte").text,
            "respite charlotte"
        );
        assert_eq!(
            synonyms.interpret("warmline oregon").text,
            "warmline oregon"
        );
    }

    #[test]
    fn spanish_sounds() {
        assert_eq!(sounds("apollo"), sounds("apoyo"));
        assert_eq!(sounds("ablar"), sounds("hablar"));
        assert_eq!(sounds("movil"), sounds("mobil"));
        assert_eq!(sounds("chat"), "chat");
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
