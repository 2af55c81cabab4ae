//! Merging what a crawl read with what the directory already holds.
//!
//! The rules, in order of importance: a curated value always wins; a difference in
//! phone, hours or website becomes a proposed change for a person; a program the
//! source stops listing is marked stale, never deleted — and only when the page that
//! listed it was actually read this time, so a failed fetch never looks like a
//! closure.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::extract::ExtractedRecord;
use super::sources::Source;
use crate::geo::{fold_place_name, Geo};
use crate::hsds::import::slug;
use crate::seed::crawled::{
    Change, ChangeStatus, CrawledFile, CrawledRecord, FieldValue, RecordStatus,
};
use crate::seed::{phone_digits, SeedRecord};

/// The fields whose differences are proposed as changes to curated records.
pub const WATCHED_FIELDS: [&str; 3] = ["phone", "hours", "website"];

/// One record as read, with where and when.
#[derive(Debug, Clone)]
pub struct ReadRecord {
    pub record: ExtractedRecord,
    /// The page as requested (the unit of staleness).
    pub page: String,
    /// The URL the page was finally read from (the provenance of its fields).
    pub url: String,
    pub fetched: String,
    /// The curated program whose website this page is, for per-program sources.
    pub program_hint: Option<String>,
}

/// A curated record and its file.
#[derive(Debug, Clone)]
pub struct Curated {
    pub path: PathBuf,
    pub record: SeedRecord,
}

/// Every curated record that parses (the checker reports the others).
pub fn curated_records(seed_dir: &Path) -> Vec<Curated> {
    let mut all = Vec::new();
    for entry in walkdir::WalkDir::new(crate::seed::programs_dir(seed_dir))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        if let Ok(record) = toml::from_str::<SeedRecord>(&text) {
            all.push(Curated {
                path: path.to_path_buf(),
                record,
            });
        }
    }
    all
}

/// Counts for the crawl summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeCounts {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub missing: usize,
    pub pending_changes: usize,
}

/// "example.org/path" from any way of writing a website.
pub fn website_key(text: &str) -> String {
    let text = text.trim();
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("http://{text}")
    };
    match url::Url::parse(&with_scheme) {
        Ok(url) => {
            let host = url
                .host_str()
                .unwrap_or_default()
                .trim_start_matches("www.")
                .to_string();
            format!("{host}{}", url.path().trim_end_matches('/')).to_lowercase()
        }
        Err(_) => text.to_lowercase(),
    }
}

fn hours_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The state a record is in: its own state field, else the region it is listed under.
fn state_of(record: &ExtractedRecord, geo: &Geo) -> String {
    for text in [record.get("state"), record.get("region")] {
        if let Some(state) = geo.gazetteer.state_by_code_or_name(text) {
            return state.code.clone();
        }
    }
    String::new()
}

struct Matcher<'a> {
    by_id: HashMap<&'a str, &'a Curated>,
    by_website: HashMap<String, &'a Curated>,
    by_phone: HashMap<(String, String), &'a Curated>,
    by_name: HashMap<(String, String), &'a Curated>,
}

impl<'a> Matcher<'a> {
    fn new(curated: &'a [Curated]) -> Matcher<'a> {
        let mut matcher = Matcher {
            by_id: HashMap::new(),
            by_website: HashMap::new(),
            by_phone: HashMap::new(),
            by_name: HashMap::new(),
        };
        for c in curated {
            let r = &c.record;
            let state = r.address.state.clone();
            matcher.by_id.insert(&r.id, c);
            if !r.contact.website.is_empty() {
                matcher
                    .by_website
                    .entry(website_key(&r.contact.website))
                    .or_insert(c);
            }
            for phone in &r.contact.phones {
                if let Ok(digits) = phone_digits(&phone.number) {
                    matcher.by_phone.entry((digits, state.clone())).or_insert(c);
                }
            }
            matcher
                .by_name
                .entry((fold_place_name(&r.name), state))
                .or_insert(c);
        }
        matcher
    }

    /// The curated program a read record is about: the program it was read for,
    /// then the same website, the same phone in the same state, the same name in
    /// the same state.
    fn find(&self, read: &ReadRecord, state: &str) -> Option<&'a Curated> {
        if let Some(found) = read
            .program_hint
            .as_deref()
            .and_then(|id| self.by_id.get(id))
        {
            return Some(found);
        }
        let r = &read.record;
        if !r.get("website").is_empty() {
            if let Some(found) = self.by_website.get(&website_key(r.get("website"))) {
                return Some(found);
            }
        }
        if let Ok(digits) = phone_digits(r.get("phone")) {
            if let Some(found) = self.by_phone.get(&(digits, state.to_string())) {
                return Some(found);
            }
        }
        self.by_name
            .get(&(fold_place_name(r.get("name")), state.to_string()))
            .copied()
    }
}

/// The record's key within its source.
fn record_key(read: &ReadRecord, state: &str) -> String {
    if let Some(key) = &read.record.source_key {
        return slug(key);
    }
    if let Some(program) = &read.program_hint {
        return program.clone();
    }
    let name = slug(read.record.get("name"));
    if state.is_empty() {
        name
    } else {
        format!("{name}-{}", state.to_lowercase())
    }
}

/// Merge one source's crawl into its crawled file. `pages_read` are the pages (as
/// requested) read this time; records listed on other pages are left as they were.
pub fn merge(
    source: &Source,
    old: Option<&CrawledFile>,
    reads: &[ReadRecord],
    pages_read: &HashSet<String>,
    curated: &[Curated],
    geo: &Geo,
    now: &str,
) -> (CrawledFile, MergeCounts) {
    let matcher = Matcher::new(curated);
    let today = &now[..10.min(now.len())];
    let old_records: HashMap<&str, &CrawledRecord> = old
        .map(|f| f.records.iter().map(|r| (r.key.as_str(), r)).collect())
        .unwrap_or_default();
    let mut counts = MergeCounts::default();
    let mut records: BTreeMap<String, CrawledRecord> = BTreeMap::new();
    for read in reads {
        let state = state_of(&read.record, geo);
        let key = record_key(read, &state);
        if records.contains_key(&key) {
            continue; // the same program listed twice on a source: the first wins
        }
        let previous = old_records.get(key.as_str()).copied();
        let program = matcher
            .find(read, &state)
            .map(|c| c.record.id.clone())
            .or_else(|| {
                previous
                    .map(|p| p.program.clone())
                    .filter(|p| !p.is_empty())
            })
            .unwrap_or_default();
        let mut fields: BTreeMap<String, FieldValue> = read
            .record
            .fields
            .iter()
            .map(|(name, value)| {
                let field = FieldValue {
                    value: value.clone(),
                    url: read.url.clone(),
                    fetched: read.fetched.clone(),
                };
                (name.clone(), field)
            })
            .collect();
        if !state.is_empty() && read.record.get("state") != state {
            fields.insert(
                "state".to_string(),
                FieldValue {
                    value: state.clone(),
                    url: read.url.clone(),
                    fetched: read.fetched.clone(),
                },
            );
        }
        match previous {
            None => counts.new += 1,
            Some(p) if same_values(&p.fields, &fields) && p.status == RecordStatus::Current => {
                counts.unchanged += 1
            }
            Some(_) => counts.changed += 1,
        }
        records.insert(
            key.clone(),
            CrawledRecord {
                key,
                program,
                status: RecordStatus::Current,
                page: read.page.clone(),
                first_seen: previous.map_or_else(|| now.to_string(), |p| p.first_seen.clone()),
                last_seen: now.to_string(),
                missing_since: String::new(),
                fields,
            },
        );
    }
    for (key, previous) in &old_records {
        if records.contains_key(*key) {
            continue;
        }
        let mut kept = (*previous).clone();
        if pages_read.contains(&previous.page) && previous.status == RecordStatus::Current {
            kept.status = RecordStatus::Stale;
            kept.missing_since = today.to_string();
            counts.missing += 1;
        }
        records.insert(key.to_string(), kept);
    }
    let records: Vec<CrawledRecord> = records.into_values().collect();
    let changes = proposed_changes(source, old, &records, curated);
    counts.pending_changes = changes
        .iter()
        .filter(|c| c.status == ChangeStatus::Pending)
        .count();
    let file = CrawledFile {
        source: source.id.clone(),
        source_name: source.name.clone(),
        last_crawl: now.to_string(),
        records,
        changes,
    };
    (file, counts)
}

fn same_values(a: &BTreeMap<String, FieldValue>, b: &BTreeMap<String, FieldValue>) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(k, v)| b.get(k).is_some_and(|w| w.value == v.value))
}

/// The differences between current records and curated ones, and the programs the
/// directory lacks. Accepted changes are kept as history; a pending change that no
/// longer holds (the curated record was edited, the source changed back) is dropped.
fn proposed_changes(
    source: &Source,
    old: Option<&CrawledFile>,
    records: &[CrawledRecord],
    curated: &[Curated],
) -> Vec<Change> {
    let by_id: HashMap<&str, &SeedRecord> = curated
        .iter()
        .map(|c| (c.record.id.as_str(), &c.record))
        .collect();
    let mut changes: Vec<Change> = old
        .map(|f| {
            f.changes
                .iter()
                .filter(|c| c.status == ChangeStatus::Accepted)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let accepted: HashSet<String> = changes.iter().map(|c| c.id.clone()).collect();
    for record in records.iter().filter(|r| r.status == RecordStatus::Current) {
        let proposals = match by_id.get(record.program.as_str()) {
            Some(curated) => differences(record, curated),
            None if record.program.is_empty() => vec![(
                "new_program",
                String::new(),
                record.value("name").to_string(),
            )],
            None => Vec::new(),
        };
        for (field, curated_value, crawled_value) in proposals {
            let provenance = record
                .fields
                .get(if field == "new_program" {
                    "name"
                } else {
                    field
                })
                .cloned()
                .unwrap_or_default();
            let id = change_id(&source.id, &record.key, field, &crawled_value);
            if accepted.contains(&id) {
                continue;
            }
            changes.push(Change {
                id,
                field: field.to_string(),
                program: record.program.clone(),
                record: record.key.clone(),
                curated: curated_value,
                crawled: crawled_value,
                url: provenance.url,
                fetched: provenance.fetched,
                status: ChangeStatus::Pending,
                accepted_on: String::new(),
            });
        }
    }
    changes
}

/// (field, curated value, crawled value) for each watched field that differs.
fn differences(
    record: &CrawledRecord,
    curated: &SeedRecord,
) -> Vec<(&'static str, String, String)> {
    let mut found = Vec::new();
    let phone = record.value("phone");
    if let Ok(digits) = phone_digits(phone) {
        let known: Vec<String> = curated
            .contact
            .phones
            .iter()
            .map(|p| p.number.clone())
            .chain(curated.contact.texts.iter().map(|t| t.number.clone()))
            .filter_map(|n| phone_digits(&n).ok())
            .collect();
        if !known.contains(&digits) {
            let first = curated
                .contact
                .phones
                .first()
                .map(|p| p.number.clone())
                .unwrap_or_default();
            found.push(("phone", first, phone.to_string()));
        }
    }
    let hours = record.value("hours");
    if !hours.is_empty() && hours_key(hours) != hours_key(&curated.hours.text) {
        found.push(("hours", curated.hours.text.clone(), hours.to_string()));
    }
    let website = record.value("website");
    if !website.is_empty() && website_key(website) != website_key(&curated.contact.website) {
        found.push((
            "website",
            curated.contact.website.clone(),
            website.to_string(),
        ));
    }
    found
}

/// The same difference gets the same id in every crawl.
fn change_id(source: &str, record: &str, field: &str, crawled: &str) -> String {
    let name = format!("{source}\n{record}\n{field}\n{crawled}");
    let uuid = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, name.as_bytes());
    uuid.simple().to_string()[..10].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websites_compare_without_scheme_www_or_trailing_slash() {
        assert_eq!(website_key("https://www.Afiya.org/"), "afiya.org");
        assert_eq!(website_key("afiya.org"), "afiya.org");
        assert_eq!(
            website_key("http://afiya.org/respite/"),
            "afiya.org/respite"
        );
        assert_ne!(website_key("afiya.org/a"), website_key("afiya.org/b"));
    }

    #[test]
    fn change_ids_are_stable_and_distinct() {
        let a = change_id("s", "r", "phone", "1");
        assert_eq!(a, change_id("s", "r", "phone", "1"));
        assert_ne!(a, change_id("s", "r", "phone", "2"));
        assert_eq!(a.len(), 10);
    }
}
