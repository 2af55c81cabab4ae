//! Reading and validating `seed-data/`: one TOML file per program under
//! `programs/<state>/<id>.toml`. Every problem in every file is reported in one
//! run as `file:line: field: what is wrong`.

pub mod crawled;
mod lines;
pub mod reconcile;
pub mod record;
pub mod summary;
mod validate;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use thiserror::Error;

use crate::geo::Geo;
use crate::model::Program;
pub use lines::{line_at, FieldLines};
pub use record::SeedRecord;
pub use validate::{phone_digits, validate, FieldProblem};

/// Why the seed folder itself could not be read (problems inside files are `SeedProblem`s).
#[derive(Debug, Error)]
pub enum SeedError {
    /// Walking the folder failed (a permission, a broken link).
    #[error("cannot read seed folder {path}: {source}")]
    Walk {
        /// The folder being walked.
        path: String,
        /// What the walk reported.
        source: walkdir::Error,
    },
    /// The seed folder has no `programs/` folder.
    #[error("no programs folder at {path}")]
    NoPrograms {
        /// The `programs/` folder that was looked for.
        path: String,
    },
}

/// One problem in one seed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedProblem {
    /// The seed file at fault.
    pub file: PathBuf,
    /// The 1-based line of the field (1 when the file does not parse).
    pub line: usize,
    /// The dotted field path (`contact.phones[0].number`), or `toml` for a parse error.
    pub field: String,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

impl SeedProblem {
    /// A problem at a line of a file.
    pub fn at(file: &Path, line: usize, field: &str, message: String) -> SeedProblem {
        SeedProblem {
            file: file.to_path_buf(),
            line,
            field: field.to_string(),
            message,
        }
    }
}

/// A data-rule warning at its place in a seed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleWarning {
    /// The rule's name (`no-contact`), as counted by `peerway check`.
    pub rule: &'static str,
    /// Where and what, printed like any problem.
    pub problem: SeedProblem,
}

impl fmt::Display for SeedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file.display(),
            self.line,
            self.field,
            self.message
        )
    }
}

/// The valid programs and the problems found; a file with any problem contributes
/// no program, so nothing half-checked reaches the index.
#[derive(Debug, Default)]
pub struct SeedLoad {
    /// The programs with no problem.
    pub programs: Vec<Program>,
    /// Field problems and data-rule errors (`quality::rules`): any one fails `check`
    /// and `build`.
    pub problems: Vec<SeedProblem>,
    /// Data-rule warnings, for a person to work through.
    pub warnings: Vec<RuleWarning>,
    /// How the directory stands against the national lists and the state checks.
    pub reconciliation: reconcile::Reconciliation,
    /// The folder holds generated benchmark programs (`SYNTHETIC_MARKER`).
    pub synthetic: bool,
}

/// The marker file that makes a seed folder synthetic: `peerway synth` writes it,
/// and an index built from such a folder is never served by default.
pub const SYNTHETIC_MARKER: &str = "SYNTHETIC";

/// Whether `seed_dir` holds generated benchmark programs.
pub fn is_synthetic(seed_dir: &Path) -> bool {
    seed_dir.join(SYNTHETIC_MARKER).exists()
}

/// Where program records live inside a seed folder.
pub fn programs_dir(seed_dir: &Path) -> PathBuf {
    seed_dir.join("programs")
}

/// Read and check every program file under `seed_dir/programs`.
pub fn load_programs(seed_dir: &Path, geo: &Geo) -> Result<SeedLoad, SeedError> {
    let dir = programs_dir(seed_dir);
    if !dir.is_dir() {
        return Err(SeedError::NoPrograms {
            path: dir.display().to_string(),
        });
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|source| SeedError::Walk {
            path: dir.display().to_string(),
            source,
        })?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "toml") {
            files.push(entry.into_path());
        }
    }
    // Files are read and checked on every core (a million files is most of a
    // synthetic build); ids are then compared in file order, so the report is
    // the same whatever the threads did.
    let checked: Vec<CheckedFile> = files
        .par_iter()
        .map(|file| read_and_check(file, geo))
        .collect();
    let mut load = SeedLoad {
        synthetic: is_synthetic(seed_dir),
        ..SeedLoad::default()
    };
    let mut seen_ids: HashMap<String, PathBuf> = HashMap::new();
    let mut program_files: HashMap<String, PathBuf> = HashMap::new();
    for (file, checked) in files.iter().zip(checked) {
        match checked.finish(file, &mut seen_ids) {
            Ok(program) => {
                program_files.insert(program.id.clone(), file.clone());
                load.programs.push(program);
            }
            Err(problems) => load.problems.extend(problems),
        }
    }
    apply_rules(&mut load, &program_files);
    let ids: std::collections::HashSet<&str> =
        load.programs.iter().map(|p| p.id.as_str()).collect();
    let codes: Vec<String> = geo
        .gazetteer
        .states()
        .iter()
        .map(|s| s.code.clone())
        .collect();
    let (reconciliation, problems) = reconcile::read(seed_dir, &ids, &codes);
    load.reconciliation = reconciliation;
    load.problems.extend(problems);
    let (crawled, problems) = crawled::read_crawled_dir(seed_dir);
    load.problems.extend(problems);
    let mut marks = crawled::missing_marks(&crawled);
    for program in &mut load.programs {
        if let Some(missing) = marks.remove(&program.id) {
            program.missing_from = missing;
        }
    }
    Ok(load)
}

/// The data rules on the valid programs: errors join the problems (so `check` and
/// `build` fail), warnings are kept apart; each at its file and line.
fn apply_rules(load: &mut SeedLoad, program_files: &HashMap<String, PathBuf>) {
    let findings = crate::quality::check_programs(&load.programs, chrono::Utc::now().date_naive());
    // Each file with a finding is read and parsed for its lines once.
    let texts: HashMap<&Path, String> = findings
        .iter()
        .filter_map(|f| program_files.get(&f.program_id))
        .map(|file| {
            (
                file.as_path(),
                std::fs::read_to_string(file).unwrap_or_default(),
            )
        })
        .collect();
    let lines: HashMap<&Path, FieldLines> = texts
        .iter()
        .map(|(file, text)| (*file, FieldLines::new(text)))
        .collect();
    for finding in findings {
        let Some(file) = program_files.get(&finding.program_id) else {
            continue;
        };
        let line = lines
            .get(file.as_path())
            .map_or(1, |l| l.line_of(&finding.field));
        let problem = SeedProblem::at(
            file,
            line,
            &finding.field,
            format!("[{}] {}", finding.rule, finding.message),
        );
        match finding.severity {
            crate::quality::Severity::Error => load.problems.push(problem),
            crate::quality::Severity::Warning => load.warnings.push(RuleWarning {
                rule: finding.rule,
                problem,
            }),
        }
    }
}

fn read_and_check(file: &Path, geo: &Geo) -> CheckedFile {
    match std::fs::read_to_string(file) {
        Ok(text) => check_file_text(file, &text, geo),
        Err(e) => CheckedFile::unreadable(SeedProblem::at(
            file,
            1,
            "file",
            format!("cannot read: {e}"),
        )),
    }
}

/// One file checked on its own; what is left is its id against the others.
struct CheckedFile {
    /// The record's id and the line it is on, when the file is TOML of the right shape.
    id: Option<(String, usize)>,
    /// Problems found before the id is compared with other files' (the id against
    /// the file name, an unreadable file, TOML that does not parse).
    early: Vec<SeedProblem>,
    /// The fields checked: the program, or their problems.
    fields: Result<Program, Vec<SeedProblem>>,
}

impl CheckedFile {
    fn unreadable(problem: SeedProblem) -> CheckedFile {
        CheckedFile {
            id: None,
            early: vec![problem],
            fields: Err(Vec::new()),
        }
    }

    /// The program, unless this file or its id (already used by an earlier file)
    /// has a problem.
    fn finish(
        self,
        file: &Path,
        seen_ids: &mut HashMap<String, PathBuf>,
    ) -> Result<Program, Vec<SeedProblem>> {
        let mut problems = self.early;
        if let Some((id, line)) = self.id {
            match seen_ids.get(&id) {
                Some(first) => problems.push(SeedProblem::at(
                    file,
                    line,
                    "id",
                    format!("duplicate id {id:?}, first used in {}", first.display()),
                )),
                None => {
                    seen_ids.insert(id, file.to_path_buf());
                }
            }
        }
        match self.fields {
            Ok(program) if problems.is_empty() => Ok(program),
            Ok(_) => Err(problems),
            Err(field_problems) => {
                problems.extend(field_problems);
                Err(problems)
            }
        }
    }
}

/// Check the text of one seed file as if it were at `file`: TOML shape, id against
/// the file name and the ids already seen, then every field. The loader and the
/// fuzz target share it, so what is fuzzed is what `peerway check` runs.
pub fn check_record_text(
    file: &Path,
    text: &str,
    geo: &Geo,
    seen_ids: &mut HashMap<String, PathBuf>,
) -> Result<Program, Vec<SeedProblem>> {
    check_file_text(file, text, geo).finish(file, seen_ids)
}

/// The line of the top-level `id` key: found by reading lines up to the first
/// table, as it is written in every seed file, else by parsing the file for spans.
fn id_line(text: &str, lines: &FieldLines) -> usize {
    let written_plainly = text
        .lines()
        .take_while(|line| !line.trim_start().starts_with('['))
        .position(|line| {
            line.trim_start()
                .strip_prefix("id")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        });
    match written_plainly {
        Some(index) => index + 1,
        None => lines.line_of("id"),
    }
}

/// Everything about one file that does not depend on the others. Lines of fields
/// come from a second parse of the file, done only when the file has a problem.
fn check_file_text(file: &Path, text: &str, geo: &Geo) -> CheckedFile {
    let problem =
        |line: usize, field: &str, message: String| SeedProblem::at(file, line, field, message);
    let record: SeedRecord = match toml::from_str(text) {
        Ok(record) => record,
        Err(e) => {
            let line = e.span().map_or(1, |span| lines::line_at(text, span.start));
            return CheckedFile::unreadable(problem(line, "toml", e.message().to_string()));
        }
    };
    let lines = std::cell::LazyCell::new(|| FieldLines::new(text));
    let mut early = Vec::new();
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if stem != record.id {
        early.push(problem(
            lines.line_of("id"),
            "id",
            format!("{:?} must match the file name {stem}.toml", record.id),
        ));
    }
    let fields = validate(&record, geo).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| problem(lines.line_of(&p.field), &p.field, p.message))
            .collect()
    });
    CheckedFile {
        id: Some((record.id, id_line(text, &lines))),
        early,
        fields,
    }
}
