//! Search quality on the public evaluation queries and our own harder ones.

mod common;

use common::{catalog, geo, repo_path};
use peerway::eval;

fn report(file: &str) -> eval::EvalReport {
    let queries = eval::read_queries(&repo_path(file)).unwrap();
    assert!(!queries.is_empty());
    eval::run(catalog(), geo(), &queries).unwrap()
}

fn failing(report: &eval::EvalReport) -> Vec<String> {
    report
        .failing()
        .map(|o| format!("{} {} top: {:?}", o.id, o.query, o.top))
        .collect()
}

#[test]
fn public_queries_succeed_at_3_at_least_90_percent() {
    let report = report("tests/eval/queries.tsv");
    assert_eq!(report.queries, 15);
    assert!(
        report.success_at_3 >= 0.9,
        "success@3 {}: {:#?}",
        report.success_at_3,
        failing(&report)
    );
}

#[test]
fn harder_queries_succeed_at_3_at_least_90_percent() {
    let report = report("tests/eval/queries-extra.tsv");
    assert!(
        report.success_at_3 >= 0.9,
        "success@3 {}: {:#?}",
        report.success_at_3,
        failing(&report)
    );
    assert!(report.mrr >= 0.8, "MRR {}", report.mrr);
}

#[test]
fn malformed_eval_file_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q.tsv");
    std::fs::write(
        &file,
        "# header\nq1\tdistress\trespite\t01060\t\tAfiya@MA\n",
    )
    .unwrap();
    let error = eval::read_queries(&file).unwrap_err().to_string();
    assert!(
        error.contains(":2: expected 7 tab-separated columns"),
        "{error}"
    );
}
