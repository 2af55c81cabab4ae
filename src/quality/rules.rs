//! Rules that catch dangerous or weak data across the loaded programs: numbers that
//! are not the program's own, listings nobody can reach, evidence too old or too weak.
//!
//! A field problem (`seed::validate`) makes one record unusable; these rules look at
//! what a valid record *says* and, for shared numbers, at several records at once.
//! Errors fail `peerway check` and `build`; warnings are listed with counts.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::evidence::STALE_EVIDENCE_YEARS;
use crate::model::{AreaScope, PhoneKind, Program, SourceKind};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Must be fixed: `check` and `build` fail.
    Error,
    /// Listed with counts for a person to work through.
    Warning,
}

/// One rule's finding on one program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFinding {
    /// How serious it is.
    pub severity: Severity,
    /// The rule's name, as printed and counted.
    pub rule: &'static str,
    /// The program it is about.
    pub program_id: String,
    /// The seed field at fault (`contact.phones[0].number`), for its line.
    pub field: String,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

/// Programs whose own number *is* a national short code: the 988 Lifeline itself and
/// the Veterans Crisis Line (988, press 1).
const OWNS_A_SHORT_CODE: [&str; 2] = ["988-suicide-crisis-lifeline", "veterans-crisis-line"];
/// The National Suicide Prevention Lifeline's retired number (replaced by 988).
const RETIRED_LIFELINE: &str = "8002738255";

/// Every rule on every program, errors first, then by program id.
pub fn check_programs(programs: &[Program], today: NaiveDate) -> Vec<RuleFinding> {
    let mut findings = Vec::new();
    for program in programs {
        crisis_codes_as_own_number(program, &mut findings);
        retired_lifeline(program, &mut findings);
        no_way_to_reach(program, &mut findings);
        respite_without_phone_or_reason(program, &mut findings);
        stale_evidence(program, today, &mut findings);
        only_copies(program, &mut findings);
        statewide_with_regional_number(program, &mut findings);
        area_without_counties(program, &mut findings);
    }
    shared_numbers(programs, &mut findings);
    findings.sort_by(|a, b| {
        (a.severity, &a.program_id, a.rule).cmp(&(b.severity, &b.program_id, b.rule))
    });
    findings
}

fn finding(
    severity: Severity,
    rule: &'static str,
    program: &Program,
    field: String,
    message: String,
) -> RuleFinding {
    RuleFinding {
        severity,
        rule,
        program_id: program.id.clone(),
        field,
        message,
    }
}

/// 988, 911, 211 or 311 recorded as a program's own voice number: a person would call
/// a national or emergency line thinking it is the program. Such numbers belong in
/// `contact.dispatch` ("call 988 and ask for the mobile team").
fn crisis_codes_as_own_number(program: &Program, findings: &mut Vec<RuleFinding>) {
    if OWNS_A_SHORT_CODE.contains(&program.id.as_str()) {
        return;
    }
    for (i, phone) in program.contact.phones.iter().enumerate() {
        if phone.digits.len() == 3 {
            findings.push(finding(
                Severity::Error,
                "crisis-code-as-own-number",
                program,
                format!("contact.phones[{i}].number"),
                format!(
                    "{} is a public short code, not this program's own number: move it to contact.dispatch (\"call {} and ask for …\")",
                    phone.digits, phone.digits
                ),
            ));
        }
    }
}

fn retired_lifeline(program: &Program, findings: &mut Vec<RuleFinding>) {
    let contact = &program.contact;
    let phones = contact
        .phones
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("contact.phones[{i}].number"), p.digits.as_str()));
    let texts = contact
        .texts
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("contact.texts[{i}].number"), t.digits.as_str()));
    for (field, _) in phones
        .chain(texts)
        .filter(|(_, digits)| *digits == RETIRED_LIFELINE)
    {
        findings.push(finding(
            Severity::Error,
            "retired-lifeline-number",
            program,
            field,
            "800-273-8255 is the retired National Suicide Prevention Lifeline number (now 988), not this program's".to_string(),
        ));
    }
}

fn no_way_to_reach(program: &Program, findings: &mut Vec<RuleFinding>) {
    if !program.is_reachable() && program.contact.website.is_none() {
        findings.push(finding(
            Severity::Warning,
            "no-contact",
            program,
            "contact".to_string(),
            "no voice, text, chat or dispatch route and no website: a person cannot reach it"
                .to_string(),
        ));
    }
}

/// A peer respite is a place to stay: a person needs to call before going. Without a
/// voice number of its own, its record must say why (`contact.note`).
fn respite_without_phone_or_reason(program: &Program, findings: &mut Vec<RuleFinding>) {
    let has_voice = program
        .contact
        .phones
        .iter()
        .any(|p| p.kind == crate::model::PhoneKind::Voice);
    if program.kind == crate::model::ServiceKind::PeerRespite
        && !has_voice
        && program.contact.note.trim().is_empty()
    {
        findings.push(finding(
            Severity::Warning,
            "respite-without-phone",
            program,
            "contact".to_string(),
            "a peer respite with no voice number and no written reason (contact.note)".to_string(),
        ));
    }
}

/// A county, regional or local program says "serves your area" only for the
/// counties a source names; without them it is found by distance alone.
fn area_without_counties(program: &Program, findings: &mut Vec<RuleFinding>) {
    if !program.area.scope.covers_whole_states() && program.area.counties.is_empty() {
        findings.push(finding(
            Severity::Warning,
            "no-counties",
            program,
            "area".to_string(),
            format!(
                "a {} program with no area.counties: name the counties a source gives (or leave it, counted as unknown)",
                program.area.scope.slug()
            ),
        ));
    }
}

fn stale_evidence(program: &Program, today: NaiveDate, findings: &mut Vec<RuleFinding>) {
    if let Some(newest) = crate::evidence::newest(&program.sources) {
        if newest.older_than_years(STALE_EVIDENCE_YEARS, today) {
            findings.push(finding(
                Severity::Warning,
                "old-evidence",
                program,
                "sources".to_string(),
                format!(
                    "the newest evidence is from {} (over {STALE_EVIDENCE_YEARS} years): look for a newer page",
                    newest.label()
                ),
            ));
        }
    }
}

fn only_copies(program: &Program, findings: &mut Vec<RuleFinding>) {
    if !program.sources.is_empty() && program.sources.iter().all(|s| s.kind == SourceKind::Copy) {
        findings.push(finding(
            Severity::Warning,
            "only-copy-sources",
            program,
            "sources".to_string(),
            "every source is a copy of another site: cite the original publisher".to_string(),
        ));
    }
}

/// A statewide program whose numbers name fewer than two regions gives only one
/// region's line: a person elsewhere in the state calls the wrong one.
fn statewide_with_regional_number(program: &Program, findings: &mut Vec<RuleFinding>) {
    if program.area.scope != AreaScope::Statewide {
        return;
    }
    let regions: Vec<&str> = program
        .contact
        .phones
        .iter()
        .filter(|p| p.kind == PhoneKind::Voice && !p.region.is_empty())
        .map(|p| p.region.as_str())
        .collect();
    if regions.len() == 1 {
        findings.push(finding(
            Severity::Warning,
            "statewide-with-regional-number",
            program,
            "contact.phones".to_string(),
            format!(
                "statewide, but its only regional number serves {}: add the other regions' numbers",
                regions[0]
            ),
        ));
    }
}

/// The same number on programs of different operators, unless every record marks it
/// `shared = true`: usually one record holds a number that is not its own.
fn shared_numbers(programs: &[Program], findings: &mut Vec<RuleFinding>) {
    let mut holders: BTreeMap<&str, Vec<(&Program, usize, bool)>> = BTreeMap::new();
    for program in programs {
        // Dispatch lines belong to someone else by definition; office lines are
        // often an operator's switchboard. Only a program's own service line counts.
        for (i, phone) in program.contact.phones.iter().enumerate() {
            if phone.digits.len() == 10 && phone.kind == PhoneKind::Voice {
                holders
                    .entry(phone.digits.as_str())
                    .or_default()
                    .push((program, i, phone.shared));
            }
        }
    }
    for (digits, holders) in holders {
        let operators: std::collections::BTreeSet<String> =
            holders.iter().map(|(p, _, _)| operator_key(p)).collect();
        if operators.len() < 2 || holders.iter().all(|(_, _, shared)| *shared) {
            continue;
        }
        let ids: Vec<&str> = holders.iter().map(|(p, _, _)| p.id.as_str()).collect();
        for (program, i, _) in &holders {
            findings.push(finding(
                Severity::Warning,
                "number-on-several-operators",
                program,
                format!("contact.phones[{i}].number"),
                format!(
                    "{digits} is also listed by {}: mark it `shared = true` if that is right",
                    ids.iter()
                        .filter(|id| **id != program.id)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
}

/// Operators compared without case and punctuation; a program with no operator is
/// its own operator.
fn operator_key(program: &Program) -> String {
    let key: String = program
        .operator
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if key.is_empty() {
        format!("program:{}", program.id)
    } else {
        key
    }
}

/// Counts of findings per (severity, rule).
pub fn counts(findings: &[RuleFinding]) -> BTreeMap<(Severity, &'static str), usize> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry((f.severity, f.rule)).or_insert(0) += 1;
    }
    counts
}
