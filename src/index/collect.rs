//! Geo filtering inside tantivy collectors: each matching document's point and
//! service area are read from fast fields, so "within 100 miles, or serving this
//! state" is decided without loading a single stored document.

use std::collections::BinaryHeap;

use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentReader};

use super::rank::rank_score;
use super::schema::{state_bit, NATIONAL_BIT};
use crate::geo::{PlaceKind, SearchPlace};

/// `precision` values up to this one (address, zip, city) are real places; a
/// state-precision point is only the state's middle, so no distance is shown for it.
const MAX_PRECISION_WITH_DISTANCE: u64 = 2;
const STATE_PRECISION: u64 = 3;

/// The geographic part of a search, ready to test documents against.
#[derive(Debug, Clone)]
pub struct GeoFilter {
    origin: Option<Origin>,
}

#[derive(Debug, Clone)]
struct Origin {
    lat: f64,
    lon: f64,
    radius_km: f64,
    whole_state: bool,
    /// The place's state bit (0 when the place is in no state).
    state_bits: u64,
}

/// How a document relates to the searched place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoMatch {
    pub distance_km: Option<f64>,
    pub serves_your_area: bool,
    /// A national program (it serves every place).
    pub national: bool,
}

impl GeoFilter {
    pub fn new(place: Option<&SearchPlace>, radius_km: f64, state_codes: &[String]) -> GeoFilter {
        let origin = place.map(|place| Origin {
            lat: place.lat,
            lon: place.lon,
            radius_km,
            whole_state: place.kind == PlaceKind::State,
            state_bits: place
                .state
                .as_deref()
                .and_then(|s| state_bit(state_codes, s))
                .map_or(0, |bit| 1u64 << bit),
        });
        GeoFilter { origin }
    }

    pub fn for_segment(&self, columns: &GeoColumns) -> SegmentGeo {
        SegmentGeo {
            origin: self.origin.clone(),
            columns: columns.clone(),
        }
    }
}

/// A segment's point and service-area columns (opened once per generation).
#[derive(Clone)]
pub struct GeoColumns {
    lat: Column<f64>,
    lon: Column<f64>,
    precision: Column<u64>,
    serves_mask: Column<u64>,
    home_state: Column<u64>,
}

impl GeoColumns {
    pub fn read(reader: &SegmentReader) -> tantivy::Result<GeoColumns> {
        let fast = reader.fast_fields();
        Ok(GeoColumns {
            lat: fast.f64("lat")?,
            lon: fast.f64("lon")?,
            precision: fast.u64("precision")?,
            serves_mask: fast.u64("serves_mask")?,
            home_state: fast.u64("home_state")?,
        })
    }
}

pub struct SegmentGeo {
    origin: Option<Origin>,
    columns: GeoColumns,
}

impl SegmentGeo {
    /// `None` when the document is outside the searched area.
    pub fn test(&self, doc: DocId) -> Option<GeoMatch> {
        let Some(origin) = &self.origin else {
            return Some(GeoMatch {
                distance_km: None,
                serves_your_area: false,
                national: false,
            });
        };
        let columns = &self.columns;
        let serves_mask = columns.serves_mask.first(doc).unwrap_or(0);
        let national = serves_mask & (1u64 << NATIONAL_BIT) != 0;
        let serves_your_area = national || serves_mask & origin.state_bits != 0;
        let in_home_state = columns.home_state.first(doc).unwrap_or(0) & origin.state_bits != 0;
        let precision = columns.precision.first(doc);
        let distance_km = match (precision, columns.lat.first(doc), columns.lon.first(doc)) {
            (Some(p), Some(lat), Some(lon))
                if p <= MAX_PRECISION_WITH_DISTANCE && !origin.whole_state =>
            {
                Some(distance_from(origin, lat, lon))
            }
            _ => None,
        };
        let keep = if origin.whole_state {
            serves_your_area || in_home_state
        } else {
            distance_km.is_some_and(|d| d <= origin.radius_km)
                || serves_your_area
                || (precision == Some(STATE_PRECISION) && in_home_state)
        };
        keep.then_some(GeoMatch {
            distance_km,
            serves_your_area,
            national,
        })
    }
}

fn distance_from(origin: &Origin, lat: f64, lon: f64) -> f64 {
    crate::geo::distance_km(origin.lat, origin.lon, lat, lon)
}

/// One matching document before ranking.
#[derive(Debug, Clone, Copy)]
pub struct RawHit {
    pub address: DocAddress,
    pub text_score: Score,
    pub geo: GeoMatch,
    pub peer_run: bool,
}

/// A hit with its place in the order: smaller keys come first.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    primary: f64,
    secondary: f64,
    pub hit: RawHit,
}

impl Ranked {
    pub fn new(hit: RawHit, by_distance: bool) -> Ranked {
        let score = f64::from(rank_score(&hit));
        let (primary, secondary) = if by_distance {
            // Nearest first; programs with no distance (statewide lines) after, by score.
            (hit.geo.distance_km.unwrap_or(f64::INFINITY), -score)
        } else {
            (-score, 0.0)
        };
        Ranked {
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
        self.primary
            .total_cmp(&other.primary)
            .then(self.secondary.total_cmp(&other.secondary))
            .then(self.hit.address.cmp(&other.hit.address))
    }
}

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
