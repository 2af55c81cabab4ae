//! The relevance formula, in one place so it can be tuned and documented
//! (ARCHITECTURE.md, "Ranking").
//!
//! score = text × proximity × peer
//! - text: the query's score — BM25 of the words (name ×3), fuzzy and prefix
//!   matches at a small constant, plus lifts for named kinds and populations;
//!   1 when there is no text;
//! - proximity: 1 for a program whose listed counties include the place's (it
//!   serves the place, wherever its office is); 0.5 + 0.5·e^(−d/80 km) for other
//!   programs with a distance, so nearness lifts a result by up to 2× but a much
//!   better text match further away still wins; 0.65 for a statewide program
//!   serving the place and 0.6 for a national one (both as reachable from here as
//!   anywhere; the state's own line knows local services, so it wins a tie); 0.5
//!   for the rest. So for equal words: county-served, then state, then national.
//!   A program whose counties leave the place out sorts after all of these
//!   (`collect::Ranked`), whatever its score;
//! - peer: ×1.15 for peer-run programs, the alternatives this directory exists for;
//! - open: ×1.3 for programs open at the moment of the search (24/7 included), so
//!   at about equal relevance a person at 2:30 am sees what answers now before what
//!   is closed or has no stated hours;
//! - language: ×1.1 for programs that answer in the searcher's language (the
//!   Spanish site asks for Spanish), so among equal matches they come first; the
//!   English site asks for none and this is 1.

use tantivy::{DocAddress, Score};

use super::geo::GeoMatch;

const PROXIMITY_SCALE_KM: f64 = 80.0;
const SERVES_COUNTY_PROXIMITY: f64 = 1.0;
const SERVES_STATE_PROXIMITY: f64 = 0.65;
const NATIONAL_PROXIMITY: f64 = 0.6;
const FAR_PROXIMITY: f64 = 0.5;
const PEER_RUN_BOOST: f64 = 1.15;
const OPEN_NOW_BOOST: f64 = 1.3;
const LANGUAGE_BOOST: f64 = 1.1;

pub fn rank_score(hit: &RawHit) -> f32 {
    let text = f64::from(hit.text_score);
    let proximity = match hit.geo.distance_km {
        _ if hit.geo.serves_county => SERVES_COUNTY_PROXIMITY,
        Some(d) => 0.5 + 0.5 * (-d / PROXIMITY_SCALE_KM).exp(),
        None if hit.geo.national => NATIONAL_PROXIMITY,
        None if hit.geo.serves_your_area => SERVES_STATE_PROXIMITY,
        None => FAR_PROXIMITY,
    };
    let peer = if hit.peer_run { PEER_RUN_BOOST } else { 1.0 };
    let open = if hit.open_now { OPEN_NOW_BOOST } else { 1.0 };
    let language = if hit.speaks_language {
        LANGUAGE_BOOST
    } else {
        1.0
    };
    (text * proximity * peer * open * language) as f32
}

/// One matching document before ranking.
#[derive(Debug, Clone, Copy)]
pub struct RawHit {
    pub address: DocAddress,
    pub text_score: Score,
    pub geo: GeoMatch,
    pub peer_run: bool,
    /// Open at the moment the search is answered for (24/7 included).
    pub open_now: bool,
    /// Answers in the searcher's language (`SearchRequest::language`).
    pub speaks_language: bool,
}

/// A hit with its place in the order: smaller keys come first.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    /// 0 for most; 1 for a national line when the words named only a kind of
    /// program near a place (the state's and county's own come first); 2 for a
    /// program whose listed counties leave the searched place out: it comes after
    /// every program that may serve the place, whatever its score.
    tier: u8,
    primary: f64,
    secondary: f64,
    pub hit: RawHit,
}

/// How hits are put in order.
#[derive(Debug, Clone, Copy, Default)]
pub struct RankOrder {
    /// Nearest first, instead of best first.
    pub by_distance: bool,
    /// National lines after the programs of the place (a place was given and the
    /// words named only a kind: "crisis line near Topeka").
    pub nationals_last: bool,
}

impl Ranked {
    pub fn new(hit: RawHit, order: RankOrder) -> Ranked {
        let score = f64::from(rank_score(&hit));
        let tier = if hit.geo.outside_counties {
            2
        } else {
            u8::from(order.nationals_last && hit.geo.national)
        };
        let (primary, secondary) = if order.by_distance {
            // Nearest first; programs with no distance (statewide lines) after, by score.
            (hit.geo.distance_km.unwrap_or(f64::INFINITY), -score)
        } else {
            (-score, 0.0)
        };
        Ranked {
            tier,
            primary,
            secondary,
            hit,
        }
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.tier
            .cmp(&other.tier)
            .then(self.primary.total_cmp(&other.primary))
            .then(self.secondary.total_cmp(&other.secondary))
            .then(self.hit.address.cmp(&other.hit.address))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(text_score: f32, distance_km: Option<f64>) -> RawHit {
        RawHit {
            address: DocAddress::new(0, 0),
            text_score,
            geo: GeoMatch {
                distance_km,
                ..GeoMatch::NO_PLACE
            },
            peer_run: false,
            open_now: false,
            speaks_language: false,
        }
    }

    #[test]
    fn strong_match_50km_away_beats_weak_match_5km_away() {
        assert!(rank_score(&hit(4.0, Some(50.0))) > rank_score(&hit(2.0, Some(5.0))));
    }

    #[test]
    fn at_equal_relevance_open_now_comes_first_but_a_much_better_match_still_wins() {
        let open = RawHit {
            open_now: true,
            ..hit(2.0, Some(10.0))
        };
        assert!(rank_score(&open) > rank_score(&hit(2.0, Some(10.0))));
        assert!(rank_score(&hit(3.0, Some(10.0))) > rank_score(&open));
    }

    #[test]
    fn the_searchers_language_wins_a_tie_but_not_a_better_match() {
        let spanish = RawHit {
            speaks_language: true,
            ..hit(2.0, Some(10.0))
        };
        assert!(rank_score(&spanish) > rank_score(&hit(2.0, Some(10.0))));
        assert!(rank_score(&hit(2.5, Some(10.0))) > rank_score(&spanish));
    }

    #[test]
    fn nearer_wins_between_equal_matches() {
        assert!(rank_score(&hit(2.0, Some(5.0))) > rank_score(&hit(2.0, Some(50.0))));
    }

    #[test]
    fn for_equal_words_county_served_beats_statewide_beats_national() {
        let with = |serves_county, serves_your_area, national| RawHit {
            geo: GeoMatch {
                serves_county,
                serves_your_area,
                national,
                ..GeoMatch::NO_PLACE
            },
            ..hit(2.0, None)
        };
        let county = rank_score(&with(true, true, false));
        let state = rank_score(&with(false, true, false));
        let national = rank_score(&with(false, true, true));
        assert!(
            county > state && state > national,
            "{county} {state} {national}"
        );
    }
}
