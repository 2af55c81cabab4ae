//! Turning what people type into places, on the real gazetteer.

use crate::common;

use crate::common::geo;
use peerway::geo::PlaceKind;
use peerway::index::SearchParams;

#[test]
fn every_documented_input_form_resolves() {
    let cases = [
        ("01060", PlaceKind::Zip, "MA"),
        ("Northampton, MA", PlaceKind::City, "MA"),
        ("northampton ma", PlaceKind::City, "MA"),
        ("Eugene Oregon", PlaceKind::City, "OR"),
        ("42.32,-72.63", PlaceKind::Coordinates, "MA"),
        ("Oregon", PlaceKind::State, "OR"),
        ("OR", PlaceKind::State, "OR"),
        ("st. louis, mo", PlaceKind::City, "MO"),
        ("Saint Paul MN", PlaceKind::City, "MN"),
        ("New York", PlaceKind::State, "NY"),
        ("denver", PlaceKind::City, "CO"),
    ];
    for (input, kind, state) in cases {
        let place = geo()
            .locate(input)
            .unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(place.kind, kind, "{input}");
        assert_eq!(place.state.as_deref(), Some(state), "{input}");
    }
}

#[test]
fn northampton_zip_and_name_are_the_same_town() {
    let by_zip = geo().locate("01060").unwrap();
    let by_name = geo().locate("Northampton, MA").unwrap();
    assert!(peerway::geo::distance_km(by_zip.lat, by_zip.lon, by_name.lat, by_name.lon) < 3.0);
}

#[test]
fn misspelled_place_suggests_the_closest_names() {
    let error = geo().locate("Nothampton MA").unwrap_err().to_string();
    assert!(
        error.starts_with("no place called 'Nothampton MA'; did you mean Northampton, MA"),
        "{error}"
    );
}

#[test]
fn nonsense_is_an_error_not_a_default() {
    assert!(geo().locate("Qwxzptv").is_err());
    assert!(geo()
        .locate("99999")
        .unwrap_err()
        .to_string()
        .contains("99999"));
    assert!(geo().locate("91.0,-72.0").is_err());
    assert!(geo().locate("  ").is_err());
}

#[test]
fn coastal_point_just_offshore_falls_in_the_nearest_state() {
    // Off Cape Cod, outside the generalised coastline but within 25 km of it.
    let place = geo().locate("41.70,-69.90").unwrap();
    assert_eq!(place.state.as_deref(), Some("MA"));
    // Mid-Atlantic: no state at all.
    let sea = geo().locate("35.0,-50.0").unwrap();
    assert_eq!(sea.state, None);
}

#[test]
fn coordinates_come_in_pairs() {
    // Found by schemathesis: a lone `lon` was ignored and the search ran without a place.
    let params = SearchParams::from_pairs([("q", "respite"), ("lon", "-72.6")]).unwrap();
    let error = peerway::index::parse_request(&params, common::geo()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "lat and lon go together; give both or neither"
    );
    let params = SearchParams::from_pairs([("lat", ""), ("lon", "")]).unwrap();
    assert!(
        peerway::index::parse_request(&params, common::geo()).is_ok(),
        "both empty is neither"
    );
}

#[test]
fn the_suggestion_prefilter_skips_no_similar_name() {
    // The letter-count bound must keep every name a full scan would suggest.
    let gazetteer = &geo().gazetteer;
    for typo in [
        "northamptn",
        "sprngfield",
        "portlnd",
        "albquerque",
        "cheyene",
        "saint pual",
    ] {
        let full: usize = gazetteer
            .places()
            .filter(|p| strsim::jaro_winkler(typo, &peerway::geo::fold_place_name(&p.name)) >= 0.85)
            .count();
        let bounded = gazetteer
            .similar_candidates(typo, None, 0.75)
            .filter(|(name, _)| strsim::jaro_winkler(typo, name) >= 0.85)
            .count();
        assert_eq!(bounded, full, "{typo}");
        assert!(full > 0, "{typo} has suggestions");
    }
}
