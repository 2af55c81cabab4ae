//! What serves each county, for policymakers ("which counties have a mobile crisis
//! team?"): the programs that list the county in `area.counties`, and the statewide
//! programs of its state. National lines serve every county and are counted apart;
//! local programs with no counties are not counted in any county (their area is not
//! known, and a guess would make a gap look filled). Closed programs are left out.

use std::collections::BTreeMap;

use crate::geo::Counties;
use crate::model::{AreaScope, PeerRole, Program, ServiceKind};

/// One county and what serves it.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyCoverage {
    /// The five-digit FIPS code as the Census Bureau writes it ("25015").
    pub fips: String,
    /// The USPS code of its state.
    pub state: String,
    /// "Hampshire County".
    pub name: String,
    /// "Hampshire": for the national map's titles, where 3,220 of them add up.
    pub short_name: String,
    /// The Census Bureau's 2020 estimate; `None` where there is none (Puerto Rico's
    /// municipios, Valdez-Cordova AK).
    pub population: Option<u64>,
    /// Programs that name this county in their area.
    pub listing: Vec<String>,
    /// Statewide programs of the county's state.
    pub statewide: Vec<String>,
    /// Programs serving the county (listing or statewide), by kind slug.
    pub by_kind: BTreeMap<&'static str, usize>,
    /// Programs serving the county that are peer-run.
    pub peer_run: usize,
}

impl CountyCoverage {
    /// Every program serving the county: listing it, or statewide.
    pub fn serving(&self) -> usize {
        self.listing.len() + self.statewide.len()
    }

    /// Programs of a kind serving the county (all kinds for `None`).
    pub fn count(&self, kind: Option<ServiceKind>) -> usize {
        match kind {
            Some(kind) => self.by_kind.get(kind.slug()).copied().unwrap_or(0),
            None => self.serving(),
        }
    }

    /// Programs serving the county per 100,000 residents; `None` with no population.
    pub fn per_100k(&self) -> Option<f64> {
        self.population
            .filter(|&p| p > 0)
            .map(|p| self.serving() as f64 * 100_000.0 / p as f64)
    }

    /// What the county maps colour it by: a mobile team first, then any peer-run
    /// option, then anything else, then nothing listed.
    pub fn shade(&self) -> CountyShade {
        if self.count(Some(ServiceKind::MobileTeam)) > 0 {
            CountyShade::MobileTeam
        } else if self.peer_run > 0 {
            CountyShade::PeerRun
        } else if self.serving() > 0 {
            CountyShade::Other
        } else {
            CountyShade::Nothing
        }
    }
}

/// The legend of the county maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountyShade {
    /// A mobile crisis team serves the county.
    MobileTeam,
    /// No mobile team, but a peer-run program serves the county.
    PeerRun,
    /// Only other programs serve the county.
    Other,
    /// Nothing listed serves the county.
    Nothing,
}

impl CountyShade {
    /// Every shade, in legend order.
    pub const ALL: [CountyShade; 4] = [
        CountyShade::MobileTeam,
        CountyShade::PeerRun,
        CountyShade::Other,
        CountyShade::Nothing,
    ];

    /// The identifier used as the map's CSS class (`mobile`, `peer`, `other`, `none`).
    pub fn slug(self) -> &'static str {
        match self {
            CountyShade::MobileTeam => "mobile",
            CountyShade::PeerRun => "peer",
            CountyShade::Other => "other",
            CountyShade::Nothing => "none",
        }
    }

    /// The legend's English text.
    pub fn label(self) -> &'static str {
        match self {
            CountyShade::MobileTeam => "A mobile crisis team serves it",
            CountyShade::PeerRun => "No mobile team listed; a peer-run option serves it",
            CountyShade::Other => "Other programs only",
            CountyShade::Nothing => "Nothing listed",
        }
    }
}

/// Every county of the gazetteer, in FIPS order, with what serves it.
pub fn county_coverage(programs: &[Program], counties: &Counties) -> Vec<CountyCoverage> {
    let mut coverage: Vec<CountyCoverage> = counties
        .all()
        .iter()
        .map(|county| CountyCoverage {
            fips: county.fips_code(),
            state: county.state.clone(),
            name: county.census_name.clone(),
            short_name: county.name.clone(),
            population: county.population,
            listing: Vec::new(),
            statewide: Vec::new(),
            by_kind: BTreeMap::new(),
            peer_run: 0,
        })
        .collect();
    let mut by_state: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, county) in coverage.iter().enumerate() {
        by_state.entry(county.state.clone()).or_default().push(i);
    }
    for program in programs.iter().filter(|p| p.status.listed_by_default()) {
        let mut served: Vec<(usize, bool)> = Vec::new();
        if program.area.scope == AreaScope::Statewide {
            for state in &program.area.states {
                served.extend(
                    by_state
                        .get(state)
                        .into_iter()
                        .flatten()
                        .map(|&i| (i, true)),
                );
            }
        } else if program.area.scope != AreaScope::National {
            served.extend(
                program
                    .area
                    .counties
                    .iter()
                    .filter_map(|c| position(&coverage, &c.fips))
                    .map(|i| (i, false)),
            );
        }
        for (i, statewide) in served {
            let county = &mut coverage[i];
            if statewide {
                county.statewide.push(program.id.clone());
            } else {
                county.listing.push(program.id.clone());
            }
            *county.by_kind.entry(program.kind.slug()).or_insert(0) += 1;
            if program.peer_role == PeerRole::PeerRun {
                county.peer_run += 1;
            }
        }
    }
    coverage
}

/// Where a county is: rows are in FIPS order (the gazetteer's), so by binary search.
fn position(coverage: &[CountyCoverage], fips: &str) -> Option<usize> {
    coverage
        .binary_search_by(|c| c.fips.as_str().cmp(fips))
        .ok()
}

/// The counties of one state: in FIPS order a state's counties sit together.
pub fn in_state<'a>(coverage: &'a [CountyCoverage], state: &str) -> &'a [CountyCoverage] {
    let start = coverage.iter().position(|c| c.state == state).unwrap_or(0);
    let len = coverage[start..]
        .iter()
        .take_while(|c| c.state == state)
        .count();
    &coverage[start..start + len]
}

/// The share of the population (of counties with a population figure) living in a
/// county served by a program of `kind` (any kind for `None`).
pub fn population_share(coverage: &[CountyCoverage], kind: Option<ServiceKind>) -> f64 {
    let (served, total) = coverage
        .iter()
        .filter_map(|c| c.population.map(|p| (p, c.count(kind) > 0)))
        .fold((0u64, 0u64), |(served, total), (p, yes)| {
            (served + if yes { p } else { 0 }, total + p)
        });
    if total == 0 {
        0.0
    } else {
        served as f64 / total as f64
    }
}
