//! Problem reports from the program pages ("wrong phone", "closed"…), kept in an
//! append-only JSON-lines file so that nothing is lost: each report is one
//! `write` of a whole line followed by `fsync` before the person is told it was
//! received, and a line cut short by a crash is skipped (and counted), never
//! allowed to damage the reports before or after it.

use std::fs::{self, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

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
    /// The reports file could not be written or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The note is longer than `MAX_NOTE_CHARS`.
    #[error("the note is {0} characters long; keep it under {MAX_NOTE_CHARS}")]
    NoteTooLong(usize),
    /// The reports kept reach `MAX_TOTAL_BYTES`: nothing is dropped to make room, so
    /// new reports are refused until a curator has read and moved the old ones.
    #[error(
        "the reports kept in {dir} reach {limit} bytes; read and move them (`peerway reports`)"
    )]
    Full {
        /// The data folder.
        dir: String,
        /// `MAX_TOTAL_BYTES`.
        limit: u64,
    },
}

/// The reports file is closed and a new one started at this size (`reports-<time>.jsonl`).
pub const ROTATE_AT_BYTES: u64 = 8 << 20;
/// All report files together are never allowed past this.
pub const MAX_TOTAL_BYTES: u64 = 256 << 20;

/// What reading the reports file found.
#[derive(Debug, Default)]
pub struct ReportLog {
    /// Every whole report, oldest first.
    pub reports: Vec<ProblemReport>,
    /// Lines that are not a whole report (a write cut short by a crash).
    pub damaged_lines: Vec<usize>,
}

/// The append-only reports file in the data folder, synced before a person is thanked.
pub struct ReportStore {
    path: PathBuf,
    rotate_at: u64,
    max_total: u64,
    /// One append (and rotation) at a time within this process.
    writing: std::sync::Mutex<()>,
}

impl ReportStore {
    /// Reports live in `<data dir>/reports.jsonl`, and full files in
    /// `<data dir>/reports-<time>.jsonl`.
    pub fn new(data_dir: &Path) -> ReportStore {
        ReportStore {
            path: data_dir.join("reports.jsonl"),
            rotate_at: ROTATE_AT_BYTES,
            max_total: MAX_TOTAL_BYTES,
            writing: std::sync::Mutex::new(()),
        }
    }

    /// Other sizes for rotation and the total (tests).
    pub fn with_limits(mut self, rotate_at: u64, max_total: u64) -> ReportStore {
        self.rotate_at = rotate_at;
        self.max_total = max_total;
        self
    }

    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The full (rotated) report files, oldest first (their names sort by time).
    fn rotated_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(self.dir())
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
        files
    }

    /// Close the current file under a new name (nothing in it is lost) so the next
    /// report starts a new one; the rename is made durable before going on.
    fn rotate(&self) -> std::io::Result<()> {
        let stamp = Utc::now().format("%Y%m%dT%H%M%S%.6f");
        let rotated = self.dir().join(format!("reports-{stamp}.jsonl"));
        fs::rename(&self.path, &rotated)?;
        fs::File::open(self.dir())?.sync_all()
    }

    /// The reports file being appended to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether reports can be kept: the data folder is made if missing and the file
    /// opened for appending. A server checks this before it starts, so a folder it
    /// cannot write is a clear error at start, not a failure on every report.
    pub fn check_writable(&self) -> Result<(), ReportError> {
        self.open().map(drop)
    }

    /// The reports file, opened for reading and appending; made (readable by its
    /// owner only: reports can hold what people wrote) if missing.
    fn open(&self) -> Result<fs::File, ReportError> {
        let io = |source| ReportError::Io {
            path: self.path.display().to_string(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir).map_err(io)?;
        }
        let mut options = OpenOptions::new();
        options.create(true).read(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(&self.path).map_err(io)
    }

    /// Append one report durably: the call returns only after the line is on disk.
    pub fn append(&self, report: &ProblemReport) -> Result<(), ReportError> {
        let chars = report.note.chars().count();
        if chars > MAX_NOTE_CHARS {
            return Err(ReportError::NoteTooLong(chars));
        }
        let io = |source| ReportError::Io {
            path: self.path.display().to_string(),
            source,
        };
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let mut line = serde_json::to_string(report).expect("reports serialize");
        line.push('\n');
        let mut file = self.open()?;
        let current = file.metadata().map_err(io)?.len();
        if current > 0 && current + line.len() as u64 > self.rotate_at {
            drop(file);
            self.rotate().map_err(io)?;
            file = self.open()?;
        }
        let kept: u64 = self
            .rotated_files()
            .iter()
            .chain(std::iter::once(&self.path))
            .filter_map(|path| fs::metadata(path).ok())
            .map(|meta| meta.len())
            .sum();
        if kept + line.len() as u64 > self.max_total {
            return Err(ReportError::Full {
                dir: self.dir().display().to_string(),
                limit: self.max_total,
            });
        }
        // A line cut short by a crash must not swallow this one: start on a fresh line.
        if !ends_with_newline(&mut file).map_err(io)? {
            line.insert(0, '\n');
        }
        file.write_all(line.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)
    }

    /// Every report kept, oldest first: the rotated files, then the current one.
    pub fn read(&self) -> Result<ReportLog, ReportError> {
        let mut log = ReportLog::default();
        let mut lines_before = 0;
        for path in self
            .rotated_files()
            .iter()
            .chain(std::iter::once(&self.path))
        {
            let text = match fs::read_to_string(path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => {
                    return Err(ReportError::Io {
                        path: path.display().to_string(),
                        source,
                    })
                }
            };
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str(line) {
                    Ok(report) => log.reports.push(report),
                    Err(_) => log.damaged_lines.push(lines_before + i + 1),
                }
            }
            lines_before += text.lines().count();
        }
        Ok(log)
    }
}

fn ends_with_newline(file: &mut fs::File) -> std::io::Result<bool> {
    let length = file.metadata()?.len();
    if length == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::Start(length - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(id: &str) -> ProblemReport {
        ProblemReport {
            received_at: Utc::now(),
            program_id: id.to_string(),
            reason: ReportReason::WrongPhone,
            note: "synthetic test note".to_string(),
        }
    }

    #[test]
    fn a_line_cut_short_by_a_crash_damages_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let store = ReportStore::new(dir.path());
        store.append(&report("first")).unwrap();
        // What a crash in the middle of a write leaves: half a line, no newline.
        let mut file = OpenOptions::new().append(true).open(store.path()).unwrap();
        file.write_all(br#"{"received_at":"2026-11-27T10:00:00Z","program_id":"half"#)
            .unwrap();
        drop(file);
        store.append(&report("after")).unwrap();
        let log = store.read().unwrap();
        let ids: Vec<&str> = log.reports.iter().map(|r| r.program_id.as_str()).collect();
        assert_eq!(ids, ["first", "after"]);
        assert_eq!(log.damaged_lines, [2]);
    }

    #[test]
    fn full_files_are_rotated_and_every_report_is_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = ReportStore::new(dir.path()).with_limits(400, 1 << 20);
        for n in 0..20 {
            store.append(&report(&format!("program-{n}"))).unwrap();
        }
        let rotated = store.rotated_files();
        assert!(rotated.len() >= 3, "{} rotated files", rotated.len());
        for path in rotated.iter().chain([store.path().to_path_buf()].iter()) {
            assert!(
                fs::metadata(path).unwrap().len() <= 400,
                "{}",
                path.display()
            );
        }
        let read: Vec<String> = store
            .read()
            .unwrap()
            .reports
            .into_iter()
            .map(|r| r.program_id)
            .collect();
        let sent: Vec<String> = (0..20).map(|n| format!("program-{n}")).collect();
        assert_eq!(
            read, sent,
            "nothing acknowledged is lost, and the order holds"
        );
    }

    #[test]
    fn past_the_total_cap_reports_are_refused_and_none_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let store = ReportStore::new(dir.path()).with_limits(400, 1000);
        let mut kept = 0;
        for n in 0..50 {
            match store.append(&report(&format!("program-{n}"))) {
                Ok(()) => kept += 1,
                Err(ReportError::Full { .. }) => break,
                Err(e) => panic!("{e}"),
            }
        }
        assert!(kept > 0 && kept < 50);
        assert!(matches!(
            store.append(&report("one-more")),
            Err(ReportError::Full { .. })
        ));
        assert_eq!(store.read().unwrap().reports.len(), kept);
    }

    #[test]
    fn overlong_notes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut long = report("x");
        long.note = "a".repeat(MAX_NOTE_CHARS + 1);
        assert!(matches!(
            ReportStore::new(dir.path()).append(&long),
            Err(ReportError::NoteTooLong(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn the_reports_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = ReportStore::new(dir.path());
        store.check_writable().unwrap();
        let mode = fs::metadata(store.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }

    #[test]
    fn a_data_folder_that_cannot_be_made_is_an_error_before_any_report() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("not-a-folder");
        fs::write(&blocker, "SYNTHETIC").unwrap();
        let error = ReportStore::new(&blocker.join("data"))
            .check_writable()
            .unwrap_err();
        assert!(error.to_string().contains("not-a-folder"), "{error}");
    }
}
