//! The committed seed-data, and how problems in seed files are reported.

use std::collections::HashSet;
use std::fs;

use crate::common::{geo, repo_path};
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

/// A county that is not in the gazetteer, or not in the program's states, is a
/// field problem with its line and the closest names.
#[test]
fn a_wrong_county_is_reported_with_its_line_and_the_closest_names() {
    let dir = tempfile::tempdir().unwrap();
    let programs = dir.path().join("programs/ks");
    fs::create_dir_all(&programs).unwrap();
    let original = fs::read_to_string(repo_path(
        "seed-data/programs/ks/bert-nash-mobile-response-team.toml",
    ))
    .unwrap();
    assert!(original.contains("counties = [\"Douglas County, KS\"]"));
    let broken = original.replace(
        "counties = [\"Douglas County, KS\"]",
        "counties = [\"Duglas County, KS\", \"Douglas County, NE\"]",
    );
    let file = programs.join("bert-nash-mobile-response-team.toml");
    fs::write(&file, &broken).unwrap();
    let line = broken.lines().position(|l| l.contains("Duglas")).unwrap() + 1;
    let load = seed::load_programs(dir.path(), geo()).unwrap();
    assert!(load.programs.is_empty());
    let reported: Vec<String> = load.problems.iter().map(ToString::to_string).collect();
    let at = |field: &str| format!("{}:{line}: {field}: ", file.display());
    let misspelt = reported
        .iter()
        .find(|r| r.starts_with(&at("area.counties[0]")));
    assert!(
        misspelt.is_some_and(|r| r.contains("did you mean Douglas County, KS")),
        "{reported:#?}"
    );
    let elsewhere = reported
        .iter()
        .find(|r| r.starts_with(&at("area.counties[1]")));
    assert!(
        elsewhere.is_some_and(|r| r.contains("not in area.states")),
        "{reported:#?}"
    );
}

/// `scope = "counties"` serves exactly the counties listed, and needs the list.
#[test]
fn the_counties_scope_needs_its_counties() {
    let with = |counties: &str| {
        synthetic_record("team-e", &["413-555-0103"], "")
            .replace("scope = \"local\"", "scope = \"counties\"")
            .replace("counties = [\"Hampshire County, MA\"]", counties)
    };
    let mut seen = std::collections::HashMap::new();
    let file = std::path::PathBuf::from("ma/team-e.toml");
    let two = with("counties = [\"Hampshire County, MA\", \"Franklin County, MA\"]");
    let program = seed::check_record_text(&file, &two, geo(), &mut seen).expect("valid");
    assert_eq!(program.area.scope, peerway::model::AreaScope::Regional);
    assert_eq!(program.area.counties.len(), 2);
    let mut seen = std::collections::HashMap::new();
    let none = with("");
    let problems = seed::check_record_text(&file, &none, geo(), &mut seen).unwrap_err();
    let text = format!("{problems:?}");
    assert!(
        text.contains("area.scope") && text.contains("add area.counties"),
        "{text}"
    );
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

/// A SYNTHETIC record in the shape of a real one, with `extra` TOML appended and the
/// phones given; numbers are 555-01xx unless a rule needs a real public code.
fn synthetic_record(id: &str, phones: &[&str], extra: &str) -> String {
    let phones: String = phones
        .iter()
        .map(|n| format!("\n[[contact.phones]]\nnumber = \"{n}\"\n"))
        .collect();
    format!(
        r#"id = "{id}"
name = "SYNTHETIC {id}"
kind = "mobile_team"
peer_role = "unknown"
operator = "SYNTHETIC Operator {id}"
confidence = "medium"
sources = [{{ url = "https://example.org/{id}", kind = "program", dated = "2025-06" }}]

[verified]
date = 2026-12-02
method = "desk_review"

[contact]
website = ""
{phones}
[address]
city = "Northampton"
state = "MA"

[area]
scope = "local"
states = ["MA"]
counties = ["Hampshire County, MA"]
{extra}"#
    )
}

/// The rule findings for a set of synthetic records, as (rule, program id, field).
fn rule_findings(records: &[String]) -> Vec<(String, String, String)> {
    let mut seen = std::collections::HashMap::new();
    let programs: Vec<peerway::model::Program> = records
        .iter()
        .map(|text| {
            let id = text
                .lines()
                .next()
                .unwrap()
                .split('"')
                .nth(1)
                .unwrap()
                .to_string();
            let file = std::path::PathBuf::from(format!("ma/{id}.toml"));
            seed::check_record_text(&file, text, geo(), &mut seen).expect("valid record")
        })
        .collect();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    peerway::quality::check_programs(&programs, today)
        .into_iter()
        .map(|f| (f.rule.to_string(), f.program_id, f.field))
        .collect()
}

#[test]
fn a_public_short_code_as_a_programs_own_number_is_an_error() {
    let found = rule_findings(&[synthetic_record("team-a", &["988"], "")]);
    assert_eq!(
        found,
        [(
            "crisis-code-as-own-number".to_string(),
            "team-a".to_string(),
            "contact.phones[0].number".to_string()
        )]
    );
    // The same number as a dispatch route is what it should be.
    let as_dispatch = synthetic_record("team-b", &[], "")
        .replace("website = \"\"", "website = \"\"\ndispatch = [\"988\"]");
    assert!(rule_findings(&[as_dispatch]).is_empty());
}

#[test]
fn a_local_program_without_counties_is_a_warning() {
    let without = synthetic_record("team-c", &["413-555-0101"], "")
        .replace("counties = [\"Hampshire County, MA\"]\n", "");
    assert_eq!(
        rule_findings(&[without]),
        [(
            "no-counties".to_string(),
            "team-c".to_string(),
            "area".to_string()
        )]
    );
    assert!(rule_findings(&[synthetic_record("team-d", &["413-555-0102"], "")]).is_empty());
}

#[test]
fn the_retired_lifeline_number_is_an_error() {
    let found = rule_findings(&[synthetic_record("line-a", &["1-800-273-8255"], "")]);
    assert!(found
        .iter()
        .any(|(rule, _, field)| rule == "retired-lifeline-number"
            && field == "contact.phones[0].number"));
}

#[test]
fn one_number_on_two_operators_is_a_warning_unless_marked_shared() {
    let both = [
        synthetic_record("house-a", &["413-555-0101"], ""),
        synthetic_record("house-b", &["413-555-0101"], ""),
    ];
    let found = rule_findings(&both);
    let shared: Vec<_> = found
        .iter()
        .filter(|(rule, _, _)| rule == "number-on-several-operators")
        .collect();
    assert_eq!(shared.len(), 2, "{found:?}");
    let marked: Vec<String> = both
        .iter()
        .map(|r| {
            r.replace(
                "number = \"413-555-0101\"",
                "number = \"413-555-0101\"\nshared = true",
            )
        })
        .collect();
    assert!(!rule_findings(&marked)
        .iter()
        .any(|(rule, _, _)| rule == "number-on-several-operators"));
}

#[test]
fn no_way_to_reach_old_evidence_and_copies_only_are_warnings() {
    let unreachable = synthetic_record("team-c", &[], "");
    let old = synthetic_record("team-d", &["413-555-0102"], "")
        .replace("dated = \"2025-06\"", "dated = \"2019\"");
    let copies = synthetic_record("team-e", &["413-555-0103"], "")
        .replace("kind = \"program\"", "kind = \"copy\"");
    let found = rule_findings(&[unreachable, old, copies]);
    let rules: Vec<(&str, &str)> = found
        .iter()
        .map(|(rule, id, _)| (rule.as_str(), id.as_str()))
        .collect();
    assert!(rules.contains(&("no-contact", "team-c")), "{rules:?}");
    assert!(rules.contains(&("old-evidence", "team-d")), "{rules:?}");
    assert!(
        rules.contains(&("only-copy-sources", "team-e")),
        "{rules:?}"
    );
    assert_eq!(rules.len(), 3, "{rules:?}");
}

#[test]
fn a_statewide_program_with_one_regional_number_is_a_warning() {
    let record = synthetic_record("line-b", &["302-555-0104"], "")
        .replace("scope = \"local\"", "scope = \"statewide\"")
        .replace(
            "number = \"302-555-0104\"",
            "number = \"302-555-0104\"\nregion = \"New Castle County\"",
        );
    let found = rule_findings(&[record]);
    assert!(found
        .iter()
        .any(|(rule, _, _)| rule == "statewide-with-regional-number"));
}

#[test]
fn seed_data_has_no_rule_errors_and_no_public_code_as_a_number() {
    let load = seed::load_programs(&repo_path("seed-data"), geo()).unwrap();
    assert!(load.problems.is_empty(), "{:?}", load.problems);
    for program in &load.programs {
        if ["988-suicide-crisis-lifeline", "veterans-crisis-line"].contains(&program.id.as_str()) {
            continue;
        }
        assert!(
            program
                .contact
                .phones
                .iter()
                .all(|p| p.digits.len() == 10 && p.digits != "8002738255"),
            "{}",
            program.id
        );
    }
}

#[test]
fn a_status_needs_its_report_and_a_basis_needs_a_known_role() {
    let mut seen = std::collections::HashMap::new();
    let file = std::path::PathBuf::from("ma/team-f.toml");
    let closed_without_report = synthetic_record(
        "team-f",
        &["413-555-0105"],
        "\n[status]\nvalue = \"closed\"\n",
    );
    let problems =
        seed::check_record_text(&file, &closed_without_report, geo(), &mut seen).unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert!(fields.contains(&"status.reason"), "{fields:?}");
    assert!(fields.contains(&"status.source"), "{fields:?}");
    let mut seen = std::collections::HashMap::new();
    let basis_but_unknown = synthetic_record(
        "team-f",
        &["413-555-0105"],
        "\n[peer_role_basis]\nquote = \"SYNTHETIC staff quote\"\nsource = \"https://example.org/q\"\n",
    );
    let problems =
        seed::check_record_text(&file, &basis_but_unknown, geo(), &mut seen).unwrap_err();
    assert!(problems.iter().any(|p| p.field == "peer_role_basis"));
    let mut seen = std::collections::HashMap::new();
    let bad_date = synthetic_record("team-f", &["413-555-0105"], "")
        .replace("dated = \"2025-06\"", "dated = \"June 2025\"");
    let problems = seed::check_record_text(&file, &bad_date, geo(), &mut seen).unwrap_err();
    assert!(problems.iter().any(|p| p.field == "sources[0].dated"));
}

#[test]
fn a_peer_respite_without_a_phone_needs_a_written_reason() {
    let respite = |id: &str, phones: &[&str], note: &str| {
        synthetic_record(id, phones, "")
            .replace("kind = \"mobile_team\"", "kind = \"peer_respite\"")
            .replace(
                "website = \"\"",
                &format!("website = \"\"\nnote = \"{note}\""),
            )
    };
    let found = rule_findings(&[
        respite("respite-a", &[], ""),
        respite(
            "respite-b",
            &[],
            "No phone number for the house was found on any page read.",
        ),
        respite("respite-c", &["413-555-0104"], ""),
    ]);
    let rules: Vec<(&str, &str)> = found
        .iter()
        .map(|(rule, id, _)| (rule.as_str(), id.as_str()))
        .filter(|(rule, _)| *rule == "respite-without-phone")
        .collect();
    assert_eq!(rules, [("respite-without-phone", "respite-a")]);
}
