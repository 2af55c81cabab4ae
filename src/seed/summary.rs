//! What `peerway check` says about a seed folder besides its problems: warnings by
//! rule, hours given as text that is not a schedule, how programs were geocoded,
//! and crawled changes waiting for a person. Worked out here so the CLI only prints.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::crawled::{read_crawled_dir, ChangeStatus};
use super::SeedLoad;

/// The figures of one check of a seed folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSummary {
    /// Each warning as a person reads it (listed with `--warnings`).
    pub warnings: Vec<String>,
    /// Data-rule warnings by rule name.
    pub warnings_by_rule: BTreeMap<&'static str, usize>,
    /// Programs whose hours are text that is not stated as a schedule: (id, text).
    pub unknown_hours: Vec<(String, String)>,
    /// Programs by geocoding precision ("none (national)" for those with no point).
    pub by_precision: BTreeMap<&'static str, usize>,
    /// Changes from crawled sources waiting for review.
    pub pending_changes: usize,
    /// Program files checked: the valid ones plus each file with a problem.
    pub files_checked: usize,
    /// Problems that fail `check` and `build`.
    pub problems: usize,
}

impl CheckSummary {
    /// The summary of `load`, read from `seed_dir` (for its crawled changes).
    pub fn of(load: &SeedLoad, seed_dir: &Path) -> CheckSummary {
        let mut warnings_by_rule = BTreeMap::new();
        for warning in &load.warnings {
            *warnings_by_rule.entry(warning.rule).or_insert(0) += 1;
        }
        let unknown_hours = load
            .programs
            .iter()
            .filter(|p| p.hours.status_slug() == "unknown" && !p.hours.text().is_empty())
            .map(|p| (p.id.clone(), p.hours.text().to_string()))
            .collect();
        let mut by_precision = BTreeMap::new();
        for program in &load.programs {
            let precision = program
                .location
                .map_or("none (national)", |l| l.precision.slug());
            *by_precision.entry(precision).or_insert(0) += 1;
        }
        let (crawled, _) = read_crawled_dir(seed_dir);
        let pending_changes = crawled
            .iter()
            .flat_map(|(_, file)| &file.changes)
            .filter(|c| c.status == ChangeStatus::Pending)
            .count();
        let files_with_problems: HashSet<&PathBuf> =
            load.problems.iter().map(|p| &p.file).collect();
        CheckSummary {
            warnings: load
                .warnings
                .iter()
                .map(|w| w.problem.to_string())
                .collect(),
            warnings_by_rule,
            unknown_hours,
            by_precision,
            pending_changes,
            files_checked: load.programs.len() + files_with_problems.len(),
            problems: load.problems.len(),
        }
    }

    /// The summary as `peerway check` prints it after the problems; with
    /// `all_warnings`, every warning too.
    pub fn to_text(&self, all_warnings: bool) -> String {
        let mut out = String::new();
        if all_warnings {
            for warning in &self.warnings {
                let _ = writeln!(out, "warning: {warning}");
            }
        }
        if !self.warnings_by_rule.is_empty() {
            let rules: Vec<String> = self
                .warnings_by_rule
                .iter()
                .map(|(rule, n)| format!("{rule} {n}"))
                .collect();
            let hint = if all_warnings {
                ""
            } else {
                "; `check --warnings` lists them"
            };
            let _ = writeln!(
                out,
                "warnings: {} ({}){hint}",
                self.warnings.len(),
                rules.join(", ")
            );
        }
        if !self.unknown_hours.is_empty() {
            let _ = writeln!(out, "note: {} programs give hours as text that is not stated as a schedule (shown as \"see listing\"):", self.unknown_hours.len());
            for (id, text) in &self.unknown_hours {
                let _ = writeln!(out, "  {id}: {text:?}");
            }
        }
        let _ = writeln!(out, "geocoded by: {:?}", self.by_precision);
        if self.pending_changes > 0 {
            let _ = writeln!(out, "note: {} change(s) from crawled sources wait for review (seed-data/crawled/; `peerway crawl --accept ID`)", self.pending_changes);
        }
        let _ = writeln!(
            out,
            "{} programs checked, {} problem(s)",
            self.files_checked, self.problems
        );
        out
    }
}
