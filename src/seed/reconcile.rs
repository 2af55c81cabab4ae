//! `seed-data/reconcile/`: how the directory stands against the national lists (every
//! NEC peer respite and NAMI warmline accounted for) and what was found, state by
//! state, for the kinds that matter most. Read when a generation is built, checked by
//! `peerway check`, and carried into the generation so pages never read seed files.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::SeedProblem;

/// The folder, inside a seed folder.
pub const RECONCILE_DIR: &str = "reconcile";
const LISTS_FILE: &str = "lists.toml";
const STATES_FILE: &str = "states.csv";
/// The kinds checked in every state.
pub const CHECKED_KINDS: [&str; 3] = ["warmline", "peer_respite", "mobile_crisis"];

/// One national list and what became of each of its entries.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AnchorList {
    /// Who publishes it ("National Empowerment Center").
    pub publisher: String,
    /// Its title.
    pub title: String,
    /// Where it is published.
    pub url: String,
    /// The date of the version reconciled.
    pub dated: String,
    /// Per state: (entries listed in Peerway, entries in the list).
    pub by_state: BTreeMap<String, (usize, usize)>,
    /// Entries in the list.
    pub entries: usize,
    /// Entries that are Peerway programs.
    pub listed: usize,
    /// Entries excluded with a reason (closed, duplicate, not this kind of service).
    pub excluded: usize,
}

/// What a search for one kind in one state found.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct StateCheck {
    /// `warmline`, `peer_respite` or `mobile_crisis`.
    pub kind: String,
    /// The programs found (ids); empty when none was found.
    pub found: Vec<String>,
    /// When none was found: what was searched.
    pub searched: String,
    /// When the check was made.
    pub checked: String,
}

/// Everything `seed-data/reconcile/` says, as a generation carries it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Reconciliation {
    /// The national lists.
    pub lists: Vec<AnchorList>,
    /// Per state code: the checks, one per kind in `CHECKED_KINDS`.
    pub states: BTreeMap<String, Vec<StateCheck>>,
}

#[derive(Debug, Deserialize)]
struct ListsFile {
    list: Vec<ListEntry>,
}

#[derive(Debug, Deserialize)]
struct ListEntry {
    file: String,
    publisher: String,
    title: String,
    url: String,
    dated: String,
    entries: usize,
}

#[derive(Debug, Deserialize)]
struct AnchorRow {
    anchor_name: String,
    state: String,
    decision: String,
    program_id: String,
    reason: String,
    source: String,
}

#[derive(Debug, Deserialize)]
struct StateRow {
    state: String,
    kind: String,
    finding: String,
    program_ids: String,
    searched: String,
    checked: String,
}

/// Read and check `seed_dir/reconcile/` against the program ids and the state codes.
/// A seed folder without it (synthetic benchmarks, tests) has nothing to reconcile.
pub fn read(
    seed_dir: &Path,
    program_ids: &HashSet<&str>,
    state_codes: &[String],
) -> (Reconciliation, Vec<SeedProblem>) {
    let dir = seed_dir.join(RECONCILE_DIR);
    let mut problems = Vec::new();
    let mut reconciliation = Reconciliation::default();
    if !dir.is_dir() {
        return (reconciliation, problems);
    }
    let lists_path = dir.join(LISTS_FILE);
    let lists: ListsFile = match std::fs::read_to_string(&lists_path)
        .map_err(|e| e.to_string())
        .and_then(|text| toml::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(lists) => lists,
        Err(message) => {
            problems.push(SeedProblem::at(&lists_path, 1, "list", message));
            return (reconciliation, problems);
        }
    };
    for entry in &lists.list {
        let list = read_list(&dir, entry, program_ids, &mut problems);
        reconciliation.lists.push(list);
    }
    reconciliation.states = read_states(&dir, program_ids, state_codes, &mut problems);
    (reconciliation, problems)
}

fn read_list(
    dir: &Path,
    entry: &ListEntry,
    program_ids: &HashSet<&str>,
    problems: &mut Vec<SeedProblem>,
) -> AnchorList {
    let path = dir.join(&entry.file);
    let mut list = AnchorList {
        publisher: entry.publisher.clone(),
        title: entry.title.clone(),
        url: entry.url.clone(),
        dated: entry.dated.clone(),
        ..AnchorList::default()
    };
    let rows: Vec<AnchorRow> = match read_csv(&path) {
        Ok(rows) => rows,
        Err(message) => {
            problems.push(SeedProblem::at(&path, 1, "file", message));
            return list;
        }
    };
    if rows.len() != entry.entries {
        problems.push(SeedProblem::at(
            &path,
            1,
            "entries",
            format!(
                "{} lists {} entries, this file accounts for {} rows",
                entry.title,
                entry.entries,
                rows.len()
            ),
        ));
    }
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        let counts = list.by_state.entry(row.state.clone()).or_insert((0, 0));
        counts.1 += 1;
        match row.decision.as_str() {
            "listed" if program_ids.contains(row.program_id.as_str()) => {
                counts.0 += 1;
                list.listed += 1;
            }
            "listed" => problems.push(SeedProblem::at(
                &path,
                line,
                "program_id",
                format!(
                    "{:?} ({}) names no program in seed-data",
                    row.program_id, row.anchor_name
                ),
            )),
            "excluded" if !row.reason.trim().is_empty() && row.source.starts_with("http") => {
                list.excluded += 1;
            }
            "excluded" => problems.push(SeedProblem::at(
                &path,
                line,
                "reason",
                format!(
                    "{} is excluded without a reason and a source URL",
                    row.anchor_name
                ),
            )),
            other => problems.push(SeedProblem::at(
                &path,
                line,
                "decision",
                format!(
                    "{} is not accounted for ({other:?}): list it as a program or exclude it with a reason",
                    row.anchor_name
                ),
            )),
        }
    }
    list.entries = rows.len();
    list
}

fn read_states(
    dir: &Path,
    program_ids: &HashSet<&str>,
    state_codes: &[String],
    problems: &mut Vec<SeedProblem>,
) -> BTreeMap<String, Vec<StateCheck>> {
    let path = dir.join(STATES_FILE);
    let mut states: BTreeMap<String, Vec<StateCheck>> = BTreeMap::new();
    let rows: Vec<StateRow> = match read_csv(&path) {
        Ok(rows) => rows,
        Err(message) => {
            problems.push(SeedProblem::at(&path, 1, "file", message));
            return states;
        }
    };
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        let found: Vec<String> = row
            .program_ids
            .split_whitespace()
            .map(str::to_string)
            .collect();
        for id in found.iter().filter(|id| !program_ids.contains(id.as_str())) {
            problems.push(SeedProblem::at(
                &path,
                line,
                "program_ids",
                format!("{id:?} names no program in seed-data"),
            ));
        }
        let consistent = match row.finding.as_str() {
            "found" => !found.is_empty(),
            "none found" => found.is_empty() && !row.searched.trim().is_empty(),
            _ => false,
        };
        if !consistent {
            problems.push(SeedProblem::at(
                &path,
                line,
                "finding",
                format!(
                    "{} {}: say \"found\" with program ids, or \"none found\" with what was searched",
                    row.state, row.kind
                ),
            ));
        }
        states
            .entry(row.state.clone())
            .or_default()
            .push(StateCheck {
                kind: row.kind.clone(),
                found,
                searched: row.searched.clone(),
                checked: row.checked.clone(),
            });
    }
    for code in state_codes {
        let checked: Vec<&str> = states
            .get(code)
            .map(|checks| checks.iter().map(|c| c.kind.as_str()).collect())
            .unwrap_or_default();
        for kind in CHECKED_KINDS.iter().filter(|k| !checked.contains(k)) {
            problems.push(SeedProblem::at(
                &path,
                1,
                "state",
                format!("{code}: no check recorded for {kind}"),
            ));
        }
    }
    states
}

fn read_csv<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| e.to_string())?;
    reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.map_err(|e| format!("row {}: {e}", i + 2)))
        .collect()
}
