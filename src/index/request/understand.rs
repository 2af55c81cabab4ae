//! Pulling a place out of the words of a query — "respite near eugene oregon",
//! "warmline in Ohio", "crisis team denver", "peer respite 01060" — so that a
//! person who types only one box still gets a local answer.
//!
//! Spanish works the same way: "cerca de" is "near", "en" is "in", "alrededor de"
//! is "around" ("línea de apoyo cerca de 78201", "respiro en Nueva York").
//!
//! Careful by design: a trailing word is taken as a bare city name only when it is
//! a sizeable place (so "crisis center" never means Center, Texas) and never when it
//! is a two-letter code on its own ("in", "or", "me" are words first); "near me" and
//! "cerca de mí" name the person, not Maine or Michigan.

use crate::geo::{Geo, GeoError, PlaceKind, SearchPlace};

/// Smallest population for a city named alone, without its state.
const BARE_CITY_MIN_POPULATION: u64 = 25_000;
/// Words before a place, each with whether it surely names one ("near X" does;
/// "help in crisis" does not).
const PREPOSITIONS: [(&[&str], bool); 9] = [
    (&["near"], true),
    (&["in"], false),
    (&["around"], false),
    (&["at"], false),
    (&["by"], false),
    (&["cerca", "de"], true),
    (&["cerca", "del"], true),
    (&["alrededor", "de"], false),
    (&["en"], false),
];

/// What follows "near" when it means the person searching, not a place.
const NEAR_THE_PERSON: [&str; 8] = [
    "me",
    "you",
    "here",
    "mi",
    "aqui",
    "mi casa",
    "donde estoy",
    "mi ubicacion",
];

/// What was found: the place, the words left over, and — when a place after
/// "near"/"in" could not be found — the closest known names.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceInText {
    pub place: Option<SearchPlace>,
    pub rest: String,
    pub suggestions: Vec<String>,
}

pub fn place_in_text(geo: &Geo, text: &str) -> PlaceInText {
    let words: Vec<&str> = text.split_whitespace().collect();
    let none = PlaceInText {
        place: None,
        rest: text.to_string(),
        suggestions: Vec::new(),
    };
    if words.is_empty() {
        return none;
    }
    // "… near X" / "… in X": everything after the last preposition is the place.
    if let Some((at, after, sure)) = last_preposition(&words) {
        if after < words.len() {
            let candidate = words[after..].join(" ");
            if NEAR_THE_PERSON.contains(&crate::geo::fold_place_name(&candidate).as_str()) {
                // "near me": no place in the words; the page asks for one.
                return PlaceInText {
                    place: None,
                    rest: words[..at].join(" "),
                    suggestions: Vec::new(),
                };
            }
            // "en el condado de Bexar": an article before the place, unless the
            // place's own name begins with it (El Paso, Los Angeles).
            let without_article = words[after..]
                .split_first()
                .filter(|(first, rest)| {
                    !rest.is_empty()
                        && ["el", "la", "los", "las"]
                            .iter()
                            .any(|a| first.eq_ignore_ascii_case(a))
                })
                .map(|(_, rest)| rest.join(" "));
            let located = geo.locate(&candidate).or_else(|error| {
                without_article
                    .as_deref()
                    .and_then(|text| geo.locate_exact(text))
                    .ok_or(error)
            });
            match located {
                Ok(place) => return found(place, &words[..at]),
                // Only "near X" or "in X ST" surely names a place; "help in crisis" does not.
                Err(GeoError::UnknownPlace { suggestions, .. })
                    if !suggestions.is_empty() && (sure || names_its_state(geo, &candidate)) =>
                {
                    return PlaceInText {
                        place: None,
                        rest: words[..at].join(" "),
                        suggestions,
                    }
                }
                Err(_) => {}
            }
        }
    }
    // A trailing ZIP, "city state", state name, or a sizeable city alone.
    for take in (1..=4.min(words.len())).rev() {
        let (head, tail) = words.split_at(words.len() - take);
        if let Some(place) = trailing_place(geo, &tail.join(" ")) {
            return found(place, head);
        }
    }
    none
}

/// The last preposition in the words: where it starts, where its place starts, and
/// whether it surely names a place.
fn last_preposition(words: &[&str]) -> Option<(usize, usize, bool)> {
    (0..words.len()).rev().find_map(|at| {
        PREPOSITIONS.iter().find_map(|(phrase, sure)| {
            let matches = phrase.len() <= words.len() - at
                && phrase
                    .iter()
                    .zip(&words[at..])
                    .all(|(p, w)| w.eq_ignore_ascii_case(p));
            matches.then_some((at, at + phrase.len(), *sure))
        })
    })
}

fn found(place: SearchPlace, head: &[&str]) -> PlaceInText {
    PlaceInText {
        place: Some(place),
        rest: head.join(" "),
        suggestions: Vec::new(),
    }
}

fn trailing_place(geo: &Geo, candidate: &str) -> Option<SearchPlace> {
    let stripped = candidate.trim_matches(|c: char| !c.is_alphanumeric());
    if stripped.len() <= 2 {
        return None;
    }
    let place = geo.locate_exact(stripped)?;
    match place.kind {
        PlaceKind::Zip => Some(place),
        PlaceKind::State | PlaceKind::County => Some(place),
        PlaceKind::City if names_its_state(geo, stripped) => Some(place),
        PlaceKind::City => {
            let state = place.state.as_deref()?;
            let city = geo.gazetteer.place(stripped, state)?;
            (city.population >= BARE_CITY_MIN_POPULATION).then_some(place)
        }
        PlaceKind::Coordinates => None,
    }
}

/// "madison wi", "portland oregon", "Charlotte, NC": the last word(s) are a state.
fn names_its_state(geo: &Geo, candidate: &str) -> bool {
    let words: Vec<&str> = candidate
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .collect();
    (1..words.len()).any(|take| {
        geo.gazetteer
            .state_by_code_or_name(&words[words.len() - take..].join(" "))
            .is_some()
    })
}
