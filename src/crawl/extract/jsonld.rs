//! schema.org JSON-LD in HTML pages: `<script type="application/ld+json">` blocks
//! describing an Organization, LocalBusiness, MedicalOrganization,
//! ProfessionalService, EmergencyService (and their common sub-types).
//!
//! Pages write JSON-LD in many ways, all read here: a `@graph`, nodes nested in
//! other nodes (`WebPage.mainEntity`, `parentOrganization`), `@id` references,
//! `schema:` or full-URL property names, language-tagged values
//! (`{"@value": …, "@language": "en"}`), numbers for telephones, blocks wrapped in
//! CDATA or starting with a byte order mark. Every organisation-like node is its own
//! record; which of them is the program a page was read for is the merge's choice.
//! Microdata is not read: none of the program sites we list uses it where JSON-LD is
//! absent, and the crawler would otherwise guess at partial markup.

use std::collections::HashMap;

use scraper::{Html, Selector};
use serde_json::{Map, Value};

use super::{ExtractedRecord, Extraction};

/// The schema.org types that describe a program (a place or an organisation).
const PROGRAM_TYPES: [&str; 17] = [
    "Organization",
    "LocalBusiness",
    "MedicalOrganization",
    "EmergencyService",
    "NGO",
    "MedicalClinic",
    "MedicalBusiness",
    "HealthAndBeautyBusiness",
    "GovernmentOrganization",
    "Hospital",
    "ProfessionalService",
    "CommunityHealth",
    "Corporation",
    "Service",
    "GovernmentService",
    "Physician",
    "Psychiatric",
];

/// Reads every organization-like JSON-LD node of an HTML page into a record.
pub fn extract(page: &str) -> Extraction {
    let mut extraction = Extraction::default();
    let html = Html::parse_document(page);
    let selector =
        Selector::parse(r#"script[type="application/ld+json"]"#).expect("a valid selector");
    let mut blocks = 0;
    for (i, script) in html.select(&selector).enumerate() {
        blocks += 1;
        let text: String = script.text().collect();
        match serde_json::from_str::<Value>(unwrap_block(&text)) {
            Ok(value) => {
                let value = without_prefixes(value);
                let ids = nodes_by_id(&value);
                let mut nodes = Vec::new();
                collect_nodes(&value, &mut nodes, 0);
                let mut seen_ids = Vec::new();
                for node in nodes.into_iter().filter(|n| is_program(n)) {
                    if let Some(id) = node.get("@id").and_then(Value::as_str) {
                        if seen_ids.contains(&id) {
                            continue;
                        }
                        seen_ids.push(id);
                    }
                    extraction.records.push(record_from_node(node, &ids));
                }
            }
            Err(e) => extraction
                .warnings
                .push(format!("JSON-LD block {} does not parse: {e}", i + 1)),
        }
    }
    extraction.records.retain(|r| !r.get("name").is_empty());
    if extraction.records.is_empty() {
        extraction.warnings.push(match blocks {
            0 => "no JSON-LD on this page".to_string(),
            n => format!("no program node on this page ({n} JSON-LD block(s) read)"),
        });
    }
    extraction
}

/// The JSON inside a script element: without a byte order mark, HTML comment
/// markers or a CDATA wrapper (`//<![CDATA[ … //]]>`).
fn unwrap_block(text: &str) -> &str {
    let mut text = text.trim().trim_start_matches('\u{feff}').trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = text.strip_prefix(open) {
            text = inner.trim_end().strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    text
}

/// `schema:name`, `http://schema.org/name` → `name`, in keys and in `@type` values.
fn without_prefixes(value: Value) -> Value {
    fn bare(text: &str) -> &str {
        ["schema:", "https://schema.org/", "http://schema.org/"]
            .iter()
            .find_map(|prefix| text.strip_prefix(prefix))
            .unwrap_or(text)
    }
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(without_prefixes).collect()),
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, value) in map {
                let value = match (key.as_str(), value) {
                    ("@type", Value::String(t)) => Value::String(bare(&t).to_string()),
                    ("@type", Value::Array(ts)) => Value::Array(
                        ts.into_iter()
                            .map(|t| match t {
                                Value::String(t) => Value::String(bare(&t).to_string()),
                                other => other,
                            })
                            .collect(),
                    ),
                    (_, value) => without_prefixes(value),
                };
                out.insert(bare(&key).to_string(), value);
            }
            Value::Object(out)
        }
        other => other,
    }
}

/// Every node with an `@id` and more than a reference, for resolving references.
fn nodes_by_id(value: &Value) -> HashMap<String, &Value> {
    fn walk<'a>(value: &'a Value, ids: &mut HashMap<String, &'a Value>, depth: usize) {
        if depth > 32 {
            return;
        }
        match value {
            Value::Array(items) => items.iter().for_each(|v| walk(v, ids, depth + 1)),
            Value::Object(map) => {
                if let Some(id) = map.get("@id").and_then(Value::as_str) {
                    if map.len() > 1 {
                        ids.entry(id.to_string()).or_insert(value);
                    }
                }
                map.values().for_each(|v| walk(v, ids, depth + 1));
            }
            _ => {}
        }
    }
    let mut ids = HashMap::new();
    walk(value, &mut ids, 0);
    ids
}

/// Every typed object of a block, at any depth: arrays, `@graph`, and nodes nested
/// in other nodes' properties.
fn collect_nodes<'a>(value: &'a Value, nodes: &mut Vec<&'a Value>, depth: usize) {
    if depth > 32 {
        return;
    }
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_nodes(v, nodes, depth + 1)),
        Value::Object(map) => {
            if map.contains_key("@type") {
                nodes.push(value);
            }
            map.values()
                .for_each(|v| collect_nodes(v, nodes, depth + 1));
        }
        _ => {}
    }
}

fn types(node: &Value) -> Vec<&str> {
    match node.get("@type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_program(node: &Value) -> bool {
    types(node).iter().any(|t| PROGRAM_TYPES.contains(t))
}

/// A property's text: a string, a number (telephones written as numbers), a
/// language-tagged value (English preferred), or the first of a list of them.
fn text(node: &Value, key: &str) -> String {
    node.get(key).map(value_text).unwrap_or_default()
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Object(map) => map.get("@value").map(value_text).unwrap_or_default(),
        Value::Array(items) => {
            let english = items.iter().find(|v| {
                v.get("@language")
                    .and_then(Value::as_str)
                    .is_some_and(|l| l.to_ascii_lowercase().starts_with("en"))
            });
            english
                .or_else(|| items.iter().find(|v| !value_text(v).is_empty()))
                .map(value_text)
                .unwrap_or_default()
        }
        _ => String::new(),
    }
}

fn number(node: &Value, key: &str) -> String {
    match node.get(key) {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) if s.trim().parse::<f64>().is_ok() => s.trim().to_string(),
        _ => String::new(),
    }
}

/// A property that holds a node, following an `@id` reference.
fn node_at<'a>(node: &'a Value, key: &str, ids: &HashMap<String, &'a Value>) -> Option<&'a Value> {
    let value = match node.get(key)? {
        Value::Array(items) => items.first()?,
        other => other,
    };
    let resolved = match value.get("@id").and_then(Value::as_str) {
        Some(id) if value.as_object().is_some_and(|m| m.len() == 1) => ids.get(id).copied()?,
        _ => value,
    };
    resolved.is_object().then_some(resolved)
}

fn record_from_node(node: &Value, ids: &HashMap<String, &Value>) -> ExtractedRecord {
    let mut record = ExtractedRecord::default();
    record.set("name", &text(node, "name"));
    record.set("website", &text(node, "url"));
    let phone = text(node, "telephone");
    let phone = match node.get("telephone") {
        // A number loses its formatting, never its digits: 6145550103 is 10 digits.
        Some(Value::Number(_)) => phone.trim_end_matches(".0").to_string(),
        _ => phone,
    };
    record.set("phone", &phone);
    record.set("description", &text(node, "description"));
    if let Some(parent) = node_at(node, "parentOrganization", ids) {
        record.set("organization", &text(parent, "name"));
    }
    if let Some(address) = node_at(node, "address", ids) {
        record.set("street", &text(address, "streetAddress"));
        record.set("city", &text(address, "addressLocality"));
        record.set("state", &text(address, "addressRegion"));
        record.set("zip", &text(address, "postalCode"));
    }
    if let Some(geo) = node_at(node, "geo", ids) {
        let (lat, lon) = (number(geo, "latitude"), number(geo, "longitude"));
        if !lat.is_empty() && !lon.is_empty() {
            record.set_coordinates(&lat, &lon);
        }
    }
    if let Some(hours) = node.get("openingHoursSpecification") {
        record.set("hours", &opening_hours_text(hours));
    }
    record
}

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn day_index(value: &str) -> Option<usize> {
    let day = value.rsplit('/').next().unwrap_or(value);
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    .iter()
    .position(|d| d.eq_ignore_ascii_case(day))
}

/// "HH:MM" from schema.org's "09:00" or "09:00:00"; `None` for anything else.
fn clock(value: &str) -> Option<String> {
    let mut parts = value.trim().split(':');
    let (h, m) = (
        parts.next()?.parse::<u8>().ok()?,
        parts.next()?.parse::<u8>().ok()?,
    );
    (h <= 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// OpeningHoursSpecification as the text our hours parser reads
/// ("Mon-Fri 09:00-17:00; Sat 10:00-14:00", "24/7"). A specification it cannot
/// state plainly (no days, a time it cannot read, seasonal validity) gives no text.
pub fn opening_hours_text(value: &Value) -> String {
    let specs: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut by_times: Vec<(String, Vec<usize>)> = Vec::new();
    for spec in specs {
        if spec.get("validFrom").is_some() || spec.get("validThrough").is_some() {
            return String::new();
        }
        let days: Vec<usize> = match spec.get("dayOfWeek") {
            Some(Value::String(d)) => day_index(d).into_iter().collect(),
            Some(Value::Array(ds)) => ds
                .iter()
                .filter_map(Value::as_str)
                .filter_map(day_index)
                .collect(),
            _ => Vec::new(),
        };
        let (Some(opens), Some(closes)) =
            (clock(&text(spec, "opens")), clock(&text(spec, "closes")))
        else {
            return String::new();
        };
        if days.is_empty() {
            return String::new();
        }
        let times = format!("{opens}-{closes}");
        match by_times.iter_mut().find(|(t, _)| *t == times) {
            Some((_, all)) => all.extend(days),
            None => by_times.push((times, days)),
        }
    }
    let round_the_clock = by_times.len() == 1
        && matches!(
            by_times[0].0.as_str(),
            "00:00-23:59" | "00:00-24:00" | "00:00-00:00"
        )
        && (0..7).all(|d| by_times[0].1.contains(&d));
    if round_the_clock {
        return "24/7".to_string();
    }
    by_times
        .into_iter()
        .map(|(times, mut days)| {
            days.sort_unstable();
            days.dedup();
            format!("{} {}", day_ranges(&days), times.replace("24:00", "00:00"))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// [0,1,2,3,4,6] → "Mon-Fri,Sun".
fn day_ranges(days: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let start = days[i];
        while i + 1 < days.len() && days[i + 1] == days[i] + 1 {
            i += 1;
        }
        parts.push(if days[i] == start {
            DAY_NAMES[start].to_string()
        } else {
            format!("{}-{}", DAY_NAMES[start], DAY_NAMES[days[i]])
        });
        i += 1;
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hours::Hours;

    const PAGE: &str = r#"<html><head>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"Not a program"},
 {"@type":["LocalBusiness","MedicalOrganization"],"name":"Synthetic Living Room",
  "url":"https://synthetic.example/","telephone":"+1-614-555-0103",
  "address":{"@type":"PostalAddress","streetAddress":"1 Main St","addressLocality":"Columbus","addressRegion":"OH","postalCode":"43215"},
  "geo":{"@type":"GeoCoordinates","latitude":39.96,"longitude":"-83.0"},
  "openingHoursSpecification":[
   {"@type":"OpeningHoursSpecification","dayOfWeek":["Monday","Tuesday","Wednesday","Thursday","Friday"],"opens":"09:00","closes":"17:00"},
   {"@type":"OpeningHoursSpecification","dayOfWeek":"https://schema.org/Saturday","opens":"10:00:00","closes":"14:00:00"}]}]}
</script>
<script type="application/ld+json">{"@type": "Organization", "name": broken</script>
</head><body></body></html>"#;

    #[test]
    fn reads_a_program_node_from_a_graph_and_reports_a_broken_block() {
        let out = extract(PAGE);
        assert_eq!(out.records.len(), 1, "{:?}", out.records);
        let r = &out.records[0];
        assert_eq!(r.get("name"), "Synthetic Living Room");
        assert_eq!(r.get("phone"), "+1-614-555-0103");
        assert_eq!(
            (r.get("city"), r.get("state"), r.get("zip")),
            ("Columbus", "OH", "43215")
        );
        assert_eq!((r.get("lat"), r.get("lon")), ("39.96", "-83.0"));
        assert_eq!(r.get("hours"), "Mon-Fri 09:00-17:00; Sat 10:00-14:00");
        assert_eq!(out.warnings.len(), 1);
        assert!(out.warnings[0].contains("block 2"));
    }

    #[test]
    fn hours_text_is_what_the_hours_parser_reads() {
        let text = "Mon-Fri 09:00-17:00; Sat 10:00-14:00";
        assert!(matches!(
            Hours::parse(text, Some("America/New_York")),
            Hours::Weekly { .. }
        ));
        let all_week = serde_json::json!({"dayOfWeek": ["Monday","Tuesday","Wednesday","Thursday","Friday","Saturday","Sunday"], "opens": "00:00", "closes": "23:59"});
        assert_eq!(opening_hours_text(&all_week), "24/7");
        let split = serde_json::json!([{"dayOfWeek": ["Monday","Wednesday","Friday"], "opens": "18:00", "closes": "02:00"}]);
        assert_eq!(opening_hours_text(&split), "Mon,Wed,Fri 18:00-02:00");
    }

    #[test]
    fn seasonal_or_unreadable_hours_give_no_text() {
        let seasonal = serde_json::json!({"dayOfWeek": "Monday", "opens": "09:00", "closes": "17:00", "validThrough": "2026-12-31"});
        assert_eq!(opening_hours_text(&seasonal), "");
        let vague =
            serde_json::json!({"dayOfWeek": "Monday", "opens": "morning", "closes": "17:00"});
        assert_eq!(opening_hours_text(&vague), "");
    }
}
