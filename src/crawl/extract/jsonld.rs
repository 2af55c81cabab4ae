//! schema.org JSON-LD in HTML pages: `<script type="application/ld+json">` blocks
//! describing an Organization, LocalBusiness, MedicalOrganization or
//! EmergencyService (and their common sub-types). Microdata is not read: none of
//! the program sites we list uses it where JSON-LD is absent, and the crawler would
//! otherwise guess at partial markup.

use scraper::{Html, Selector};
use serde_json::Value;

use super::{ExtractedRecord, Extraction};

/// The schema.org types that describe a program (a place or an organisation).
const PROGRAM_TYPES: [&str; 10] = [
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
];

pub fn extract(body: &[u8]) -> Extraction {
    let mut extraction = Extraction::default();
    let html = Html::parse_document(&String::from_utf8_lossy(body));
    let selector =
        Selector::parse(r#"script[type="application/ld+json"]"#).expect("a valid selector");
    for (i, script) in html.select(&selector).enumerate() {
        let text: String = script.text().collect();
        match serde_json::from_str::<Value>(text.trim()) {
            Ok(value) => {
                let mut nodes = Vec::new();
                flatten(&value, &mut nodes, 0);
                extraction.records.extend(
                    nodes
                        .into_iter()
                        .filter(|n| is_program(n))
                        .map(record_from_node),
                );
            }
            Err(e) => extraction
                .warnings
                .push(format!("JSON-LD block {} does not parse: {e}", i + 1)),
        }
    }
    extraction.records.retain(|r| !r.get("name").is_empty());
    extraction
}

/// Every object of a block: arrays, `@graph`, and nested nodes are all looked at.
fn flatten<'a>(value: &'a Value, nodes: &mut Vec<&'a Value>, depth: usize) {
    if depth > 16 {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|v| flatten(v, nodes, depth + 1)),
        Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                flatten(graph, nodes, depth + 1);
            }
            if map.contains_key("@type") {
                nodes.push(value);
            }
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
    types(node).iter().any(|t| {
        let t = t
            .trim_start_matches("https://schema.org/")
            .trim_start_matches("http://schema.org/");
        PROGRAM_TYPES.contains(&t)
    })
}

/// A string property, or the first string of a list of them.
fn text<'a>(node: &'a Value, key: &str) -> &'a str {
    match node.get(key) {
        Some(Value::String(s)) => s,
        Some(Value::Array(items)) => items.iter().find_map(Value::as_str).unwrap_or(""),
        _ => "",
    }
}

fn number(node: &Value, key: &str) -> String {
    match node.get(key) {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) if s.trim().parse::<f64>().is_ok() => s.trim().to_string(),
        _ => String::new(),
    }
}

fn record_from_node(node: &Value) -> ExtractedRecord {
    let mut record = ExtractedRecord::default();
    record.set("name", text(node, "name"));
    record.set("website", text(node, "url"));
    record.set("phone", text(node, "telephone"));
    record.set("description", text(node, "description"));
    let address = match node.get("address") {
        Some(Value::Array(items)) => items.first(),
        other => other,
    };
    if let Some(address) = address.filter(|a| a.is_object()) {
        record.set("street", text(address, "streetAddress"));
        record.set("city", text(address, "addressLocality"));
        record.set("state", text(address, "addressRegion"));
        record.set("zip", text(address, "postalCode"));
    }
    if let Some(geo) = node.get("geo").filter(|g| g.is_object()) {
        let (lat, lon) = (number(geo, "latitude"), number(geo, "longitude"));
        if !lat.is_empty() && !lon.is_empty() {
            record.set("lat", &lat);
            record.set("lon", &lon);
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
        let (Some(opens), Some(closes)) = (clock(text(spec, "opens")), clock(text(spec, "closes")))
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
        let out = extract(PAGE.as_bytes());
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
