//! Search behaviour on the real seed-data.

use crate::common::{catalog, geo, hit_ids, search};
use peerway::index::{self, FacetDim, SearchParams};

#[test]
fn nearest_peer_respite_to_01060_is_afiya() {
    let results = search(&[
        ("near", "01060"),
        ("kind", "peer_respite"),
        ("sort", "distance"),
    ]);
    assert_eq!(results.hits[0].id, "afiya-peer-respite");
    assert_eq!(results.hits[0].city, "Northampton");
    assert!(results.hits[0].distance_km.unwrap() < 5.0);
}

#[test]
fn peer_respite_text_near_northampton_ranks_afiya_first() {
    let results = search(&[
        ("q", "peer respite"),
        ("near", "01060"),
        ("radius", "100mi"),
    ]);
    assert_eq!(results.hits[0].id, "afiya-peer-respite");
    for hit in &results.hits {
        let within = hit.distance_km.is_some_and(|d| d <= 160.94);
        assert!(
            within || hit.serves_your_area || hit.state == "MA",
            "{} is outside the area",
            hit.id
        );
    }
}

#[test]
fn statewide_warmline_serves_every_zip_in_oregon() {
    let oregon_zips: Vec<String> = geo()
        .gazetteer
        .zips()
        .filter(|z| z.state == "OR")
        .map(|z| z.zip.clone())
        .collect();
    assert!(oregon_zips.len() > 400, "the gazetteer has Oregon's ZIPs");
    for zip in &oregon_zips {
        let results = search(&[("q", "warmline"), ("near", zip), ("per_page", "100")]);
        let line = results
            .hits
            .iter()
            .find(|h| h.id == "david-romprey-oregon-warmline")
            .unwrap_or_else(|| panic!("ZIP {zip} does not see the Oregon warmline"));
        assert!(line.serves_your_area, "ZIP {zip}");
        assert!(
            results
                .hits
                .iter()
                .any(|h| h.state == "US" && h.serves_your_area),
            "ZIP {zip} sees the national lines"
        );
    }
}

#[test]
fn statewide_programs_of_other_states_do_not_serve_oregon() {
    let results = search(&[("q", "warmline"), ("near", "97401"), ("per_page", "100")]);
    for hit in results.hits.iter().filter(|h| h.serves_your_area) {
        assert!(
            hit.state == "OR" || hit.state == "US",
            "{} ({}) claims to serve Eugene",
            hit.id,
            hit.state
        );
    }
}

/// Disjunctive facets: the count shown for a value is what choosing it returns,
/// with every other filter kept.
#[test]
fn facet_counts_equal_the_totals_of_applying_them() {
    let cases: [&[(&str, &str)]; 4] = [
        &[],
        &[("q", "crisis")],
        &[
            ("near", "Chicago, IL"),
            ("radius", "200mi"),
            ("kind", "living_room"),
        ],
        &[("state", "CA"), ("peer_role", "peer_run")],
    ];
    for base in cases {
        let results = search(base);
        for dim in FacetDim::ALL {
            for (value, count) in &results.facets[dim.key()] {
                let mut pairs: Vec<(&str, &str)> = base
                    .iter()
                    .filter(|(k, _)| *k != dim.key())
                    .copied()
                    .collect();
                pairs.push((dim.key(), value));
                let applied = search(&pairs);
                assert_eq!(
                    applied.total as u64,
                    *count,
                    "{base:?} + {}={value}",
                    dim.key()
                );
            }
        }
    }
}

#[test]
fn choosing_two_values_of_one_facet_returns_either() {
    let respites = search(&[("kind", "peer_respite")]).total;
    let warmlines = search(&[("kind", "warmline")]).total;
    let both = search(&[("kind", "peer_respite"), ("kind", "warmline")]).total;
    assert_eq!(both, respites + warmlines);
}

#[test]
fn whole_state_search_lists_its_programs_and_lines_that_serve_it() {
    let results = search(&[
        ("near", "GA"),
        ("kind", "peer_respite"),
        ("per_page", "100"),
    ]);
    assert!(results.total >= 5, "Georgia has several peer respites");
    assert!(results
        .hits
        .iter()
        .all(|h| h.state == "GA" || h.serves_your_area));
    assert!(
        results.hits.iter().all(|h| h.distance_km.is_none()),
        "no distance to a whole state"
    );
}

#[test]
fn unknown_place_is_an_error_with_suggestions() {
    let params = SearchParams::from_pairs([("near", "Nothampton MA")]).unwrap();
    let error = index::parse_request(&params, geo())
        .unwrap_err()
        .to_string();
    assert_eq!(
        error.split(" or ").next().unwrap(),
        "no place called 'Nothampton MA'; did you mean Northampton, MA"
    );
}

#[test]
fn pagination_splits_results_without_overlap() {
    let first = search(&[("q", "crisis"), ("per_page", "10")]);
    let second = search(&[("q", "crisis"), ("per_page", "10"), ("page", "2")]);
    assert_eq!(first.total, second.total);
    assert!(first.total > 20);
    let first_ids = hit_ids(&first);
    assert!(hit_ids(&second).iter().all(|id| !first_ids.contains(id)));
}

#[test]
fn find_program_by_id() {
    let program = catalog()
        .find_program("afiya-peer-respite")
        .unwrap()
        .unwrap();
    assert_eq!(program.contact.phones[0].digits, "4135702990");
    assert!(catalog().find_program("no-such-program").unwrap().is_none());
}

#[test]
fn a_renamed_or_split_program_is_found_by_its_earlier_name() {
    let results = search(&[("q", "Mental Health Association of Nebraska respite homes")]);
    let ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
    assert!(ids.contains(&"keya-house"), "{ids:?}");
    assert!(ids.contains(&"honu-home"), "{ids:?}");
}
