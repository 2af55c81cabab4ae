//! SVG drawing of state shapes, done on the server: the US choropleth from the
//! pre-projected Albers USA shapes, and a small map of one state with program points.

use std::path::Path;

use geo::{BoundingRect, Coord, MultiPolygon};

use super::GeoError;

/// The Albers USA shapes' own screen box (see seed-data/geo/README.md), widened so
/// the western Aleutians are not clipped.
pub const US_VIEWBOX: &str = "-60 0 1035 610";

pub struct StatePath {
    pub code: String,
    pub name: String,
    /// SVG path data.
    pub d: String,
}

/// Every state as an SVG path, in screen coordinates.
pub struct UsMap {
    pub states: Vec<StatePath>,
}

impl UsMap {
    pub fn load(path: &Path) -> Result<UsMap, GeoError> {
        let states = super::shapes::read_state_features(path)?
            .into_iter()
            .map(|feature| StatePath {
                d: path_data(&feature.shape, |c| c),
                code: feature.code,
                name: feature.name,
            })
            .collect();
        Ok(UsMap { states })
    }
}

/// SVG path data for a (multi)polygon, each coordinate passed through `project`.
pub fn path_data(shape: &MultiPolygon<f64>, project: impl Fn(Coord<f64>) -> Coord<f64>) -> String {
    let mut d = String::new();
    for polygon in &shape.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for (i, coord) in ring.coords().enumerate() {
                let p = project(*coord);
                d.push(if i == 0 { 'M' } else { 'L' });
                d.push_str(&format!("{:.1},{:.1}", p.x, p.y));
            }
            d.push('Z');
        }
    }
    d
}

/// A simple projection of one state into a `width`×`height` box: longitude
/// scaled by the cosine of the middle latitude, north up. Alaska's far Aleutians
/// (east of 180°) are moved west so the state stays in one piece.
pub struct StateProjection {
    min_x: f64,
    max_y: f64,
    scale: f64,
    cos_lat: f64,
}

impl StateProjection {
    pub fn fit(shape: &MultiPolygon<f64>, width: f64, height: f64) -> Option<StateProjection> {
        let unwrapped = unwrap_dateline(shape);
        let bounds = unwrapped.bounding_rect()?;
        let cos_lat = ((bounds.min().y + bounds.max().y) / 2.0).to_radians().cos();
        let span_x = (bounds.max().x - bounds.min().x) * cos_lat;
        let span_y = bounds.max().y - bounds.min().y;
        let scale = (width / span_x).min(height / span_y);
        Some(StateProjection {
            min_x: bounds.min().x,
            max_y: bounds.max().y,
            scale,
            cos_lat,
        })
    }

    pub fn project(&self, lon: f64, lat: f64) -> Coord<f64> {
        let lon = if lon > 0.0 { lon - 360.0 } else { lon };
        Coord {
            x: (lon - self.min_x) * self.cos_lat * self.scale,
            y: (self.max_y - lat) * self.scale,
        }
    }
}

fn unwrap_dateline(shape: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    use geo::MapCoords;
    shape.map_coords(|c| Coord {
        x: if c.x > 0.0 { c.x - 360.0 } else { c.x },
        y: c.y,
    })
}
