//! Open Referral HSDS 3.0 APIs: `/services` list pages wrapped in a `Page`
//! (`total_items`, `total_pages`, `page_number`, `contents`) and `/services/{id}`.
//!
//! A list page asks for the next page and, unless the source trusts its list, for
//! each service's own page; a service page yields one record. Services are read by
//! the same `hsds::import` code as `peerway import`, so the two never disagree.

use chrono::Utc;
use serde_json::Value;
use url::Url;

use super::{ExtractedRecord, Extraction};
use crate::hsds::import::{record_from_service, services_in};
use crate::seed::SeedRecord;

/// Reads one HSDS API answer: a list page (with the next page and, when
/// `fetch_each_service` is set, each service's page to follow) or one service.
pub fn extract(url: &Url, body: &str, fetch_each_service: bool) -> Extraction {
    let mut extraction = Extraction::default();
    let value: Value = match serde_json::from_str(body) {
        Ok(value) => value,
        Err(e) => {
            extraction.warnings.push(format!("not JSON: {e}"));
            return extraction;
        }
    };
    match value.get("contents") {
        Some(_) => read_list_page(url, &value, fetch_each_service, &mut extraction),
        None => extraction.records = services_in(&value).into_iter().map(record_of).collect(),
    }
    extraction.records.retain(|r| !r.get("name").is_empty());
    extraction
}

fn read_list_page(url: &Url, page: &Value, fetch_each_service: bool, extraction: &mut Extraction) {
    let number = |key: &str| page.get(key).and_then(Value::as_u64);
    match (number("page_number"), number("total_pages")) {
        (Some(current), Some(total)) if current < total => {
            let mut next = url.clone();
            let others: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(k, _)| k != "page")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            next.query_pairs_mut()
                .clear()
                .extend_pairs(others)
                .append_pair("page", &(current + 1).to_string());
            extraction.follow.push(next);
        }
        (Some(_), Some(_)) => {}
        _ => extraction
            .warnings
            .push("a Page without page_number and total_pages".to_string()),
    }
    let services = services_in(page);
    if !fetch_each_service {
        extraction.records = services.into_iter().map(record_of).collect();
        return;
    }
    for service in services {
        let Some(id) = service.get("id").and_then(Value::as_str) else {
            extraction
                .warnings
                .push("a listed service has no id".to_string());
            continue;
        };
        let mut detail = url.clone();
        detail.set_query(None);
        if let Ok(mut segments) = detail.path_segments_mut() {
            segments.pop_if_empty().push(id);
        }
        extraction.follow.push(detail);
    }
}

fn record_of(service: &Value) -> ExtractedRecord {
    let seed = record_from_service(service, "", Utc::now().date_naive());
    let mut record = fields_of(&seed);
    record.source_key = service
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string);
    record
}

/// A seed record's fields in the crawler's terms: the first voice number as
/// `phone` (the one compared with curated records), every number with its type as
/// `phones` ("voice 503-555-0104; text 503-555-0105"), the organisation's name.
fn fields_of(seed: &SeedRecord) -> ExtractedRecord {
    let mut record = ExtractedRecord::default();
    record.set("name", &seed.name);
    record.set("organization", &seed.operator);
    record.set("website", &seed.contact.website);
    let voice = seed
        .contact
        .phones
        .iter()
        .find(|p| p.kind.is_empty() || p.kind == "voice")
        .or(seed.contact.phones.first());
    if let Some(phone) = voice {
        record.set("phone", &phone.number);
    }
    let all: Vec<String> = seed
        .contact
        .phones
        .iter()
        .map(|p| {
            (
                if p.kind.is_empty() {
                    "voice"
                } else {
                    p.kind.as_str()
                },
                &p.number,
            )
        })
        .chain(seed.contact.texts.iter().map(|t| ("text", &t.number)))
        .filter(|(_, number)| !number.is_empty())
        .map(|(kind, number)| format!("{kind} {number}"))
        .collect();
    if all.len() > 1 {
        record.set("phones", &all.join("; "));
    }
    record.set("hours", &seed.hours.text);
    record.set("street", &seed.address.street);
    record.set("city", &seed.address.city);
    record.set("state", &seed.address.state);
    record.set("zip", &seed.address.zip);
    record.set("description", &seed.summary);
    if let Some(location) = &seed.location {
        record.set_coordinates(&location.lat.to_string(), &location.lon.to_string());
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(number: u64, total: u64) -> String {
        serde_json::json!({
            "total_items": 3, "total_pages": total, "page_number": number, "size": 2,
            "first_page": number == 1, "last_page": number == total, "empty": false,
            "contents": [{"id": "s-1", "name": "Synthetic Warmline"}, {"id": "s-2", "name": "Synthetic Respite"}]
        })
        .to_string()
    }

    #[test]
    fn a_list_page_asks_for_the_next_page_and_each_service() {
        let url = Url::parse("http://127.0.0.1:9/api/services?per_page=2&page=1").unwrap();
        let out = extract(&url, &page(1, 2), true);
        let follow: Vec<String> = out.follow.iter().map(Url::to_string).collect();
        assert_eq!(
            follow,
            [
                "http://127.0.0.1:9/api/services?per_page=2&page=2",
                "http://127.0.0.1:9/api/services/s-1",
                "http://127.0.0.1:9/api/services/s-2"
            ]
        );
        assert!(out.records.is_empty());
    }

    #[test]
    fn the_last_page_trusted_as_a_list_yields_records() {
        let url = Url::parse("http://127.0.0.1:9/services?page=2").unwrap();
        let out = extract(&url, &page(2, 2), false);
        assert!(out.follow.is_empty());
        let names: Vec<&str> = out.records.iter().map(|r| r.get("name")).collect();
        assert_eq!(names, ["Synthetic Warmline", "Synthetic Respite"]);
        assert_eq!(out.records[0].source_key.as_deref(), Some("s-1"));
    }

    #[test]
    fn a_service_page_yields_its_phone_and_address() {
        let service = serde_json::json!({
            "id": "s-9", "name": "Synthetic Crisis Team", "url": "https://synthetic.example/team",
            "phones": [{"number": "503-555-0104"}],
            "service_at_locations": [{"location": {"addresses": [{"address_1": "2 Elm St", "city": "Eugene", "state_province": "OR", "postal_code": "97401", "country": "US"}]}}]
        });
        let url = Url::parse("http://127.0.0.1:9/services/s-9").unwrap();
        let out = extract(&url, &service.to_string(), true);
        assert_eq!(out.records.len(), 1);
        assert_eq!(out.records[0].get("phone"), "503-555-0104");
        assert_eq!(
            out.records[0].get("website"),
            "https://synthetic.example/team"
        );
    }

    #[test]
    fn broken_json_is_a_warning() {
        let url = Url::parse("http://127.0.0.1:9/services").unwrap();
        let out = extract(&url, "{\"contents\": [", true);
        assert!(out.records.is_empty() && out.warnings.len() == 1);
    }
}
