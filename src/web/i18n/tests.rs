//! The catalogues against each other and against the code that reads them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;

/// Every key with the placeholders of all its forms.
fn placeholders(lang: Lang) -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    catalogue(lang)
        .iter()
        .map(|(key, message)| {
            let names: BTreeSet<&str> = match message {
                Message::Text(t) => t.placeholders().collect(),
                Message::Plural { one, other } => {
                    one.placeholders().chain(other.placeholders()).collect()
                }
            };
            (key.as_str(), names)
        })
        .collect()
}

#[test]
fn both_catalogues_have_the_same_keys_and_placeholders() {
    let english = placeholders(Lang::En);
    let spanish = placeholders(Lang::Es);
    let only_english: Vec<_> = english
        .keys()
        .filter(|k| !spanish.contains_key(*k))
        .collect();
    let only_spanish: Vec<_> = spanish
        .keys()
        .filter(|k| !english.contains_key(*k))
        .collect();
    assert!(
        only_english.is_empty(),
        "in en.toml but not in es.toml: {only_english:?}"
    );
    assert!(
        only_spanish.is_empty(),
        "in es.toml but not in en.toml: {only_spanish:?}"
    );
    for (key, names) in &english {
        assert_eq!(
            names, &spanish[key],
            "{key}: the placeholders differ between en.toml and es.toml"
        );
    }
    for key in english.keys() {
        let plural = |lang| matches!(catalogue(lang).get(*key), Some(Message::Plural { .. }));
        assert_eq!(
            plural(Lang::En),
            plural(Lang::Es),
            "{key}: plural in one language only"
        );
    }
}

/// Messages the same in both languages on purpose (names, codes, words Spanish
/// shares); anything else equal in both is a translation forgotten.
const SAME_IN_BOTH: [&str; 17] = [
    "home.in_spanish",
    "value.languages.hmong",
    "states.no",
    "program.scope_regional",
    "program.scope_local",
    "time.at_one",
    "time.at_other",
    "hours.on_day",
    "request.place_other",
    "results.question_end",
    "card.contact_note",
    "layout.text_988",
    "kind_none.soteria_house",
    "time.month_year",
    "time.date",
    "zone.ht",
    "evidence.label",
];

#[test]
fn the_spanish_catalogue_is_a_translation() {
    let mut untranslated: Vec<&str> = catalogue(Lang::Es)
        .iter()
        .filter(|(key, message)| {
            let english = catalogue(Lang::En).get(key.as_str());
            let same = match (message, english) {
                (Message::Text(es), Some(Message::Text(en))) => es.source == en.source,
                (Message::Plural { other: es, .. }, Some(Message::Plural { other: en, .. })) => {
                    es.source == en.source
                }
                _ => false,
            };
            same && !SAME_IN_BOTH.contains(&key.as_str())
        })
        .map(|(key, _)| key.as_str())
        .collect();
    untranslated.sort_unstable();
    assert!(
        untranslated.is_empty(),
        "the same text in en.toml and es.toml: {untranslated:?}"
    );
}

/// The string literals of the crate's source that look like catalogue keys
/// (`section.name`, lower-case), with where each was found.
fn key_literals() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("src/ is readable");
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("a source file reads");
        for (number, line) in text.lines().enumerate() {
            let mut parts = line.split('"');
            parts.next();
            // Every other piece between quotes is a literal (good enough for keys,
            // which contain no quotes or escapes).
            while let Some(literal) = parts.next() {
                let looks_like_key = literal.contains('.')
                    && !literal.starts_with('.')
                    && !literal.ends_with('.')
                    && literal.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.'
                    });
                if looks_like_key {
                    found
                        .entry(literal.to_string())
                        .or_insert_with(|| format!("{}:{}", entry.path().display(), number + 1));
                }
                parts.next();
            }
        }
    }
    found
}

/// The top-level sections of the catalogues: a literal starting with one of them
/// is meant as a key.
fn sections() -> BTreeSet<&'static str> {
    catalogue(Lang::En)
        .keys()
        .filter_map(|k| k.split('.').next())
        .collect()
}

#[test]
fn every_key_the_code_asks_for_is_in_both_catalogues() {
    let sections = sections();
    let missing: Vec<String> = key_literals()
        .into_iter()
        // Pages and their helpers live in src/web; elsewhere "states.csv" is a file.
        .filter(|(_, at)| at.contains("/src/web/"))
        .filter(|(literal, _)| {
            literal
                .split('.')
                .next()
                .is_some_and(|section| sections.contains(section))
        })
        .filter(|(literal, _)| {
            Lang::ALL
                .iter()
                .any(|lang| !catalogue(*lang).contains_key(literal.as_str()))
        })
        .map(|(literal, at)| format!("{literal} ({at})"))
        .collect();
    assert!(
        missing.is_empty(),
        "keys used in the code but missing: {missing:?}"
    );
}

#[test]
fn every_catalogue_key_is_used_by_the_code() {
    let literals = key_literals();
    let mut unused: Vec<&str> = catalogue(Lang::En)
        .keys()
        .map(String::as_str)
        .filter(|key| !literals.contains_key(*key))
        .collect();
    unused.sort_unstable();
    assert!(unused.is_empty(), "catalogue keys no code uses: {unused:?}");
}

#[test]
fn placeholders_plurals_and_markup() {
    assert_eq!(Lang::En.trn("results.programs", 1, &[]), "1 program");
    assert_eq!(Lang::Es.trn("results.programs", 3, &[]), "3 programas");
    assert_eq!(
        Lang::Es.trf(
            "results.heading_near",
            &[("what", &"“respiro”"), ("place", &"Denver, CO")]
        ),
        "“respiro” cerca de Denver, CO"
    );
    let markup = Lang::En.trm(
        "results.did_you_mean",
        &[("words", maud::html! { a href="/x" { "respite" } })],
    );
    assert_eq!(
        markup.into_string(),
        "Did you mean <a href=\"/x\">respite</a>?"
    );
    // The catalogue's own text is escaped; only the arguments are markup.
    let template = Template::parse("a < b & {x}");
    assert_eq!(template.render(&[("x", &"<i>")], None), "a < b & <i>");
    assert_eq!(Lang::Es.tr("no.such.key"), "no.such.key");
}

#[test]
fn paths_and_languages() {
    assert_eq!(Lang::of_path("/es/search"), Lang::Es);
    assert_eq!(Lang::of_path("/es"), Lang::Es);
    assert_eq!(Lang::of_path("/essay"), Lang::En);
    assert_eq!(Lang::of_path("/search"), Lang::En);
    assert_eq!(Lang::neutral_path("/es/search"), "/search");
    assert_eq!(Lang::neutral_path("/es"), "/");
    assert_eq!(Lang::neutral_path("/es/"), "/");
    assert_eq!(Lang::Es.href("/"), "/es/");
    assert_eq!(Lang::Es.href("/programs/x"), "/es/programs/x");
    assert_eq!(Lang::En.href("/programs/x"), "/programs/x");
}

#[test]
fn accept_language_prefers_spanish_only_when_it_ranks_first() {
    assert!(accept_prefers_spanish("es-MX,es;q=0.9,en;q=0.8"));
    assert!(accept_prefers_spanish("es"));
    assert!(accept_prefers_spanish("en;q=0.5, es-US;q=0.9"));
    assert!(accept_prefers_spanish("fr, es;q=0.8"));
    assert!(!accept_prefers_spanish("en-US,en;q=0.9,es;q=0.8"));
    assert!(!accept_prefers_spanish("en, es"));
    assert!(!accept_prefers_spanish("fr-FR"));
    assert!(!accept_prefers_spanish(""));
    assert!(!accept_prefers_spanish("es;q=0"));
}

#[test]
fn clocks_days_and_dates() {
    assert_eq!(clock(Lang::Es, 22 * 60), "10 p. m.");
    assert_eq!(clock(Lang::Es, 9 * 60 + 30), "9:30 a. m.");
    assert_eq!(clock(Lang::Es, 12 * 60), "mediodía");
    assert_eq!(at_clock(Lang::Es, 13 * 60), "a la 1 p. m.");
    assert_eq!(at_clock(Lang::Es, 22 * 60), "a las 10 p. m.");
    assert_eq!(at_clock(Lang::Es, 0), "a medianoche");
    for minute in [0, 30, 9 * 60, 12 * 60, 17 * 60 + 30, 23 * 60 + 59] {
        assert_eq!(clock(Lang::En, minute), crate::hours::twelve_hour(minute));
    }
    assert_eq!(day_name(Lang::Es, 0, true), "lun");
    assert_eq!(day_name(Lang::Es, 5, false), "sábado");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    assert_eq!(date(Lang::Es, day), "27 de noviembre de 2026");
    assert_eq!(date(Lang::En, day), "November 27, 2026");
    assert_eq!(month_year(Lang::Es, 7, 2026), "julio de 2026");
}
