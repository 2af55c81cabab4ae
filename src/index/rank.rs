//! The relevance formula, in one place so it can be tuned and documented
//! (ARCHITECTURE.md, "Ranking").
//!
//! score = text × proximity × peer
//! - text: the query's score — BM25 of the words (name ×3), fuzzy and prefix
//!   matches at a small constant, plus lifts for named kinds and populations;
//!   1 when there is no text;
//! - proximity: 0.5 + 0.5·e^(−d/80 km) for programs with a distance, so nearness
//!   lifts a result by up to 2× but a much better text match further away still
//!   wins; 0.65 for a statewide program serving the place and 0.6 for a national
//!   one (both as reachable from here as anywhere; the state's own line knows
//!   local services, so it wins a tie); 0.5 for the rest;
//! - peer: ×1.15 for peer-run programs, the alternatives this directory exists for.

use super::collect::RawHit;

const PROXIMITY_SCALE_KM: f64 = 80.0;
const SERVES_STATE_PROXIMITY: f64 = 0.65;
const NATIONAL_PROXIMITY: f64 = 0.6;
const FAR_PROXIMITY: f64 = 0.5;
const PEER_RUN_BOOST: f64 = 1.15;

pub fn rank_score(hit: &RawHit) -> f32 {
    let text = f64::from(hit.text_score);
    let proximity = match hit.geo.distance_km {
        Some(d) => 0.5 + 0.5 * (-d / PROXIMITY_SCALE_KM).exp(),
        None if hit.geo.national => NATIONAL_PROXIMITY,
        None if hit.geo.serves_your_area => SERVES_STATE_PROXIMITY,
        None => FAR_PROXIMITY,
    };
    let peer = if hit.peer_run { PEER_RUN_BOOST } else { 1.0 };
    (text * proximity * peer) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::collect::GeoMatch;
    use tantivy::DocAddress;

    fn hit(text_score: f32, distance_km: Option<f64>) -> RawHit {
        RawHit {
            address: DocAddress::new(0, 0),
            text_score,
            geo: GeoMatch {
                distance_km,
                serves_your_area: false,
                national: false,
            },
            peer_run: false,
        }
    }

    #[test]
    fn strong_match_50km_away_beats_weak_match_5km_away() {
        assert!(rank_score(&hit(4.0, Some(50.0))) > rank_score(&hit(2.0, Some(5.0))));
    }

    #[test]
    fn nearer_wins_between_equal_matches() {
        assert!(rank_score(&hit(2.0, Some(5.0))) > rank_score(&hit(2.0, Some(50.0))));
    }
}
