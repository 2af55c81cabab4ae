//! `seed-data/crawled/<source>.toml`: what the crawler read from one source, with
//! per-field provenance, and the changes it proposes to curated records.
//!
//! Nothing here is applied to a curated record by itself: a change waits in the file
//! until a person accepts it (`peerway crawl --accept`). What the build takes from
//! these files is only the fact that a source stopped listing a program, shown on
//! its page as a caution.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::SeedProblem;
use crate::model::MissingFromSource;

/// One source's crawled file: every record the source lists and the changes it proposes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrawledFile {
    /// The source's id in sources.toml; also the file's name.
    pub source: String,
    /// The source's name as people read it, shown when a program is missing from it.
    pub source_name: String,
    /// When the source was last crawled with at least one page read (RFC 3339).
    pub last_crawl: String,
    /// Every record the source has listed, current or stale, sorted by key.
    #[serde(default, rename = "record", skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<CrawledRecord>,
    /// Proposed changes: pending ones, and accepted ones kept as history.
    #[serde(default, rename = "change", skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

/// Whether the source still lists a record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// Listed by the source at the last crawl.
    #[default]
    Current,
    /// No longer listed on a page that was read; kept, never deleted.
    Stale,
}

/// One program as a source lists it, kept across crawls under its key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrawledRecord {
    /// Stable within the source: the source's own id, the program it was read for,
    /// or the name and state as a slug.
    pub key: String,
    /// The curated program this record is about, if one matched.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub program: String,
    /// Why it matched `program` ("name + phone", "read from its website").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub matched_by: String,
    /// Curated programs that share one identifier with it but are not taken for the
    /// same program ("afiya-peer-respite: same phone").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// Whether the source still lists it.
    pub status: RecordStatus,
    /// The page (as requested) that lists the record; staleness is judged per page.
    pub page: String,
    /// When a crawl first read it (RFC 3339).
    pub first_seen: String,
    /// When a crawl last read it (RFC 3339).
    pub last_seen: String,
    /// The day (YYYY-MM-DD) a read of its page first did not find it; empty while it is found.
    /// A second such read marks it stale.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub missing_since: String,
    /// Its fields by name (`name`, `phone`, `hours`, `website`, ...), each with where it was read.
    pub fields: BTreeMap<String, FieldValue>,
}

/// One field as read: the value, the URL it was read from and when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldValue {
    /// The text as read.
    pub value: String,
    /// The URL the page was finally read from.
    pub url: String,
    /// When it was read (RFC 3339).
    pub fetched: String,
}

/// Whether a person has accepted a proposed change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    /// Waiting for `peerway crawl --accept`.
    #[default]
    Pending,
    /// Applied to the curated record; kept so the same difference is not proposed again.
    Accepted,
    /// A curator decided against it (at `/curate`); it is not proposed again.
    Rejected,
}

/// A difference between a source and a curated record (or a program the
/// directory does not have), for a person to accept.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Stable for the same difference across crawls.
    pub id: String,
    /// `phone`, `hours`, `website`, or `new_program`.
    pub field: String,
    /// The curated program it is about; empty for a `new_program` change.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub program: String,
    /// The key of the crawled record it comes from.
    pub record: String,
    /// The curated value it would replace; empty for a `new_program` change.
    pub curated: String,
    /// The value the source gives (for `new_program`, the program's name).
    pub crawled: String,
    /// The URL the crawled value was read from.
    pub url: String,
    /// When the crawled value was read (RFC 3339).
    pub fetched: String,
    /// Why the change is proposed against this program (how the record matched it,
    /// or what a new program is related to).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub why: String,
    /// Whether a person has accepted it.
    pub status: ChangeStatus,
    /// The day (YYYY-MM-DD) it was accepted; empty while pending.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub accepted_on: String,
}

impl CrawledRecord {
    /// The value of one field as read; empty when the source did not give it.
    pub fn value(&self, field: &str) -> &str {
        self.fields.get(field).map_or("", |f| f.value.as_str())
    }
}

/// Where a source's crawled file lives.
pub fn crawled_path(seed_dir: &Path, source: &str) -> PathBuf {
    seed_dir.join("crawled").join(format!("{source}.toml"))
}

/// Read one crawled file; a problem names its line.
pub fn read_crawled(path: &Path) -> Result<CrawledFile, SeedProblem> {
    let problem = |line, message| SeedProblem::at(path, line, "toml", message);
    let text =
        std::fs::read_to_string(path).map_err(|e| problem(1, format!("cannot read: {e}")))?;
    toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map_or(1, |s| super::lines::line_at(&text, s.start));
        problem(line, e.message().to_string())
    })
}

/// Every crawled file of a seed folder, sorted by name.
pub fn read_crawled_dir(seed_dir: &Path) -> (Vec<(PathBuf, CrawledFile)>, Vec<SeedProblem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(seed_dir.join("crawled")) else {
        return (files, problems);
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        match read_crawled(&path) {
            Ok(file) => files.push((path, file)),
            Err(problem) => problems.push(problem),
        }
    }
    (files, problems)
}

/// Programs that a source stopped listing: program id → the sources and since when.
pub fn missing_marks(files: &[(PathBuf, CrawledFile)]) -> HashMap<String, Vec<MissingFromSource>> {
    let mut marks: HashMap<String, Vec<MissingFromSource>> = HashMap::new();
    for (_, file) in files {
        for record in &file.records {
            if record.status != RecordStatus::Stale || record.program.is_empty() {
                continue;
            }
            let Ok(since) = NaiveDate::parse_from_str(&record.missing_since, "%Y-%m-%d") else {
                continue;
            };
            marks
                .entry(record.program.clone())
                .or_default()
                .push(MissingFromSource {
                    source: file.source_name.clone(),
                    url: record.page.clone(),
                    since,
                });
        }
    }
    marks
}
