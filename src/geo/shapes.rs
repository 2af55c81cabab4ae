//! State shapes (`states.geojson`) for point-in-state: which state a typed
//! coordinate falls in, so statewide programs can say they serve it.

use std::path::Path;

use geo::{BoundingRect, ClosestPoint, Contains, Distance, Haversine, MultiPolygon, Point, Rect};

use super::GeoError;

/// How far outside every polygon a point may be and still count as in the nearest
/// state: the generalised coastline leaves real ZIP points up to 23 km offshore.
const COASTAL_SLACK_KM: f64 = 25.0;

struct StateShape {
    code: String,
    bounds: Rect<f64>,
    shape: MultiPolygon<f64>,
}

/// State outlines in lon/lat, with bounding boxes, for finding the state a point is in.
pub struct StateShapes {
    shapes: Vec<StateShape>,
}

/// One feature of a shapes GeoJSON file (states or counties, lon/lat or Albers):
/// its key (a state's `code`, a county's `fips`), `name` and (multi)polygon.
pub struct ShapeFeature {
    /// The feature's key: a state's USPS code or a county's FIPS code, as written.
    pub code: String,
    /// The feature's `name` property; its key when it has none.
    pub name: String,
    /// The outline, in the file's coordinates (lon/lat or Albers screen units).
    pub shape: MultiPolygon<f64>,
}

/// Read every state feature of a GeoJSON file: its `code`, `name` and (multi)polygon.
pub fn read_state_features(path: &Path) -> Result<Vec<ShapeFeature>, GeoError> {
    read_features(path, "code")
}

/// Read every feature of a GeoJSON file, keyed by the property `key`: the file is
/// parsed whole, which is the fastest way for shapes that are all kept.
pub fn read_features(path: &Path, key: &str) -> Result<Vec<ShapeFeature>, GeoError> {
    let error = |message: String| GeoError::Shapes {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|source| GeoError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let collection: geojson::FeatureCollection = text
        .parse()
        .map_err(|e: geojson::Error| error(e.to_string()))?;
    drop(text);
    collection
        .features
        .into_iter()
        .map(|feature| shape_feature(feature, key).map_err(error))
        .collect()
}

/// Each feature of a GeoJSON file passed through `keep` as it is read: the file is
/// streamed a feature at a time (`geojson::FeatureReader`), so a large file never
/// sits in memory whole, parsed, beside what is kept of it.
pub fn map_features<T>(
    path: &Path,
    key: &str,
    mut keep: impl FnMut(ShapeFeature) -> Option<T>,
) -> Result<Vec<T>, GeoError> {
    let error = |message: String| GeoError::Shapes {
        path: path.display().to_string(),
        message,
    };
    let file = std::fs::File::open(path).map_err(|source| GeoError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let reader = geojson::FeatureReader::from_reader(std::io::BufReader::new(file));
    let mut features = Vec::new();
    for feature in reader.features() {
        let feature = feature.map_err(|e| error(e.to_string()))?;
        features.extend(keep(shape_feature(feature, key).map_err(error)?));
    }
    Ok(features)
}

/// A GeoJSON feature as a keyed (multi)polygon, or what is wrong with it.
fn shape_feature(feature: geojson::Feature, key: &str) -> Result<ShapeFeature, String> {
    let property = |key: &str| {
        feature
            .property(key)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let code = property(key).ok_or_else(|| format!("a feature has no `{key}` property"))?;
    let name = property("name").unwrap_or_else(|| code.clone());
    let geometry = feature
        .geometry
        .ok_or_else(|| format!("{code} has no geometry"))?;
    let shape = match geo::Geometry::<f64>::try_from(geometry.value) {
        Ok(geo::Geometry::Polygon(p)) => MultiPolygon(vec![p]),
        Ok(geo::Geometry::MultiPolygon(mp)) => mp,
        _ => return Err(format!("{code} is not a (multi)polygon")),
    };
    Ok(ShapeFeature { code, name, shape })
}

impl StateShapes {
    /// Reads `states.geojson`; a feature that is not a (multi)polygon is an error.
    pub fn load(path: &Path) -> Result<StateShapes, GeoError> {
        let mut shapes = Vec::new();
        for feature in read_state_features(path)? {
            let bounds = feature
                .shape
                .bounding_rect()
                .ok_or_else(|| GeoError::Shapes {
                    path: path.display().to_string(),
                    message: format!("{} is empty", feature.code),
                })?;
            shapes.push(StateShape {
                code: feature.code,
                bounds,
                shape: feature.shape,
            });
        }
        Ok(StateShapes { shapes })
    }

    /// A state's outline in lon/lat.
    pub fn outline(&self, code: &str) -> Option<&MultiPolygon<f64>> {
        self.shapes
            .iter()
            .find(|s| s.code == code)
            .map(|s| &s.shape)
    }

    /// The state a point lies in, or the nearest one within 25 km for points just
    /// off a generalised coastline; `None` out at sea or abroad.
    pub fn state_at(&self, lat: f64, lon: f64) -> Option<&str> {
        let point = Point::new(lon, lat);
        if let Some(hit) = self
            .shapes
            .iter()
            .find(|s| s.bounds.contains(&point) && s.shape.contains(&point))
        {
            return Some(&hit.code);
        }
        self.shapes
            .iter()
            .filter_map(|s| match s.shape.closest_point(&point) {
                geo::Closest::Intersection(p) | geo::Closest::SinglePoint(p) => {
                    Some((s, Haversine.distance(point, p) / 1000.0))
                }
                geo::Closest::Indeterminate => None,
            })
            .filter(|(_, km)| *km <= COASTAL_SLACK_KM)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(s, _)| s.code.as_str())
    }
}
