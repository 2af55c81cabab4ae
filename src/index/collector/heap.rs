//! The bounded heap of the best hits: a search keeps only the page it shows (and
//! the pages before it), however many documents match.

use std::collections::BinaryHeap;

use super::rank::{Ranked, RawHit};

/// The best `limit` hits in order, and how many matched in all.
#[derive(Debug, Default)]
pub struct TopHits {
    pub total: usize,
    pub hits: Vec<RawHit>,
}

/// Keep `ranked` if it is among the best `limit` seen so far.
pub fn keep(best: &mut BinaryHeap<Ranked>, limit: usize, ranked: Ranked) {
    if best.len() < limit {
        best.push(ranked);
    } else if best.peek().is_some_and(|worst| ranked < *worst) {
        best.pop();
        best.push(ranked);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::collector::geo::GeoMatch;
    use crate::index::collector::rank::RankOrder;
    use tantivy::DocAddress;

    fn ranked(doc: u32, text_score: f32, geo: GeoMatch, order: RankOrder) -> Ranked {
        Ranked::new(
            RawHit {
                address: DocAddress::new(0, doc),
                text_score,
                geo,
                peer_run: false,
                open_now: false,
                speaks_language: false,
            },
            order,
        )
    }

    fn best_docs(heap: BinaryHeap<Ranked>) -> Vec<u32> {
        heap.into_sorted_vec()
            .iter()
            .map(|r| r.hit.address.doc_id)
            .collect()
    }

    #[test]
    fn the_heap_keeps_the_best_few_in_order_whatever_the_arrival_order() {
        let scores = [3.0, 9.0, 1.0, 7.0, 5.0, 8.0, 2.0];
        let mut heap = BinaryHeap::new();
        for (doc, score) in scores.iter().enumerate() {
            keep(
                &mut heap,
                3,
                ranked(doc as u32, *score, GeoMatch::NO_PLACE, RankOrder::default()),
            );
        }
        // Best first: 9.0 (doc 1), 8.0 (doc 5), 7.0 (doc 3).
        assert_eq!(best_docs(heap), [1, 5, 3]);
    }

    #[test]
    fn equal_scores_keep_document_order_so_pages_do_not_shuffle() {
        let mut heap = BinaryHeap::new();
        for doc in [4, 0, 3, 1, 2] {
            keep(
                &mut heap,
                2,
                ranked(doc, 1.0, GeoMatch::NO_PLACE, RankOrder::default()),
            );
        }
        assert_eq!(best_docs(heap), [0, 1]);
    }

    #[test]
    fn a_program_whose_counties_leave_the_place_out_comes_after_any_that_may_serve_it() {
        let outside = GeoMatch {
            outside_counties: true,
            distance_km: Some(1.0),
            ..GeoMatch::NO_PLACE
        };
        let far = GeoMatch {
            distance_km: Some(300.0),
            ..GeoMatch::NO_PLACE
        };
        let mut heap = BinaryHeap::new();
        keep(&mut heap, 2, ranked(0, 50.0, outside, RankOrder::default()));
        keep(&mut heap, 2, ranked(1, 0.5, far, RankOrder::default()));
        assert_eq!(best_docs(heap), [1, 0]);
    }

    #[test]
    fn by_distance_the_nearest_comes_first_and_lines_without_a_distance_after() {
        let order = RankOrder {
            by_distance: true,
            nationals_last: false,
        };
        let at = |km: Option<f64>| GeoMatch {
            distance_km: km,
            ..GeoMatch::NO_PLACE
        };
        let mut heap = BinaryHeap::new();
        keep(&mut heap, 3, ranked(0, 9.0, at(None), order));
        keep(&mut heap, 3, ranked(1, 1.0, at(Some(40.0)), order));
        keep(&mut heap, 3, ranked(2, 1.0, at(Some(4.0)), order));
        assert_eq!(best_docs(heap), [2, 1, 0]);
    }
}
