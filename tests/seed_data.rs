//! The committed seed-data, and how problems in seed files are reported.

mod common;

use std::collections::HashSet;
use std::fs;

use common::{geo, repo_path};
use peerway::seed;

#[test]
fn committed_seed_data_has_no_problems() {
    let load = seed::load_programs(&repo_path("seed-data"), geo()).unwrap();
    let problems: Vec<String> = load.problems.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(load.programs.len() >= 330);
}

/// Every research row is in seed-data: each record names the CSV line(s) it came
/// from, and together they cover every row of the three research files.
#[test]
fn every_research_row_is_in_seed_data() {
    let mut expected = HashSet::new();
    for file in ["respites", "warmlines", "mobile"] {
        let text =
            fs::read_to_string(repo_path(&format!("seed-data/research/{file}.csv"))).unwrap();
        let rows = csv::Reader::from_reader(text.as_bytes()).records().count();
        for line in 2..rows + 2 {
            expected.insert(format!("{file}.csv:{line}"));
        }
    }
    let mut found = HashSet::new();
    for entry in walkdir::WalkDir::new(repo_path("seed-data/programs")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = fs::read_to_string(entry.path()).unwrap();
        let first = text.lines().next().unwrap();
        // Records added by the data campaign come from its findings, not these rows.
        if let Some((_, refs)) = first.rsplit_once("from ") {
            found.extend(refs.split(" + ").map(str::to_string));
        } else {
            assert!(first.contains("data campaign"), "{first}");
        }
    }
    let missing: Vec<_> = expected.difference(&found).collect();
    assert!(
        missing.is_empty(),
        "research rows not in seed-data: {missing:?}"
    );
}

#[test]
fn every_program_carries_sources_and_a_verification_date_and_method() {
    let load = seed::load_programs(&repo_path("seed-data"), geo()).unwrap();
    for program in &load.programs {
        assert!(!program.sources.is_empty(), "{}", program.id);
        assert!(
            program.sources.iter().all(|s| s.url.starts_with("http")),
            "{}",
            program.id
        );
        // The first desk review, or the data campaign's.
        assert!(
            ["2026-11-27", "2026-12-02"].contains(&program.verified.date.to_string().as_str()),
            "{}",
            program.id
        );
        assert!(
            program.verified.detail.contains("not confirmed by phone"),
            "{}",
            program.id
        );
    }
}

#[test]
fn merged_program_keeps_the_sources_of_both_rows() {
    let load = seed::load_programs(&repo_path("seed-data"), geo()).unwrap();
    let afiya = load
        .programs
        .iter()
        .find(|p| p.id == "afiya-peer-respite")
        .unwrap();
    assert_eq!(afiya.kind.slug(), "peer_respite");
    assert!(afiya
        .sources
        .iter()
        .any(|s| s.url.contains("wildfloweralliance.org")));
    assert!(afiya.sources.iter().any(|s| s.url.contains("power2u.org")));
    let california = load
        .programs
        .iter()
        .filter(|p| p.name == "California Peer-Run Warm Line")
        .count();
    assert_eq!(california, 1);
}

/// A broken copy of a real record, in a temporary seed folder: each problem is
/// reported with its file, line and field, and the record is left out.
#[test]
fn broken_seed_row_is_reported_with_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let programs = dir.path().join("programs/ma");
    fs::create_dir_all(&programs).unwrap();
    let original =
        fs::read_to_string(repo_path("seed-data/programs/ma/afiya-peer-respite.toml")).unwrap();
    let broken = original
        .replace("number = \"413-570-2990\"", "number = \"413-570-29\"")
        .replace("kind = \"peer_respite\"", "kind = \"peer_respit\"")
        .replace("state = \"MA\"", "state = \"XX\"");
    let file = programs.join("afiya-peer-respite.toml");
    fs::write(&file, &broken).unwrap();
    let line_of = |needle: &str| broken.lines().position(|l| l.contains(needle)).unwrap() + 1;

    let load = seed::load_programs(dir.path(), geo()).unwrap();
    assert!(load.programs.is_empty());
    let reported: Vec<String> = load.problems.iter().map(ToString::to_string).collect();
    let expect = |line: usize, field: &str| {
        let prefix = format!("{}:{line}: {field}: ", file.display());
        assert!(
            reported.iter().any(|r| r.starts_with(&prefix)),
            "{prefix} not in {reported:#?}"
        );
    };
    expect(line_of("413-570-29"), "contact.phones[0].number");
    expect(line_of("peer_respit"), "kind");
    expect(line_of("\"XX\""), "address.state");
}

#[test]
fn invalid_toml_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let programs = dir.path().join("programs/us");
    fs::create_dir_all(&programs).unwrap();
    fs::write(
        programs.join("x.toml"),
        "id = \"x\"\nname = \"unterminated\n",
    )
    .unwrap();
    let load = seed::load_programs(dir.path(), geo()).unwrap();
    assert_eq!(load.problems.len(), 1);
    assert_eq!(load.problems[0].line, 2);
}

#[test]
fn duplicate_ids_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let original =
        fs::read_to_string(repo_path("seed-data/programs/ma/afiya-peer-respite.toml")).unwrap();
    // The second copy has two more comment lines on top: its id is two lines lower.
    for (state, text) in [
        ("ma", original.clone()),
        ("zz", format!("# copy\n# of afiya\n{original}")),
    ] {
        let folder = dir.path().join("programs").join(state);
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join("afiya-peer-respite.toml"), text).unwrap();
    }
    let load = seed::load_programs(dir.path(), geo()).unwrap();
    assert_eq!(load.programs.len(), 1);
    assert_eq!(load.problems.len(), 1, "{:?}", load.problems);
    let problem = &load.problems[0];
    assert!(problem.message.starts_with("duplicate id"), "{problem:?}");
    assert!(
        problem.file.ends_with("zz/afiya-peer-respite.toml"),
        "{problem:?}"
    );
    let id_line = original
        .lines()
        .position(|l| l.starts_with("id ="))
        .unwrap()
        + 1;
    assert_eq!((problem.field.as_str(), problem.line), ("id", id_line + 2));
}
