//! Geo filtering inside tantivy collectors: each matching document's point and
//! service area are read from fast fields, so "within 100 miles, or serving this
//! state" is decided without loading a single stored document.

use tantivy::columnar::Column;
use tantivy::{DocId, SegmentReader};

use crate::geo::{PlaceKind, SearchPlace};
use crate::index::document::schema::{state_bit, NATIONAL_BIT};

/// `precision` values up to this one (address, zip, city) are real places; a
/// state-precision point is only the state's middle, so no distance is shown for it.
const MAX_PRECISION_WITH_DISTANCE: u64 = 2;
const STATE_PRECISION: u64 = 3;

/// The geographic part of a search, ready to test documents against.
#[derive(Debug, Clone)]
pub struct GeoFilter {
    origin: Option<Origin>,
}

impl GeoFilter {
    /// Keep only programs known to serve the place (not those merely near it).
    pub fn serving_only(mut self, only: bool) -> GeoFilter {
        if let Some(origin) = &mut self.origin {
            origin.serving_only = only;
        }
        self
    }
}

#[derive(Debug, Clone)]
struct Origin {
    lat: f64,
    lon: f64,
    radius_km: f64,
    whole_state: bool,
    /// The place's state bit (0 when the place is in no state).
    state_bits: u64,
    /// The FIPS code of the place's county, when it is in one.
    county: Option<u64>,
    serving_only: bool,
}

/// How a document relates to the searched place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoMatch {
    pub distance_km: Option<f64>,
    pub serves_your_area: bool,
    /// A program whose listed counties include the place's county.
    pub serves_county: bool,
    /// A program that lists the counties it serves, and the place's is not one of them.
    pub outside_counties: bool,
    /// A national program (it serves every place).
    pub national: bool,
}

impl GeoMatch {
    /// No place searched: nothing is known about the program's relation to it.
    pub const NO_PLACE: GeoMatch = GeoMatch {
        distance_km: None,
        serves_your_area: false,
        serves_county: false,
        outside_counties: false,
        national: false,
    };
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
            county: place.county.as_ref().map(|c| u64::from(c.fips)),
            serving_only: false,
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
    serves_county: Column<u64>,
    /// Whether any document of the segment lists a county: when none does, the
    /// county column is never read.
    any_county: bool,
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
            serves_county: fast.u64("serves_county")?,
            any_county: false,
        })
        .map(|mut columns| {
            columns.any_county = columns.serves_county.values.num_vals() > 0;
            columns
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
            return Some(GeoMatch::NO_PLACE);
        };
        let columns = &self.columns;
        let serves_mask = columns.serves_mask.first(doc).unwrap_or(0);
        let national = serves_mask & (1u64 << NATIONAL_BIT) != 0;
        let (serves_county, outside_counties) = self.county_match(origin, doc);
        let serves_your_area = national || serves_mask & origin.state_bits != 0 || serves_county;
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
        let keep = if origin.serving_only {
            serves_your_area
        } else if origin.whole_state {
            serves_your_area || in_home_state
        } else {
            distance_km.is_some_and(|d| d <= origin.radius_km)
                || serves_your_area
                // Known only to its state: kept there, unless its counties say it
                // serves elsewhere in the state.
                || (precision == Some(STATE_PRECISION) && in_home_state && !outside_counties)
        };
        keep.then_some(GeoMatch {
            distance_km,
            serves_your_area,
            serves_county,
            outside_counties: outside_counties && !serves_your_area,
            national,
        })
    }

    /// Whether the document's counties include the place's county, and whether it
    /// lists counties that do not (a county-less program is neither).
    fn county_match(&self, origin: &Origin, doc: DocId) -> (bool, bool) {
        let Some(place_county) = origin.county.filter(|_| self.columns.any_county) else {
            return (false, false);
        };
        let mut listed = false;
        for county in self.columns.serves_county.values_for_doc(doc) {
            if county == place_county {
                return (true, false);
            }
            listed = true;
        }
        (false, listed)
    }
}

fn distance_from(origin: &Origin, lat: f64, lon: f64) -> f64 {
    crate::geo::distance_km(origin.lat, origin.lon, lat, lon)
}
