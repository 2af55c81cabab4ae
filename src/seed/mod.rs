//! Reading and validating `seed-data/`: one TOML file per program under
//! `programs/<state>/<id>.toml`. Every problem in every file is reported in one
//! run as `file:line: field: what is wrong`.

pub mod crawled;
mod lines;
pub mod record;
mod validate;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::geo::Geo;
use crate::model::Program;
pub use lines::{line_at, FieldLines};
pub use record::SeedRecord;
pub use validate::{phone_digits, validate, FieldProblem};

#[derive(Debug, Error)]
pub enum SeedError {
    #[error("cannot read seed folder {path}: {source}")]
    Walk {
        path: String,
        source: walkdir::Error,
    },
    #[error("no programs folder at {path}")]
    NoPrograms { path: String },
}

/// One problem in one seed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedProblem {
    pub file: PathBuf,
    pub line: usize,
    pub field: String,
    pub message: String,
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
    pub programs: Vec<Program>,
    pub problems: Vec<SeedProblem>,
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
    let mut load = SeedLoad::default();
    let mut seen_ids: HashMap<String, PathBuf> = HashMap::new();
    for file in files {
        load_file(&file, geo, &mut seen_ids, &mut load);
    }
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

fn load_file(file: &Path, geo: &Geo, seen_ids: &mut HashMap<String, PathBuf>, load: &mut SeedLoad) {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            load.problems.push(SeedProblem {
                file: file.to_path_buf(),
                line: 1,
                field: "file".to_string(),
                message: format!("cannot read: {e}"),
            });
            return;
        }
    };
    match check_record_text(file, &text, geo, seen_ids) {
        Ok(program) => load.programs.push(program),
        Err(problems) => load.problems.extend(problems),
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
    let problem = |line: usize, field: &str, message: String| SeedProblem {
        file: file.to_path_buf(),
        line,
        field: field.to_string(),
        message,
    };
    let record: SeedRecord = match toml::from_str(text) {
        Ok(record) => record,
        Err(e) => {
            let line = e.span().map_or(1, |span| lines::line_at(text, span.start));
            return Err(vec![problem(line, "toml", e.message().to_string())]);
        }
    };
    let lines = FieldLines::new(text);
    let mut file_problems = Vec::new();
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if stem != record.id {
        file_problems.push(problem(
            lines.line_of("id"),
            "id",
            format!("{:?} must match the file name {stem}.toml", record.id),
        ));
    }
    if let Some(first) = seen_ids.get(&record.id) {
        file_problems.push(problem(
            lines.line_of("id"),
            "id",
            format!(
                "duplicate id {:?}, first used in {}",
                record.id,
                first.display()
            ),
        ));
    } else {
        seen_ids.insert(record.id.clone(), file.to_path_buf());
    }
    match validate(&record, geo) {
        Ok(program) if file_problems.is_empty() => Ok(program),
        Ok(_) => Err(file_problems),
        Err(problems) => {
            file_problems.extend(
                problems
                    .into_iter()
                    .map(|p| problem(lines.line_of(&p.field), &p.field, p.message)),
            );
            Err(file_problems)
        }
    }
}
