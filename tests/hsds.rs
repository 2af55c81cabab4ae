//! Open data: HSDS 3.0 output validated against the official JSON Schemas, import
//! of the specification's own examples, a lossless round trip, the HSDS API's
//! paging and filters, and the OpenAPI document of /api/v1.

use crate::common;

use std::collections::BTreeSet;

use crate::common::{catalog, geo, repo_path, seed_programs};
use actix_web::http::StatusCode;
use chrono::NaiveDate;
use jsonschema::{Retrieve, Uri, Validator};
use peerway::hsds::{import, service, tabular, taxonomy};
use peerway::seed;
use serde_json::Value;

/// Resolves "phone.json" and friends from tests/hsds-schemas.
struct LocalSchemas;

impl Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(repo_path(&format!("tests/hsds-schemas/{name}")))?;
        Ok(serde_json::from_str(&text)?)
    }
}

fn validator(table: &str) -> Validator {
    let text =
        std::fs::read_to_string(repo_path(&format!("tests/hsds-schemas/{table}.json"))).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .with_retriever(LocalSchemas)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{table}.json does not compile: {e}"))
}

fn assert_valid(validator: &Validator, value: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

async fn get_json(uri: &str) -> (StatusCode, Value) {
    let page = common::get_page(uri).await;
    (
        page.status,
        serde_json::from_str(&page.body).unwrap_or(Value::Null),
    )
}

#[test]
fn every_service_validates_against_the_official_schema() {
    let service_schema = validator("service");
    let location_schema = validator("service_at_location");
    let organization_schema = validator("organization");
    for program in catalog().all_programs().unwrap().iter().cloned() {
        let full = service::service(&program, geo());
        assert_valid(&service_schema, &full, &program.id);
        assert_valid(
            &service_schema,
            &service::service_summary(&program),
            &program.id,
        );
        if let Some(sal) = service::service_at_location(&program) {
            assert_valid(&location_schema, &sal, &program.id);
        }
        if let Some(organization) = service::organization(&program) {
            assert_valid(&organization_schema, &organization, &program.id);
        }
    }
}

#[test]
fn taxonomy_validates_and_describes_kinds_and_peer_roles() {
    let taxonomy_schema = validator("taxonomy");
    let term_schema = validator("taxonomy_term");
    for t in taxonomy::taxonomies() {
        assert_valid(&taxonomy_schema, &t, "taxonomy");
    }
    let terms = taxonomy::taxonomy_terms();
    for t in &terms {
        assert_valid(&term_schema, t, "taxonomy term");
    }
    let peer_run = terms.iter().find(|t| t["code"] == "peer_run").unwrap();
    assert!(peer_run["description"].as_str().unwrap().contains("51%"));
    assert_eq!(
        terms
            .iter()
            .filter(|t| t["taxonomy"] == taxonomy::KIND_TAXONOMY)
            .count(),
        11
    );
}

#[test]
fn dispatch_is_a_described_phone_and_hours_keep_the_iana_zone() {
    let programs = catalog().all_programs().unwrap();
    let cahoots = programs.iter().find(|p| p.id == "cahoots").unwrap();
    let full = service::service(cahoots, geo());
    let phones = full["phones"].as_array().unwrap();
    let phone = phones.iter().find(|p| p["number"] == "911").unwrap();
    assert_eq!(phone["description"], "Dispatch only: call 911 and ask for CAHOOTS (Crisis Assistance Helping Out On The Streets)");
    let star = programs
        .iter()
        .find(|p| p.id == "support-team-assisted-response-star")
        .unwrap();
    let full = service::service(star, geo());
    assert_eq!(full["schedules"][0]["freq"], "WEEKLY");
    assert_eq!(full["schedules"][0]["opens_at"], "06:00");
    assert_eq!(full["schedules"][0]["timezone"], -7.0);
    let zone_term = taxonomy::term_id(taxonomy::FIELD_TAXONOMY, "time_zone");
    assert!(full["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["taxonomy_term_id"] == zone_term && a["value"] == "America/Denver"));
    assert_eq!(full["assured_date"], star.verified.date.to_string());
    assert_eq!(full["metadata"][0]["replacement_value"], "desk_review");
    let oregon = programs
        .iter()
        .find(|p| p.id == "david-romprey-oregon-warmline")
        .unwrap();
    let area = &service::service(oregon, geo())["service_areas"][0];
    assert_eq!(area["name"], "Oregon");
    let extent: Value = serde_json::from_str(area["extent"].as_str().unwrap()).unwrap();
    assert!(matches!(
        extent["type"].as_str(),
        Some("Polygon" | "MultiPolygon")
    ));
}

/// Export → import → export gives the same HSDS, for every program.
#[test]
fn export_import_export_round_trips_without_loss() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    for program in catalog().all_programs().unwrap().iter().cloned() {
        let exported = service::service(&program, geo());
        let record = import::record_from_service(&exported, "https://example.org/unused", today);
        let again =
            seed::validate(&record, geo()).unwrap_or_else(|p| panic!("{}: {p:?}", program.id));
        assert_eq!(again, program, "{}", program.id);
        assert_eq!(service::service(&again, geo()), exported, "{}", program.id);
    }
}

#[test]
fn tabular_package_round_trips_and_lists_every_table() {
    let programs = catalog().all_programs().unwrap();
    let services: Vec<Value> = programs
        .iter()
        .map(|p| service::service(p, geo()))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let counts = tabular::write_package(dir.path(), &services, "2026-11-27T00:00:00Z").unwrap();
    assert_eq!(counts["services"], programs.len());
    let package: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("datapackage.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(package["profile"], "tabular-data-package");
    let read = import::read_services(dir.path()).unwrap();
    assert_eq!(read.len(), programs.len());
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    for (service_value, program) in read.iter().zip(programs.iter()) {
        let record =
            import::record_from_service(service_value, "https://example.org/unused", today);
        let again =
            seed::validate(&record, geo()).unwrap_or_else(|p| panic!("{}: {p:?}", program.id));
        assert_eq!(&again, program, "{}", program.id);
    }
}

#[test]
fn the_specifications_own_examples_import() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    for file in ["service_full.json", "service_list.json", "csv"] {
        let services =
            import::read_services(&repo_path(&format!("tests/hsds-examples/{file}"))).unwrap();
        assert!(!services.is_empty(), "{file}");
        let record = import::record_from_service(&services[0], "https://openreferral.org/", today);
        assert_eq!(record.name, "Community Counselling", "{file}");
        assert!(record.summary.starts_with("Counselling Services"), "{file}");
        if file != "service_list.json" {
            assert!(!record.contact.phones.is_empty(), "{file}: phones");
        }
        let urls: Vec<&str> = record.sources.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(urls, ["http://example.com/counselling"], "{file}");
        // Foreign HSDS says nothing of the page: a directory entry, undated.
        assert_eq!(record.sources[0].kind, "directory", "{file}");
        assert_eq!(record.sources[0].dated, "", "{file}");
        // HSDS says nothing of a Peerway kind: left for a person, never guessed.
        assert_eq!(record.kind, "", "{file}");
        let problems = seed::validate(&record, geo()).unwrap_err();
        assert!(problems.iter().any(|p| p.field == "kind"));
    }
}

#[actix_web::test]
async fn hsds_api_pages_filters_and_root() {
    let (status, root) = get_json("/hsds/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(root["version"], "3.0");
    assert!(root["openapi_url"]
        .as_str()
        .unwrap()
        .ends_with("/hsds/openapi.json"));
    // HSDS lists every program, closed ones too (with status "defunct").
    let total = seed_programs().len();
    let last = total.div_ceil(100);
    let (_, page) = get_json(&format!("/hsds/services?per_page=100&page={last}")).await;
    assert_eq!(page["total_items"], total);
    assert_eq!(page["total_pages"], last);
    assert_eq!(page["page_number"], last);
    assert_eq!(page["size"], 100);
    assert_eq!(
        page["contents"].as_array().unwrap().len(),
        total - (last - 1) * 100
    );
    assert_eq!(page["last_page"], true);
    assert_eq!(page["first_page"], false);
    let (_, beyond) = get_json(&format!("/hsds/services?per_page=100&page={}", last + 1)).await;
    assert_eq!(beyond["empty"], true);
    let newest = seed_programs()
        .iter()
        .map(|p| p.verified.date)
        .max()
        .unwrap();
    let after_newest = newest.succ_opt().unwrap();
    let (_, none) = get_json(&format!(
        "/hsds/services?modified_after={after_newest}T00:00:00Z"
    ))
    .await;
    assert_eq!(none["total_items"], 0);
    let (_, all) = get_json("/hsds/services?modified_after=2026-11-27").await;
    assert_eq!(all["total_items"], total);
    let (_, recent) = get_json(&format!("/hsds/services?modified_after={newest}")).await;
    assert_eq!(
        recent["total_items"],
        seed_programs()
            .iter()
            .filter(|p| p.verified.date >= newest)
            .count()
    );
    let respite_term = taxonomy::term_id(taxonomy::KIND_TAXONOMY, "peer_respite");
    let (_, respites) = get_json(&format!("/hsds/services?taxonomy_term_id={respite_term}")).await;
    assert_eq!(
        respites["total_items"],
        seed_programs()
            .iter()
            .filter(|p| p.kind == peerway::model::ServiceKind::PeerRespite)
            .count()
    );
    let (_, minimal) = get_json("/hsds/services?minimal=true&per_page=1").await;
    assert_eq!(minimal["contents"][0].as_object().unwrap().len(), 2);
    let (status, bad) = get_json("/hsds/services?colour=blue").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(bad["error"].as_str().unwrap().contains("colour"));
}

#[actix_web::test]
async fn service_at_locations_by_postcode_and_proximity() {
    let (_, near) = get_json("/hsds/service_at_locations?postcode=01060&proximity=20000").await;
    let names: Vec<&str> = near["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["location"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Afiya Peer Respite"]);
    let (_, wider) = get_json("/hsds/service_at_locations?postcode=01060&proximity=100000").await;
    assert!(wider["total_items"].as_u64().unwrap() > 1);
    let (status, _) = get_json("/hsds/service_at_locations?postcode=99999").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let sal_schema = validator("service_at_location");
    for item in wider["contents"].as_array().unwrap() {
        assert_valid(&sal_schema, item, "service_at_location");
    }
}

#[actix_web::test]
async fn hsds_single_objects_and_lists() {
    let (status, service) = get_json("/hsds/services/afiya-peer-respite").await;
    assert_eq!(status, StatusCode::OK);
    let id = service["id"].as_str().unwrap().to_string();
    let (_, same) = get_json(&format!("/hsds/services/{id}")).await;
    assert_eq!(same["name"], "Afiya Peer Respite");
    let org_id = service["organization_id"].as_str().unwrap();
    let (_, org) = get_json(&format!("/hsds/organizations/{org_id}")).await;
    assert_eq!(org["name"], "Wildflower Alliance");
    let (_, orgs) = get_json("/hsds/organizations").await;
    assert!(orgs["total_items"].as_u64().unwrap() > 100);
    let (_, taxonomies) = get_json("/hsds/taxonomies").await;
    assert_eq!(taxonomies["total_items"], 3);
    let kind_taxonomy = taxonomies["contents"][0]["id"].as_str().unwrap();
    let (_, terms) = get_json(&format!("/hsds/taxonomy_terms?taxonomy_id={kind_taxonomy}")).await;
    assert!(terms["total_items"].as_u64().unwrap() >= 3);
    let (status, _) = get_json("/hsds/services/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// `full` and `full_service` on organizations do what the HSDS API says (the probe
/// got 400 for `full_service`, and `full` was accepted and ignored).
#[actix_web::test]
async fn organizations_nest_their_services_on_request() {
    let (_, service) = get_json("/hsds/services/afiya-peer-respite").await;
    let org_id = service["organization_id"].as_str().unwrap();
    let (_, plain) = get_json(&format!("/hsds/organizations/{org_id}")).await;
    let summaries = plain["services"].as_array().unwrap();
    assert!(summaries.iter().any(|s| s["name"] == "Afiya Peer Respite"));
    assert!(summaries[0].get("phones").is_none(), "summaries by default");
    let (status, full) = get_json(&format!("/hsds/organizations/{org_id}?full_service=true")).await;
    assert_eq!(status, StatusCode::OK);
    let afiya = full["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Afiya Peer Respite")
        .expect("Afiya among Wildflower Alliance's services");
    assert!(
        afiya["phones"].as_array().is_some_and(|p| !p.is_empty()),
        "{afiya}"
    );

    let (_, listed) = get_json("/hsds/organizations?per_page=5").await;
    assert!(listed["contents"][0].get("services").is_none());
    let (_, nested) = get_json("/hsds/organizations?per_page=5&full=true").await;
    assert!(nested["contents"][0]["services"].is_array());
    let (_, nested_full) =
        get_json("/hsds/organizations?search=wildflower&full_service=true").await;
    assert!(nested_full["contents"][0]["services"][0]["phones"].is_array());
    let (status, bad) = get_json("/hsds/organizations?full=perhaps").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(bad["error"].as_str().unwrap().contains("full"), "{bad}");
    let (status, _) = get_json(&format!("/hsds/organizations/{org_id}?colour=blue")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn ndjson_streams_every_service_unpaged() {
    let page = common::get_page("/hsds/services?format=ndjson").await;
    assert_eq!(
        page.headers.get("content-type").unwrap(),
        "application/x-ndjson"
    );
    let lines: Vec<Value> = page
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), seed_programs().len());
    assert!(lines[0]["phones"].is_array(), "full services");
}

#[actix_web::test]
async fn openapi_document_lists_exactly_the_api_routes_the_app_serves() {
    let (status, doc) = get_json("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let documented: BTreeSet<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let served: BTreeSet<String> = peerway::web::API_V1_PATHS
        .iter()
        .chain(peerway::web::API_V1_WRITE_PATHS.iter())
        .map(|p| p.to_string())
        .collect();
    assert_eq!(documented, served);
    for path in peerway::web::API_V1_PATHS {
        let uri = path.replace("{id}", "afiya-peer-respite");
        let (status, _) = get_json(&uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
    }
    let (status, _) = get_json("/api/v1/undocumented").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(doc["components"]["schemas"]["SearchResults"].is_object());
}

#[actix_web::test]
async fn data_page_describes_a_schema_org_dataset() {
    let body = common::get_page("/data").await.body;
    let start = body.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + body[start..].find("</script>").unwrap();
    let json: Value = serde_json::from_str(&body[start..end]).unwrap();
    assert_eq!(json["@type"], "Dataset");
    assert_eq!(
        json["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert_eq!(json["distribution"].as_array().unwrap().len(), 4);
    let api = common::get_page("/api").await.body;
    assert!(api.contains("href=\"/api/v1/programs/afiya-peer-respite\""));
}

/// `total_items` of an HSDS list, after checking it answered 200.
async fn total(uri: &str) -> u64 {
    let (status, page) = get_json(uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {page}");
    page["total_items"]
        .as_u64()
        .unwrap_or_else(|| panic!("{uri}: {page}"))
}

/// A 400 whose message names `parameter`.
async fn assert_refused_naming(uri: &str, parameter: &str) {
    let (status, body) = get_json(uri).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
    let message = body["error"].as_str().unwrap_or_default();
    assert!(message.contains(parameter), "{uri}: {message}");
}

fn wildflower_programs() -> usize {
    seed_programs()
        .iter()
        .filter(|p| p.operator == "Wildflower Alliance")
        .count()
}

/// `search` runs the site's own search: the same matches as `/api/v1/search`.
#[actix_web::test]
async fn hsds_search_lists_what_the_site_search_finds() {
    let everything = total("/hsds/services").await;
    let respites = total("/hsds/services?search=peer%20respite").await;
    let (_, site) = get_json("/api/v1/search?q=peer%20respite").await;
    assert_eq!(respites, site["total"].as_u64().unwrap());
    assert!(
        0 < respites && respites < everything,
        "{respites} of {everything}"
    );
    let located = total("/hsds/service_at_locations").await;
    let located_respites = total("/hsds/service_at_locations?search=peer%20respite").await;
    assert!(0 < located_respites && located_respites < located);
}

/// `taxonomy_term_id` matches any term a service carries — a kind, a peer role or
/// a Peerway field such as `time_zone` — and `taxonomy_id` any term of a taxonomy.
#[actix_web::test]
async fn hsds_taxonomy_filters_select_services() {
    let everything = total("/hsds/services").await;
    let zone = taxonomy::term_id(taxonomy::FIELD_TAXONOMY, "time_zone");
    let scheduled = seed_programs()
        .iter()
        .filter(|p| matches!(p.hours, peerway::hours::Hours::Weekly { .. }))
        .count();
    assert_eq!(
        total(&format!("/hsds/services?taxonomy_term_id={zone}")).await,
        scheduled as u64
    );
    assert!((scheduled as u64) < everything);
    let peer_run = taxonomy::term_id(taxonomy::PEER_ROLE_TAXONOMY, "peer_run");
    let peer_run_count = seed_programs()
        .iter()
        .filter(|p| p.peer_role == peerway::model::PeerRole::PeerRun)
        .count() as u64;
    assert_eq!(
        total(&format!("/hsds/services?taxonomy_term_id={peer_run}")).await,
        peer_run_count
    );
    // Every service carries a kind, so the kind taxonomy keeps all of them; a
    // taxonomy that is not Peerway's keeps none.
    let kinds = taxonomy::taxonomy_id(taxonomy::KIND_TAXONOMY);
    assert_eq!(
        total(&format!("/hsds/services?taxonomy_id={kinds}")).await,
        everything
    );
    assert_eq!(total("/hsds/services?taxonomy_id=not-a-taxonomy").await, 0);
    let respite = taxonomy::term_id(taxonomy::KIND_TAXONOMY, "peer_respite");
    assert!(
        total(&format!(
            "/hsds/service_at_locations?taxonomy_term_id={respite}"
        ))
        .await
            < total("/hsds/service_at_locations").await
    );
    assert_eq!(
        total("/hsds/service_at_locations?taxonomy_id=not-a-taxonomy").await,
        0
    );
}

#[actix_web::test]
async fn hsds_organization_id_keeps_that_organizations_services() {
    let wildflower = service::organization_id("Wildflower Alliance");
    assert!(wildflower_programs() > 0);
    assert_eq!(
        total(&format!("/hsds/services?organization_id={wildflower}")).await,
        wildflower_programs() as u64
    );
    let (_, located) = get_json(&format!(
        "/hsds/service_at_locations?organization_id={wildflower}"
    ))
    .await;
    let located = located["contents"].as_array().unwrap();
    assert!(!located.is_empty());
    assert!(located.len() <= wildflower_programs());
    assert!(located
        .iter()
        .any(|sal| sal["location"]["name"] == "Afiya Peer Respite"));
}

#[actix_web::test]
async fn hsds_modified_after_and_full_apply_to_service_at_locations() {
    let newest = seed_programs()
        .iter()
        .map(|p| p.verified.date)
        .max()
        .unwrap();
    let located = total("/hsds/service_at_locations").await;
    assert_eq!(
        total(&format!(
            "/hsds/service_at_locations?modified_after={}",
            newest.succ_opt().unwrap()
        ))
        .await,
        0
    );
    assert!(
        total(&format!(
            "/hsds/service_at_locations?modified_after={newest}"
        ))
        .await
            < located
    );
    let (_, plain) = get_json("/hsds/service_at_locations?per_page=1").await;
    assert!(plain["contents"][0].get("service").is_none());
    let (_, full) = get_json("/hsds/service_at_locations?per_page=1&full=true").await;
    assert!(
        full["contents"][0]["service"]["phones"].is_array(),
        "{full}"
    );
}

/// `full=true` on `/services` nests every table; the default is the summary.
#[actix_web::test]
async fn hsds_services_full_nests_phones_and_schedules() {
    let (_, summary) = get_json("/hsds/services?per_page=3").await;
    let (_, full) = get_json("/hsds/services?per_page=3&full=true").await;
    assert_eq!(summary["contents"][0]["id"], full["contents"][0]["id"]);
    assert!(summary["contents"][0].get("phones").is_none());
    for service in full["contents"].as_array().unwrap() {
        assert!(service["phones"].is_array() && service["attributes"].is_array());
    }
}

#[actix_web::test]
async fn hsds_organization_search_narrows_by_name() {
    let everything = total("/hsds/organizations").await;
    let (_, found) = get_json("/hsds/organizations?search=WILDFLOWER").await;
    let names: Vec<&str> = found["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Wildflower Alliance"), "{names:?}");
    assert!(names.iter().all(|n| n.contains("Wildflower")), "{names:?}");
    assert!((names.len() as u64) < everything);
    let (_, nested) = get_json("/hsds/organizations?search=wildflower&full=true").await;
    let alliance = nested["contents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Wildflower Alliance")
        .unwrap();
    assert_eq!(
        alliance["services"].as_array().unwrap().len(),
        wildflower_programs()
    );
}

#[actix_web::test]
async fn hsds_taxonomy_and_term_filters_narrow_their_lists() {
    assert_eq!(total("/hsds/taxonomies").await, 3);
    let (_, roles) = get_json("/hsds/taxonomies?search=ROLES").await;
    assert_eq!(roles["total_items"], 1);
    assert_eq!(roles["contents"][0]["name"], "Peerway peer roles");
    let terms = total("/hsds/taxonomy_terms").await;
    assert_eq!(terms as usize, taxonomy::taxonomy_terms().len());
    let respite_terms = total("/hsds/taxonomy_terms?search=respite").await;
    assert!(0 < respite_terms && respite_terms < terms);
    // Peerway's taxonomy is flat: every term is top-level, none has children.
    assert_eq!(total("/hsds/taxonomy_terms?top_only=true").await, terms);
    let kind_term = taxonomy::term_id(taxonomy::KIND_TAXONOMY, "warmline");
    assert_eq!(
        total(&format!("/hsds/taxonomy_terms?parent_id={kind_term}")).await,
        0
    );
    assert_refused_naming("/hsds/taxonomy_terms?top_only=perhaps", "top_only").await;
}

/// `format`: JSON everywhere, NDJSON where the API offers it (`/services`); any
/// other value is refused with the parameter named.
#[actix_web::test]
async fn hsds_format_is_json_everywhere_and_ndjson_on_services() {
    for list in [
        "services",
        "service_at_locations",
        "organizations",
        "taxonomies",
        "taxonomy_terms",
    ] {
        let (status, page) = get_json(&format!("/hsds/{list}?format=json&per_page=1")).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert!(page["contents"].is_array(), "{list}");
        assert_refused_naming(&format!("/hsds/{list}?format=xml"), "format").await;
    }
    assert_refused_naming("/hsds/organizations?format=ndjson", "format").await;
}

/// Nothing is silently ignored: a parameter an endpoint does not take, or one given
/// twice, is a 400 that names it — on single objects too.
#[actix_web::test]
async fn hsds_refuses_unknown_and_repeated_parameters() {
    let (_, service) = get_json("/hsds/services/afiya-peer-respite").await;
    let id = service["id"].as_str().unwrap();
    let taxonomy_id = taxonomy::taxonomy_id(taxonomy::KIND_TAXONOMY);
    let term = taxonomy::term_id(taxonomy::KIND_TAXONOMY, "warmline");
    for uri in [
        format!("/hsds/services/{id}?full=true"),
        format!("/hsds/taxonomies/{taxonomy_id}?colour=blue"),
        format!("/hsds/taxonomy_terms/{term}?colour=blue"),
        "/hsds/?colour=blue".to_string(),
        "/hsds/taxonomies?top_only=true".to_string(),
    ] {
        let name = uri.rsplit('?').next().unwrap().split('=').next().unwrap();
        assert_refused_naming(&uri, name).await;
    }
    assert_refused_naming("/hsds/services?search=respite&search=warmline", "search").await;
}

/// Every parameter the published HSDS OpenAPI document lists for an endpoint is
/// taken by it (a valid value answers 200, never "unknown parameter").
#[actix_web::test]
async fn every_documented_hsds_parameter_is_taken() {
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_path("src/web/assets/hsds-openapi.json")).unwrap(),
    )
    .unwrap();
    let wildflower = service::organization_id("Wildflower Alliance");
    let taxonomy_id = taxonomy::taxonomy_id(taxonomy::KIND_TAXONOMY);
    let term = taxonomy::term_id(taxonomy::KIND_TAXONOMY, "peer_respite");
    let sample = |name: &str| -> String {
        match name {
            "search" => "respite".into(),
            "page" => "1".into(),
            "per_page" => "2".into(),
            "format" => "json".into(),
            "taxonomy_term_id" => term.clone(),
            "taxonomy_id" => taxonomy_id.clone(),
            "organization_id" => wildflower.clone(),
            "parent_id" => term.clone(),
            "modified_after" => "2020-01-01T00:00:00Z".into(),
            "postcode" => "01060".into(),
            "proximity" => "20000".into(),
            "minimal" | "full" | "full_service" | "top_only" => "true".into(),
            other => panic!("no sample value for the documented parameter '{other}'"),
        }
    };
    let mut checked = 0;
    for (path, operations) in doc["paths"].as_object().unwrap() {
        let Some(parameters) = operations["get"]["parameters"].as_array() else {
            continue;
        };
        for parameter in parameters {
            let name = match parameter.get("$ref").and_then(Value::as_str) {
                Some(reference) => reference.rsplit('/').next().unwrap().to_string(),
                None => parameter["name"].as_str().unwrap().to_string(),
            };
            let path = path.replace("{id}", &wildflower);
            let mut uri = format!("/hsds{path}?{name}={}", sample(&name));
            if name == "proximity" {
                uri.push_str("&postcode=01060");
            }
            let (status, body) = get_json(&uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}: {body}");
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked} parameters checked");
}
