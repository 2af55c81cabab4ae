//! Applying changes a person accepted (`peerway crawl --accept ID|all`).
//!
//! An edit to a curated file changes only the accepted value, the sources list and
//! the verification (date of the fetch, method `crawl`), in place with `toml_edit`
//! so the rest of the file — comments, order, notes — stays as a person left it.
//! Every edited record is checked before it is written; one that would not pass
//! `peerway check` is refused with the reasons, and its change stays pending.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml_edit::{value, Array, ArrayOfTables, DocumentMut, Item, Table};

use crate::seed::record::{toml_date, SeedSource};

use super::merge::{curated_records, website_key, Curated};
use super::sources::Source;
use super::CrawlError;
use crate::geo::Geo;
use crate::hsds::import::{seed_file_text, seed_path, slug, write_atomically};
use crate::seed::crawled::{read_crawled_dir, Change, ChangeStatus, CrawledFile, CrawledRecord};
use crate::seed::record::{
    SeedAddress, SeedArea, SeedContact, SeedHours, SeedLocation, SeedPhone, SeedVerified,
};
use crate::seed::{validate, FieldProblem, SeedRecord};

/// What `--accept` did.
#[derive(Debug, Default)]
pub struct AcceptReport {
    /// (change id, the file written).
    pub applied: Vec<(String, PathBuf)>,
    /// (change id, why not).
    pub refused: Vec<(String, String)>,
}

/// Accept the pending changes named in `which` (ids, or `all`), in every crawled
/// file or only `only_source`'s.
pub fn accept(
    seed_dir: &Path,
    geo: &Geo,
    sources: &[Source],
    which: &[String],
    only_source: Option<&str>,
    today: NaiveDate,
) -> Result<AcceptReport, CrawlError> {
    let (files, problems) = read_crawled_dir(seed_dir);
    if let Some(problem) = problems.first() {
        return Err(CrawlError::Crawled(problem.to_string()));
    }
    let everything = which.iter().any(|w| w == "all");
    let mut report = AcceptReport::default();
    for (path, mut file) in files {
        if only_source.is_some_and(|s| s != file.source) {
            continue;
        }
        let mut context = Accepting {
            seed_dir,
            geo,
            source: sources.iter().find(|s| s.id == file.source),
            curated: curated_records(seed_dir),
            today,
        };
        let mut touched = false;
        for at in 0..file.changes.len() {
            let change = file.changes[at].clone();
            if change.status != ChangeStatus::Pending || !(everything || which.contains(&change.id))
            {
                continue;
            }
            match context.apply(&file, &change) {
                Ok(written) => {
                    file.changes[at].status = ChangeStatus::Accepted;
                    file.changes[at].accepted_on = today.to_string();
                    report.applied.push((change.id.clone(), written));
                    touched = true;
                    // The next change may be to the record just written.
                    context.curated = curated_records(seed_dir);
                }
                Err(why) => report.refused.push((change.id.clone(), why)),
            }
        }
        if touched {
            super::write_crawled(&path, &file)?;
        }
    }
    for id in which.iter().filter(|w| *w != "all") {
        let known = report.applied.iter().any(|(a, _)| a == id)
            || report.refused.iter().any(|(r, _)| r == id);
        if !known {
            report
                .refused
                .push((id.clone(), "no pending change has this id".to_string()));
        }
    }
    Ok(report)
}

/// What applying changes needs: where, the gazetteer for checks, the change's source,
/// the curated records as they are now, and the date of acceptance.
struct Accepting<'a> {
    seed_dir: &'a Path,
    geo: &'a Geo,
    source: Option<&'a Source>,
    curated: Vec<Curated>,
    today: NaiveDate,
}

impl Accepting<'_> {
    /// What kind of page this crawl source's pages are: a program's own site, or a
    /// directory listing many programs.
    fn source_kind(&self) -> &'static str {
        match self.source {
            Some(source) if source.urls_from_program_websites => "program",
            _ => "directory",
        }
    }

    fn apply(&self, file: &CrawledFile, change: &Change) -> Result<PathBuf, String> {
        let (geo, today) = (self.geo, self.today);
        let record = file
            .records
            .iter()
            .find(|r| r.key == change.record)
            .ok_or("its record is no longer in the crawled file")?;
        if change.field == "new_program" {
            return self.add_program(file, record);
        }
        let target = self
            .curated
            .iter()
            .find(|c| c.record.id == change.program)
            .ok_or_else(|| format!("no curated program {:?}", change.program))?;
        let text = std::fs::read_to_string(&target.path).map_err(|e| e.to_string())?;
        let mut doc: DocumentMut = text
            .parse()
            .map_err(|e| format!("{}: {e}", target.path.display()))?;
        match change.field.as_str() {
            "phone" => set_first_phone(&mut doc, &change.crawled),
            "hours" => table(&mut doc, "hours")["text"] = value(&change.crawled),
            "website" => table(&mut doc, "contact")["website"] = value(&change.crawled),
            other => return Err(format!("{other} is not a field changes are made to")),
        }
        let fetched = fetch_date(&change.fetched)?;
        add_source(&mut doc, &change.url, self.source_kind(), fetched);
        let verified = table(&mut doc, "verified");
        verified["date"] = value(toml_date(fetched));
        verified["method"] = value("crawl");
        verified["detail"] = value(format!(
            "{} read from {} on {fetched}; accepted {today} (change {}).",
            change.field, file.source_name, change.id
        ));
        let text = doc.to_string();
        check(&text, geo)?;
        write_atomically(&target.path, &text).map_err(|e| e.to_string())?;
        Ok(target.path.clone())
    }
}

/// Mark the pending change `change_id` rejected in its crawled file (a curator
/// decided against it; it is kept as history and not proposed again).
pub fn reject(seed_dir: &Path, change_id: &str) -> Result<(), String> {
    let (files, problems) = read_crawled_dir(seed_dir);
    if let Some(problem) = problems.first() {
        return Err(problem.to_string());
    }
    for (path, mut file) in files {
        if let Some(change) = file
            .changes
            .iter_mut()
            .find(|c| c.id == change_id && c.status == ChangeStatus::Pending)
        {
            change.status = ChangeStatus::Rejected;
            return super::write_crawled(&path, &file).map_err(|e| e.to_string());
        }
    }
    Err("no pending change has this id".to_string())
}

/// Apply a correction program staff proposed and a curator accepted: the field
/// (`phone`, `website` or `hours`) of `program_id`'s seed file, edited in place as
/// `--accept` edits, verified as confirmed by the program, re-checked, and written
/// atomically. Returns the file written.
#[allow(clippy::too_many_arguments)]
pub fn accept_correction(
    seed_dir: &Path,
    geo: &Geo,
    program_id: &str,
    field: &str,
    new_value: &str,
    proposed_by: &str,
    accepted_by: &str,
    today: NaiveDate,
) -> Result<PathBuf, String> {
    let curated = curated_records(seed_dir);
    let target = curated
        .iter()
        .find(|c| c.record.id == program_id)
        .ok_or_else(|| format!("no curated program {program_id:?}"))?;
    let text = std::fs::read_to_string(&target.path).map_err(|e| e.to_string())?;
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| format!("{}: {e}", target.path.display()))?;
    match field {
        "phone" => set_first_phone(&mut doc, new_value),
        "hours" => table(&mut doc, "hours")["text"] = value(new_value),
        "website" => table(&mut doc, "contact")["website"] = value(new_value),
        other => {
            return Err(format!(
                "{other} is not a field corrections are applied to; edit the file by hand"
            ))
        }
    }
    let verified = table(&mut doc, "verified");
    verified["date"] = value(toml_date(today));
    verified["method"] = value("confirmed_by_program");
    verified["detail"] = value(format!(
        "{field} corrected by the program's staff ({proposed_by}); accepted by {accepted_by} on {today}."
    ));
    let text = doc.to_string();
    check(&text, geo)?;
    write_atomically(&target.path, &text).map_err(|e| e.to_string())?;
    Ok(target.path.clone())
}

fn fetch_date(fetched: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(fetched.get(..10).unwrap_or_default(), "%Y-%m-%d")
        .map_err(|_| format!("the fetch time {fetched:?} is not a date"))
}

fn table<'a>(doc: &'a mut DocumentMut, key: &str) -> &'a mut Item {
    let item = doc.entry(key).or_insert(Item::Table(Table::new()));
    item
}

fn set_first_phone(doc: &mut DocumentMut, number: &str) {
    let contact = table(doc, "contact");
    let phones = contact
        .as_table_like_mut()
        .expect("contact is a table")
        .entry("phones")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
    match phones.as_array_of_tables_mut() {
        Some(list) if !list.is_empty() => {
            list.get_mut(0).expect("a first phone")["number"] = value(number);
        }
        Some(list) => {
            let mut phone = Table::new();
            phone["number"] = value(number);
            list.push(phone);
        }
        None => {}
    }
}

/// Adds `{ url, kind, dated }` to the record's sources; a live page read on a day is
/// evidence of that day. An already cited page gets the newer date.
fn add_source(doc: &mut DocumentMut, url: &str, kind: &str, fetched: NaiveDate) {
    let sources = doc
        .entry("sources")
        .or_insert(Item::Value(toml_edit::Value::Array(Array::new())));
    let Some(list) = sources.as_array_mut() else {
        return;
    };
    let dated = fetched.to_string();
    for entry in list.iter_mut() {
        if let Some(table) = entry.as_inline_table_mut() {
            if table.get("url").and_then(|v| v.as_str()) == Some(url) {
                table.insert("dated", dated.as_str().into());
                return;
            }
        }
    }
    let mut table = toml_edit::InlineTable::new();
    table.insert("url", url.into());
    table.insert("kind", kind.into());
    table.insert("dated", dated.as_str().into());
    list.push(table);
}

/// The edited text must still be a record `peerway check` accepts.
fn check(text: &str, geo: &Geo) -> Result<(), String> {
    let record: SeedRecord = toml::from_str(text).map_err(|e| e.message().to_string())?;
    validate(&record, geo)
        .map(|_| ())
        .map_err(|problems| problems_text(&problems))
}

fn problems_text(problems: &[FieldProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.field, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl Accepting<'_> {
    /// A program the directory lacks becomes a curated record: only with a kind the
    /// source states as a whole (sources.toml `defaults.kind`), a state and a name, and
    /// never over an existing id. Its summary is left empty for a person to write:
    /// sources' descriptions are not republished.
    fn add_program(&self, file: &CrawledFile, record: &CrawledRecord) -> Result<PathBuf, String> {
        let (geo, today, curated) = (self.geo, self.today, &self.curated);
        let source = self
            .source
            .ok_or("its source is no longer in sources.toml")?;
        let defaults = &source.defaults;
        if defaults.kind.is_empty() {
            return Err(format!(
            "the source {} states no kind for its programs (sources.toml defaults.kind); write this record by hand",
            source.id
        ));
        }
        let name_field = record.fields.get("name").cloned().unwrap_or_default();
        let state = record.value("state").to_string();
        if state.is_empty() {
            return Err("the source gives no state for it".to_string());
        }
        let website = record.value("website");
        if !website.is_empty()
            && curated
                .iter()
                .any(|c| website_key(&c.record.contact.website) == website_key(website))
        {
            return Err("a curated program already has its website".to_string());
        }
        let fetched = fetch_date(&name_field.fetched)?;
        let mut seed = SeedRecord {
            id: slug(&name_field.value),
            name: name_field.value.clone(),
            kind: defaults.kind.clone(),
            peer_role: non_empty(&defaults.peer_role, "unknown"),
            // The source's description stays in the crawled file (provenance); the
            // summary is written by a person in our own words, never copied.
            summary: String::new(),
            confidence: non_empty(&defaults.confidence, "medium"),
            sources: vec![SeedSource {
                url: name_field.url.clone(),
                kind: self.source_kind().to_string(),
                dated: fetched.to_string(),
            }],
            verified: SeedVerified {
                date: toml_date(fetched),
                method: "crawl".to_string(),
                detail: format!(
                    "Read from {} on {fetched}; accepted {today}.",
                    file.source_name
                ),
            },
            contact: SeedContact {
                website: website.to_string(),
                phones: match record.value("phone") {
                    "" => Vec::new(),
                    number => vec![SeedPhone {
                        number: number.to_string(),
                        ..SeedPhone::default()
                    }],
                },
                ..SeedContact::default()
            },
            address: SeedAddress {
                street: record.value("street").to_string(),
                city: record.value("city").to_string(),
                state: state.clone(),
                zip: record.value("zip").to_string(),
            },
            location: match (record.value("lat").parse(), record.value("lon").parse()) {
                (Ok(lat), Ok(lon)) => Some(SeedLocation { lat, lon }),
                _ => None,
            },
            area: SeedArea {
                scope: "local".to_string(),
                states: vec![state],
                counties: Vec::new(),
            },
            hours: SeedHours {
                text: record.value("hours").to_string(),
            },
            ..SeedRecord::default()
        };
        if curated.iter().any(|c| c.record.id == seed.id) {
            seed.id = format!("{}-{}", seed.id, seed.address.state.to_lowercase());
            if curated.iter().any(|c| c.record.id == seed.id) {
                return Err(format!("the id {} is taken", seed.id));
            }
        }
        validate(&seed, geo).map_err(|problems| problems_text(&problems))?;
        let path = seed_path(self.seed_dir, &seed);
        if path.exists() {
            return Err(format!("{} exists", path.display()));
        }
        write_atomically(&path, &seed_file_text(&seed, &source.name)).map_err(|e| e.to_string())?;
        Ok(path)
    }
}

fn non_empty(value: &str, fallback: &str) -> String {
    if value.is_empty() { fallback } else { value }.to_string()
}
