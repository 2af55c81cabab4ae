//! The `peerway` binary, run as a person would.

use crate::common;

use std::process::Command;

use crate::common::repo_path;

fn peerway(args: &[&str], index: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_peerway"))
        .current_dir(repo_path(""))
        .args(args)
        .env("PEERWAY_INDEX", index)
        .output()
        .expect("peerway runs")
}

#[test]
fn check_reports_zero_problems_on_the_committed_seed_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = peerway(&["check"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.lines().last().unwrap().ends_with(", 0 problem(s)"),
        "{stdout}"
    );
}

#[test]
fn build_then_search_json_has_the_api_shape() {
    let dir = tempfile::tempdir().unwrap();
    assert!(peerway(&["build"], dir.path()).status.success());
    let out = peerway(
        &[
            "search",
            "peer respite",
            "--near",
            "01060",
            "--radius",
            "100mi",
            "--json",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["total"].as_u64().unwrap() > 0);
    let first = &json["hits"][0];
    for key in common::HIT_KEYS {
        assert!(first.get(key).is_some(), "hit has no {key}");
    }
    assert_eq!(first["id"], "afiya-peer-respite");
    assert!(json["facets"]["kind"]["peer_respite"].as_u64().unwrap() >= 1);
}

#[test]
fn search_with_unknown_place_fails_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    assert!(peerway(&["build"], dir.path()).status.success());
    let out = peerway(
        &["search", "respite", "--near", "Nothampton MA"],
        dir.path(),
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean Northampton, MA"), "{stderr}");
}

#[test]
fn search_without_an_index_says_how_to_build_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = peerway(&["search", "respite"], &dir.path().join("none"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("peerway build"));
}
