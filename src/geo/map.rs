//! SVG drawing of state shapes, done on the server: the US choropleth from the
//! pre-projected Albers USA shapes, and a small map of one state with program points.

use std::path::Path;

use geo::{BoundingRect, Coord, MultiPolygon};

use super::GeoError;

/// The Albers USA shapes' own screen box (see seed-data/geo/README.md), widened so
/// the western Aleutians are not clipped.
pub const US_VIEWBOX: &str = "-60 0 1035 610";

/// One state as an SVG path in the Albers USA screen coordinates.
pub struct StatePath {
    /// The state's USPS code ("MA").
    pub code: String,
    /// The full name ("Massachusetts").
    pub name: String,
    /// SVG path data.
    pub d: String,
}

/// Every state as an SVG path, in screen coordinates.
pub struct UsMap {
    /// Every state, DC and Puerto Rico, in the order of the shapes file.
    pub states: Vec<StatePath>,
}

impl UsMap {
    /// Reads and draws `states-albers.geojson`.
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

/// One county as an SVG path in the Albers USA screen coordinates.
pub struct CountyPath {
    /// The county's five-digit FIPS code as a number.
    pub fips: u32,
    /// SVG path data, in whole units of the county map's view box.
    pub d: String,
}

/// Every county drawn for the national county map: simplified to about a pixel
/// and written in whole pixels, so 3,220 counties stay light (see
/// `COUNTY_SIMPLIFY_PX`; the page weight is measured in the counties tests).
pub struct UsCountyMap {
    /// Every county with a shape, sorted by FIPS code.
    pub counties: Vec<CountyPath>,
    /// State borders drawn over the counties, simplified the same way.
    pub state_borders: Vec<String>,
}

/// The national county map is drawn at this fraction of the Albers box (its own
/// view box is `COUNTY_VIEWBOX`): whole units of half a pixel-width are precise
/// enough for counties and keep the steps between points to one or two digits.
const COUNTY_SCALE: f64 = 0.5;
/// Douglas-Peucker tolerance for the national county map, in its own units.
const COUNTY_SIMPLIFY: f64 = 0.6;
/// `US_VIEWBOX` at `COUNTY_SCALE`.
pub const COUNTY_VIEWBOX: &str = "-30 0 518 305";

impl UsCountyMap {
    /// Reads `counties-albers.geojson` (and `states-albers.geojson` beside it for the borders)
    /// and simplifies both.
    pub fn load(path: &Path) -> Result<UsCountyMap, GeoError> {
        let mut counties: Vec<CountyPath> = super::shapes::map_features(path, "fips", |feature| {
            let fips = feature.code.parse().ok()?;
            Some(CountyPath {
                fips,
                d: county_scale_path(&feature.shape),
            })
        })?;
        counties.sort_by_key(|c| c.fips);
        let states = path.with_file_name("states-albers.geojson");
        let state_borders = super::shapes::read_state_features(&states)?
            .into_iter()
            .map(|feature| county_scale_path(&feature.shape))
            .collect();
        Ok(UsCountyMap {
            counties,
            state_borders,
        })
    }
}

/// A shape of the Albers file scaled to the county map, simplified, in whole units.
fn county_scale_path(shape: &MultiPolygon<f64>) -> String {
    use geo::MapCoords;
    use geo::Simplify;
    let scaled = shape.map_coords(|c| Coord {
        x: c.x * COUNTY_SCALE,
        y: c.y * COUNTY_SCALE,
    });
    whole_pixel_path(&scaled.simplify(COUNTY_SIMPLIFY), |c| c)
}

/// SVG path data in whole pixels, dropping points that round onto the one before
/// and rings that collapse to fewer than three points (a county then keeps at least
/// its largest ring).
pub fn whole_pixel_path(
    shape: &MultiPolygon<f64>,
    project: impl Fn(Coord<f64>) -> Coord<f64>,
) -> String {
    let mut d = String::new();
    let mut rings: Vec<Vec<(i64, i64)>> = Vec::new();
    for polygon in &shape.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut points: Vec<(i64, i64)> = Vec::new();
            for coord in ring.coords() {
                let p = project(*coord);
                let point = (p.x.round() as i64, p.y.round() as i64);
                if points.last() != Some(&point) {
                    points.push(point);
                }
            }
            rings.push(points);
        }
    }
    let largest = rings.iter().map(Vec::len).max().unwrap_or(0);
    // The first point absolute, the rest as steps from the one before ("l" repeats
    // for every following pair): a third shorter than absolute coordinates.
    for ring in rings.iter().filter(|r| r.len() >= 4 || r.len() == largest) {
        let Some(&(x0, y0)) = ring.first() else {
            continue;
        };
        d.push_str(&format!("M{x0},{y0}l"));
        for (i, pair) in ring.windows(2).enumerate() {
            let (dx, dy) = (pair[1].0 - pair[0].0, pair[1].1 - pair[0].1);
            if i > 0 && dx >= 0 {
                d.push(' ');
            }
            d.push_str(&format!("{dx},{dy}"));
        }
        d.push('z');
    }
    d
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
    /// Fits `shape` (lon/lat) into a `width`×`height` box; `None` for an empty shape.
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

    /// The point in the box for a longitude and latitude; (0, 0) is the top-left corner.
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
