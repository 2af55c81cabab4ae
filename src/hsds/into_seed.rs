//! `peerway import --hsds`: HSDS services written as seed records, curated files
//! kept unless replacing them is asked for, and every record that needs a person
//! to finish it named with its field problems.

use std::path::Path;

use chrono::NaiveDate;

use super::import::{
    read_services, record_from_service, seed_file_text, seed_path, write_atomically, ImportError,
};
use crate::geo::Geo;

/// What an import did, with a line for each file kept or needing work.
#[derive(Debug, Default)]
pub struct ImportOutcome {
    /// Services read from the input.
    pub read: usize,
    /// Seed files written.
    pub written: usize,
    /// Seed files that existed and were kept.
    pub kept: usize,
    /// Written records with field problems, for a person to finish.
    pub flagged: usize,
    /// One line per kept file and per field problem, in input order.
    pub lines: Vec<String>,
}

/// Write each service of the HSDS input `file` into `seed_dir`; `source` is
/// recorded for services that name none; `force` replaces existing files.
pub fn import_into_seed(
    file: &Path,
    seed_dir: &Path,
    source: &str,
    force: bool,
    geo: &Geo,
    today: NaiveDate,
) -> Result<ImportOutcome, ImportError> {
    let services = read_services(file)?;
    let mut outcome = ImportOutcome {
        read: services.len(),
        ..ImportOutcome::default()
    };
    for service in &services {
        let record = record_from_service(service, source, today);
        let path = seed_path(seed_dir, &record);
        if path.exists() && !force {
            outcome.lines.push(format!(
                "{}: exists; kept the curated file (use --force to replace)",
                path.display()
            ));
            outcome.kept += 1;
            continue;
        }
        write_atomically(&path, &seed_file_text(&record, &file.display().to_string()))?;
        outcome.written += 1;
        if let Err(problems) = crate::seed::validate(&record, geo) {
            outcome.flagged += 1;
            for problem in problems {
                outcome.lines.push(format!(
                    "{}: {}: {}",
                    path.display(),
                    problem.field,
                    problem.message
                ));
            }
        }
    }
    Ok(outcome)
}
