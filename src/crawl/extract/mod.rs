//! Extractors: one page's bytes in, the program records it states out.
//!
//! An extractor never guesses: a field is kept only when the page gives it, in the
//! page's own words. Broken parts of a page (a JSON-LD block that does not parse, a
//! CSV row with too few cells) are reported as warnings and the rest is still read.

pub mod csv;
pub mod hsds;
pub mod jsonld;
pub mod labelled;

use std::collections::BTreeMap;

use url::Url;

use super::sources::{ExtractorKind, Source};

/// One record as a page gives it: field name → the page's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractedRecord {
    pub fields: BTreeMap<String, String>,
    /// A stable key the source itself gives (an HSDS id), if any.
    pub source_key: Option<String>,
}

impl ExtractedRecord {
    /// Keep a field when it has text; `location` ("City, ST") also fills city and state.
    pub fn set(&mut self, field: &str, value: &str) {
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.is_empty() {
            return;
        }
        // A website is one address ("example.org/x" or a URL), never a sentence: a
        // label repeated or text run together (found by fuzzing) is not kept.
        if field == "website" && (value.contains(' ') || !value.contains('.')) {
            return;
        }
        if field == "location" {
            if let Some((city, state)) = value.rsplit_once(',') {
                let state = state.trim();
                if state.len() == 2 && state.chars().all(|c| c.is_ascii_alphabetic()) {
                    self.set("city", city);
                    self.set("state", &state.to_ascii_uppercase());
                }
            }
        }
        self.fields.insert(field.to_string(), value);
    }

    pub fn get(&self, field: &str) -> &str {
        self.fields.get(field).map_or("", String::as_str)
    }
}

/// What one page yielded.
#[derive(Debug, Default)]
pub struct Extraction {
    pub records: Vec<ExtractedRecord>,
    /// Further pages of the same source to read (HSDS pages and services).
    pub follow: Vec<Url>,
    /// Parts of the page that could not be read.
    pub warnings: Vec<String>,
}

/// Read one fetched page with the source's extractor.
pub fn extract(source: &Source, url: &Url, body: &[u8]) -> Extraction {
    match source.extractor {
        ExtractorKind::Jsonld => jsonld::extract(body),
        ExtractorKind::Labelled => match &source.labelled {
            Some(layout) => labelled::extract(layout, url, body),
            None => Extraction::default(),
        },
        ExtractorKind::Csv => match &source.csv {
            Some(layout) => csv::extract(layout, body),
            None => Extraction::default(),
        },
        ExtractorKind::Hsds => {
            let each = source.hsds.as_ref().is_none_or(|h| h.fetch_each_service);
            hsds::extract(url, body, each)
        }
    }
}
