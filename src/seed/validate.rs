//! Checking one seed record and turning it into a `Program`: every field is checked,
//! every problem is collected (not just the first), and the program is geocoded from
//! its ZIP, else its city, else its state.

use chrono::NaiveDate;

use super::record::{SeedPhone, SeedRecord, SeedSource, SeedText};
use crate::geo::{fold_place_name, Geo};
use crate::hours::Hours;
use crate::model::{
    Address, AreaScope, Confidence, Contacts, Dispatch, Eligibility, EvidenceDate, Location,
    PeerRole, PeerRoleBasis, Phone, PhoneKind, Precision, Program, ProgramStatus, ServedCounty,
    ServiceArea, ServiceKind, Source, SourceKind, StatusReport, TextContact, Verification,
    VerificationMethod,
};

/// States that span two time zones: a program known only to the state level there
/// has no zone of its own, so schedule hours without a written zone stay unknown.
const TWO_ZONE_STATES: [&str; 13] = [
    "AK", "FL", "ID", "IN", "KS", "KY", "MI", "ND", "NE", "OR", "SD", "TN", "TX",
];

/// One problem with one field: what is wrong, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The dotted path of the field (`contact.phones[0].number`).
    pub field: String,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

struct Problems(Vec<FieldProblem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldProblem {
            field: field.into(),
            message: message.into(),
        });
    }
}

/// Check a record; `Ok` only when there is nothing wrong with it.
pub fn validate(record: &SeedRecord, geo: &Geo) -> Result<Program, Vec<FieldProblem>> {
    let mut problems = Problems(Vec::new());
    check_id(&record.id, &mut problems);
    if record.name.trim().is_empty() {
        problems.add("name", "must not be empty");
    }
    let kind = ServiceKind::from_slug(&record.kind);
    if kind.is_none() {
        problems.add(
            "kind",
            format!(
                "unknown kind {:?}; expected one of {}",
                record.kind,
                kind_list()
            ),
        );
    }
    let peer_role = PeerRole::from_slug(&record.peer_role);
    if peer_role.is_none() {
        problems.add(
            "peer_role",
            format!(
                "unknown peer role {:?}; expected peer_run, peer_involved, not_peer or unknown",
                record.peer_role
            ),
        );
    }
    let confidence = parse_confidence(&record.confidence, &mut problems);
    let sources = parse_sources(&record.sources, &mut problems);
    let (status, status_report) = parse_status(record, &mut problems);
    let peer_role_basis = parse_peer_role_basis(record, &mut problems);
    let verified = parse_verification(record, &mut problems);
    let contact = parse_contacts(record, &mut problems);
    let address = parse_address(record, geo, &mut problems);
    let area = parse_area(record, geo, &mut problems);
    let location = locate_program(record, &address, geo, &mut problems);
    let hours = Hours::parse(
        &record.hours.text,
        time_zone_for(&address, location.as_ref()).as_deref(),
    );

    match (kind, peer_role, confidence, verified, problems.0.is_empty()) {
        (Some(kind), Some(peer_role), Some(confidence), Some(verified), true) => Ok(Program {
            id: record.id.clone(),
            name: record.name.trim().to_string(),
            kind,
            peer_role,
            operator: record.operator.trim().to_string(),
            summary: record.summary.trim().to_string(),
            contact,
            address,
            location,
            area,
            hours,
            eligibility: Eligibility {
                ages: record.eligibility.ages.clone(),
                populations: record.eligibility.populations.clone(),
                cost: record.eligibility.cost.clone(),
                length_of_stay: record.eligibility.length_of_stay.clone(),
                languages: record.eligibility.languages.clone(),
            },
            sources,
            verified,
            confidence,
            status,
            status_report,
            also_known_as: record
                .also_known_as
                .iter()
                .map(|n| n.trim().to_string())
                .collect(),
            peer_role_basis,
            notes: record.notes.clone(),
            missing_from: Vec::new(),
            live: None,
        }),
        _ => Err(problems.0),
    }
}

fn kind_list() -> String {
    ServiceKind::ALL
        .iter()
        .map(|k| k.slug())
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_id(id: &str, problems: &mut Problems) {
    let valid = !id.is_empty()
        && id.len() <= 80
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if !valid {
        problems.add(
            "id",
            format!("{id:?} is not a slug (lower-case letters, digits and single hyphens)"),
        );
    }
}

fn parse_confidence(text: &str, problems: &mut Problems) -> Option<Confidence> {
    match text {
        "high" => Some(Confidence::High),
        "medium" => Some(Confidence::Medium),
        "low" => Some(Confidence::Low),
        other => {
            problems.add(
                "confidence",
                format!("{other:?} is not high, medium or low"),
            );
            None
        }
    }
}

fn parse_sources(sources: &[SeedSource], problems: &mut Problems) -> Vec<Source> {
    if sources.is_empty() {
        problems.add("sources", "every program needs at least one source URL");
    }
    sources
        .iter()
        .enumerate()
        .filter_map(|(i, source)| parse_source(i, source, problems))
        .collect()
}

fn parse_source(i: usize, source: &SeedSource, problems: &mut Problems) -> Option<Source> {
    let url_ok = match check_url(&source.url) {
        Ok(()) => true,
        Err(message) => {
            problems.add(format!("sources[{i}].url"), message);
            false
        }
    };
    let kind = SourceKind::from_slug(&source.kind);
    if kind.is_none() {
        problems.add(
            format!("sources[{i}].kind"),
            format!(
                "{:?} is not one of {}",
                source.kind,
                SourceKind::ALL.map(SourceKind::slug).join(", ")
            ),
        );
    }
    let dated = parse_evidence_date(&format!("sources[{i}].dated"), &source.dated, problems);
    if !url_ok {
        return None;
    }
    Some(Source {
        url: source.url.clone(),
        kind: kind?,
        dated: dated?,
    })
}

/// An optional evidence date: `Some(None)` when absent, `None` when malformed.
fn parse_evidence_date(
    field: &str,
    text: &str,
    problems: &mut Problems,
) -> Option<Option<EvidenceDate>> {
    if text.trim().is_empty() {
        return Some(None);
    }
    match EvidenceDate::parse(text) {
        Ok(date) => Some(Some(date)),
        Err(e) => {
            problems.add(field, e.to_string());
            None
        }
    }
}

fn parse_status(
    record: &SeedRecord,
    problems: &mut Problems,
) -> (ProgramStatus, Option<StatusReport>) {
    let Some(seed) = &record.status else {
        return (ProgramStatus::Active, None);
    };
    let Some(status) = ProgramStatus::from_slug(&seed.value) else {
        problems.add(
            "status.value",
            format!("{:?} is not active, uncertain or closed", seed.value),
        );
        return (ProgramStatus::Active, None);
    };
    if status == ProgramStatus::Active && seed.reason.trim().is_empty() {
        return (status, None);
    }
    if seed.reason.trim().is_empty() {
        problems.add("status.reason", "say what was reported, in our words");
    }
    if let Err(message) = check_url(&seed.source) {
        problems.add("status.source", message);
    }
    let dated = parse_evidence_date("status.dated", &seed.dated, problems).flatten();
    (
        status,
        Some(StatusReport {
            reason: seed.reason.trim().to_string(),
            source: seed.source.clone(),
            dated,
        }),
    )
}

fn parse_peer_role_basis(record: &SeedRecord, problems: &mut Problems) -> Option<PeerRoleBasis> {
    let basis = record.peer_role_basis.as_ref()?;
    if basis.quote.trim().is_empty() {
        problems.add(
            "peer_role_basis.quote",
            "quote the sentence the role rests on",
        );
    }
    if let Err(message) = check_url(&basis.source) {
        problems.add("peer_role_basis.source", message);
    }
    if record.peer_role == "unknown" {
        problems.add(
            "peer_role_basis",
            "a basis was recorded but peer_role is still unknown",
        );
    }
    Some(PeerRoleBasis {
        quote: basis.quote.trim().to_string(),
        source: basis.source.clone(),
    })
}

fn check_url(text: &str) -> Result<(), String> {
    match url::Url::parse(text) {
        Ok(url)
            if matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some_and(|h| h.contains('.')) =>
        {
            Ok(())
        }
        Ok(_) => Err(format!("{text:?} is not an http(s) URL with a host name")),
        Err(e) => Err(format!("{text:?} is not a URL: {e}")),
    }
}

fn parse_verification(record: &SeedRecord, problems: &mut Problems) -> Option<Verification> {
    let date = match (record.verified.date.date, record.verified.date.time) {
        (Some(d), None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        _ => None,
    };
    if date.is_none() {
        problems.add(
            "verified.date",
            format!("{} is not a date like 2026-11-27", record.verified.date),
        );
    }
    let method = VerificationMethod::from_slug(&record.verified.method);
    if method.is_none() {
        problems.add(
            "verified.method",
            format!(
                "{:?} is not one of {}",
                record.verified.method,
                VerificationMethod::ALL
                    .map(VerificationMethod::slug)
                    .join(", ")
            ),
        );
    }
    Some(Verification {
        date: date?,
        method: method?,
        detail: record.verified.detail.clone(),
    })
}

/// Digits of a phone number as the sources print it: 10 digits (a leading 1 is
/// dropped) or a 3-digit N11/988 short code.
pub fn phone_digits(text: &str) -> Result<String, String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let allowed = text
        .chars()
        .all(|c| c.is_ascii_digit() || " -().+".contains(c));
    let digits = match digits.len() {
        11 if digits.starts_with('1') => digits[1..].to_string(),
        _ => digits,
    };
    if !allowed {
        return Err(format!(
            "{text:?} has characters other than digits, spaces and - ( ) . +"
        ));
    }
    match digits.len() {
        10 if !digits.starts_with(['0', '1']) => Ok(digits),
        3 if Dispatch::from_number(&digits).is_some() => Ok(digits),
        _ => Err(format!(
            "{text:?} is not a 10-digit US number or 911/988/211/311"
        )),
    }
}

fn display_phone(digits: &str) -> String {
    if digits.len() == 10 {
        format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..])
    } else {
        digits.to_string()
    }
}

fn parse_phone(i: usize, phone: &SeedPhone, problems: &mut Problems) -> Option<Phone> {
    let kind = if phone.kind.is_empty() {
        Some(PhoneKind::Voice)
    } else {
        PhoneKind::from_slug(&phone.kind)
    };
    if kind.is_none() {
        problems.add(
            format!("contact.phones[{i}].type"),
            format!(
                "{:?} is not voice, office or dispatch (text numbers go in contact.texts)",
                phone.kind
            ),
        );
    }
    match phone_digits(&phone.number) {
        Ok(digits) => Some(Phone {
            display: display_phone(&digits),
            digits,
            label: phone.label.trim().to_string(),
            kind: kind?,
            region: phone.region.trim().to_string(),
            shared: phone.shared,
        }),
        Err(message) => {
            problems.add(format!("contact.phones[{i}].number"), message);
            None
        }
    }
}

fn parse_text(i: usize, text: &SeedText, problems: &mut Problems) -> Option<TextContact> {
    // Text lines also use 5- and 6-digit short codes (741741).
    let short_code =
        (5..=6).contains(&text.number.len()) && text.number.bytes().all(|b| b.is_ascii_digit());
    let digits = if short_code {
        Ok(text.number.clone())
    } else {
        phone_digits(&text.number)
    };
    match digits {
        Ok(digits) => Some(TextContact {
            display: display_phone(&digits),
            digits,
            keyword: text.keyword.trim().to_string(),
            label: text.label.trim().to_string(),
        }),
        Err(message) => {
            problems.add(format!("contact.texts[{i}].number"), message);
            None
        }
    }
}

fn parse_contacts(record: &SeedRecord, problems: &mut Problems) -> Contacts {
    let contact = &record.contact;
    let phones = contact
        .phones
        .iter()
        .enumerate()
        .filter_map(|(i, p)| parse_phone(i, p, problems))
        .collect();
    let texts = contact
        .texts
        .iter()
        .enumerate()
        .filter_map(|(i, t)| parse_text(i, t, problems))
        .collect();
    let dispatch = contact
        .dispatch
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let via = Dispatch::from_number(d);
            if via.is_none() {
                problems.add(
                    format!("contact.dispatch[{i}]"),
                    format!("{d:?} is not 911, 988, 211 or 311"),
                );
            }
            via
        })
        .collect();
    let mut url_field = |field: &str, text: &str| -> Option<String> {
        if text.is_empty() {
            return None;
        }
        if let Err(message) = check_url(text) {
            problems.add(format!("contact.{field}"), message);
        }
        Some(text.to_string())
    };
    Contacts {
        phones,
        texts,
        website: url_field("website", &contact.website),
        chat: url_field("chat", &contact.chat),
        dispatch,
        note: contact.note.trim().to_string(),
    }
}

fn parse_address(record: &SeedRecord, geo: &Geo, problems: &mut Problems) -> Address {
    let address = &record.address;
    if address.state != "US" && geo.gazetteer.state(&address.state).is_none() {
        problems.add(
            "address.state",
            format!(
                "{:?} is not a USPS state code (or US for a national program)",
                address.state
            ),
        );
    }
    if !address.zip.is_empty() {
        match geo.gazetteer.zip(&address.zip) {
            None => problems.add(
                "address.zip",
                format!("{:?} is not a 5-digit ZIP in the gazetteer", address.zip),
            ),
            Some(zip) if zip.state != address.state => problems.add(
                "address.zip",
                format!(
                    "ZIP {} is in {}, not {}",
                    address.zip, zip.state, address.state
                ),
            ),
            Some(_) => {}
        }
    }
    Address {
        street: address.street.trim().to_string(),
        city: address.city.trim().to_string(),
        state: address.state.clone(),
        zip: address.zip.clone(),
    }
}

fn parse_area(record: &SeedRecord, geo: &Geo, problems: &mut Problems) -> ServiceArea {
    let scope = match record.area.scope.as_str() {
        "local" => AreaScope::Local,
        "county" => AreaScope::County,
        "regional" => AreaScope::Regional,
        "statewide" => AreaScope::Statewide,
        "national" => AreaScope::National,
        // "Exactly the counties listed": one county is a county program, more a
        // regional one; the list itself is required.
        "counties" => {
            if record.area.counties.is_empty() {
                problems.add(
                    "area.scope",
                    "scope \"counties\" serves the counties listed: add area.counties",
                );
            }
            if record.area.counties.len() == 1 {
                AreaScope::County
            } else {
                AreaScope::Regional
            }
        }
        other => {
            problems.add(
                "area.scope",
                format!(
                    "{other:?} is not local, county, counties, regional, statewide or national"
                ),
            );
            AreaScope::Local
        }
    };
    let states = &record.area.states;
    if scope == AreaScope::National {
        if states != &["US".to_string()] {
            problems.add("area.states", "a national program serves [\"US\"]");
        }
    } else if states.is_empty() {
        problems.add("area.states", "name the state(s) the program serves");
    }
    for (i, state) in states.iter().enumerate() {
        if state != "US" && geo.gazetteer.state(state).is_none() {
            problems.add(
                format!("area.states[{i}]"),
                format!("{state:?} is not a USPS state code"),
            );
        }
    }
    if record.address.state == "US" && scope != AreaScope::National {
        problems.add(
            "address.state",
            "only a national program may have state \"US\"",
        );
    }
    ServiceArea {
        scope,
        states: states.clone(),
        counties: parse_counties(record, geo, problems),
    }
}

/// Each named county checked against the gazetteer (with the closest names when
/// it is not there) and against the program's states.
fn parse_counties(record: &SeedRecord, geo: &Geo, problems: &mut Problems) -> Vec<ServedCounty> {
    let mut counties: Vec<ServedCounty> = Vec::new();
    for (i, label) in record.area.counties.iter().enumerate() {
        let field = format!("area.counties[{i}]");
        let county = match geo.counties.parse_label(label) {
            Ok(county) => county,
            Err(suggestions) => {
                let hint = match suggestions.as_slice() {
                    [] => {
                        "write it as the Census Bureau names it, \"<name> County, ST\"".to_string()
                    }
                    many => format!("did you mean {}?", many.join(" or ")),
                };
                problems.add(
                    field,
                    format!("{label:?} is not a county in the gazetteer; {hint}"),
                );
                continue;
            }
        };
        let in_states = record
            .area
            .states
            .iter()
            .any(|s| s == &county.state || s == "US");
        if !in_states {
            problems.add(
                field,
                format!(
                    "{} is not in area.states {:?}",
                    county.label(),
                    record.area.states
                ),
            );
            continue;
        }
        let served = ServedCounty {
            fips: county.fips_code(),
            name: county.label(),
        };
        if counties.contains(&served) {
            problems.add(field, format!("{} is listed twice", served.name));
            continue;
        }
        counties.push(served);
    }
    counties
}

/// Coordinates from the record itself (address precision), else the ZIP, else the
/// city in its state, else the state's interior point. National programs have none.
fn locate_program(
    record: &SeedRecord,
    address: &Address,
    geo: &Geo,
    problems: &mut Problems,
) -> Option<Location> {
    if let Some(own) = &record.location {
        if !(17.0..=72.0).contains(&own.lat) || !(-180.0..=-60.0).contains(&own.lon) {
            problems.add(
                "location",
                format!("{},{} is not in the United States", own.lat, own.lon),
            );
            return None;
        }
        return Some(Location {
            lat: own.lat,
            lon: own.lon,
            precision: Precision::Address,
        });
    }
    if let Some(zip) = geo.gazetteer.zip(&address.zip) {
        return Some(Location {
            lat: zip.lat,
            lon: zip.lon,
            precision: Precision::Zip,
        });
    }
    if !address.city.is_empty() {
        // "Portland (metro area)": the parenthetical is a note, the city is Portland.
        let city = address.city.split('(').next().unwrap_or_default().trim();
        if let Some(place) = geo.gazetteer.place(city, &address.state) {
            return Some(Location {
                lat: place.lat,
                lon: place.lon,
                precision: Precision::City,
            });
        }
        if address.state != "US" {
            problems.add(
                "address.city",
                format!(
                    "no place {:?} in {} in the gazetteer (folded: {:?})",
                    city,
                    address.state,
                    fold_place_name(city)
                ),
            );
        }
    }
    geo.gazetteer.state(&address.state).map(|state| Location {
        lat: state.lat,
        lon: state.lon,
        precision: Precision::State,
    })
}

/// The IANA zone of a program's place, when its place pins one down.
fn time_zone_for(address: &Address, location: Option<&Location>) -> Option<String> {
    let location = location?;
    if location.precision == Precision::State && TWO_ZONE_STATES.contains(&address.state.as_str()) {
        return None;
    }
    crate::geo::time_zone_at(location.lat, location.lon)
}

#[cfg(test)]
mod tests {
    use super::phone_digits;

    #[test]
    fn phone_digits_accepts_us_numbers_and_short_codes_only() {
        assert_eq!(phone_digits("413-570-2990").unwrap(), "4135702990");
        assert_eq!(phone_digits("1-800-981-0023").unwrap(), "8009810023");
        assert_eq!(phone_digits("(413) 570.2990").unwrap(), "4135702990");
        assert_eq!(phone_digits("988").unwrap(), "988");
        assert!(phone_digits("555-12").is_err());
        assert!(
            phone_digits("123-456-7890").is_err(),
            "area codes never start with 1"
        );
        assert!(
            phone_digits("1-866-SAFEMIA").is_err(),
            "letters must be turned into digits in seed-data"
        );
        assert!(phone_digits("411").is_err());
    }
}
