//! `peerway crawl --review`: every pending proposal, as a person needs it to decide
//! — what was read (name, city, phone), the curated program it was matched to and
//! why, or what a new program is related to — before `--accept`.

use std::path::Path;

use crate::seed::crawled::{read_crawled_dir, Change, ChangeStatus, CrawledFile};

/// The review's lines, one block per pending change, or why the files cannot be read.
pub fn review_lines(seed_dir: &Path, only_source: Option<&str>) -> Result<Vec<String>, String> {
    let (files, problems) = read_crawled_dir(seed_dir);
    if let Some(problem) = problems.first() {
        return Err(problem.to_string());
    }
    let mut lines = Vec::new();
    for (_, file) in files
        .iter()
        .filter(|(_, f)| only_source.is_none_or(|s| s == f.source))
    {
        for change in file
            .changes
            .iter()
            .filter(|c| c.status == ChangeStatus::Pending)
        {
            lines.extend(change_lines(file, change));
        }
    }
    if lines.is_empty() {
        lines.push("no change waits for review".to_string());
    }
    Ok(lines)
}

fn change_lines(file: &CrawledFile, change: &Change) -> Vec<String> {
    let record = file.records.iter().find(|r| r.key == change.record);
    let value = |field: &str| record.map_or("", |r| r.value(field));
    let place = [value("city"), value("state")]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let what = match change.field.as_str() {
        "new_program" => "new program".to_string(),
        field => format!(
            "{field} of {}: {:?} → {:?}",
            change.program, change.curated, change.crawled
        ),
    };
    vec![
        format!("{} [{}] {what}", change.id, file.source),
        format!(
            "    read: {} · {} · {}",
            non_empty(value("name")),
            non_empty(&place),
            non_empty(value("phone"))
        ),
        format!(
            "    program: {} · why: {}",
            non_empty(&change.program),
            non_empty(&change.why)
        ),
        format!("    from: {} ({})", change.url, change.fetched),
    ]
}

fn non_empty(text: &str) -> &str {
    if text.is_empty() {
        "—"
    } else {
        text
    }
}
