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

#[derive(Debug, Error)]
pub enum GeoError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: csv::Error },
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("bad state shapes in {path}: {message}")]
    Shapes { path: String, message: String },
    #[error("no place given")]
    EmptyPlace,
    #[error("'{input}' is not a valid latitude,longitude pair")]
    BadCoordinates { input: String },
    #[error("no ZIP code {zip} in the gazetteer")]
    UnknownZip { zip: String },
    #[error("no place called '{input}'{}", did_you_mean(suggestions))]
    UnknownPlace {
        input: String,
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
    pub gazetteer: Gazetteer,
    pub shapes: StateShapes,
    pub counties: Counties,
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
