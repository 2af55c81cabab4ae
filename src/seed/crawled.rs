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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrawledFile {
    pub source: String,
    pub source_name: String,
    /// When the source was last crawled with at least one page read (RFC 3339).
    pub last_crawl: String,
    #[serde(default, rename = "record", skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<CrawledRecord>,
    #[serde(default, rename = "change", skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// Listed by the source at the last crawl.
    #[default]
    Current,
    /// No longer listed on a page that was read; kept, never deleted.
    Stale,
}

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
    pub status: RecordStatus,
    /// The page (as requested) that lists the record; staleness is judged per page.
    pub page: String,
    pub first_seen: String,
    pub last_seen: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub missing_since: String,
    pub fields: BTreeMap<String, FieldValue>,
}

/// One field as read: the value, the URL it was read from and when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldValue {
    pub value: String,
    pub url: String,
    pub fetched: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    #[default]
    Pending,
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
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub program: String,
    pub record: String,
    pub curated: String,
    pub crawled: String,
    pub url: String,
    pub fetched: String,
    /// Why the change is proposed against this program (how the record matched it,
    /// or what a new program is related to).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub why: String,
    pub status: ChangeStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub accepted_on: String,
}

impl CrawledRecord {
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
