//! Problem reports from the program pages ("wrong phone", "closed"…). They are
//! kept in the store (`crate::store`): each one is committed before the person is
//! told it was received. Earlier Peerway kept them in JSON-lines files
//! (`reports.jsonl`, rotated as `reports-<time>.jsonl`); those are read here once
//! and imported idempotently — a line cut short by a crash is skipped and counted.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::store::{Store, StoreError};

/// Longest note a report may carry.
pub const MAX_NOTE_CHARS: usize = 1000;

/// What a person says is wrong with a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    /// The number does not reach the program.
    WrongPhone,
    /// The hours shown are not the program's.
    WrongHours,
    /// The program no longer operates.
    Closed,
    /// Anything else, said in the note.
    Other,
}

impl ReportReason {
    /// Every reason, in the order the form offers them.
    pub const ALL: [ReportReason; 4] = [
        ReportReason::WrongPhone,
        ReportReason::WrongHours,
        ReportReason::Closed,
        ReportReason::Other,
    ];

    /// The code in the form and the file.
    pub fn slug(self) -> &'static str {
        match self {
            ReportReason::WrongPhone => "wrong_phone",
            ReportReason::WrongHours => "wrong_hours",
            ReportReason::Closed => "closed",
            ReportReason::Other => "other",
        }
    }

    /// The reason in English (pages use the message catalogues).
    pub fn label(self) -> &'static str {
        match self {
            ReportReason::WrongPhone => "The phone number is wrong",
            ReportReason::WrongHours => "The hours are wrong",
            ReportReason::Closed => "The program has closed",
            ReportReason::Other => "Something else",
        }
    }

    /// The reason a form's code names, if any.
    pub fn from_slug(slug: &str) -> Option<ReportReason> {
        ReportReason::ALL.into_iter().find(|r| r.slug() == slug)
    }
}

/// One report. No IP address, no browser details: only what the person wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemReport {
    /// When the server received it.
    pub received_at: DateTime<Utc>,
    /// The listing reported.
    pub program_id: String,
    /// What is wrong.
    pub reason: ReportReason,
    /// What the person wrote, at most `MAX_NOTE_CHARS`.
    #[serde(default)]
    pub note: String,
}

/// Why a report was not kept; the person is told, never thanked for nothing.
#[derive(Debug, Error)]
pub enum ReportError {
    /// The note is longer than `MAX_NOTE_CHARS`.
    #[error("the note is {0} characters long; keep it under {MAX_NOTE_CHARS}")]
    NoteTooLong(usize),
    /// The store could not keep or read the report.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What reading the reports found.
#[derive(Debug, Default)]
pub struct ReportLog {
    /// Every whole report, oldest first.
    pub reports: Vec<ProblemReport>,
    /// Lines of the old files that are not a whole report (a write cut short by a
    /// crash), as `file:line`.
    pub damaged_lines: Vec<String>,
}

/// Where the site's problem reports go: the store, after the old files of the
/// data folder have been imported into it.
pub struct ReportStore {
    store: Store,
    data_dir: PathBuf,
    imported: tokio::sync::OnceCell<()>,
}

impl ReportStore {
    /// Reports in the embedded SQLite store of `data_dir`.
    pub fn new(data_dir: &Path) -> ReportStore {
        ReportStore::on(Store::sqlite_in(data_dir), data_dir)
    }

    /// Reports in `store`; the old files of `data_dir` are imported before the first use.
    pub fn on(store: Store, data_dir: &Path) -> ReportStore {
        ReportStore {
            store,
            data_dir: data_dir.to_path_buf(),
            imported: tokio::sync::OnceCell::new(),
        }
    }

    /// The store the reports live in.
    pub fn store(&self) -> &Store {
        &self.store
    }

    async fn import_once(&self) -> Result<(), ReportError> {
        self.imported
            .get_or_try_init(|| async {
                let added = self.store.import_legacy_reports(&self.data_dir).await?;
                if added > 0 {
                    tracing::info!("imported {added} problem reports from the old report files");
                }
                Ok::<(), ReportError>(())
            })
            .await
            .map(|_| ())
    }

    /// Keep one report; returns only once it is committed.
    pub async fn append(&self, report: ProblemReport) -> Result<(), ReportError> {
        let chars = report.note.chars().count();
        if chars > MAX_NOTE_CHARS {
            return Err(ReportError::NoteTooLong(chars));
        }
        self.import_once().await?;
        Ok(self.store.add_report(report).await?)
    }

    /// Every report kept, oldest first (waits from synchronous code).
    pub fn read(&self) -> Result<ReportLog, ReportError> {
        self.store.wait(async {
            self.import_once().await?;
            let reports = self.store.reports(false).await?;
            Ok(ReportLog {
                reports: reports.into_iter().map(|r| r.report).collect(),
                damaged_lines: damaged_legacy_lines(&self.data_dir),
            })
        })
    }
}

/// The old report files of `dir`, oldest first (their names sort by time; the
/// current `reports.jsonl` last).
fn legacy_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("reports-") && n.ends_with(".jsonl"))
        })
        .collect();
    files.sort();
    files.push(dir.join("reports.jsonl"));
    files
}

/// Every whole report line of the old files, each with a key naming its file, line
/// and text (the files no longer change, so the key is stable).
pub fn legacy_lines(dir: &Path) -> Vec<(String, ProblemReport)> {
    let mut found = Vec::new();
    for path in legacy_files(dir) {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        for (i, line) in text.lines().enumerate() {
            if let Ok(report) = serde_json::from_str::<ProblemReport>(line) {
                found.push((format!("{name}:{}:{line}", i + 1), report));
            }
        }
    }
    found
}

/// Lines of the old files that are not a whole report, as `file:line`.
fn damaged_legacy_lines(dir: &Path) -> Vec<String> {
    let mut damaged = Vec::new();
    for path in legacy_files(dir) {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if !line.trim().is_empty() && serde_json::from_str::<ProblemReport>(line).is_err() {
                damaged.push(format!("{}:{}", path.display(), i + 1));
            }
        }
    }
    damaged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(id: &str) -> ProblemReport {
        ProblemReport {
            received_at: chrono::Utc::now(),
            program_id: id.to_string(),
            reason: ReportReason::Other,
            note: "SYNTHETIC note".to_string(),
        }
    }

    #[test]
    fn old_report_files_are_imported_once_and_a_cut_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let whole = serde_json::to_string(&report("synthetic-one")).unwrap();
        let second = serde_json::to_string(&report("synthetic-two")).unwrap();
        fs::write(
            dir.path().join("reports-20260101T000000.000000.jsonl"),
            format!("{whole}\n{{\"received_at\": \"20\n"),
        )
        .unwrap();
        fs::write(dir.path().join("reports.jsonl"), format!("{second}\n")).unwrap();
        let log = ReportStore::new(dir.path()).read().unwrap();
        assert_eq!(log.reports.len(), 2);
        assert_eq!(log.damaged_lines.len(), 1);
        // A second server (or a restart) imports nothing twice.
        let again = ReportStore::new(dir.path()).read().unwrap();
        assert_eq!(again.reports.len(), 2);
        let store = Store::sqlite_in(dir.path());
        assert_eq!(
            store.wait(store.import_legacy_reports(dir.path())).unwrap(),
            0
        );
    }

    #[test]
    fn overlong_notes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let reports = ReportStore::new(dir.path());
        let mut long = report("synthetic-one");
        long.note = "a".repeat(MAX_NOTE_CHARS + 1);
        let refused = reports.store().wait(reports.append(long));
        assert!(matches!(refused, Err(ReportError::NoteTooLong(_))));
        assert!(reports.read().unwrap().reports.is_empty());
    }
}
