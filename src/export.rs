//! Exports of the directory or of any search: CSV, GeoJSON (RFC 7946) and JSON.
//! Every export says when it was made and carries the data credit.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::coverage::CountyCoverage;
use crate::hours::Hours;
use crate::model::Program;
use crate::stats::StateSummary;

/// The credit every export carries.
pub const DATA_CREDIT: &str = "Peerway directory, compiled from the public sources listed for each program \
(license: CC BY 4.0, credit Peerway and those sources). Contains data from GeoNames (geonames.org), CC BY 4.0; \
population: US Census Bureau 2020 (public domain).";

/// The header row of `programs_csv`, in column order.
pub const CSV_COLUMNS: [&str; 39] = [
    "id",
    "name",
    "kind",
    "peer_role",
    "status",
    "status_reason",
    "operator",
    "street",
    "city",
    "state",
    "zip",
    "lat",
    "lon",
    "location_precision",
    "service_area",
    "states_served",
    "counties",
    "phones",
    "texts",
    "dispatch",
    "website",
    "chat",
    "hours",
    "hours_status",
    "ages",
    "populations",
    "cost",
    "length_of_stay",
    "languages",
    "summary",
    "sources",
    "source_kinds",
    "source_dates",
    "evidence_age",
    "last_verified",
    "verification_method",
    "confidence",
    "generated_at",
    "credit",
];

fn hours_status(hours: &Hours) -> &'static str {
    hours.status_slug()
}

/// One program's row; `today` (the export's date) decides its evidence age.
fn csv_row(program: &Program, generated: &str, today: chrono::NaiveDate) -> Vec<String> {
    let join = |items: Vec<String>| items.join(" ; ");
    let location = program.location;
    vec![
        program.id.clone(),
        program.name.clone(),
        program.kind.slug().into(),
        program.peer_role.slug().into(),
        program.status.slug().into(),
        program
            .status_report
            .as_ref()
            .map(|r| r.reason.clone())
            .unwrap_or_default(),
        program.operator.clone(),
        program.address.street.clone(),
        program.address.city.clone(),
        program.address.state.clone(),
        program.address.zip.clone(),
        location
            .map(|l| format!("{:.4}", l.lat))
            .unwrap_or_default(),
        location
            .map(|l| format!("{:.4}", l.lon))
            .unwrap_or_default(),
        location
            .map(|l| l.precision.slug().to_string())
            .unwrap_or_default(),
        program.area.scope.slug().into(),
        program.area.states.join(" "),
        join(
            program
                .area
                .counties
                .iter()
                .map(|c| c.name.clone())
                .collect(),
        ),
        join(
            program
                .contact
                .phones
                .iter()
                .map(|p| {
                    let mut text = p.display.clone();
                    match p.kind {
                        crate::model::PhoneKind::Voice => {}
                        crate::model::PhoneKind::Office => text.push_str(" (office)"),
                        crate::model::PhoneKind::Dispatch => text.push_str(" (dispatch)"),
                    }
                    if !p.region.is_empty() {
                        text.push_str(&format!(" [{}]", p.region));
                    }
                    text
                })
                .collect(),
        ),
        join(
            program
                .contact
                .texts
                .iter()
                .map(|t| t.display.clone())
                .collect(),
        ),
        join(
            program
                .contact
                .dispatch
                .iter()
                .map(|d| d.number().to_string())
                .collect(),
        ),
        program.contact.website.clone().unwrap_or_default(),
        program.contact.chat.clone().unwrap_or_default(),
        program.hours.text().into(),
        hours_status(&program.hours).into(),
        program.eligibility.ages.clone(),
        program.eligibility.populations.clone(),
        program.eligibility.cost.clone(),
        program.eligibility.length_of_stay.clone(),
        program.eligibility.languages.join(" ; "),
        program.summary.clone(),
        join(program.sources.iter().map(|s| s.url.clone()).collect()),
        join(
            program
                .sources
                .iter()
                .map(|s| s.kind.slug().to_string())
                .collect(),
        ),
        join(
            program
                .sources
                .iter()
                .map(|s| s.dated.map_or("-".to_string(), |d| d.to_string()))
                .collect(),
        ),
        program.evidence_age(today).slug().to_string(),
        program.verified.date.to_string(),
        program.verified.method.slug().to_string(),
        format!("{:?}", program.confidence).to_lowercase(),
        generated.to_string(),
        DATA_CREDIT.to_string(),
    ]
}

/// One row per program, with the generation time and credit on every row so the
/// file stays a plain table any CSV reader takes.
pub fn programs_csv(programs: &[Program], generated: DateTime<Utc>) -> String {
    let today = generated.date_naive();
    let generated = generated.to_rfc3339();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_COLUMNS).expect("writing to memory");
    for program in programs {
        writer
            .write_record(csv_row(program, &generated, today))
            .expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("flushing memory")).expect("CSV of UTF-8 text")
}

/// A FeatureCollection: [lon, lat] points (national lines have no geometry), each
/// program's fields as properties, and the credit in the collection's metadata.
pub fn programs_geojson(programs: &[Program], generated: DateTime<Utc>) -> Value {
    let features: Vec<Value> = programs
        .iter()
        .map(|program| {
            let geometry = program
                .location
                .map(|l| json!({"type": "Point", "coordinates": [round(l.lon), round(l.lat)]}))
                .unwrap_or(Value::Null);
            let mut properties = serde_json::to_value(program).expect("programs serialize");
            // How exact the point is, at the top where map tools look: a point at a
            // state's or town's center is not where the program is.
            properties["location_precision"] = program
                .location
                .map_or(Value::Null, |l| json!(l.precision.slug()));
            json!({
                "type": "Feature",
                "id": program.id,
                "geometry": geometry,
                "properties": properties,
            })
        })
        .collect();
    json!({
        "type": "FeatureCollection",
        "metadata": {"generated_at": generated.to_rfc3339(), "credit": DATA_CREDIT, "count": programs.len()},
        "features": features,
    })
}

/// The programs as one JSON document (each in the API's `Program` shape), with the
/// generation time, the credit and the count.
pub fn programs_json(programs: &[Program], generated: DateTime<Utc>) -> Value {
    json!({
        "generated_at": generated.to_rfc3339(),
        "credit": DATA_CREDIT,
        "total": programs.len(),
        "programs": programs,
    })
}

/// The /states table as CSV.
pub fn states_csv(summaries: &[StateSummary], generated: DateTime<Utc>) -> String {
    let kinds = crate::model::ServiceKind::ALL;
    let mut header: Vec<String> = ["state", "name", "population_2020", "total"]
        .map(String::from)
        .to_vec();
    header.extend(kinds.iter().map(|k| k.slug().to_string()));
    header.extend(
        [
            "peer_run",
            "peer_role_known",
            "peer_run_share",
            "per_million",
            "statewide_warmline",
            "generated_at",
            "credit",
        ]
        .map(String::from),
    );
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).expect("writing to memory");
    for s in summaries {
        let mut row = vec![
            s.code.clone(),
            s.name.clone(),
            s.population_2020.to_string(),
            s.total.to_string(),
        ];
        row.extend(kinds.iter().map(|k| s.count(Some(*k)).to_string()));
        row.push(s.peer_run.to_string());
        row.push(s.role_known.to_string());
        row.push(
            s.peer_run_share()
                .map(|x| format!("{x:.3}"))
                .unwrap_or_default(),
        );
        row.push(format!("{:.2}", s.per_million(None)));
        row.push(s.has_statewide_warmline().to_string());
        row.push(generated.to_rfc3339());
        row.push(DATA_CREDIT.to_string());
        writer.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("flushing memory")).expect("CSV of UTF-8 text")
}

/// What serves each county (`/counties.csv`), one row per county in FIPS order.
pub fn counties_csv(coverage: &[CountyCoverage], generated: DateTime<Utc>) -> String {
    let kinds = crate::model::ServiceKind::ALL;
    let mut header: Vec<String> = [
        "fips",
        "state",
        "county",
        "population_2020",
        "programs_serving",
        "listing_this_county",
        "statewide",
    ]
    .map(String::from)
    .to_vec();
    header.extend(kinds.iter().map(|k| k.slug().to_string()));
    header.extend(["peer_run", "per_100k", "generated_at", "credit"].map(String::from));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).expect("writing to memory");
    for c in coverage {
        let mut row = vec![
            c.fips.clone(),
            c.state.clone(),
            c.name.clone(),
            c.population.map(|p| p.to_string()).unwrap_or_default(),
            c.serving().to_string(),
            c.listing.len().to_string(),
            c.statewide.len().to_string(),
        ];
        row.extend(kinds.iter().map(|k| c.count(Some(*k)).to_string()));
        row.push(c.peer_run.to_string());
        row.push(c.per_100k().map(|x| format!("{x:.2}")).unwrap_or_default());
        row.push(generated.to_rfc3339());
        row.push(DATA_CREDIT.to_string());
        writer.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("flushing memory")).expect("CSV of UTF-8 text")
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
