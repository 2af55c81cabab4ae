//! Search-quality evaluation: run a file of queries with known good answers and
//! report success@1, success@3, MRR and nDCG@10, listing the queries that fail.
//!
//! File format (tab-separated, `#` comments), as in `tests/eval/queries.tsv`:
//! `id  persona  query  near  filters  expect  k`, where `filters` is
//! `key=value;key=value`, `expect` is `name fragment@ST;…` (a hit matches when its
//! name contains the fragment — case and punctuation ignored — and its state is ST)
//! or `id:program-id;…` (that program exactly; an id not in the directory is an
//! error), and a query passes when a match is among the first `k` hits.
//!
//! A set may be run as a site in another language runs it: `run_preferring` with the
//! searcher's language (`tests/eval/queries-es.tsv` is run as the Spanish site, which
//! prefers programs answering in Spanish).

use std::path::Path;

use serde::Serialize;
use thiserror::Error;

use crate::geo::Geo;
use crate::index::{self, Catalog, SearchParams};
use crate::model::Program;

const DEPTH: usize = 10;

/// Why an evaluation could not run; a failing query is not an error but an outcome.
#[derive(Debug, Error)]
pub enum EvalError {
    /// The query file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The query file.
        path: String,
        /// What the system reported.
        source: std::io::Error,
    },
    /// A line of the query file is not in the format the module describes.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The query file.
        path: String,
        /// The 1-based line at fault.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A query could not be searched: bad parameters, or an `id:` expectation naming no program.
    #[error("{id}: {message}")]
    Query {
        /// The id of the query at fault.
        id: String,
        /// What the search parameters or the directory said.
        message: String,
    },
    /// The index could not answer.
    #[error(transparent)]
    Index(#[from] index::IndexError),
}

/// One query of an evaluation file, with the answers that count as right.
#[derive(Debug, Clone)]
pub struct EvalQuery {
    /// The query's id (first column), as the report names it.
    pub id: String,
    /// The words searched for; may be empty.
    pub query: String,
    /// The place searched near, as a person would type it; may be empty.
    pub near: String,
    /// Further search parameters (`kind=peer_respite`), as `key=value` pairs in file order.
    pub filters: Vec<(String, String)>,
    /// The acceptable answers; never empty.
    pub expect: Vec<Expectation>,
    /// The query passes when an acceptable answer is among the first `k` hits.
    pub k: usize,
}

/// An acceptable answer to a query.
#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    /// A program whose name contains this fragment, in this state.
    Named {
        /// Part of the name, matched with case and punctuation ignored.
        fragment: String,
        /// The USPS code of the program's state.
        state: String,
    },
    /// This program.
    Id(String),
}

/// How one query fared.
#[derive(Debug, Clone, Serialize)]
pub struct QueryOutcome {
    /// The query's id from the file (first column).
    pub id: String,
    /// The query, place and filters, for the report.
    pub query: String,
    /// 1-based rank of the first acceptable hit within the first 10, if any.
    pub rank: Option<usize>,
    /// The query's own `k`.
    pub k: usize,
    /// Whether an acceptable hit is within the first `k`.
    pub passed: bool,
    /// nDCG over the first 10 hits, from 0 to 1.
    pub ndcg: f64,
    /// The first three hits as "Name (ST)", to show what came instead.
    pub top: Vec<String>,
}

/// The figures of one evaluation run, over every query.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// How many queries were run.
    pub queries: usize,
    /// Share of queries (0 to 1) whose first hit is acceptable.
    pub success_at_1: f64,
    /// Share of queries (0 to 1) with an acceptable hit among the first three.
    pub success_at_3: f64,
    /// Mean reciprocal rank of the first acceptable hit within the first 10 (a query with
    /// none counts 0).
    pub mrr: f64,
    /// Mean nDCG over the first 10 hits.
    pub ndcg_at_10: f64,
    /// Queries whose first acceptable hit is within their own `k`.
    pub passed: usize,
    /// One outcome per query, in file order.
    pub outcomes: Vec<QueryOutcome>,
}

impl EvalReport {
    /// The outcomes of the queries that did not pass.
    pub fn failing(&self) -> impl Iterator<Item = &QueryOutcome> {
        self.outcomes.iter().filter(|o| !o.passed)
    }
}

/// Reads a query file in the format the module describes; the first bad line is an error
/// naming it.
pub fn read_queries(path: &Path) -> Result<Vec<EvalQuery>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let mut queries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let format_error = |message: String| EvalError::Format {
            path: path.display().to_string(),
            line: i + 1,
            message,
        };
        let columns: Vec<&str> = line.split('\t').collect();
        let [id, _persona, query, near, filters, expect, k] = columns[..] else {
            return Err(format_error(format!(
                "expected 7 tab-separated columns, found {}",
                columns.len()
            )));
        };
        let filters = split_list(filters)
            .map(|pair| {
                pair.split_once('=')
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                    .ok_or_else(|| format_error(format!("filter {pair:?} is not key=value")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let expect = split_list(expect)
            .map(|e| {
                if let Some(id) = e.strip_prefix("id:") {
                    return Ok(Expectation::Id(id.trim().to_string()));
                }
                e.rsplit_once('@')
                    .map(|(name, state)| Expectation::Named {
                        fragment: name.trim().to_string(),
                        state: state.trim().to_string(),
                    })
                    .ok_or_else(|| {
                        format_error(format!(
                            "expectation {e:?} is neither fragment@ST nor id:program-id"
                        ))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if expect.is_empty() {
            return Err(format_error("no expected programs".into()));
        }
        let k = k
            .trim()
            .parse()
            .map_err(|_| format_error(format!("k {k:?} is not a number")))?;
        queries.push(EvalQuery {
            id: id.to_string(),
            query: query.to_string(),
            near: near.to_string(),
            filters,
            expect,
            k,
        });
    }
    Ok(queries)
}

fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// Lower-case letters and digits only, so "Retreat @ The Plaza" matches "retreat the plaza".
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn acceptable(program: &Program, expect: &[Expectation]) -> bool {
    let name = squash(&program.name);
    expect.iter().any(|expectation| match expectation {
        Expectation::Named { fragment, state } => {
            program.address.state == *state && name.contains(&squash(fragment))
        }
        Expectation::Id(id) => program.id == *id,
    })
}

/// The moment the evaluation searches are answered for: a Tuesday at 2 pm Eastern
/// (most day programs open, most evening lines closed).
pub fn eval_moment() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-17T19:00:00Z")
        .expect("a fixed RFC 3339 time")
        .with_timezone(&chrono::Utc)
}

/// Runs every query against the index with no language preferred, and scores the hits.
pub fn run(catalog: &Catalog, geo: &Geo, queries: &[EvalQuery]) -> Result<EvalReport, EvalError> {
    run_preferring(catalog, geo, queries, None)
}

/// The queries searched as a site in `language` searches them (a `languages`
/// value: programs answering in it rank first among equals).
pub fn run_preferring(
    catalog: &Catalog,
    geo: &Geo,
    queries: &[EvalQuery],
    language: Option<&str>,
) -> Result<EvalReport, EvalError> {
    let everything = catalog.all_programs()?;
    let mut outcomes = Vec::new();
    for query in queries {
        for expectation in &query.expect {
            if let Expectation::Id(id) = expectation {
                if !everything.iter().any(|p| p.id == *id) {
                    return Err(EvalError::Query {
                        id: query.id.clone(),
                        message: format!("no program with the id '{id}' is in the directory"),
                    });
                }
            }
        }
        let mut pairs: Vec<(&str, &str)> = vec![
            ("q", &query.query),
            ("near", &query.near),
            ("per_page", "10"),
        ];
        pairs.extend(query.filters.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let params = SearchParams::from_pairs(pairs).map_err(|e| EvalError::Query {
            id: query.id.clone(),
            message: e.to_string(),
        })?;
        let mut request = index::parse_request(&params, geo).map_err(|e| EvalError::Query {
            id: query.id.clone(),
            message: e.to_string(),
        })?;
        // Open programs rank a little higher: the figures are taken at one fixed
        // moment so they do not depend on when the evaluation runs.
        request.now = eval_moment();
        request.language = language.map(str::to_string);
        let results = index::search(catalog, &request)?;
        let relevant: Vec<bool> = results
            .hits
            .iter()
            .take(DEPTH)
            .map(|h| acceptable(&h.program, &query.expect))
            .collect();
        let rank = relevant.iter().position(|r| *r).map(|i| i + 1);
        let ideal = everything
            .iter()
            .filter(|p| acceptable(p, &query.expect))
            .count();
        outcomes.push(QueryOutcome {
            id: query.id.clone(),
            query: format!("{} | {} | {:?}", query.query, query.near, query.filters),
            rank,
            k: query.k,
            passed: rank.is_some_and(|r| r <= query.k),
            ndcg: ndcg(&relevant, ideal),
            top: results
                .hits
                .iter()
                .take(3)
                .map(|h| format!("{} ({})", h.name, h.state))
                .collect(),
        });
    }
    let n = outcomes.len().max(1) as f64;
    let share =
        |f: &dyn Fn(&QueryOutcome) -> bool| outcomes.iter().filter(|o| f(o)).count() as f64 / n;
    Ok(EvalReport {
        queries: outcomes.len(),
        success_at_1: share(&|o| o.rank == Some(1)),
        success_at_3: share(&|o| o.rank.is_some_and(|r| r <= 3)),
        mrr: outcomes
            .iter()
            .map(|o| o.rank.map_or(0.0, |r| 1.0 / r as f64))
            .sum::<f64>()
            / n,
        ndcg_at_10: outcomes.iter().map(|o| o.ndcg).sum::<f64>() / n,
        passed: outcomes.iter().filter(|o| o.passed).count(),
        outcomes,
    })
}

/// Binary-relevance nDCG over the first 10 hits; the ideal ranking puts every
/// acceptable program in the directory first.
fn ndcg(relevant: &[bool], ideal_count: usize) -> f64 {
    let gain = |i: usize| 1.0 / ((i + 2) as f64).log2();
    let dcg: f64 = relevant
        .iter()
        .enumerate()
        .filter(|(_, r)| **r)
        .map(|(i, _)| gain(i))
        .sum();
    let idcg: f64 = (0..ideal_count.min(DEPTH)).map(gain).sum();
    if idcg == 0.0 {
        0.0
    } else {
        (dcg / idcg).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ndcg_is_one_for_a_perfect_ranking_and_less_when_late() {
        assert_eq!(ndcg(&[true, false, false], 1), 1.0);
        assert!((ndcg(&[false, true], 1) - 1.0 / 3f64.log2()).abs() < 1e-9);
        assert_eq!(ndcg(&[false, false], 1), 0.0);
    }

    #[test]
    fn names_match_ignoring_case_and_punctuation() {
        assert_eq!(squash("Retreat @ The Plaza"), squash("retreat the plaza"));
    }
}
