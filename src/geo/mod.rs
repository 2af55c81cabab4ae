//! Everything about places: the offline gazetteer, turning typed text into a point,
//! distances, and which state a point is in.

mod counties;
mod gazetteer;
mod locate;
pub mod map;
mod names;
mod shapes;
mod spanish;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use geo::{Distance, Haversine, Point};
use thiserror::Error;

pub use counties::{Counties, County};
pub use gazetteer::{letter_counts, Gazetteer, LetterCounts, NamedPlace, State, ZipPoint};
pub use locate::{PlaceCounty, PlaceKind, SearchPlace};
pub use names::fold_place_name;
pub use shapes::StateShapes;
pub use spanish::{english_place_text, spanish_state_name};

/// Why a gazetteer file could not be loaded, or why typed text is not a place.
#[derive(Debug, Error)]
pub enum GeoError {
    /// A CSV file of the gazetteer could not be read or parsed.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// What the CSV reader reported.
        source: csv::Error,
    },
    /// A shapes file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the system reported.
        source: std::io::Error,
    },
    /// A shapes file is not the GeoJSON expected (a feature with no key, not a polygon).
    #[error("bad state shapes in {path}: {message}")]
    Shapes {
        /// The file.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// The place text is empty.
    #[error("no place given")]
    EmptyPlace,
    /// Two numbers that are not a latitude (−90 to 90) and a longitude (−180 to 180).
    #[error("'{input}' is not a valid latitude,longitude pair")]
    BadCoordinates {
        /// The text as typed.
        input: String,
    },
    /// A ZIP code (five digits, or ZIP+4) that is not in the gazetteer.
    #[error("no ZIP code {zip} in the gazetteer")]
    UnknownZip {
        /// The five digits looked up.
        zip: String,
    },
    /// Text that names no state, county or place the gazetteer knows.
    #[error("no place called '{input}'{}", did_you_mean(suggestions))]
    UnknownPlace {
        /// The text as typed (Spanish place words already put in English).
        input: String,
        /// Up to three close names to offer instead; empty when none is close.
        suggestions: Vec<String>,
    },
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => "; try a ZIP code, \"City, ST\" or a state".to_string(),
        [one] => format!("; did you mean {one}?"),
        many => format!("; did you mean {}?", many.join(" or ")),
    }
}

/// The gazetteer and the state shapes, loaded together from `seed-data/geo/`.
pub struct Geo {
    /// States, ZIP points and places, for turning typed text into a point.
    pub gazetteer: Gazetteer,
    /// State outlines, for the state a point is in.
    pub shapes: StateShapes,
    /// Counties, for the county of a ZIP or a point and for counties named in seed-data.
    pub counties: Counties,
    /// The US state map drawn on the server (Albers USA, screen coordinates).
    pub us_map: map::UsMap,
    /// Drawn on first use (`county_map`): only `/counties` needs it, and parsing
    /// it at start would delay every start of the server.
    county_map: OnceLock<Result<map::UsCountyMap, String>>,
    dir: PathBuf,
}

impl Geo {
    /// Everything a search needs, checked now: a broken file is an error at start,
    /// never at a request.
    pub fn load(dir: &Path) -> Result<Geo, GeoError> {
        Ok(Geo {
            gazetteer: Gazetteer::load(dir)?,
            shapes: StateShapes::load(&dir.join("states.geojson"))?,
            counties: Counties::load(dir)?,
            us_map: map::UsMap::load(&dir.join("states-albers.geojson"))?,
            county_map: OnceLock::new(),
            dir: dir.to_path_buf(),
        })
    }
}

impl Geo {
    /// A state's English name from its code ("the whole US" for `US`); an unknown
    /// code is given back as it is.
    pub fn state_name(&self, code: &str) -> String {
        match code {
            "US" => "the whole US".to_string(),
            _ => self
                .gazetteer
                .state(code)
                .map_or(code.to_string(), |s| s.name.clone()),
        }
    }

    /// The national county map, read and simplified the first time it is asked for.
    pub fn county_map(&self) -> Result<&map::UsCountyMap, &str> {
        self.county_map
            .get_or_init(|| {
                map::UsCountyMap::load(&self.dir.join("counties-albers.geojson"))
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(String::as_str)
    }
}

/// The IANA time zone at a point (offline, from tzf-rs's bundled boundaries).
pub fn time_zone_at(lat: f64, lon: f64) -> Option<String> {
    static FINDER: std::sync::OnceLock<tzf_rs::DefaultFinder> = std::sync::OnceLock::new();
    let zone = FINDER
        .get_or_init(tzf_rs::DefaultFinder::new)
        .get_tz_name(lon, lat);
    (!zone.is_empty()).then(|| zone.to_string())
}

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    Haversine.distance(Point::new(lon1, lat1), Point::new(lon2, lat2)) / 1000.0
}
