//! `seed-data/sources.toml`: where the crawler reads from, and how.
//!
//! Each source names its start URLs (or asks for every curated program's website),
//! the extractor that reads its pages, the hosts it may visit, how often it is worth
//! re-reading, its terms, and the per-source layout the extractor needs. Nothing about
//! a particular site is written in code.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use thiserror::Error;
use url::Url;

use crate::seed::FieldLines;

/// The fields an extractor may fill. `location` is "City, ST" and is split into
/// `city` and `state` when the record is kept.
/// `region` is the heading a directory lists the record under ("New York"); `email`
/// is read so that it ends the field before it, and kept in provenance only;
/// `organization` is the body that runs the program.
pub const RECORD_FIELDS: [&str; 15] = [
    "email",
    "organization",
    "name",
    "website",
    "phone",
    "hours",
    "street",
    "city",
    "state",
    "zip",
    "location",
    "lat",
    "lon",
    "description",
    "region",
];

/// Why sources.toml could not be used.
#[derive(Debug, Error)]
pub enum SourcesError {
    /// The file could not be read.
    #[error("cannot read {path}: {message}")]
    Read {
        /// The sources file, as shown in messages.
        path: String,
        /// What the system reported.
        message: String,
    },
    /// A value in the file is missing or wrong.
    #[error("{path}:{line}: {field}: {message}")]
    Invalid {
        /// The sources file, as shown in messages.
        path: String,
        /// The 1-based line of the value at fault.
        line: usize,
        /// The field at fault (`source[2].start_urls`), or `toml` when the file does not parse.
        field: String,
        /// What is wrong, in words a person can act on.
        message: String,
    },
}

/// Which extractor reads a source's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtractorKind {
    /// schema.org JSON-LD blocks in HTML pages.
    Jsonld,
    /// An Open Referral HSDS 3.0 API (`/services` pages and `/services/{id}`).
    Hsds,
    /// A CSV file with a column mapping.
    Csv,
    /// A directory page of headings and labelled lines.
    Labelled,
}

impl ExtractorKind {
    /// The identifier written in sources.toml (`jsonld`, `hsds`, `csv`, `labelled`).
    pub fn name(self) -> &'static str {
        match self {
            ExtractorKind::Jsonld => "jsonld",
            ExtractorKind::Hsds => "hsds",
            ExtractorKind::Csv => "csv",
            ExtractorKind::Labelled => "labelled",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    /// Where a site owner reads who is crawling and how to reach us; sent in the
    /// User-Agent of every request.
    contact_url: String,
    #[serde(default, rename = "source")]
    sources: Vec<Source>,
}

/// One `[[source]]` of sources.toml: where the crawler reads and how.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// A slug; the crawled file is `seed-data/crawled/<id>.toml`.
    pub id: String,
    /// The source's name as people read it ("warmline.org — national directory of warmlines").
    pub name: String,
    /// The pages a crawl starts from; empty only with `urls_from_program_websites`.
    #[serde(default)]
    pub start_urls: Vec<String>,
    /// Read every curated program's website instead of fixed start URLs; each page
    /// may only be read on its own host.
    #[serde(default)]
    pub urls_from_program_websites: bool,
    /// The extractor that reads its pages.
    pub extractor: ExtractorKind,
    /// Hosts the crawler may fetch from (redirects included). Empty only with
    /// `urls_from_program_websites`.
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
    /// How many days a crawl of this source stays fresh.
    pub recrawl_days: u32,
    /// The source's licence or terms of use, in a sentence.
    pub terms: String,
    /// Requests per second to one host (default 1).
    #[serde(default)]
    pub requests_per_second: Option<f64>,
    /// Most pages to fetch in one crawl (HSDS pagination, detail pages).
    #[serde(default = "default_max_pages")]
    pub max_pages: usize,
    /// The largest share of records a crawl may lose against the last one before
    /// the crawl is taken for a failed extraction (default 0.3).
    #[serde(default)]
    pub max_record_drop: Option<f64>,
    /// What every record of this source is, when the source says so as a whole.
    #[serde(default)]
    pub defaults: RecordDefaults,
    /// The column mapping; required when `extractor` is `csv`.
    #[serde(default)]
    pub csv: Option<CsvLayout>,
    /// The page layout; required when `extractor` is `labelled`.
    #[serde(default)]
    pub labelled: Option<LabelledLayout>,
    /// HSDS options; optional for `hsds` sources (each service is fetched by default).
    #[serde(default)]
    pub hsds: Option<HsdsLayout>,
}

fn default_max_pages() -> usize {
    500
}

/// Values a source implies for all its records: the NEC directory lists peer
/// respites only, so `kind = "peer_respite"`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordDefaults {
    /// The kind's slug for every record (`peer_respite`); empty when the source lists
    /// several kinds. A program the directory lacks is only added with a kind.
    #[serde(default)]
    pub kind: String,
    /// The peer role's slug for every record; empty means `unknown` for added programs.
    #[serde(default)]
    pub peer_role: String,
    /// The confidence for every record; empty means `medium` for added programs.
    #[serde(default)]
    pub confidence: String,
}

/// Which CSV column holds which field: `columns.name = "Program Name"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvLayout {
    /// Record field → the CSV header that holds it; `name` is required.
    pub columns: BTreeMap<String, String>,
    /// Columns whose values together identify a row (a facility id), so that two
    /// branches of one name are two records. Without it a row is keyed by its name,
    /// city and street.
    #[serde(default)]
    pub key: Vec<String>,
    /// Rows are kept only when each named column holds one of the listed values
    /// (case ignored): `filter."Service type" = ["Crisis stabilization"]`.
    #[serde(default)]
    pub filter: BTreeMap<String, Vec<String>>,
}

/// How a labelled directory page is laid out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledLayout {
    /// The part of the page that holds the directory (default `body`).
    #[serde(default = "default_content_selector")]
    pub content_selector: String,
    /// Elements whose text, when it names a state or territory, starts that
    /// state's section; other headings end the description before them and may name
    /// a program.
    #[serde(default = "default_heading_selector")]
    pub heading_selector: String,
    /// Elements whose text is a program's name, when the page marks names in a way
    /// of its own (`strong.name`); without it the line before the labels names it.
    #[serde(default)]
    pub name_selector: Option<String>,
    /// Line prefix per field: `labels.phone = "Phone:"`.
    pub labels: BTreeMap<String, String>,
}

fn default_content_selector() -> String {
    "body".to_string()
}

fn default_heading_selector() -> String {
    "h1, h2, h3, h4".to_string()
}

/// An HSDS API: fetch `/services/{id}` for each service listed, or trust the list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HsdsLayout {
    /// Fetch each service's own page (the default), or trust the list pages alone.
    #[serde(default = "default_true")]
    pub fetch_each_service: bool,
}

fn default_true() -> bool {
    true
}

impl Source {
    /// Requests per second to one host.
    pub fn rate(&self) -> f64 {
        self.requests_per_second.unwrap_or(1.0)
    }

    /// The largest share of records one crawl may lose (see `max_record_drop`).
    pub fn max_record_drop(&self) -> f64 {
        self.max_record_drop.unwrap_or(0.3)
    }

    /// Whether the crawler may fetch from `host` for this source.
    pub fn allows_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.allowed_hosts
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(&host))
    }
}

/// Read and check `sources.toml`; every problem names its line.
pub fn read_sources(path: &Path) -> Result<Vec<Source>, SourcesError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| SourcesError::Read {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    parse_sources(&shown, &text)
}

/// The contact URL the crawler names in its User-Agent.
pub fn contact_url(path: &Path) -> Result<String, SourcesError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| SourcesError::Read {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    Ok(parse_file(&shown, &text)?.contact_url)
}

fn parse_file(shown: &str, text: &str) -> Result<SourcesFile, SourcesError> {
    let file: SourcesFile = toml::from_str(text).map_err(|e| SourcesError::Invalid {
        path: shown.to_string(),
        line: e.span().map_or(1, |s| crate::seed::line_at(text, s.start)),
        field: "toml".to_string(),
        message: e.message().to_string(),
    })?;
    if Url::parse(&file.contact_url).is_err() {
        return Err(SourcesError::Invalid {
            path: shown.to_string(),
            line: FieldLines::new(text).line_of("contact_url"),
            field: "contact_url".to_string(),
            message: format!("{:?} is not a URL", file.contact_url),
        });
    }
    Ok(file)
}

/// Parse the text of a sources file (`shown` is the path used in messages).
pub fn parse_sources(shown: &str, text: &str) -> Result<Vec<Source>, SourcesError> {
    let lines = FieldLines::new(text);
    let file = parse_file(shown, text)?;
    let mut ids = HashSet::new();
    for (i, source) in file.sources.iter().enumerate() {
        let invalid = |field: &str, message: String| SourcesError::Invalid {
            path: shown.to_string(),
            line: lines.line_of(&format!("source[{i}].{field}")),
            field: format!("source[{i}].{field}"),
            message,
        };
        check_source(source, &mut ids).map_err(|(field, message)| invalid(field, message))?;
    }
    Ok(file.sources)
}

fn check_source(source: &Source, ids: &mut HashSet<String>) -> Result<(), (&'static str, String)> {
    let slug_ok = !source.id.is_empty()
        && source
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !slug_ok {
        return Err(("id", format!("{:?} is not a slug (a-z, 0-9, -)", source.id)));
    }
    if !ids.insert(source.id.clone()) {
        return Err(("id", format!("{:?} is used twice", source.id)));
    }
    if source.start_urls.is_empty() && !source.urls_from_program_websites {
        return Err((
            "start_urls",
            "give start URLs or set urls_from_program_websites".to_string(),
        ));
    }
    for url in &source.start_urls {
        let parsed = Url::parse(url).map_err(|e| ("start_urls", format!("{url:?}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(("start_urls", format!("{url:?} is not http or https")));
        }
        let host = parsed.host_str().unwrap_or_default();
        if !source.allows_host(host) {
            return Err((
                "allowed_hosts",
                format!("the start URL's host {host:?} is not in allowed_hosts"),
            ));
        }
    }
    if !(source.rate() > 0.0 && source.rate() <= 50.0) {
        return Err((
            "requests_per_second",
            format!("{} is not between 0 and 50", source.rate()),
        ));
    }
    if !(0.0..=1.0).contains(&source.max_record_drop()) {
        return Err((
            "max_record_drop",
            format!(
                "{} is not a share between 0 and 1",
                source.max_record_drop()
            ),
        ));
    }
    check_layout(source)
}

fn check_layout(source: &Source) -> Result<(), (&'static str, String)> {
    let known = |field: &String| RECORD_FIELDS.contains(&field.as_str());
    match source.extractor {
        ExtractorKind::Csv => {
            let layout = source
                .csv
                .as_ref()
                .ok_or(("csv", "a csv source needs [source.csv] columns".to_string()))?;
            if let Some(field) = layout.columns.keys().find(|f| !known(f)) {
                return Err(("csv", format!("{field:?} is not a record field")));
            }
            if !layout.columns.contains_key("name") {
                return Err(("csv", "columns.name is required".to_string()));
            }
        }
        ExtractorKind::Labelled => {
            let layout = source.labelled.as_ref().ok_or((
                "labelled",
                "a labelled source needs [source.labelled] labels".to_string(),
            ))?;
            if let Some(field) = layout.labels.keys().find(|f| !known(f)) {
                return Err(("labelled", format!("{field:?} is not a record field")));
            }
            let selectors = [&layout.content_selector, &layout.heading_selector]
                .into_iter()
                .chain(layout.name_selector.as_ref());
            for selector in selectors {
                scraper::Selector::parse(selector)
                    .map_err(|e| ("labelled", format!("selector {selector:?}: {e}")))?;
            }
        }
        ExtractorKind::Jsonld | ExtractorKind::Hsds => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"contact_url = "https://peerway.example/about"
[[source]]
id = "example"
name = "Example"
start_urls = ["https://example.org/list"]
extractor = "csv"
allowed_hosts = ["example.org"]
recrawl_days = 30
terms = "Public."
[source.csv.columns]
name = "Program"
phone = "Phone"
"#;

    #[test]
    fn reads_a_source_with_its_layout() {
        let sources = parse_sources("s.toml", GOOD).unwrap();
        assert_eq!(sources[0].id, "example");
        assert_eq!(sources[0].csv.as_ref().unwrap().columns["phone"], "Phone");
        assert!(sources[0].allows_host("EXAMPLE.org"));
        assert!(!sources[0].allows_host("evil.example.org"));
    }

    #[test]
    fn a_start_url_off_the_allowed_hosts_is_refused_with_its_line() {
        let text = GOOD.replace("[\"example.org\"]", "[\"other.org\"]");
        let error = parse_sources("s.toml", &text).unwrap_err().to_string();
        assert!(
            error.starts_with("s.toml:7: source[0].allowed_hosts:"),
            "{error}"
        );
    }

    #[test]
    fn an_unknown_column_field_is_refused() {
        let text = GOOD.replace("phone = \"Phone\"", "fax = \"Fax\"");
        let error = parse_sources("s.toml", &text).unwrap_err().to_string();
        assert!(error.contains("\"fax\" is not a record field"), "{error}");
    }
}
