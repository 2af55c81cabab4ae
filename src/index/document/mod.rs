//! How a program becomes a tantivy document: the schema and its analyzer
//! (`schema`, `stem`), the facet values derived from the sources' words (`facets`),
//! the grid cells of its point (`grid`), and the searchable text, area terms and
//! fast fields written for each program (here).

pub mod facets;
pub mod grid;
pub mod schema;
mod stem;

use chrono::NaiveDate;
use tantivy::schema::Facet;
use tantivy::{doc, TantivyDocument};

use crate::hours::Hours;
use crate::index::IndexError;
use crate::model::{PeerRole, Precision, Program};
use facets::program_facets;
use grid::cell_term;
use schema::{state_bit, Fields};

/// The document of one program, with its schedule code (`schedule_codes`).
pub(in crate::index) fn program_document(
    fields: &Fields,
    program: &Program,
    states: &[StateName],
    state_codes: &[String],
    hours_code: u64,
    today: NaiveDate,
) -> Result<TantivyDocument, IndexError> {
    let json = serde_json::to_string(program).map_err(|e| IndexError::Meta {
        path: program.id.clone(),
        message: e.to_string(),
    })?;
    let mut document = doc!(
        fields.id => program.id.clone(),
        // Earlier names are searchable as names: people look for what they knew.
        fields.name => std::iter::once(program.name.as_str())
            .chain(program.also_known_as.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ; "),
        fields.body => searchable_body(program, states),
        fields.program => json,
        fields.peer_run => u64::from(program.peer_role == PeerRole::PeerRun),
    );
    for (dim, value) in program_facets(program, today) {
        document.add_facet(fields.facet, Facet::from_path([dim.key(), value.as_str()]));
    }
    if let Some(location) = &program.location {
        document.add_text(fields.area, cell_term(location.lat, location.lon));
        document.add_f64(fields.lat, location.lat);
        document.add_f64(fields.lon, location.lon);
        document.add_u64(fields.precision, precision_code(location.precision));
    }
    let home = state_bit(state_codes, &program.address.state).map_or(0, |bit| 1u64 << bit);
    document.add_u64(fields.home_state, home);
    let serves = if program.area.scope.covers_whole_states() {
        program
            .area
            .states
            .iter()
            .filter_map(|s| state_bit(state_codes, s))
            .fold(0u64, |mask, bit| mask | (1u64 << bit))
    } else {
        0
    };
    document.add_u64(fields.serves_mask, serves);
    for county in &program.area.counties {
        document.add_u64(fields.serves_county, u64::from(county.fips_number()));
        document.add_text(fields.area, format!("county:{}", county.fips));
    }
    document.add_text(fields.area, format!("home:{}", program.address.state));
    if program.area.scope.covers_whole_states() {
        for state in &program.area.states {
            document.add_text(fields.area, format!("serves:{state}"));
        }
    }
    if program
        .location
        .is_some_and(|l| l.precision == Precision::State)
    {
        document.add_text(fields.area, format!("statepoint:{}", program.address.state));
    }
    document.add_u64(fields.hours_code, hours_code);
    Ok(document)
}

/// Each distinct weekly schedule once, in a stable order, and each program's
/// `hours_code` (0 unknown, 1 24/7, 2 + index into the schedules).
pub(in crate::index) fn schedule_codes(programs: &[Program]) -> (Vec<Hours>, Vec<u64>) {
    let mut schedules: Vec<Hours> = Vec::new();
    let mut index_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let codes = programs
        .iter()
        .map(|program| match &program.hours {
            Hours::Unknown { .. } => 0,
            Hours::AlwaysOpen { .. } => 1,
            Hours::Weekly {
                time_zone, spans, ..
            } => {
                // Same spans in the same zone = one schedule, whatever words the sources used.
                let key = format!("{time_zone}{spans:?}");
                let next = schedules.len();
                let index = *index_of.entry(key).or_insert(next);
                if index == next {
                    schedules.push(Hours::Weekly {
                        text: String::new(),
                        time_zone: time_zone.clone(),
                        spans: spans.clone(),
                    });
                }
                index as u64 + 2
            }
        })
        .collect();
    (schedules, codes)
}

/// The `precision` fast field's code: smaller is more precise.
pub fn precision_code(precision: Precision) -> u64 {
    match precision {
        Precision::Address => 0,
        Precision::Zip => 1,
        Precision::City => 2,
        Precision::State => 3,
    }
}

/// A state's code and name, as the index needs them.
#[derive(Debug, Clone)]
pub struct StateName {
    /// The two-letter code (`MA`, `DC`, `PR`).
    pub code: String,
    /// The English name, searchable in the body of programs serving the state.
    pub name: String,
}

/// Everything a person might search a program by, besides its name: "crisis line
/// georgia" should find Georgia's line, so the names of the states served are in.
fn searchable_body(program: &Program, states: &[StateName]) -> String {
    let state_names: Vec<&str> = program
        .area
        .states
        .iter()
        .chain(std::iter::once(&program.address.state))
        .filter_map(|code| states.iter().find(|s| &s.code == code))
        .map(|s| s.name.as_str())
        .collect();
    [
        program.kind.label(),
        program.kind.search_terms(),
        &program.operator,
        &program.summary,
        &program.address.city,
        &program.eligibility.populations,
        &program.eligibility.ages,
        &program.eligibility.languages.join(" "),
        &state_names.join(" "),
    ]
    .join(" \n ")
}
