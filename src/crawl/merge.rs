//! Merging what a crawl read with what the directory already holds.
//!
//! The rules, in order of importance: a curated value always wins; a difference in
//! phone, hours or website becomes a proposed change for a person; a record is taken
//! for a curated program only when two identifiers agree (name, phone, website,
//! city) or it was read from the program's own website — one shared phone or
//! website only makes it "related"; a program the source stops listing is marked
//! stale, never deleted, and only after two consecutive reads of the page that
//! listed it, so neither a failed fetch nor one odd read looks like a closure.

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
    /// The fields the extractor read.
    pub record: ExtractedRecord,
    /// The page as requested (the unit of staleness).
    pub page: String,
    /// The URL the page was finally read from (the provenance of its fields).
    pub url: String,
    /// When the page was read (RFC 3339).
    pub fetched: String,
    /// The curated program whose website this page is, for per-program sources.
    pub program_hint: Option<String>,
}

/// A curated record and its file.
#[derive(Debug, Clone)]
pub struct Curated {
    /// The record's TOML file under `seed-data/programs/`.
    pub path: PathBuf,
    /// The record as parsed.
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
    /// Records read for the first time.
    pub new: usize,
    /// Records read before whose values or status differ now.
    pub changed: usize,
    /// Records read before with the same values, still current.
    pub unchanged: usize,
    /// Records not seen on a page read this time for the first time (kept current).
    pub missing_once: usize,
    /// Records not seen on two consecutive reads: marked stale now.
    pub missing: usize,
    /// Changes waiting for a person, accepted ones not counted.
    pub pending_changes: usize,
    /// Records read twice under one key (the first is kept), named.
    pub duplicates: Vec<String>,
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

/// Words that do not tell two program names apart.
const NAME_FILLER: [&str; 9] = ["the", "a", "an", "of", "and", "at", "for", "inc", "llc"];

fn name_words(name: &str) -> Vec<String> {
    fold_place_name(name)
        .split(' ')
        .filter(|w| !w.is_empty() && !NAME_FILLER.contains(w))
        .map(str::to_string)
        .collect()
}

/// Two names of one program: the same words whatever the case and punctuation
/// ("AFIYA PEER RESPITE" = "Afiya Peer Respite"), the same letters spaced
/// differently ("Warmline" = "Warm Line"), one name's words all in the other when
/// the shorter has at least two ("Afiya Peer Respite House"), or one word spelled
/// slightly differently ("Centre" = "Center") — never two different words ("North"
/// and "South" are two programs).
pub fn names_agree(a: &str, b: &str) -> bool {
    words_agree(&name_words(a), &name_words(b))
}

/// `names_agree` on names already split by `name_words`.
fn words_agree(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b || a.concat() == b.concat() {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() >= 2 && short.iter().all(|w| long.contains(w)) {
        return true;
    }
    if a.len() != b.len() {
        return false;
    }
    let differing: Vec<(&String, &String)> = a.iter().zip(b).filter(|(x, y)| x != y).collect();
    match differing.as_slice() {
        [(x, y)] => x.len().min(y.len()) >= 4 && strsim::osa_distance(x, y) <= 1,
        _ => false,
    }
}

/// Which identifiers of a read record agree with a curated record.
#[derive(Debug, Default, Clone, Copy)]
struct Agreement {
    name: bool,
    phone: bool,
    website: bool,
    city: bool,
}

/// What a record is identified by, worked out once per record: its name's words,
/// phone digits, website key, folded city, and the states it is in or serves.
#[derive(Debug, Default)]
struct Identifiers {
    name: Vec<String>,
    phones: Vec<String>,
    website: Option<String>,
    city: String,
    state: String,
    serves: Vec<String>,
}

impl Identifiers {
    fn of_read(record: &ExtractedRecord, state: &str) -> Identifiers {
        let website = record.get("website");
        Identifiers {
            name: name_words(record.get("name")),
            phones: phone_digits(record.get("phone")).into_iter().collect(),
            website: (!website.is_empty()).then(|| website_key(website)),
            city: fold_place_name(record.get("city")),
            state: state.to_string(),
            serves: Vec::new(),
        }
    }

    fn of_curated(record: &SeedRecord) -> Identifiers {
        let contact = &record.contact;
        Identifiers {
            name: name_words(&record.name),
            phones: contact
                .phones
                .iter()
                .map(|p| p.number.as_str())
                .chain(contact.texts.iter().map(|t| t.number.as_str()))
                .filter_map(|n| phone_digits(n).ok())
                .collect(),
            website: (!contact.website.is_empty()).then(|| website_key(&contact.website)),
            city: fold_place_name(&record.address.city),
            state: record.address.state.clone(),
            serves: record.area.states.clone(),
        }
    }
}

impl Agreement {
    /// How a read record agrees with a curated one; `None` when they are in
    /// different states (and the curated program does not serve the read one's).
    fn of(read: &Identifiers, curated: &Identifiers) -> Option<Agreement> {
        let (state, curated_state) = (&read.state, &curated.state);
        let elsewhere = !state.is_empty() && !curated_state.is_empty() && curated_state != state;
        if elsewhere && !curated.serves.contains(state) {
            return None;
        }
        Some(Agreement {
            name: words_agree(&read.name, &curated.name),
            phone: read.phones.iter().any(|d| curated.phones.contains(d)),
            website: read.website.is_some() && read.website == curated.website,
            city: !read.city.is_empty() && read.city == curated.city,
        })
    }

    fn count(self) -> usize {
        [self.name, self.phone, self.website, self.city]
            .iter()
            .filter(|a| **a)
            .count()
    }

    /// "name + phone".
    fn describe(self) -> String {
        let parts: Vec<&str> = [
            (self.name, "name"),
            (self.phone, "phone"),
            (self.website, "website"),
            (self.city, "city"),
        ]
        .iter()
        .filter(|(agrees, _)| *agrees)
        .map(|(_, what)| *what)
        .collect();
        parts.join(" + ")
    }

    /// Two identifiers, at least one of them more than the city.
    fn same_program(self) -> bool {
        self.count() >= 2 && (self.name || self.phone || self.website)
    }

    /// One shared phone or website: a sibling program of one operator, a network and
    /// its member — worth showing, never a match.
    fn related(self) -> bool {
        !self.same_program() && (self.phone || self.website)
    }
}

/// How a read record relates to the curated programs.
#[derive(Debug, Default)]
struct Found {
    program: Option<String>,
    why: String,
    related: Vec<String>,
}

struct Matcher<'a> {
    curated: Vec<(&'a Curated, Identifiers)>,
    by_id: HashMap<&'a str, usize>,
}

impl<'a> Matcher<'a> {
    fn new(curated: &'a [Curated]) -> Matcher<'a> {
        Matcher {
            curated: curated
                .iter()
                .map(|c| (c, Identifiers::of_curated(&c.record)))
                .collect(),
            by_id: curated
                .iter()
                .enumerate()
                .map(|(i, c)| (c.record.id.as_str(), i))
                .collect(),
        }
    }

    fn by_id(&self, id: &str) -> Option<&(&'a Curated, Identifiers)> {
        self.by_id.get(id).map(|&i| &self.curated[i])
    }

    /// The curated program a read record is about: the program whose website it was
    /// read from, else the one with most agreeing identifiers (two at least).
    fn find(&self, read: &ReadRecord, state: &str) -> Found {
        if let Some(id) = read.program_hint.as_deref() {
            if self.by_id(id).is_some() {
                return Found {
                    program: Some(id.to_string()),
                    why: "read from its website".to_string(),
                    related: Vec::new(),
                };
            }
        }
        let ids = Identifiers::of_read(&read.record, state);
        let mut best: Option<(Agreement, &Curated)> = None;
        let mut related = Vec::new();
        for (c, curated) in &self.curated {
            let Some(agreement) = Agreement::of(&ids, curated) else {
                continue;
            };
            if agreement.same_program() {
                let better = best
                    .is_none_or(|(b, _)| (agreement.count(), agreement.name) > (b.count(), b.name));
                if better {
                    best = Some((agreement, c));
                }
            } else if agreement.related() {
                related.push(format!("{}: same {}", c.record.id, agreement.describe()));
            }
        }
        match best {
            Some((agreement, c)) => Found {
                program: Some(c.record.id.clone()),
                why: agreement.describe(),
                related,
            },
            None => Found {
                related,
                ..Found::default()
            },
        }
    }

    /// How well a record read from a program's website describes that program: a
    /// page may describe its parent organisation too, and the program's own node
    /// (its name, phone, URL) is the one to keep.
    fn fit(&self, read: &ReadRecord, state: &str) -> (usize, usize) {
        let agreement = read
            .program_hint
            .as_deref()
            .and_then(|id| self.by_id(id))
            .and_then(|(_, curated)| {
                Agreement::of(&Identifiers::of_read(&read.record, state), curated)
            })
            .map_or(0, Agreement::count);
        (agreement, read.record.fields.len())
    }
}

/// The record's key within its source: the source's own id, the program it was
/// read for, else its name, city, street and state (so two branches of one name
/// stay two records).
fn record_key(read: &ReadRecord, state: &str) -> String {
    if let Some(key) = &read.record.source_key {
        return slug(key);
    }
    if let Some(program) = &read.program_hint {
        return program.clone();
    }
    let r = &read.record;
    let parts: Vec<&str> = [r.get("name"), r.get("city"), r.get("street"), state]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    slug(&parts.join(" "))
}

/// Of the records read from one program's website, the one that fits it best.
fn best_per_program<'r>(
    reads: &'r [ReadRecord],
    matcher: &Matcher,
    geo: &Geo,
) -> Vec<&'r ReadRecord> {
    // Each kept read with how well it fits its program (none for directory reads).
    let mut kept: Vec<(&ReadRecord, (usize, usize))> = Vec::new();
    let mut best_at: HashMap<(&str, &str), usize> = HashMap::new();
    for read in reads {
        let Some(program) = read.program_hint.as_deref() else {
            kept.push((read, (0, 0)));
            continue;
        };
        let fit = matcher.fit(read, &state_of(&read.record, geo));
        match best_at.get(&(read.page.as_str(), program)) {
            Some(&at) if fit > kept[at].1 => kept[at] = (read, fit),
            Some(_) => {}
            None => {
                best_at.insert((read.page.as_str(), program), kept.len());
                kept.push((read, fit));
            }
        }
    }
    kept.into_iter().map(|(read, _)| read).collect()
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
    for read in best_per_program(reads, &matcher, geo) {
        let state = state_of(&read.record, geo);
        let key = record_key(read, &state);
        if records.contains_key(&key) {
            counts.duplicates.push(format!(
                "{} ({}) is listed twice under the key {key}; the first is kept",
                read.record.get("name"),
                read.url
            ));
            continue;
        }
        let previous = old_records.get(key.as_str()).copied();
        let found = matcher.find(read, &state);
        let (program, matched_by) = match found.program {
            Some(id) => (id, found.why),
            None => match previous.filter(|p| !p.program.is_empty()) {
                Some(p) => (p.program.clone(), p.matched_by.clone()),
                None => (String::new(), String::new()),
            },
        };
        let fields = fields_of(read, &state);
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
                matched_by,
                related: found.related,
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
            // The first read without it only notes the day; the next one confirms.
            if previous.missing_since.is_empty() {
                kept.missing_since = today.to_string();
                counts.missing_once += 1;
            } else {
                kept.status = RecordStatus::Stale;
                counts.missing += 1;
            }
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

/// A read record's fields with their provenance, the state worked out from its
/// region added.
fn fields_of(read: &ReadRecord, state: &str) -> BTreeMap<String, FieldValue> {
    let field = |value: &str| FieldValue {
        value: value.to_string(),
        url: read.url.clone(),
        fetched: read.fetched.clone(),
    };
    let mut fields: BTreeMap<String, FieldValue> = read
        .record
        .fields
        .iter()
        .map(|(name, value)| (name.clone(), field(value)))
        .collect();
    if !state.is_empty() && read.record.get("state") != state {
        fields.insert("state".to_string(), field(state));
    }
    fields
}

fn same_values(a: &BTreeMap<String, FieldValue>, b: &BTreeMap<String, FieldValue>) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(k, v)| b.get(k).is_some_and(|w| w.value == v.value))
}

/// The differences between current records and curated ones, and the programs the
/// directory lacks. Accepted and rejected changes are kept as history (and not
/// proposed again); a pending change that no
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
                .filter(|c| c.status != ChangeStatus::Pending)
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
            let why = match field {
                "new_program" if record.related.is_empty() => {
                    "no curated program shares two identifiers with it".to_string()
                }
                "new_program" => format!("related to {}", record.related.join("; ")),
                _ => format!("matched by {}", record.matched_by),
            };
            changes.push(Change {
                id,
                field: field.to_string(),
                program: record.program.clone(),
                record: record.key.clone(),
                curated: curated_value,
                crawled: crawled_value,
                url: provenance.url,
                fetched: provenance.fetched,
                why,
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
    fn names_agree_across_case_spacing_and_small_variants_only() {
        assert!(names_agree("AFIYA PEER RESPITE", "Afiya Peer Respite"));
        assert!(names_agree("The Synthetic Warmline", "Synthetic Warm Line"));
        assert!(names_agree(
            "Afiya Peer Respite House",
            "Afiya Peer Respite"
        ));
        assert!(names_agree(
            "Synthetic Crisis Centre",
            "Synthetic Crisis Center"
        ));
        assert!(!names_agree(
            "Synthetic Respite North",
            "Synthetic Respite South"
        ));
        assert!(!names_agree("Afiya", "Afiya Peer Respite"));
        assert!(!names_agree("", "Afiya"));
    }

    #[test]
    fn change_ids_are_stable_and_distinct() {
        let a = change_id("s", "r", "phone", "1");
        assert_eq!(a, change_id("s", "r", "phone", "1"));
        assert_ne!(a, change_id("s", "r", "phone", "2"));
        assert_eq!(a.len(), 10);
    }
}
