//! Turning what a person types as a place — `01060`, `Northampton, MA`,
//! `northampton ma`, `Eugene Oregon`, `42.32,-72.63`, `Oregon`, `OR`,
//! `Hampshire County, MA` — into a point, and the county that point is in.
//! An unknown place is an error that names the closest known places; it never
//! falls back silently to somewhere else.

use serde::Serialize;

use super::names::fold_place_name;
use super::{County, Geo, GeoError};

/// What the typed place turned out to be; a state is a whole area, not a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// Latitude and longitude typed as numbers.
    Coordinates,
    /// A five-digit ZIP code.
    Zip,
    /// A city, town or other named place.
    City,
    /// A county ("Hampshire County, MA").
    County,
    /// A whole state, by code or name.
    State,
}

/// The county a searched place is in (by its ZIP, or its point).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PlaceCounty {
    /// The five-digit FIPS code as a number.
    #[serde(skip)]
    pub fips: u32,
    /// "Hampshire County, MA".
    pub label: String,
}

/// A typed place resolved: its point, its state and county, and what kind of place it was.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SearchPlace {
    /// How the place is shown back: "Northampton, MA", "ZIP 01060", "Oregon".
    pub label: String,
    /// Latitude of the place's point, in decimal degrees (a state's or county's interior point).
    pub lat: f64,
    /// Longitude of the place's point, in decimal degrees.
    pub lon: f64,
    /// The state the place is in; `None` for coordinates outside every state.
    pub state: Option<String>,
    /// The county the place is in; `None` for a state, or a point in no county.
    pub county: Option<PlaceCounty>,
    /// What the typed text turned out to be.
    pub kind: PlaceKind,
}

const MAX_SUGGESTIONS: usize = 3;

impl Geo {
    /// Resolve typed text to a place, or explain why it cannot be found (with the
    /// closest known names).
    pub fn locate(&self, input: &str) -> Result<SearchPlace, GeoError> {
        self.resolve(input, true)
    }

    /// Resolve typed text to a place if it is one; no suggestions are worked out,
    /// which keeps trying candidate words cheap.
    pub fn locate_exact(&self, input: &str) -> Option<SearchPlace> {
        self.resolve(input, false).ok()
    }

    fn resolve(&self, input: &str, suggest: bool) -> Result<SearchPlace, GeoError> {
        // "condado de Bexar", "Nueva Orleans": Spanish forms of the gazetteer's names.
        let english = super::english_place_text(input);
        let text = english.trim();
        if text.is_empty() {
            return Err(GeoError::EmptyPlace);
        }
        if let Some(place) = self.locate_coordinates(text)? {
            return Ok(place);
        }
        if let Some(zip) = zip_code(text) {
            return self.locate_zip(zip);
        }
        if let Some(state) = self.gazetteer.state_by_code_or_name(text) {
            return Ok(self.state_place(&state.code));
        }
        let (city, state) = self.split_city_state(text);
        let says_county = names_a_county(&city);
        let county = match (says_county, &state) {
            (true, Some(code)) => self.counties.named(&city, code),
            // "Bexar County" alone: the county, when only one state has one so named.
            (true, None) => self.counties.named_anywhere(&city),
            (false, _) => None,
        };
        if let Some(county) = county {
            return Ok(county_place(county));
        }
        let found = match &state {
            Some(code) => self.gazetteer.place(&city, code),
            None => self.gazetteer.place_anywhere(&city),
        };
        match found {
            Some(place) => Ok(SearchPlace {
                label: format!("{}, {}", place.name, place.state),
                lat: place.lat,
                lon: place.lon,
                state: Some(place.state.clone()),
                county: self.county_at(place.lat, place.lon),
                kind: PlaceKind::City,
            }),
            None => Err(GeoError::UnknownPlace {
                input: text.to_string(),
                suggestions: match (suggest, says_county, &state) {
                    (false, ..) => Vec::new(),
                    (true, true, Some(code)) => self.counties.suggest(&city, code),
                    (true, ..) => self.suggest(&city, state.as_deref()),
                },
            }),
        }
    }

    /// "your location, near Northampton, MA": a position is shown by the nearest
    /// ZIP's town, never as coordinates.
    fn near_label(&self, lat: f64, lon: f64) -> String {
        let cos = lat.to_radians().cos();
        let nearest = self.gazetteer.zips().min_by(|a, b| {
            let d = |z: &super::ZipPoint| (z.lat - lat).powi(2) + ((z.lon - lon) * cos).powi(2);
            d(a).total_cmp(&d(b))
        });
        match nearest {
            Some(zip) if super::distance_km(lat, lon, zip.lat, zip.lon) < 50.0 => {
                format!("your location, near {}, {}", zip.city, zip.state)
            }
            _ => "your location".to_string(),
        }
    }

    fn county_at(&self, lat: f64, lon: f64) -> Option<PlaceCounty> {
        self.counties.at(lat, lon).map(place_county)
    }

    /// A whole state as a place: its interior point, and the state itself.
    pub fn state_place(&self, code: &str) -> SearchPlace {
        let state = self
            .gazetteer
            .state(code)
            .expect("state_place takes a known state code");
        SearchPlace {
            label: state.name.clone(),
            lat: state.lat,
            lon: state.lon,
            state: Some(state.code.clone()),
            county: None,
            kind: PlaceKind::State,
        }
    }

    fn locate_coordinates(&self, text: &str) -> Result<Option<SearchPlace>, GeoError> {
        let parts: Vec<&str> = text.split([',', ' ']).filter(|p| !p.is_empty()).collect();
        let [lat, lon] = parts.as_slice() else {
            return Ok(None);
        };
        let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>()) else {
            return Ok(None);
        };
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(GeoError::BadCoordinates {
                input: text.to_string(),
            });
        }
        Ok(Some(SearchPlace {
            label: self.near_label(lat, lon),
            lat,
            lon,
            state: self.shapes.state_at(lat, lon).map(str::to_string),
            county: self.county_at(lat, lon),
            kind: PlaceKind::Coordinates,
        }))
    }

    fn locate_zip(&self, zip: &str) -> Result<SearchPlace, GeoError> {
        let point = self
            .gazetteer
            .zip(zip)
            .ok_or_else(|| GeoError::UnknownZip {
                zip: zip.to_string(),
            })?;
        Ok(SearchPlace {
            label: format!("{} {} ({})", point.city, point.state, point.zip),
            lat: point.lat,
            lon: point.lon,
            state: Some(point.state.clone()),
            county: self.counties.of_zip(&point.zip).map(place_county),
            kind: PlaceKind::Zip,
        })
    }

    /// "Northampton, MA" / "northampton ma" / "eugene oregon" -> (city, Some(state)).
    fn split_city_state(&self, text: &str) -> (String, Option<String>) {
        if let Some((city, state)) = text.rsplit_once(',') {
            if let Some(state) = self.gazetteer.state_by_code_or_name(state) {
                return (city.trim().to_string(), Some(state.code.clone()));
            }
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        for take in (1..=3.min(words.len().saturating_sub(1))).rev() {
            let (city, state) = words.split_at(words.len() - take);
            if let Some(state) = self.gazetteer.state_by_code_or_name(&state.join(" ")) {
                return (
                    city.join(" ").trim_end_matches(',').to_string(),
                    Some(state.code.clone()),
                );
            }
        }
        (text.to_string(), None)
    }

    /// The known places whose names are closest to what was typed.
    fn suggest(&self, city: &str, state: Option<&str>) -> Vec<String> {
        let folded = fold_place_name(city);
        // Winkler's prefix bonus adds at most 0.4 of what Jaro leaves, so a
        // Jaro-Winkler of 0.85 needs a Jaro of at least 0.75.
        let mut scored: Vec<(f64, u64, String)> = self
            .gazetteer
            .similar_candidates(&folded, state, 0.75)
            .filter_map(|(name, p)| {
                let score = strsim::jaro_winkler(&folded, name);
                (score >= SUGGESTION_SIMILARITY)
                    .then(|| (score, p.population, format!("{}, {}", p.name, p.state)))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        scored.dedup_by(|a, b| a.2 == b.2);
        scored
            .into_iter()
            .take(MAX_SUGGESTIONS)
            .map(|(_, _, label)| label)
            .collect()
    }
}

/// The words that make a typed name a county rather than a town.
const COUNTY_WORDS: [&str; 7] = [
    " county",
    " co",
    " parish",
    " borough",
    " census area",
    " municipality",
    " municipio",
];

fn names_a_county(name: &str) -> bool {
    let folded = fold_place_name(name);
    COUNTY_WORDS.iter().any(|w| folded.ends_with(w))
}

fn place_county(county: &County) -> PlaceCounty {
    PlaceCounty {
        fips: county.fips,
        label: county.label(),
    }
}

/// A county as a searched place: its interior point, and the county itself.
fn county_place(county: &County) -> SearchPlace {
    SearchPlace {
        label: county.label(),
        lat: county.lat,
        lon: county.lon,
        state: Some(county.state.clone()),
        county: Some(place_county(county)),
        kind: PlaceKind::County,
    }
}

/// Jaro-Winkler similarity a name needs to be suggested.
const SUGGESTION_SIMILARITY: f64 = 0.85;

/// "01060" or "01060-1234" -> "01060".
fn zip_code(text: &str) -> Option<&str> {
    let five = text.get(..5)?;
    let rest = &text[5..];
    let plus_four = rest.is_empty()
        || (rest.len() == 5
            && rest.starts_with('-')
            && rest[1..].bytes().all(|b| b.is_ascii_digit()));
    (five.bytes().all(|b| b.is_ascii_digit()) && plus_four).then_some(five)
}
