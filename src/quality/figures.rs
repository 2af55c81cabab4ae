//! The figures the data campaign reports (`peerway check --stats`): what the directory
//! holds by kind, peer role and status, how many listings a person can reach, how old
//! the evidence is, what kinds of pages it rests on, and which states have an active
//! peer-run program.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{PeerRole, PhoneKind, Program, ProgramStatus, ServiceKind};

/// The campaign's figures over every loaded program.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Figures {
    /// Every program in seed-data, closed ones included.
    pub programs: usize,
    /// Programs by status.
    pub by_status: BTreeMap<&'static str, usize>,
    /// Active and uncertain programs (what is listed), by kind.
    pub by_kind: BTreeMap<&'static str, usize>,
    /// Listed programs by peer role.
    pub by_peer_role: BTreeMap<&'static str, usize>,
    /// Share of listed programs whose role is `unknown`.
    pub peer_role_unknown_share: f64,
    /// Peer-role decisions that quote their source sentence.
    pub peer_role_with_basis: usize,
    /// Listed programs with a voice, text or chat line of their own or a dispatch route.
    pub reachable: usize,
    /// `reachable` as a share of listed programs.
    pub reachable_share: f64,
    /// Listed programs with no route but a website.
    pub website_only: usize,
    /// Listed programs with neither.
    pub no_contact: usize,
    /// Listed peer respites, and how many of them have a voice number.
    pub peer_respites: usize,
    /// Listed peer respites with a voice number of their own.
    pub peer_respites_with_phone: usize,
    /// Listed peer respites without one whose record says why (`contact.note`).
    pub peer_respites_with_reason: usize,
    /// Active programs (status `active`, not `uncertain`).
    pub active: usize,
    /// Active programs with a voice, text or chat line of their own or a dispatch route.
    pub reachable_active: usize,
    /// Listed programs by the year of their newest dated evidence ("undated" when none).
    pub newest_evidence_by_year: BTreeMap<String, usize>,
    /// Listed programs whose newest evidence is older than 3 years / undated.
    pub old_evidence: usize,
    /// Listed programs with no dated source.
    pub undated_evidence: usize,
    /// Sources of listed programs by kind, and how many of them are dated.
    pub sources_by_kind: BTreeMap<&'static str, usize>,
    /// Sources of listed programs with a date.
    pub sources_dated: usize,
    /// All sources of listed programs.
    pub sources: usize,
    /// States (and DC, PR) with at least one active peer-run program located there.
    pub states_with_active_peer_run: Vec<String>,
    /// Listed local, county and regional programs (not statewide or national).
    pub sub_state: usize,
    /// Of those, the ones whose counties are known (`area.counties`).
    pub sub_state_with_counties: usize,
}

/// Work out the figures on `today` (evidence ages depend on the day).
pub fn figures(programs: &[Program], today: NaiveDate) -> Figures {
    let listed: Vec<&Program> = programs
        .iter()
        .filter(|p| p.status.listed_by_default())
        .collect();
    let mut figures = Figures {
        programs: programs.len(),
        by_status: count_by(programs.iter(), |p| p.status.slug()),
        by_kind: count_by(listed.iter().copied(), |p| p.kind.slug()),
        by_peer_role: count_by(listed.iter().copied(), |p| p.peer_role.slug()),
        peer_role_unknown_share: share(
            listed
                .iter()
                .filter(|p| p.peer_role == PeerRole::Unknown)
                .count(),
            listed.len(),
        ),
        peer_role_with_basis: listed
            .iter()
            .filter(|p| p.peer_role_basis.is_some())
            .count(),
        reachable: 0,
        reachable_share: 0.0,
        website_only: 0,
        no_contact: 0,
        peer_respites: 0,
        peer_respites_with_phone: 0,
        peer_respites_with_reason: 0,
        active: 0,
        reachable_active: 0,
        newest_evidence_by_year: BTreeMap::new(),
        old_evidence: 0,
        undated_evidence: 0,
        sources_by_kind: BTreeMap::new(),
        sources_dated: 0,
        sources: 0,
        states_with_active_peer_run: Vec::new(),
        sub_state: 0,
        sub_state_with_counties: 0,
    };
    for program in &listed {
        if !program.area.scope.covers_whole_states() {
            figures.sub_state += 1;
            if !program.area.counties.is_empty() {
                figures.sub_state_with_counties += 1;
            }
        }
        count_reach(program, &mut figures);
        count_evidence(program, today, &mut figures);
    }
    figures.reachable_share = share(figures.reachable, listed.len());
    let mut states: Vec<String> = programs
        .iter()
        .filter(|p| p.status == ProgramStatus::Active && p.peer_role == PeerRole::PeerRun)
        .map(|p| p.address.state.clone())
        .filter(|s| s != "US")
        .collect();
    states.sort();
    states.dedup();
    figures.states_with_active_peer_run = states;
    figures
}

fn count_by<'a>(
    programs: impl Iterator<Item = &'a Program>,
    key: impl Fn(&Program) -> &'static str,
) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for program in programs {
        *counts.entry(key(program)).or_insert(0) += 1;
    }
    counts
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn count_reach(program: &Program, figures: &mut Figures) {
    if program.status == crate::evidence::ProgramStatus::Active {
        figures.active += 1;
        figures.reachable_active += usize::from(program.is_reachable());
    }
    if program.is_reachable() {
        figures.reachable += 1;
    } else if program.contact.website.is_some() {
        figures.website_only += 1;
    } else {
        figures.no_contact += 1;
    }
    if program.kind == ServiceKind::PeerRespite {
        figures.peer_respites += 1;
        if program
            .contact
            .phones
            .iter()
            .any(|p| p.kind == PhoneKind::Voice)
        {
            figures.peer_respites_with_phone += 1;
        } else if !program.contact.note.trim().is_empty() {
            figures.peer_respites_with_reason += 1;
        }
    }
}

fn count_evidence(program: &Program, today: NaiveDate, figures: &mut Figures) {
    let year = crate::evidence::newest(&program.sources)
        .map_or("undated".to_string(), |d| d.year().to_string());
    *figures.newest_evidence_by_year.entry(year).or_insert(0) += 1;
    match program.evidence_age(today) {
        crate::model::EvidenceAge::Old => figures.old_evidence += 1,
        crate::model::EvidenceAge::Undated => figures.undated_evidence += 1,
        crate::model::EvidenceAge::Recent => {}
    }
    for source in &program.sources {
        figures.sources += 1;
        *figures
            .sources_by_kind
            .entry(source.kind.slug())
            .or_insert(0) += 1;
        if source.dated.is_some() {
            figures.sources_dated += 1;
        }
    }
}

impl Figures {
    /// The figures as the text `peerway check --stats` prints.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let listed: usize = self.by_kind.values().sum();
        let _ = writeln!(
            out,
            "programs: {} ({} listed: active or uncertain)",
            self.programs, listed
        );
        let _ = writeln!(out, "by status: {}", pairs(&self.by_status));
        let _ = writeln!(out, "by kind (listed): {}", pairs(&self.by_kind));
        let _ = writeln!(
            out,
            "by peer role (listed): {} — unknown {:.1}%; {} decisions quote their source",
            pairs(&self.by_peer_role),
            self.peer_role_unknown_share * 100.0,
            self.peer_role_with_basis
        );
        let _ = writeln!(
            out,
            "reach (listed): {} reachable ({:.1}%), {} website only, {} no contact; active only: {} of {} ({:.1}%); peer respites with a phone: {} of {}, with a written reason instead: {}",
            self.reachable,
            self.reachable_share * 100.0,
            self.website_only,
            self.no_contact,
            self.reachable_active,
            self.active,
            share(self.reachable_active, self.active) * 100.0,
            self.peer_respites_with_phone,
            self.peer_respites,
            self.peer_respites_with_reason
        );
        let _ = writeln!(
            out,
            "counties (listed local, county and regional programs): {} of {} name the counties they serve; {} unknown",
            self.sub_state_with_counties,
            self.sub_state,
            self.sub_state - self.sub_state_with_counties
        );
        let _ = writeln!(
            out,
            "newest evidence by year (listed): {} — older than 3 years: {}, undated: {}",
            pairs(&self.newest_evidence_by_year),
            self.old_evidence,
            self.undated_evidence
        );
        let _ = writeln!(
            out,
            "sources (listed): {} ({} dated) — {}",
            self.sources,
            self.sources_dated,
            pairs(&self.sources_by_kind)
        );
        let _ = writeln!(
            out,
            "states with an active peer-run program: {} ({})",
            self.states_with_active_peer_run.len(),
            self.states_with_active_peer_run.join(" ")
        );
        out
    }
}

fn pairs<K: std::fmt::Display, V: std::fmt::Display>(map: &BTreeMap<K, V>) -> String {
    map.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}
