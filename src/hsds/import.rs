//! HSDS services into Peerway seed records. One path for `peerway import --hsds`
//! and the crawler's HSDS extractor: whatever the input (a service, a list, an API
//! `Page`, a bulk export, a Tabular Data Package), each service becomes a
//! `SeedRecord`, and what HSDS cannot say (a Peerway kind, say) is left empty for
//! `peerway check` to flag — never filled in.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;

use super::service::{COUNTY_AREA, DISPATCH_PREFIX, OFFICE_PREFIX, REGION_MARK};
use super::taxonomy::{taxonomy_terms, FIELD_TAXONOMY, KIND_TAXONOMY, PEER_ROLE_TAXONOMY};
use crate::seed::record::{
    toml_date, SeedAddress, SeedArea, SeedContact, SeedEligibility, SeedHours, SeedLocation,
    SeedPeerRoleBasis, SeedPhone, SeedRecord, SeedSource, SeedStatus, SeedText, SeedVerified,
};

pub use super::error::ImportError;

/// Every service in an HSDS JSON document, whatever its wrapper.
pub fn services_in(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().flat_map(services_in).collect(),
        Value::Object(object) => {
            if let Some(contents) = object.get("contents") {
                services_in(contents)
            } else if let Some(services) = object.get("services") {
                services_in(services)
            } else if object.contains_key("id")
                && object.contains_key("name")
                && !object.contains_key("services")
            {
                vec![value]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// term id -> (taxonomy, code) for Peerway's own terms.
fn peerway_terms() -> HashMap<String, (String, String)> {
    taxonomy_terms()
        .into_iter()
        .map(|t| {
            (
                text(&t, "id").to_string(),
                (
                    text(&t, "taxonomy").to_string(),
                    text(&t, "code").to_string(),
                ),
            )
        })
        .collect()
}

/// A slug from a name, for services that do not carry a Peerway id.
pub fn slug(name: &str) -> String {
    let folded = crate::geo::fold_place_name(name);
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .take(60)
        .collect::<String>()
        .trim_matches('-')
        .to_string()
}

/// One HSDS service as a seed record. `source` names where the data was read
/// (used when the service carries no source of its own); `today` dates it when the
/// service has no `assured_date`.
pub fn record_from_service(service: &Value, source: &str, today: NaiveDate) -> SeedRecord {
    let terms = peerway_terms();
    let mut fields: HashMap<String, Vec<String>> = HashMap::new();
    let mut kind = String::new();
    let mut peer_role = String::new();
    for attribute in list(service, "attributes") {
        let Some((taxonomy, code)) = terms.get(text(attribute, "taxonomy_term_id")) else {
            continue;
        };
        let value = text(attribute, "value").to_string();
        match taxonomy.as_str() {
            KIND_TAXONOMY => kind = code.clone(),
            PEER_ROLE_TAXONOMY => peer_role = code.clone(),
            FIELD_TAXONOMY => fields.entry(code.clone()).or_default().push(value),
            _ => {}
        }
    }
    let first = |code: &str| {
        fields
            .get(code)
            .and_then(|v| v.first())
            .cloned()
            .unwrap_or_default()
    };
    let all = |code: &str| fields.get(code).cloned().unwrap_or_default();

    let url = text(service, "url");
    let evidence: HashMap<String, (String, String)> = all("source_evidence")
        .iter()
        .filter_map(|v| {
            let mut parts = v.splitn(3, ' ');
            let (url, kind, dated) = (parts.next()?, parts.next()?, parts.next()?);
            let dated = if dated == "-" { "" } else { dated };
            Some((url.to_string(), (kind.to_string(), dated.to_string())))
        })
        .collect();
    let mut sources: Vec<SeedSource> = all("source")
        .into_iter()
        .map(|url| {
            // HSDS from elsewhere says nothing of the page: a directory entry, undated.
            let (kind, dated) = evidence
                .get(&url)
                .cloned()
                .unwrap_or_else(|| ("directory".to_string(), String::new()));
            SeedSource { url, kind, dated }
        })
        .collect();
    if sources.is_empty() {
        sources.push(SeedSource {
            url: if url.starts_with("http") {
                url.to_string()
            } else {
                source.to_string()
            },
            kind: "directory".to_string(),
            dated: String::new(),
        });
    }
    let status = match first("status").as_str() {
        "" | "active" => None,
        value => Some(SeedStatus {
            value: value.to_string(),
            reason: first("status_reason"),
            source: first("status_source"),
            dated: first("status_dated"),
        }),
    };
    let peer_role_basis = fields
        .get("peer_role_basis")
        .and_then(|v| v.first())
        .and_then(|v| v.split_once(' '))
        .map(|(source, quote)| SeedPeerRoleBasis {
            quote: quote.to_string(),
            source: source.to_string(),
        });
    let verification = list(service, "metadata")
        .iter()
        .find(|m| text(m, "field_name") == "verification_method");
    let date =
        NaiveDate::parse_from_str(text(service, "assured_date"), "%Y-%m-%d").unwrap_or(today);
    let verified = SeedVerified {
        date: toml_date(date),
        method: verification
            .map_or("crawl", |m| text(m, "replacement_value"))
            .to_string(),
        detail: verification.map_or(format!("Imported from HSDS data ({source})."), |m| {
            text(m, "updated_by").to_string()
        }),
    };

    let keywords: HashMap<String, String> = all("text_keyword")
        .iter()
        .filter_map(|v| {
            v.split_once(' ')
                .map(|(digits, keyword)| (digits.to_string(), keyword.to_string()))
        })
        .collect();
    let mut contact = SeedContact {
        website: url.to_string(),
        chat: first("chat"),
        note: first("contact_note"),
        ..SeedContact::default()
    };
    for phone in list(service, "phones") {
        let number = text(phone, "number").to_string();
        let description = text(phone, "description").to_string();
        if description.starts_with("Dispatch only") {
            contact.dispatch.push(number);
        } else if text(phone, "type") == "text" {
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            contact.texts.push(SeedText {
                keyword: keywords.get(&digits).cloned().unwrap_or_default(),
                number,
                label: description,
            });
        } else {
            let (label, region) = match description.split_once(REGION_MARK) {
                Some((label, region)) => (label.to_string(), region.to_string()),
                None => (description, String::new()),
            };
            let (kind, label) = if let Some(rest) = label.strip_prefix(OFFICE_PREFIX.trim_end()) {
                ("office".to_string(), rest.trim().to_string())
            } else if let Some(rest) = label.strip_prefix(DISPATCH_PREFIX.trim_end()) {
                ("dispatch".to_string(), rest.trim().to_string())
            } else {
                (String::new(), label)
            };
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            let shared = all("shared_phone").contains(&digits);
            contact.phones.push(SeedPhone {
                number,
                label,
                kind,
                region,
                shared,
            });
        }
    }

    let location = list(service, "service_at_locations")
        .first()
        .and_then(|sal| sal.get("location"));
    let address = location.and_then(|l| list(l, "addresses").first());
    let scope = match first("area_scope") {
        s if s.is_empty() => "local".to_string(),
        s => s,
    };
    let state = match address {
        Some(a) => text(a, "state_province").to_string(),
        None if scope == "national" => "US".to_string(),
        None => first("area_states")
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string(),
    };
    let states: Vec<String> = match first("area_states") {
        s if s.is_empty() => vec![if scope == "national" {
            "US".to_string()
        } else {
            state.clone()
        }],
        s => s.split_whitespace().map(str::to_string).collect(),
    };
    // Peerway's own exports write one service area per county served.
    let counties: Vec<String> = service
        .get("service_areas")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter(|area| text(area, "description").starts_with(COUNTY_AREA))
        .map(|area| text(area, "name").to_string())
        .collect();
    // Peerway's own exports mark derived points; only a source's own point is kept.
    let own_point = location.filter(|l| {
        let description = text(l, "description");
        !description.starts_with("Point located to")
            || description == "Point located to address level"
    });
    let seed_location = own_point.and_then(|l| {
        Some(SeedLocation {
            lat: l.get("latitude")?.as_f64()?,
            lon: l.get("longitude")?.as_f64()?,
        })
    });

    SeedRecord {
        id: match first("program_id") {
            id if id.is_empty() => slug(text(service, "name")),
            id => id,
        },
        name: text(service, "name").to_string(),
        kind,
        peer_role: if peer_role.is_empty() {
            "unknown".into()
        } else {
            peer_role
        },
        operator: service
            .get("organization")
            .map(|o| text(o, "name").to_string())
            .unwrap_or_default(),
        summary: text(service, "description").to_string(),
        confidence: match first("confidence") {
            c if c.is_empty() => "medium".into(),
            c => c,
        },
        sources,
        notes: all("note"),
        also_known_as: all("also_known_as"),
        peer_role_basis,
        status,
        verified,
        contact,
        address: SeedAddress {
            street: address
                .map(|a| text(a, "address_1").to_string())
                .unwrap_or_default(),
            city: address
                .map(|a| text(a, "city").to_string())
                .unwrap_or_default(),
            state,
            zip: address
                .map(|a| text(a, "postal_code").to_string())
                .unwrap_or_default(),
        },
        location: seed_location,
        area: SeedArea {
            scope,
            states,
            counties,
        },
        hours: SeedHours {
            text: hours_text(service),
        },
        eligibility: SeedEligibility {
            ages: first("ages"),
            populations: match first("populations") {
                p if p.is_empty() => text(service, "eligibility_description").to_string(),
                p => p,
            },
            cost: text(service, "fees_description").to_string(),
            length_of_stay: first("length_of_stay"),
            languages: list(service, "languages")
                .iter()
                .map(|l| text(l, "name").to_string())
                .collect(),
        },
    }
}

/// The hours as written (`description`), else built from the structured days and
/// times the source gave ("Mon 09:00-17:00; Tue …").
fn hours_text(service: &Value) -> String {
    let schedules = list(service, "schedules");
    if let Some(description) = schedules
        .iter()
        .map(|s| text(s, "description"))
        .find(|d| !d.is_empty())
    {
        return description.to_string();
    }
    const DAYS: [(&str, &str); 7] = [
        ("MO", "Mon"),
        ("TU", "Tue"),
        ("WE", "Wed"),
        ("TH", "Thu"),
        ("FR", "Fri"),
        ("SA", "Sat"),
        ("SU", "Sun"),
    ];
    let mut parts = Vec::new();
    for schedule in schedules {
        let (opens, closes) = (text(schedule, "opens_at"), text(schedule, "closes_at"));
        if text(schedule, "freq") != "WEEKLY" || opens.len() < 5 || closes.len() < 5 {
            continue;
        }
        for day in text(schedule, "byday").split(',') {
            if let Some((_, name)) = DAYS.iter().find(|(code, _)| *code == day.trim()) {
                parts.push(format!("{name} {}-{}", &opens[..5], &closes[..5]));
            }
        }
    }
    parts.join("; ")
}

/// Read HSDS JSON, or a Tabular Data Package (a folder or its `datapackage.json`).
pub fn read_services(path: &Path) -> Result<Vec<Value>, ImportError> {
    let package = if path.is_dir() {
        Some(path.join("datapackage.json"))
    } else if path.file_name().is_some_and(|n| n == "datapackage.json") {
        Some(path.to_path_buf())
    } else {
        None
    };
    if let Some(package) = package {
        return super::tabular::read_package(&package);
    }
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let value: Value = serde_json::from_str(&text).map_err(|e| ImportError::Read {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    Ok(services_in(&value).into_iter().cloned().collect())
}

/// A seed file's text: the record as TOML under a line saying where it came from.
pub fn seed_file_text(record: &SeedRecord, origin: &str) -> String {
    let body = toml::to_string(record).expect("seed records serialize");
    format!("# {} — imported from {origin}\n{body}", record.name)
}

/// Where a record goes in a seed folder: `programs/<state>/<id>.toml`.
pub fn seed_path(seed_dir: &Path, record: &SeedRecord) -> PathBuf {
    let state = if record.address.state.is_empty() {
        "unknown".to_string()
    } else {
        record.address.state.to_lowercase()
    };
    seed_dir
        .join("programs")
        .join(state)
        .join(format!("{}.toml", record.id))
}

/// Write a file atomically and durably (`crate::atomic`): a crash leaves either
/// the old file or the new one, never half of one.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), ImportError> {
    crate::atomic::write_file(path, text.as_bytes()).map_err(|source| ImportError::Io {
        path: path.display().to_string(),
        source,
    })
}
