//! Counties, as the counties issue asks: who serves this county (search), county
//! places, the warning for a program outside your counties, and the county views
//! for policymakers (`/counties`, `/counties.csv`, the state page's county table).
//! Real listings only: Hancock Health's team serves Hancock County, IN (46140
//! Greenfield; 46229 is next door in Marion County, Indianapolis); Bert Nash's team
//! serves Douglas County, KS (66044 Lawrence; 66054 McLouth is in Jefferson County);
//! 2nd Story serves Santa Cruz County, CA (93940 Monterey is the county south of it).

use crate::common::{geo, get_page, hit_ids, search};
use peerway::index::SearchResults;

fn hit<'a>(results: &'a SearchResults, id: &str) -> Option<&'a peerway::index::Hit> {
    results.hits.iter().find(|h| h.id == id)
}

#[test]
fn zips_on_both_sides_of_a_county_line_resolve_to_their_own_county() {
    let lawrence = geo().locate("66044").unwrap();
    let mclouth = geo().locate("66054").unwrap();
    assert_eq!(lawrence.county.unwrap().label, "Douglas County, KS");
    assert_eq!(mclouth.county.unwrap().label, "Jefferson County, KS");
}

#[test]
fn a_typed_county_is_a_place_and_a_misspelt_one_gets_suggestions() {
    let place = geo().locate("Hampshire County, MA").unwrap();
    assert_eq!(place.kind, peerway::geo::PlaceKind::County);
    assert_eq!(place.county.unwrap().label, "Hampshire County, MA");
    let error = geo().locate("Hampshir County, MA").unwrap_err().to_string();
    assert!(error.contains("Hampshire County, MA"), "{error}");
}

#[test]
fn a_county_team_serves_a_zip_in_its_county_and_not_one_next_door() {
    let id = "hancock-health-mobile-response-team";
    let inside = search(&[
        ("q", "mobile crisis"),
        ("near", "46140"),
        ("per_page", "100"),
    ]);
    let team = hit(&inside, id).expect("listed in Greenfield");
    assert!(team.serves_your_area);
    assert!(team.outside_your_area.is_none());
    let next_door = search(&[
        ("q", "mobile crisis"),
        ("near", "46229"),
        ("per_page", "100"),
    ]);
    let team = hit(&next_door, id).expect("18 km away: still listed, with its warning");
    assert!(!team.serves_your_area);
    assert_eq!(
        team.outside_your_area.as_deref(),
        Some("Serves Hancock County \u{2014} not Marion County")
    );
}

#[test]
fn a_county_team_known_only_to_its_state_is_found_by_its_county_alone() {
    // Bert Nash's team has no town on record: its county places it.
    let id = "bert-nash-mobile-response-team";
    let inside = search(&[
        ("q", "mobile crisis"),
        ("near", "66044"),
        ("per_page", "100"),
    ]);
    assert!(hit(&inside, id).is_some_and(|h| h.serves_your_area));
    let next_door = search(&[
        ("q", "mobile crisis"),
        ("near", "66054"),
        ("per_page", "100"),
    ]);
    assert!(hit(&next_door, id).is_none(), "{:?}", hit_ids(&next_door));
}

#[test]
fn serves_place_keeps_only_programs_that_serve_the_place() {
    let all = search(&[("near", "66044"), ("per_page", "100")]);
    let serving = search(&[("near", "66044"), ("serves", "place"), ("per_page", "100")]);
    assert!(
        serving.total < all.total,
        "{} < {}",
        serving.total,
        all.total
    );
    assert!(serving.hits.iter().all(|h| h.serves_your_area));
    assert!(hit_ids(&serving).contains(&"bert-nash-mobile-response-team"));
}

#[test]
fn the_statewide_line_comes_before_national_lines_for_a_kind_near_a_place() {
    let results = search(&[("q", "crisis line"), ("near", "Topeka, KS")]);
    let ids = hit_ids(&results);
    let state = ids
        .iter()
        .position(|id| *id == "kansas-suicide-prevention-hq-call-center")
        .expect("the Kansas line is listed");
    let first_national = results
        .hits
        .iter()
        .position(|h| h.program.area.scope == peerway::model::AreaScope::National)
        .expect("national lines are still listed");
    assert!(state < first_national, "{ids:?}");
}

#[test]
fn a_respite_outside_your_counties_carries_the_warning_and_sorts_after() {
    let results = search(&[
        ("q", "peer respite"),
        ("near", "93940"),
        ("per_page", "100"),
    ]);
    let position = |id: &str| hit_ids(&results).iter().position(|h| *h == id);
    let second_story = position("2nd-story-peer-respite-house").expect("listed near Monterey");
    let warning = results.hits[second_story].outside_your_area.as_deref();
    assert_eq!(
        warning,
        Some("Serves Santa Cruz County \u{2014} not Monterey County")
    );
    // Every program before it may serve Monterey; none after it is known to.
    assert!(results.hits[..second_story]
        .iter()
        .all(|h| h.outside_your_area.is_none()));
    assert!(results.hits[second_story..]
        .iter()
        .all(|h| h.outside_your_area.is_some()));
}

#[actix_web::test]
async fn the_county_map_has_every_county_with_a_title_and_a_link_under_300_kb() {
    let page = get_page("/counties?kind=mobile_team").await;
    assert_eq!(page.status, 200);
    assert!(page.body.len() < 300 * 1024, "{} bytes", page.body.len());
    let svg = &page.body[page.body.find("<svg").unwrap()..page.body.find("</svg>").unwrap()];
    // Each county is a path with a title, inside a link to its state's county table.
    let mut counties = 0;
    for link in svg.split("<a href=\"").skip(1) {
        let (href, rest) = link.split_once('"').unwrap();
        assert!(
            href.starts_with("/states/") && href.ends_with("#counties"),
            "{href}"
        );
        let inside = rest.split("</a>").next().unwrap();
        let paths = inside.matches("<path d=").count();
        assert_eq!(
            paths,
            inside.matches("<title>").count(),
            "a path without a title"
        );
        counties += paths;
    }
    assert_eq!(counties, 3220);
}

#[actix_web::test]
async fn counties_csv_agrees_with_the_search_facets() {
    let page = get_page("/counties.csv").await;
    assert_eq!(page.status, 200);
    let mut reader = csv::Reader::from_reader(page.body.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3220);
    for (fips, place) in [
        ("20045", "Douglas County, KS"),
        ("25015", "Hampshire County, MA"),
        ("22017", "Caddo Parish, LA"),
        ("06087", "Santa Cruz County, CA"),
    ] {
        let row = rows.iter().find(|r| &r[0] == fips).unwrap();
        let serving = search(&[("near", place), ("serves", "place"), ("per_page", "1")]);
        let national = search(&[
            ("near", place),
            ("serves", "place"),
            ("state", "US"),
            ("per_page", "1"),
        ]);
        let expected = serving.total - national.total;
        assert_eq!(
            row[column("programs_serving")].parse::<usize>().unwrap(),
            expected,
            "{place}"
        );
        for kind in ["mobile_team", "peer_respite", "warmline", "crisis_line"] {
            let of = |r: &SearchResults| r.facets["kind"].get(kind).copied().unwrap_or(0);
            assert_eq!(
                row[column(kind)].parse::<u64>().unwrap(),
                of(&serving) - of(&national),
                "{place} {kind}"
            );
        }
    }
}

#[actix_web::test]
async fn a_state_page_has_a_county_table_row_for_every_county() {
    let page = get_page("/states/KS").await;
    assert_eq!(page.status, 200);
    let kansas_counties = geo().counties.in_state("KS").count();
    assert_eq!(kansas_counties, 105);
    assert_eq!(page.body.matches("<tr id=\"c20").count(), kansas_counties);
    let douglas = page.body.split("<tr id=\"c20045\">").nth(1).unwrap();
    let douglas = douglas.split("</tr>").next().unwrap();
    assert!(douglas.contains("Douglas County"), "{douglas}");
}
