//! For policymakers: the state table, the map, state pages, model pages, exports.

use crate::common;

use crate::common::{catalog, geo, search};
use actix_web::http::StatusCode;
use peerway::model::ServiceKind;
use peerway::stats;

use crate::common::get_page as get;

#[test]
fn state_counts_equal_the_search_facet_counts() {
    let programs = catalog().all_programs().unwrap();
    let summaries = stats::state_summaries(&programs, &geo().gazetteer);
    assert_eq!(summaries.len(), 52, "50 states, DC and PR");
    for summary in &summaries {
        let results = search(&[("state", &summary.code)]);
        assert_eq!(results.total, summary.total, "{}", summary.code);
        for kind in ServiceKind::ALL {
            let facet = results.facets["kind"]
                .get(kind.slug())
                .copied()
                .unwrap_or(0) as usize;
            assert_eq!(
                facet,
                summary.count(Some(kind)),
                "{} {}",
                summary.code,
                kind.slug()
            );
        }
        let peer_run = results.facets["peer_role"]
            .get("peer_run")
            .copied()
            .unwrap_or(0) as usize;
        assert_eq!(peer_run, summary.peer_run, "{}", summary.code);
    }
}

#[test]
fn per_million_uses_the_2020_population() {
    let programs = catalog().all_programs().unwrap();
    let summaries = stats::state_summaries(&programs, &geo().gazetteer);
    let vermont = summaries.iter().find(|s| s.code == "VT").unwrap();
    assert_eq!(vermont.population_2020, 643_077);
    let expected = vermont.total as f64 * 1_000_000.0 / 643_077.0;
    assert!((vermont.per_million(None) - expected).abs() < 1e-9);
    let oregon = summaries.iter().find(|s| s.code == "OR").unwrap();
    assert!(oregon.has_statewide_warmline());
}

#[actix_web::test]
async fn states_page_has_one_linked_shape_per_state_and_a_sortable_table() {
    let page = get("/states?kind=peer_respite&measure=per_million").await;
    assert_eq!(page.status, StatusCode::OK);
    let shapes = page.body.matches("<path d=\"M").count();
    assert_eq!(shapes, 52);
    for state in geo().gazetteer.states() {
        let link = format!(
            "<a href=\"/states/{}\" aria-label=\"{}: ",
            state.code, state.name
        );
        assert!(
            page.body.contains(&link),
            "{} has no linked shape",
            state.code
        );
    }
    assert!(
        page.body.matches("<title>").count() >= 53,
        "a title per shape"
    );
    assert!(page.body.contains("Legend: "));
    assert!(page.body.contains(
        "href=\"/states?kind=peer_respite&amp;measure=per_million&amp;sort=total&amp;dir=desc\""
    ));
    let sorted = get("/states?sort=total&dir=desc").await;
    assert!(sorted.body.contains("aria-sort=\"descending\""));
    let california = sorted.body.find(">California</a>").unwrap();
    let wyoming = sorted.body.find(">Wyoming</a>").unwrap();
    assert!(california < wyoming, "most programs first");
}

#[actix_web::test]
async fn state_page_lists_programs_lines_and_gaps() {
    let page = get("/states/ga").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Crisis alternatives in Georgia"));
    assert!(page
        .body
        .contains("DeKalb Peer Support, Wellness and Respite Center"));
    assert!(page
        .body
        .contains("Statewide and national lines that serve Georgia"));
    assert!(page.body.contains("988 Suicide &amp; Crisis Lifeline"));
    assert!(page.body.contains("href=\"/search?state=GA\""));
    assert!(
        page.body.contains("<circle"),
        "program points on the state map"
    );
    let wyoming = get("/states/WY").await;
    assert!(wyoming
        .body
        .contains("No peer respite listed in this state."));
    // The state checks say what was searched and when, instead of a bare gap.
    let checks =
        std::fs::read_to_string(common::repo_path("seed-data/reconcile/states.csv")).unwrap();
    let wy_respite = checks
        .lines()
        .find(|l| l.starts_with("WY,peer_respite,"))
        .unwrap();
    assert!(wy_respite.contains("none found"));
    assert!(wyoming.body.contains("None found. Searched: "));
    assert!(wyoming.body.contains("What we checked"));
}

#[actix_web::test]
async fn state_pages_say_how_many_of_a_national_list_are_listed() {
    let nec = std::fs::read_to_string(common::repo_path(
        "seed-data/reconcile/nec-peer-respites-2026-07.csv",
    ))
    .unwrap();
    let mut rows = csv::Reader::from_reader(nec.as_bytes());
    let nebraska: Vec<csv::StringRecord> = rows
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[1] == "NE")
        .collect();
    let listed = nebraska.iter().filter(|r| &r[4] == "listed").count();
    assert!(nebraska.len() >= 2, "NEC lists both Lincoln homes");
    let page = get("/states/NE").await;
    assert!(
        page.body.contains(&format!(
            "Peerway lists {listed} of the {} programs that",
            nebraska.len()
        )),
        "{}",
        page.body
    );
    assert!(page.body.contains("Directory of Peer Respites"));
    for row in nebraska.iter().filter(|r| &r[4] == "listed") {
        assert!(page
            .body
            .contains(&format!("href=\"/programs/{}\"", &row[5])));
    }
    let missing = get("/states/ZZ").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("In danger now"));
}

#[actix_web::test]
async fn model_pages_explain_each_model() {
    let page = get("/models").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("National Empowerment Center"));
    assert!(page.body.contains("When There’s a Crisis, Call a Peer"));
    let respite = get("/models/peer_respite").await;
    assert!(respite
        .body
        .contains("How it differs from an emergency room"));
    assert_eq!(get("/models/hospital").await.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn csv_export_round_trips_with_as_many_rows_as_the_search() {
    let page = get("/export.csv?q=crisis&state=CA").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("peerway-programs-"));
    let mut reader = csv::Reader::from_reader(page.body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        search(&[("q", "crisis"), ("state", "CA")]).total
    );
    let credit = headers.iter().position(|h| h == "credit").unwrap();
    assert!(rows.iter().all(|r| r[credit].contains("GeoNames")));
    let all = get("/export.csv").await;
    let count = csv::Reader::from_reader(all.body.as_bytes())
        .records()
        .count();
    assert_eq!(
        count,
        common::listed_programs().len(),
        "closed programs are left out"
    );
}

#[actix_web::test]
async fn geojson_export_is_lon_lat_inside_the_us() {
    let page = get("/export.geojson?kind=peer_respite").await;
    assert_eq!(
        page.headers.get("content-type").unwrap(),
        "application/geo+json"
    );
    let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(json["type"], "FeatureCollection");
    assert!(json["metadata"]["credit"]
        .as_str()
        .unwrap()
        .contains("GeoNames"));
    let features = json["features"].as_array().unwrap();
    assert_eq!(features.len(), search(&[("kind", "peer_respite")]).total);
    for feature in features {
        let [lon, lat] = [0, 1].map(|i| feature["geometry"]["coordinates"][i].as_f64().unwrap());
        assert!((-180.0..=-64.0).contains(&lon), "{lon} is a US longitude");
        assert!((17.0..=72.0).contains(&lat), "{lat} is a US latitude");
        assert_eq!(feature["properties"]["kind"], "peer_respite");
        assert_eq!(
            feature["properties"]["location_precision"],
            feature["properties"]["location"]["precision"],
            "the point's precision is at the top of its properties"
        );
    }
    assert!(
        features
            .iter()
            .any(|f| f["properties"]["location_precision"] != "exact"),
        "some points are only a town's or state's center, and say so"
    );
}

/// The states table and a state page for policymakers: the data's date and method,
/// rates from few programs marked, large numbers grouped, US English.
#[actix_web::test]
async fn state_figures_carry_their_date_caveats_and_readable_numbers() {
    let states = get("/states").await;
    assert!(
        states.body.contains("Data as of "),
        "the data's date on /states"
    );
    assert!(
        states.body.contains("small numbers"),
        "rates from fewer than 5 programs are marked"
    );
    assert!(!states.body.contains("centre"), "US English");
    let california = get("/states/CA").await;
    assert!(
        california.body.contains("39,538,223"),
        "population with thousands separators"
    );
    assert!(california.body.contains("Data as of "));
}

#[actix_web::test]
async fn json_and_states_csv_exports_carry_date_and_credit() {
    let json: serde_json::Value =
        serde_json::from_str(&get("/export.json?state=VT").await.body).unwrap();
    assert!(json["generated_at"].as_str().is_some());
    assert_eq!(
        json["total"].as_u64().unwrap() as usize,
        json["programs"].as_array().unwrap().len()
    );
    let states = get("/states.csv").await;
    let rows = csv::Reader::from_reader(states.body.as_bytes())
        .records()
        .count();
    assert_eq!(rows, 52);
    assert!(states.body.contains("population_2020"));
}

#[actix_web::test]
async fn the_peer_run_share_is_of_programs_whose_role_is_known() {
    use peerway::model::PeerRole;
    let csv_text = get("/states.csv").await.body;
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "GA")
        .unwrap();
    let georgia: Vec<_> = common::listed_programs()
        .into_iter()
        .filter(|p| p.address.state == "GA")
        .collect();
    let known = georgia
        .iter()
        .filter(|p| p.peer_role != PeerRole::Unknown)
        .count();
    let peer_run = georgia
        .iter()
        .filter(|p| p.peer_role == PeerRole::PeerRun)
        .count();
    assert!(known > 0, "some Georgia role is known");
    assert_eq!(row[column("peer_role_known")], known.to_string());
    assert_eq!(row[column("peer_run")], peer_run.to_string());
    assert_eq!(
        row[column("peer_run_share")],
        format!("{:.3}", peer_run as f64 / known as f64)
    );
}
