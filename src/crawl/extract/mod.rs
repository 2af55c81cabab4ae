//! Extractors: one page's bytes in, the program records it states out.
//!
//! An extractor never guesses: a field is kept only when the page gives it, in the
//! page's own words. Broken parts of a page (a JSON-LD block that does not parse, a
//! CSV row with too few cells) are reported as warnings and the rest is still read.

pub mod csv;
pub mod decode;
pub mod hsds;
pub mod jsonld;
pub mod labelled;
pub mod location;
pub mod names;

use std::collections::BTreeMap;

use url::Url;

use super::sources::{ExtractorKind, Source};

/// One record as a page gives it: field name → the page's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractedRecord {
    /// Field name (`name`, `phone`, `city`, `website`, ...) → the value as the page gives it,
    /// spaces collapsed.
    pub fields: BTreeMap<String, String>,
    /// A stable key the source itself gives (an HSDS id), if any.
    pub source_key: Option<String>,
    /// Values the page gave that were not kept, and why (reported as warnings).
    pub problems: Vec<String>,
}

impl ExtractedRecord {
    /// Keep a field when it has text and the shape its field needs: a name is shown
    /// title-cased when printed in capitals (the page's text is kept as
    /// `name_as_published`); `location` ("City, ST", "City, State Name", either with a
    /// ZIP) also fills city, state and zip; a phone needs 10 digits; coordinates must
    /// be on Earth. A value that fails is not kept and is named in `problems`.
    pub fn set(&mut self, field: &str, value: &str) {
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        let value = value.trim_matches(|c| c == '"' || c == '\u{201c}' || c == '\u{201d}');
        if value.is_empty() {
            return;
        }
        if let Err(why) = check_shape(field, value) {
            self.problems
                .push(format!("{field} {value:?} not kept: {why}"));
            return;
        }
        match field {
            "organization" => {
                let shown = names::display_name(value);
                self.fields.insert(field.to_string(), shown);
                return;
            }
            "name" => {
                let shown = names::display_name(value);
                if shown != value {
                    self.fields
                        .insert("name_as_published".to_string(), value.to_string());
                }
                self.fields.insert("name".to_string(), shown);
                return;
            }
            "location" => {
                if let Some((city, state, zip)) = location::split_location(value) {
                    self.set("city", &city);
                    self.set("state", state);
                    self.set("zip", &zip);
                }
            }
            "state" => {
                if let Some(code) = location::state_code(value) {
                    self.fields.insert("state".to_string(), code.to_string());
                    return;
                }
            }
            _ => {}
        }
        self.fields.insert(field.to_string(), value.to_string());
    }

    /// Keep a latitude and longitude together or not at all.
    pub fn set_coordinates(&mut self, lat: &str, lon: &str) {
        match (check_shape("lat", lat), check_shape("lon", lon)) {
            (Ok(()), Ok(())) => {
                self.fields.insert("lat".to_string(), lat.to_string());
                self.fields.insert("lon".to_string(), lon.to_string());
            }
            (Err(why), _) | (_, Err(why)) => self.problems.push(format!(
                "coordinates lat {lat:?}, lon {lon:?} not kept: {why}"
            )),
        }
    }

    /// A field's value; empty when the page did not give it.
    pub fn get(&self, field: &str) -> &str {
        self.fields.get(field).map_or("", String::as_str)
    }
}

/// Whether `value` has the shape `field` needs.
fn check_shape(field: &str, value: &str) -> Result<(), String> {
    match field {
        // A website is one address ("example.org/x" or a URL), never a sentence: a
        // label repeated or text run together (found by fuzzing) is not kept.
        "website" if value.contains(' ') || !value.contains('.') => {
            Err("not one web address".to_string())
        }
        "phone" => phone_shape(value),
        "lat" => coordinate(value, 90.0),
        "lon" => coordinate(value, 180.0),
        _ => Ok(()),
    }
}

/// A US number of 10 digits (11 with a leading 1), an extension allowed after it;
/// a page cut mid-number ("71") or a word is refused.
fn phone_shape(value: &str) -> Result<(), String> {
    let lower = value.to_ascii_lowercase();
    let main = ["ext", " x", "#"]
        .iter()
        .filter_map(|mark| lower.find(mark))
        .min()
        .map_or(value, |at| &value[..at]);
    let digits = main.chars().filter(char::is_ascii_digit).count();
    let leading_one = main.trim_start().trim_start_matches('+').starts_with('1');
    match digits {
        10 => Ok(()),
        11 if leading_one => Ok(()),
        n => Err(format!("{n} digits, not a 10-digit number")),
    }
}

fn coordinate(value: &str, limit: f64) -> Result<(), String> {
    match value.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(()),
        Ok(_) => Err(format!("outside ±{limit}")),
        Err(_) => Err("not a number".to_string()),
    }
}

/// What one page yielded.
#[derive(Debug, Default)]
pub struct Extraction {
    /// The records the page lists, in page order.
    pub records: Vec<ExtractedRecord>,
    /// Further pages of the same source to read (HSDS pages and services).
    pub follow: Vec<Url>,
    /// Parts of the page that could not be read.
    pub warnings: Vec<String>,
}

/// Read one fetched page with the source's extractor. `content_type` is the HTTP
/// header, which may name the page's character set.
pub fn extract(source: &Source, url: &Url, body: &[u8], content_type: Option<&str>) -> Extraction {
    let decoded = decode::decode(body, content_type);
    let text = decoded.text.as_ref();
    let mut extraction = match source.extractor {
        ExtractorKind::Jsonld => jsonld::extract(text),
        ExtractorKind::Labelled => match &source.labelled {
            Some(layout) => labelled::extract(layout, url, text),
            None => Extraction::default(),
        },
        ExtractorKind::Csv => match &source.csv {
            Some(layout) => csv::extract(layout, text),
            None => Extraction::default(),
        },
        ExtractorKind::Hsds => {
            let each = source.hsds.as_ref().is_none_or(|h| h.fetch_each_service);
            hsds::extract(url, text, each)
        }
    };
    if let Some(warning) = decoded.warning() {
        extraction.warnings.insert(0, warning);
    }
    for record in &mut extraction.records {
        let name = record.get("name").to_string();
        for problem in record.problems.drain(..) {
            extraction.warnings.push(format!("{name}: {problem}"));
        }
    }
    extraction
}
