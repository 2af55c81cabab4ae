//! A Peerway program as a fully nested HSDS 3.0 `service`.

use chrono::{NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;
use serde_json::{json, Value};

use super::stable_id;
use super::taxonomy::{term_id, FIELD_TAXONOMY, KIND_TAXONOMY, PEER_ROLE_TAXONOMY};
use crate::geo::Geo;
use crate::hours::Hours;
use crate::model::{AreaScope, Confidence, PhoneKind, Program, ProgramStatus};

const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// The HSDS id of a program's service (stable across builds and servers).
pub fn service_id(program: &Program) -> String {
    stable_id("service", &program.id)
}

/// The HSDS id of an operator (programs run by one operator share it).
pub fn organization_id(operator: &str) -> String {
    stable_id("organization", operator)
}

/// The organization behind a program; programs with no named operator get none.
pub fn organization(program: &Program) -> Option<Value> {
    (!program.operator.is_empty()).then(|| {
        json!({
            "id": organization_id(&program.operator),
            "name": program.operator,
            "description": "",
        })
    })
}

/// How a service area for one county is described, so an export can be read back
/// (`hsds::import`).
pub const COUNTY_AREA: &str = "county (FIPS";

fn attribute(service: &str, taxonomy: &str, code: &str, value: &str) -> Value {
    json!({
        "id": stable_id("attribute", &format!("{service}:{taxonomy}:{code}:{value}")),
        "link_id": service,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term_id(taxonomy, code),
        "value": value,
    })
}

fn confidence_slug(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
    }
}

/// The status its staff set wins over the evidence's: HSDS has "temporarily closed".
fn hsds_live_status(program: &Program) -> &'static str {
    match program.live.as_ref().and_then(|live| live.status) {
        Some(crate::model::LiveStatus::TemporarilyClosed) => "temporarily closed",
        Some(crate::model::LiveStatus::Closed) => "defunct",
        _ => hsds_status(program.status),
    }
}

/// HSDS's service status for a Peerway status: a closed program is `defunct`.
fn hsds_status(status: ProgramStatus) -> &'static str {
    match status {
        ProgramStatus::Active | ProgramStatus::Uncertain => "active",
        ProgramStatus::Closed => "defunct",
    }
}

fn attributes(program: &Program, service: &str) -> Vec<Value> {
    attribute_values(program)
        .into_iter()
        .map(|(taxonomy, code, value)| attribute(service, taxonomy, code, &value))
        .collect()
}

/// The taxonomy terms a program's service carries as attributes, as (taxonomy,
/// code) pairs, without drawing any JSON: what the HSDS API filters by
/// (`taxonomy_term_id`, `taxonomy_id`), from the same list the service shows.
pub fn attribute_terms(program: &Program) -> Vec<(&'static str, &'static str)> {
    let mut terms: Vec<(&'static str, &'static str)> = attribute_values(program)
        .into_iter()
        .map(|(taxonomy, code, _)| (taxonomy, code))
        .collect();
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// Every attribute of a program's service as (taxonomy, term code, value), in the
/// order the service lists them.
fn attribute_values(program: &Program) -> Vec<(&'static str, &'static str, String)> {
    let field = |code: &'static str, value: &str| (FIELD_TAXONOMY, code, value.to_string());
    let mut attributes = vec![
        (
            KIND_TAXONOMY,
            program.kind.slug(),
            program.kind.slug().to_string(),
        ),
        (
            PEER_ROLE_TAXONOMY,
            program.peer_role.slug(),
            program.peer_role.slug().to_string(),
        ),
        field("program_id", &program.id),
        field("confidence", confidence_slug(program.confidence)),
        field("area_scope", program.area.scope.slug()),
        field("area_states", &program.area.states.join(" ")),
    ];
    attributes.extend(program.sources.iter().map(|s| field("source", &s.url)));
    attributes.extend(program.sources.iter().map(|s| {
        let dated = s.dated.map_or("-".to_string(), |d| d.to_string());
        field(
            "source_evidence",
            &format!("{} {} {dated}", s.url, s.kind.slug()),
        )
    }));
    attributes.push(field(
        "evidence_age",
        program.evidence_age(chrono::Utc::now().date_naive()).slug(),
    ));
    attributes.extend(
        program
            .contact
            .phones
            .iter()
            .filter(|p| p.shared)
            .map(|p| field("shared_phone", &p.digits)),
    );
    attributes.push(field("status", program.status.slug()));
    if let Some(report) = &program.status_report {
        attributes.push(field("status_reason", &report.reason));
        attributes.push(field("status_source", &report.source));
        if let Some(dated) = report.dated {
            attributes.push(field("status_dated", &dated.to_string()));
        }
    }
    attributes.extend(
        program
            .also_known_as
            .iter()
            .map(|name| field("also_known_as", name)),
    );
    if let Some(basis) = &program.peer_role_basis {
        attributes.push(field(
            "peer_role_basis",
            &format!("{} {}", basis.source, basis.quote),
        ));
    }
    attributes.extend(program.notes.iter().map(|n| field("note", n)));
    // Beds free now, as the program said (live; gone once it expires).
    if let Some(availability) = program.live.as_ref().and_then(|l| l.availability.as_ref()) {
        if let Some(free) = availability.beds_free {
            attributes.push(field("beds_free", &free.to_string()));
        }
        if let Some(total) = availability.beds_total {
            attributes.push(field("beds_total", &total.to_string()));
        }
        attributes.push(field(
            "accepting_guests",
            if availability.accepting_guests {
                "yes"
            } else {
                "no"
            },
        ));
        attributes.push(field(
            "waitlist",
            if availability.waitlist { "yes" } else { "no" },
        ));
        attributes.push(field(
            "availability_updated",
            &availability.updated_at.to_rfc3339(),
        ));
        attributes.push(field(
            "availability_expires",
            &availability.expires_at.to_rfc3339(),
        ));
    }
    let eligibility = &program.eligibility;
    for text in program
        .contact
        .texts
        .iter()
        .filter(|t| !t.keyword.is_empty())
    {
        attributes.push(field(
            "text_keyword",
            &format!("{} {}", text.digits, text.keyword),
        ));
    }
    if let Hours::Weekly { time_zone, .. } = &program.hours {
        attributes.push(field("time_zone", time_zone));
    }
    if let Some(chat) = &program.contact.chat {
        attributes.push(field("chat", chat));
    }
    for (code, value) in [
        ("ages", &eligibility.ages),
        ("populations", &eligibility.populations),
        ("length_of_stay", &eligibility.length_of_stay),
        ("contact_note", &program.contact.note),
    ] {
        if !value.is_empty() {
            attributes.push(field(code, value));
        }
    }
    attributes
}

fn phones(program: &Program, service: &str) -> Vec<Value> {
    let mut phones: Vec<Value> = program
        .contact
        .phones
        .iter()
        .map(|p| {
            // HSDS has no "office" phone type: the description says it, in a form
            // the importer reads back.
            let prefix = match p.kind {
                PhoneKind::Voice => "",
                PhoneKind::Office => OFFICE_PREFIX,
                PhoneKind::Dispatch => DISPATCH_PREFIX,
            };
            let mut description = if p.label.is_empty() {
                prefix.trim_end().to_string()
            } else {
                format!("{prefix}{}", p.label)
            };
            if !p.region.is_empty() {
                description = format!("{description}{REGION_MARK}{}", p.region);
            }
            json!({
                "id": stable_id("phone", &format!("{service}:{}:{}:{}", p.kind.slug(), p.digits, p.label)),
                "service_id": service,
                "number": p.display,
                "type": "voice",
                "description": description,
            })
        })
        .collect();
    phones.extend(program.contact.texts.iter().map(|t| {
        json!({
            "id": stable_id("phone", &format!("{service}:text:{}:{}", t.digits, t.keyword)),
            "service_id": service,
            "number": t.display,
            "type": "text",
            "description": t.label,
        })
    }));
    // Dispatch numbers are public lines, not the program's own: described as such.
    phones.extend(program.contact.dispatch.iter().map(|via| {
        json!({
            "id": stable_id("phone", &format!("{service}:dispatch:{}", via.number())),
            "service_id": service,
            "number": via.number(),
            "type": "voice",
            "description": format!("Dispatch only: call {} and ask for {}", via.number(), program.name),
        })
    }));
    phones
}

/// The zone's standard UTC offset in hours (HSDS keeps an offset, not a zone).
fn standard_offset_hours(zone: &str) -> Option<f64> {
    let tz: Tz = zone.parse().ok()?;
    let january = NaiveDate::from_ymd_opt(2026, 1, 15)?.and_hms_opt(12, 0, 0)?;
    let offset = tz
        .offset_from_utc_datetime(&january)
        .fix()
        .local_minus_utc();
    Some(f64::from(offset) / 3600.0)
}

fn clock(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

fn schedules(program: &Program, service: &str) -> Vec<Value> {
    let base = |key: &str| {
        json!({
            "id": stable_id("schedule", &format!("{service}:{key}")),
            "service_id": service,
            "description": program.hours.text(),
        })
    };
    match &program.hours {
        Hours::Unknown { text } if text.is_empty() => Vec::new(),
        Hours::Unknown { .. } => vec![base("text")],
        Hours::AlwaysOpen { .. } => {
            let mut schedule = base("always");
            let object = schedule.as_object_mut().expect("object");
            object.insert("freq".into(), json!("WEEKLY"));
            object.insert("byday".into(), json!(DAYS.join(",")));
            object.insert("opens_at".into(), json!("00:00"));
            object.insert("closes_at".into(), json!("23:59"));
            vec![schedule]
        }
        Hours::Weekly {
            time_zone, spans, ..
        } => spans
            .iter()
            .map(|span| {
                let key = format!("{}:{}:{}", span.day, span.open_minute, span.close_minute);
                let mut schedule = base(&key);
                let object = schedule.as_object_mut().expect("object");
                object.insert("freq".into(), json!("WEEKLY"));
                object.insert("byday".into(), json!(DAYS[usize::from(span.day)]));
                object.insert("opens_at".into(), json!(clock(span.open_minute)));
                object.insert("closes_at".into(), json!(clock(span.close_minute)));
                if let Some(offset) = standard_offset_hours(time_zone) {
                    object.insert("timezone".into(), json!(offset));
                }
                schedule
            })
            .collect(),
    }
}

fn service_areas(program: &Program, service: &str, geo: &Geo) -> Vec<Value> {
    match program.area.scope {
        AreaScope::National => vec![json!({
            "id": stable_id("service_area", &format!("{service}:US")),
            "service_id": service,
            "name": "United States",
            "description": "national",
        })],
        AreaScope::Statewide => program
            .area
            .states
            .iter()
            .map(|code| {
                let name = geo
                    .gazetteer
                    .state(code)
                    .map_or(code.clone(), |s| s.name.clone());
                let mut area = json!({
                    "id": stable_id("service_area", &format!("{service}:{code}")),
                    "service_id": service,
                    "name": name,
                    "description": "statewide",
                });
                if let Some(shape) = geo.shapes.outline(code) {
                    let geometry = geojson::Geometry::from(shape);
                    let object = area.as_object_mut().expect("object");
                    object.insert("extent".into(), json!(geometry.to_string()));
                    object.insert("extent_type".into(), json!("geojson"));
                }
                area
            })
            .collect(),
        _ if !program.area.counties.is_empty() => program
            .area
            .counties
            .iter()
            .map(|county| {
                let mut area = json!({
                    "id": stable_id("service_area", &format!("{service}:{}", county.fips)),
                    "service_id": service,
                    "name": county.name,
                    "description": format!("{COUNTY_AREA} {})", county.fips),
                });
                if let Some(shape) = geo.counties.outline(county.fips_number()) {
                    let geometry = geojson::Geometry::from(shape);
                    let object = area.as_object_mut().expect("object");
                    object.insert("extent".into(), json!(geometry.to_string()));
                    object.insert("extent_type".into(), json!("geojson"));
                }
                area
            })
            .collect(),
        scope => vec![json!({
            "id": stable_id("service_area", &format!("{service}:{}", scope.slug())),
            "service_id": service,
            "name": program.place_label(),
            "description": scope.slug(),
        })],
    }
}

/// Where the program is, when it has a place of its own.
pub fn location(program: &Program) -> Option<Value> {
    let address = &program.address;
    let nothing_known =
        address.street.is_empty() && address.city.is_empty() && address.zip.is_empty();
    if address.state == "US" && nothing_known {
        return None;
    }
    let location_id = stable_id("location", &program.id);
    let mut location = json!({
        "id": location_id,
        "location_type": "physical",
        "name": program.name,
        "addresses": [{
            "id": stable_id("address", &program.id),
            "location_id": location_id,
            "address_1": program.address.street,
            "city": program.address.city,
            "state_province": program.address.state,
            "postal_code": program.address.zip,
            "country": "US",
            "address_type": "physical",
        }],
    });
    if let Some(point) = &program.location {
        let object = location.as_object_mut().expect("object");
        object.insert("latitude".into(), json!(point.lat));
        object.insert("longitude".into(), json!(point.lon));
        object.insert(
            "description".into(),
            json!(format!("Point located to {} level", point.precision.slug())),
        );
    }
    Some(location)
}

/// The program at its place, when it has one (national lines have none).
pub fn service_at_location(program: &Program) -> Option<Value> {
    let location = location(program)?;
    Some(json!({
        "id": stable_id("service_at_location", &program.id),
        "service_id": service_id(program),
        "location_id": location["id"],
        "location": location,
    }))
}

/// How an office number's description starts in HSDS (no phone type says it).
pub const OFFICE_PREFIX: &str = "Office, not the service line: ";
/// How a dispatch line's description starts in HSDS.
pub const DISPATCH_PREFIX: &str = "Dispatch line, not the program's own: ";
/// What separates a phone's label from the region it serves in HSDS descriptions.
pub const REGION_MARK: &str = " | serves: ";

/// The fully nested service.
pub fn service(program: &Program, geo: &Geo) -> Value {
    let id = service_id(program);
    let verified = program.verified.date.to_string();
    let mut service = json!({
        "id": id,
        "name": program.name,
        "description": program.summary,
        "status": hsds_live_status(program),
        "alternate_name": program.also_known_as.join("; "),
        "fees_description": program.eligibility.cost,
        "eligibility_description": program.eligibility.populations,
        "assured_date": verified,
        "last_modified": format!("{verified}T00:00:00Z"),
        "phones": phones(program, &id),
        "schedules": schedules(program, &id),
        "service_areas": service_areas(program, &id, geo),
        "service_at_locations": service_at_location(program).into_iter().collect::<Vec<_>>(),
        "languages": program.eligibility.languages.iter().map(|l| json!({
            "id": stable_id("language", &format!("{id}:{l}")),
            "service_id": id,
            "name": l,
        })).collect::<Vec<_>>(),
        "attributes": attributes(program, &id),
        "metadata": [{
            "id": stable_id("metadata", &format!("{id}:verified")),
            "resource_id": id,
            "resource_type": "service",
            "last_action_date": verified,
            "last_action_type": "verified",
            "field_name": "verification_method",
            "previous_value": "",
            "replacement_value": program.verified.method.slug(),
            "updated_by": program.verified.detail,
        }],
    });
    let object = service.as_object_mut().expect("object");
    if let Some(website) = &program.contact.website {
        object.insert("url".into(), json!(website));
    }
    if let Some(organization) = organization(program) {
        object.insert("organization_id".into(), organization["id"].clone());
        object.insert("organization".into(), organization);
    }
    service
}

/// The service without its nested tables: what `/services` lists by default.
pub fn service_summary(program: &Program) -> Value {
    let mut service = json!({
        "id": service_id(program),
        "name": program.name,
        "description": program.summary,
        "status": hsds_live_status(program),
        "assured_date": program.verified.date.to_string(),
        "last_modified": format!("{}T00:00:00Z", program.verified.date),
    });
    let object = service.as_object_mut().expect("object");
    if let Some(website) = &program.contact.website {
        object.insert("url".into(), json!(website));
    }
    if !program.operator.is_empty() {
        object.insert(
            "organization_id".into(),
            json!(organization_id(&program.operator)),
        );
    }
    service
}
