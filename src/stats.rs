//! Programs by state, for policymakers: counts per kind, the peer-run share, the
//! rate per million residents (2020 Census), and whether a statewide warmline exists.
//! National lines serve every state and are counted apart, not in any state. Closed
//! programs are not counted; the peer-run share is of programs whose role is known.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::geo::Gazetteer;
use crate::model::{AreaScope, PeerRole, Program, ServiceKind};

/// One state's programs, in figures.
#[derive(Debug, Clone, Serialize)]
pub struct StateSummary {
    /// The state's USPS code ("MA").
    pub code: String,
    /// The state's full name ("Massachusetts").
    pub name: String,
    /// Residents at the 2020 census, the base of the per-million rates.
    pub population_2020: u64,
    /// Programs whose address is in the state, by kind slug.
    pub by_kind: BTreeMap<&'static str, usize>,
    /// Programs whose address is in the state, all kinds.
    pub total: usize,
    /// Of those, the peer-run programs.
    pub peer_run: usize,
    /// Programs whose peer role has been determined: the denominator of the share.
    pub role_known: usize,
    /// Statewide warmlines serving the state (ids).
    pub statewide_warmlines: Vec<String>,
}

impl StateSummary {
    /// Programs whose address is in the state: of one kind, or of all kinds for `None`.
    pub fn count(&self, kind: Option<ServiceKind>) -> usize {
        match kind {
            Some(kind) => self.by_kind.get(kind.slug()).copied().unwrap_or(0),
            None => self.total,
        }
    }

    /// Programs (of a kind, or all) per million residents.
    pub fn per_million(&self, kind: Option<ServiceKind>) -> f64 {
        if self.population_2020 == 0 {
            return 0.0;
        }
        self.count(kind) as f64 * 1_000_000.0 / self.population_2020 as f64
    }

    /// Share of the state's programs of known role that are peer-run; `None` when no
    /// program's role is known (unknown roles are neither peer-run nor not).
    pub fn peer_run_share(&self) -> Option<f64> {
        (self.role_known > 0).then(|| self.peer_run as f64 / self.role_known as f64)
    }

    /// Whether at least one statewide warmline serves the state.
    pub fn has_statewide_warmline(&self) -> bool {
        !self.statewide_warmlines.is_empty()
    }
}

/// One summary per state of the gazetteer (50 states, DC and PR), in code order,
/// in one pass over the programs.
pub fn state_summaries(programs: &[Program], gazetteer: &Gazetteer) -> Vec<StateSummary> {
    let mut summaries: Vec<StateSummary> = gazetteer
        .states()
        .iter()
        .map(|state| StateSummary {
            code: state.code.clone(),
            name: state.name.clone(),
            population_2020: state.population_2020,
            by_kind: BTreeMap::new(),
            total: 0,
            peer_run: 0,
            role_known: 0,
            statewide_warmlines: Vec::new(),
        })
        .collect();
    let index_of: HashMap<String, usize> = summaries
        .iter()
        .enumerate()
        .map(|(i, s)| (s.code.clone(), i))
        .collect();
    for program in programs.iter().filter(|p| p.status.listed_by_default()) {
        if let Some(&i) = index_of.get(&program.address.state) {
            let summary = &mut summaries[i];
            *summary.by_kind.entry(program.kind.slug()).or_insert(0) += 1;
            summary.total += 1;
            if program.peer_role == PeerRole::PeerRun {
                summary.peer_run += 1;
            }
            if program.peer_role.is_known() {
                summary.role_known += 1;
            }
        }
        if program.kind == ServiceKind::Warmline && program.area.scope == AreaScope::Statewide {
            for state in &program.area.states {
                if let Some(&i) = index_of.get(state) {
                    summaries[i].statewide_warmlines.push(program.id.clone());
                }
            }
        }
    }
    summaries
}

/// States with no peer-run program of any kind located in them.
pub fn states_without_peer_run(summaries: &[StateSummary]) -> Vec<&StateSummary> {
    summaries.iter().filter(|s| s.peer_run == 0).collect()
}
