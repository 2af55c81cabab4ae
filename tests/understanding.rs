//! How the engine reads what people type: places in the words, kinds, typos.

use crate::common;

use crate::common::{geo, search};
use peerway::geo::PlaceKind;
use peerway::index::{self, SearchParams};

fn request(q: &str) -> index::SearchRequest {
    let params = SearchParams::from_pairs([("q", q)]).unwrap();
    index::parse_request(&params, geo()).unwrap()
}

/// The request `q` is understood as: its place must be `label` of `kind`, and the
/// words left `rest`.
fn understood_place(q: &str, rest: &str, label: &str, kind: PlaceKind) -> index::SearchRequest {
    let request = request(q);
    let place = request
        .place
        .as_ref()
        .unwrap_or_else(|| panic!("{q}: no place"));
    assert_eq!(place.label, label, "{q}");
    assert_eq!(place.kind, kind, "{q}");
    assert_eq!(request.text, rest, "{q}");
    request
}

#[test]
fn places_are_read_out_of_the_words() {
    let cases = [
        (
            "respite near eugene oregon",
            "respite",
            "Eugene, OR",
            PlaceKind::City,
        ),
        ("warmline in Ohio", "warmline", "Ohio", PlaceKind::State),
        (
            "crisis team denver",
            "crisis team",
            "Denver, CO",
            PlaceKind::City,
        ),
        (
            "peer respite 01060",
            "peer respite",
            "Northampton MA (01060)",
            PlaceKind::Zip,
        ),
        (
            "respit near madison wi",
            "respit",
            "Madison, WI",
            PlaceKind::City,
        ),
        (
            "street response portland oregon",
            "street response",
            "Portland, OR",
            PlaceKind::City,
        ),
        (
            "warm line california",
            "warm line",
            "California",
            PlaceKind::State,
        ),
    ];
    for (q, rest, label, kind) in cases {
        assert!(understood_place(q, rest, label, kind).place_from_text);
    }
}

#[test]
fn ordinary_words_are_not_mistaken_for_places() {
    for q in [
        "crisis center",
        "text line",
        "trans support",
        "someone to talk to",
        "living room",
        "veterans",
        "mobile crisis team",
        "help in crisis",
    ] {
        let request = request(q);
        assert!(request.place.is_none(), "{q} became {:?}", request.place);
        assert_eq!(request.text, q);
    }
}

#[test]
fn a_given_place_is_never_overridden_by_the_words() {
    let params = SearchParams::from_pairs([("q", "respite denver"), ("near", "01060")]).unwrap();
    let request = index::parse_request(&params, geo()).unwrap();
    assert_eq!(request.place.unwrap().label, "Northampton MA (01060)");
    assert_eq!(request.text, "respite denver");
}

#[test]
fn misspelled_place_in_the_words_is_suggested_not_guessed() {
    let request = request("respite near madisn wi");
    assert!(request.place.is_none());
    assert_eq!(request.text, "respite");
    assert!(
        request
            .place_suggestions
            .contains(&"Madison, WI".to_string()),
        "{:?}",
        request.place_suggestions
    );
}

#[test]
fn a_typo_still_finds_the_program_and_exact_matches_rank_first() {
    let typo = search(&[("q", "warmine"), ("near", "97401")]);
    assert!(typo
        .hits
        .iter()
        .any(|h| h.id == "david-romprey-oregon-warmline"));
    let exact = search(&[("q", "warmline"), ("near", "97401")]);
    let fuzzy_score = typo
        .hits
        .iter()
        .find(|h| h.id == "david-romprey-oregon-warmline")
        .unwrap()
        .score;
    let exact_score = exact
        .hits
        .iter()
        .find(|h| h.id == "david-romprey-oregon-warmline")
        .unwrap()
        .score;
    assert!(
        exact_score > fuzzy_score,
        "exact {exact_score} vs fuzzy {fuzzy_score}"
    );
}

#[test]
fn the_last_word_matches_as_a_prefix() {
    let results = search(&[("q", "soter")]);
    assert!(results
        .hits
        .iter()
        .any(|h| h.id == "soteria-house-pathways-vermont"));
}

#[test]
fn a_kind_word_lifts_that_kind_without_hiding_others() {
    let results = search(&[
        ("q", "someone to talk to"),
        ("near", "48201"),
        ("per_page", "50"),
    ]);
    assert_eq!(results.hits[0].kind, "warmline");
    let lifted = search(&[("q", "living room"), ("per_page", "100")]);
    assert!(lifted.hits.iter().take(5).all(|h| h.kind == "living_room"));
    assert!(
        lifted.hits.iter().any(|h| h.kind != "living_room"),
        "a lift is not a filter"
    );
}

#[test]
fn the_question_itself_gets_the_answer_block() {
    for q in [
        "what are the alternatives to hospitalizing people",
        "What are the alternatives to hospitalization?",
        "alternatives to psychiatric hospitalization",
    ] {
        let results = search(&[("q", q), ("near", "01060")]);
        let answer = results
            .answer
            .as_ref()
            .unwrap_or_else(|| panic!("{q}: no answer block"));
        let respite = answer.iter().find(|m| m.kind == "peer_respite").unwrap();
        assert_eq!(respite.nearest.as_ref().unwrap().id, "afiya-peer-respite");
        assert!(results.total > 0);
    }
    assert!(search(&[("q", "respite")]).answer.is_none());
}

#[test]
fn zero_results_suggest_a_respelling() {
    let results = search(&[("q", "tean"), ("state", "CO")]);
    assert_eq!(results.total, 0);
    let suggestion = results.did_you_mean.expect("a suggestion");
    assert!(
        ["team", "teen"].contains(&suggestion.as_str()),
        "{suggestion}"
    );
}

#[test]
fn spanish_places_are_read_out_of_the_words() {
    let cases = [
        (
            "linea de apoyo cerca de 78201",
            "linea de apoyo",
            "San Antonio TX (78201)",
            PlaceKind::Zip,
        ),
        (
            "casa de respiro en nueva york",
            "casa de respiro",
            "New York",
            PlaceKind::State,
        ),
        (
            "respiro en Nuevo México",
            "respiro",
            "New Mexico",
            PlaceKind::State,
        ),
        (
            "linea de apoyo carolina del norte",
            "linea de apoyo",
            "North Carolina",
            PlaceKind::State,
        ),
        (
            "respiro en pensilvania",
            "respiro",
            "Pennsylvania",
            PlaceKind::State,
        ),
        (
            "equipo móvil condado de bexar",
            "equipo móvil",
            "Bexar County, TX",
            PlaceKind::County,
        ),
        (
            "equipo movil en el condado de Bexar",
            "equipo movil",
            "Bexar County, TX",
            PlaceKind::County,
        ),
        (
            "ayuda en El Paso, TX",
            "ayuda",
            "El Paso, TX",
            PlaceKind::City,
        ),
        (
            "centro de crisis cerca de Phoenix AZ",
            "centro de crisis",
            "Phoenix, AZ",
            PlaceKind::City,
        ),
    ];
    for (q, rest, label, kind) in cases {
        understood_place(q, rest, label, kind);
    }
}

#[test]
fn near_me_names_the_person_not_maine_or_michigan() {
    // (The words themselves are dropped by the synonyms: "near me", "cerca de mi".)
    for q in [
        "respite near me",
        "respiro cerca de mí",
        "linea de apoyo cerca de mi",
    ] {
        let request = request(q);
        assert!(request.place.is_none(), "{q} became {:?}", request.place);
    }
    // A Spanish word after "en" is not a place.
    let request = request("linea de apoyo en español");
    assert!(request.place.is_none());
    assert_eq!(request.text, "linea de apoyo en español");
}

#[test]
fn spanish_searches_find_what_they_mean() {
    // "no quiero ir al hospital" with no place: alternatives first, and the answer.
    let results = search(&[("q", "no quiero ir al hospital")]);
    assert!(results.answer.is_some(), "the alternatives are given");
    let first = &results.hits[0].program;
    assert!(
        matches!(
            first.kind,
            peerway::model::ServiceKind::PeerRespite
                | peerway::model::ServiceKind::LivingRoom
                | peerway::model::ServiceKind::CrisisResidential
                | peerway::model::ServiceKind::SoteriaHouse
                | peerway::model::ServiceKind::CrisisStabilization
        ),
        "{} ({:?}) first",
        first.name,
        first.kind
    );
    // Accents optional, typos tolerated.
    for q in [
        "línea de apoyo",
        "linea de apoyo",
        "linea de apollo",
        "liena de apoyo",
    ] {
        let results = search(&[("q", q), ("near", "87102")]);
        assert!(
            results
                .hits
                .iter()
                .take(3)
                .any(|h| h.id == "new-mexico-peer-to-peer-warmline"),
            "{q}: {:?}",
            common::hit_ids(&results)
        );
    }
}
