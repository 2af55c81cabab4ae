//! Counties: names, interior points and populations (`counties.csv`), the county of
//! each ZIP point (`zcta_county.csv`), and county shapes (`counties.geojson`) with
//! their bounding boxes in an R-tree, so the county of any point is a handful of
//! box tests and one or two point-in-polygon tests (microseconds, see
//! `benches/county_lookup.rs`).

use std::collections::HashMap;
use std::path::Path;

use geo::{BoundingRect, Contains, Distance, Euclidean, LineString, MultiPolygon, Point, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};
use serde::Deserialize;

use super::names::fold_place_name;
use super::GeoError;

/// One county or county-equivalent (parish, borough, census area, independent city,
/// municipio).
#[derive(Debug, Clone, PartialEq)]
pub struct County {
    /// The five-digit FIPS code as a number (state × 1000 + county).
    pub fips: u32,
    /// The USPS code of its state.
    pub state: String,
    /// "Hampshire", as in `counties.csv`.
    pub name: String,
    /// "Hampshire County", "Caddo Parish", "Anchorage Municipality".
    pub census_name: String,
    /// Latitude of the county's interior point, in decimal degrees.
    pub lat: f64,
    /// Longitude of the county's interior point, in decimal degrees.
    pub lon: f64,
    /// The Census Bureau's 2020 estimate; `None` where the file has none (Puerto
    /// Rico's municipios, Valdez-Cordova AK).
    pub population: Option<u64>,
}

impl County {
    /// "Hampshire County, MA": how counties are written in seed-data and shown.
    pub fn label(&self) -> String {
        format!("{}, {}", self.census_name, self.state)
    }

    /// "01001": the FIPS code as the Census Bureau writes it.
    pub fn fips_code(&self) -> String {
        format!("{:05}", self.fips)
    }
}

#[derive(Deserialize)]
struct CountyRow {
    fips: String,
    state: String,
    name: String,
    census_name: String,
    lat: f64,
    lon: f64,
    population_2020_estimate: Option<u64>,
}

#[derive(Deserialize)]
struct ZipCountyRow {
    zip: String,
    county_fips: String,
}

type CountyBox = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// How far (in degrees, about 10 km) outside every county shape a point may be and
/// still be given the nearest county.
const NEAREST_SLACK_DEGREES: f64 = 0.1;

/// Every county, found by FIPS code, by name in its state, by ZIP or by point.
pub struct Counties {
    /// Sorted by FIPS code.
    counties: Vec<County>,
    by_fips: HashMap<u32, usize>,
    /// (folded name, state) → county, for both "hampshire" and "hampshire county".
    by_name: HashMap<(String, String), usize>,
    by_zip: HashMap<String, usize>,
    boxes: RTree<CountyBox>,
    /// Indexed like `counties`; empty for a county with no shape.
    shapes: Vec<MultiPolygon<f64>>,
}

impl Counties {
    /// Reads `counties.csv`, `zcta_county.csv` and `counties.geojson` from a gazetteer folder.
    pub fn load(dir: &Path) -> Result<Counties, GeoError> {
        let rows: Vec<CountyRow> = super::gazetteer::read_csv(&dir.join("counties.csv"))?;
        let mut counties: Vec<County> = rows
            .into_iter()
            .filter_map(|row| {
                Some(County {
                    fips: row.fips.parse().ok()?,
                    state: row.state,
                    name: row.name,
                    census_name: row.census_name,
                    lat: row.lat,
                    lon: row.lon,
                    population: row.population_2020_estimate,
                })
            })
            .collect();
        counties.sort_by_key(|c| c.fips);
        let by_fips: HashMap<u32, usize> = counties
            .iter()
            .enumerate()
            .map(|(i, c)| (c.fips, i))
            .collect();
        let mut by_name = HashMap::new();
        for (i, county) in counties.iter().enumerate() {
            for name in [&county.census_name, &county.name] {
                by_name
                    .entry((fold_place_name(name), county.state.clone()))
                    .or_insert(i);
            }
        }
        let zip_rows: Vec<ZipCountyRow> = super::gazetteer::read_csv(&dir.join("zcta_county.csv"))?;
        let by_zip = zip_rows
            .into_iter()
            .filter_map(|row| {
                let fips: u32 = row.county_fips.parse().ok()?;
                Some((row.zip, *by_fips.get(&fips)?))
            })
            .collect();
        let (shapes, boxes) = read_shapes(&dir.join("counties.geojson"), &by_fips, counties.len())?;
        Ok(Counties {
            counties,
            by_fips,
            by_name,
            by_zip,
            boxes,
            shapes,
        })
    }

    /// Every county, sorted by FIPS code.
    pub fn all(&self) -> &[County] {
        &self.counties
    }

    /// The counties of one state (USPS code), in FIPS order.
    pub fn in_state<'a>(&'a self, state: &'a str) -> impl Iterator<Item = &'a County> + 'a {
        self.counties.iter().filter(move |c| c.state == state)
    }

    /// A county by its FIPS code as a number (25015 for Hampshire County, MA).
    pub fn get(&self, fips: u32) -> Option<&County> {
        self.by_fips.get(&fips).map(|&i| &self.counties[i])
    }

    /// A county's outline in lon/lat.
    pub fn outline(&self, fips: u32) -> Option<&MultiPolygon<f64>> {
        self.by_fips
            .get(&fips)
            .map(|&i| &self.shapes[i])
            .filter(|shape| !shape.0.is_empty())
    }

    /// The county of a ZIP's point.
    pub fn of_zip(&self, zip: &str) -> Option<&County> {
        self.by_zip.get(zip).map(|&i| &self.counties[i])
    }

    /// The county a point lies in, or for a point in a gap of the generalised
    /// boundaries (a coast, a tiny independent city drawn as a triangle) the nearest
    /// county within about 10 km; `None` at sea or abroad.
    pub fn at(&self, lat: f64, lon: f64) -> Option<&County> {
        let point = Point::new(lon, lat);
        let inside = self
            .boxes
            .locate_all_at_point(&[lon, lat])
            .map(|found| found.data)
            .find(|&i| self.shapes[i].contains(&point));
        inside
            .or_else(|| self.nearest(point))
            .map(|i| &self.counties[i])
    }

    fn nearest(&self, point: Point<f64>) -> Option<usize> {
        let near = AABB::from_corners(
            [
                point.x() - NEAREST_SLACK_DEGREES,
                point.y() - NEAREST_SLACK_DEGREES,
            ],
            [
                point.x() + NEAREST_SLACK_DEGREES,
                point.y() + NEAREST_SLACK_DEGREES,
            ],
        );
        self.boxes
            .locate_in_envelope_intersecting(&near)
            .map(|found| {
                (
                    found.data,
                    Euclidean.distance(&point, &self.shapes[found.data]),
                )
            })
            .filter(|(_, degrees)| *degrees <= NEAREST_SLACK_DEGREES)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    /// A county named in a state: "Hampshire County", "Hampshire", "Caddo Parish",
    /// case and accents ignored.
    pub fn named(&self, name: &str, state: &str) -> Option<&County> {
        let folded = fold_place_name(name.trim());
        let folded = folded
            .strip_suffix(" co")
            .map_or(folded.clone(), |base| format!("{base} county"));
        self.by_name
            .get(&(folded, state.to_string()))
            .map(|&i| &self.counties[i])
    }

    /// A county named without its state: the one county of that name, if only one
    /// state has it ("Bexar County"; not "Washington County", found in 30 states).
    pub fn named_anywhere(&self, name: &str) -> Option<&County> {
        let folded = fold_place_name(name.trim());
        let folded = folded
            .strip_suffix(" co")
            .map_or(folded.clone(), |base| format!("{base} county"));
        let mut found = self
            .by_name
            .iter()
            .filter(|((n, _), _)| *n == folded)
            .map(|(_, &i)| &self.counties[i]);
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// "Hampshire County, MA" → the county, or the labels of the closest names in
    /// that state (for "did you mean").
    pub fn parse_label(&self, label: &str) -> Result<&County, Vec<String>> {
        let Some((name, state)) = label.rsplit_once(',') else {
            return Err(Vec::new());
        };
        let state = state.trim().to_uppercase();
        self.named(name, &state)
            .ok_or_else(|| self.suggest(name, &state))
    }

    /// Up to three counties of `state` whose names are closest to `name`.
    pub fn suggest(&self, name: &str, state: &str) -> Vec<String> {
        let folded = fold_place_name(name.trim());
        let mut scored: Vec<(f64, &County)> = self
            .in_state(state)
            .map(|c| {
                let score = strsim::jaro_winkler(&folded, &fold_place_name(&c.census_name))
                    .max(strsim::jaro_winkler(&folded, &fold_place_name(&c.name)));
                (score, c)
            })
            .filter(|(score, _)| *score >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(3).map(|(_, c)| c.label()).collect()
    }
}

/// The parts of `counties.geojson` that are read: typed, so the file is parsed
/// straight into coordinates without a tree of JSON values (three times faster and
/// far lighter than a general GeoJSON reader, and this file is read at every start).
#[derive(Deserialize)]
struct CountyCollection {
    features: Vec<CountyFeature>,
}

#[derive(Deserialize)]
struct CountyFeature {
    properties: CountyProperties,
    geometry: CountyGeometry,
}

#[derive(Deserialize)]
struct CountyProperties {
    fips: String,
}

type Ring = Vec<[f64; 2]>;

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum CountyGeometry {
    Polygon(Vec<Ring>),
    MultiPolygon(Vec<Vec<Ring>>),
}

impl CountyGeometry {
    fn into_shape(self) -> MultiPolygon<f64> {
        let polygon = |rings: Vec<Ring>| {
            let mut rings = rings.into_iter().map(|ring| {
                LineString::from(ring.into_iter().map(|[x, y]| (x, y)).collect::<Vec<_>>())
            });
            let exterior = rings.next().unwrap_or_else(|| LineString::new(Vec::new()));
            Polygon::new(exterior, rings.collect())
        };
        match self {
            CountyGeometry::Polygon(rings) => MultiPolygon(vec![polygon(rings)]),
            CountyGeometry::MultiPolygon(polygons) => {
                MultiPolygon(polygons.into_iter().map(polygon).collect())
            }
        }
    }
}

fn read_county_features(path: &Path) -> Result<Vec<CountyFeature>, GeoError> {
    let text = std::fs::read_to_string(path).map_err(|source| GeoError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let collection: CountyCollection =
        serde_json::from_str(&text).map_err(|e| GeoError::Shapes {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
    Ok(collection.features)
}

/// County shapes by index into the sorted county list, and their bounding boxes.
fn read_shapes(
    path: &Path,
    by_fips: &HashMap<u32, usize>,
    count: usize,
) -> Result<(Vec<MultiPolygon<f64>>, RTree<CountyBox>), GeoError> {
    let mut shapes = vec![MultiPolygon(Vec::new()); count];
    let mut boxes = Vec::with_capacity(count);
    for feature in read_county_features(path)? {
        let fips = feature.properties.fips.parse().ok();
        let Some(&index) = fips.and_then(|f: u32| by_fips.get(&f)) else {
            continue;
        };
        let shape = feature.geometry.into_shape();
        if let Some(bounds) = shape.bounding_rect() {
            let corners = AABB::from_corners(
                [bounds.min().x, bounds.min().y],
                [bounds.max().x, bounds.max().y],
            );
            boxes.push(GeomWithData::new(Rectangle::from_aabb(corners), index));
        }
        shapes[index] = shape;
    }
    Ok((shapes, RTree::bulk_load(boxes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn counties() -> &'static Counties {
        static COUNTIES: OnceLock<Counties> = OnceLock::new();
        COUNTIES.get_or_init(|| {
            Counties::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("seed-data/geo")).unwrap()
        })
    }

    #[test]
    fn every_county_of_the_file_is_loaded_with_a_shape() {
        let counties = counties();
        assert_eq!(counties.all().len(), 3220);
        let without: Vec<_> = counties
            .all()
            .iter()
            .enumerate()
            .filter(|(i, _)| counties.shapes[*i].0.is_empty())
            .map(|(_, c)| c.label())
            .collect();
        assert!(without.is_empty(), "no shape: {without:?}");
    }

    /// The 1:10m generalisation draws Falls Church city, VA (2 square miles) as a
    /// triangle that misses its own interior point, which falls in a neighbour.
    const TOO_SMALL_TO_DRAW: [u32; 1] = [51610];

    #[test]
    fn each_county_contains_its_own_interior_point() {
        let counties = counties();
        let wrong: Vec<_> = counties
            .all()
            .iter()
            .filter(|c| !TOO_SMALL_TO_DRAW.contains(&c.fips))
            .filter(|c| counties.at(c.lat, c.lon).map(|f| f.fips) != Some(c.fips))
            .map(County::label)
            .collect();
        assert!(wrong.is_empty(), "{} wrong: {wrong:?}", wrong.len());
    }

    #[test]
    fn names_are_found_with_or_without_the_county_word() {
        let counties = counties();
        for typed in [
            "Hampshire County",
            "hampshire",
            "Hampshire Co",
            "HAMPSHIRE COUNTY",
        ] {
            assert_eq!(
                counties.named(typed, "MA").map(|c| c.fips),
                Some(25015),
                "{typed}"
            );
        }
        assert_eq!(
            counties.named("Caddo Parish", "LA").map(|c| c.fips),
            Some(22017)
        );
        assert!(counties.named("Hampshire County", "OR").is_none());
    }

    #[test]
    fn a_misspelt_county_gets_suggestions_in_its_state() {
        let suggestions = counties().parse_label("Hampshir County, MA").unwrap_err();
        assert_eq!(
            suggestions.first().map(String::as_str),
            Some("Hampshire County, MA")
        );
    }

    #[test]
    fn zips_on_both_sides_of_a_county_line_get_their_own_county() {
        let counties = counties();
        // Northampton (Hampshire County) and Holyoke (Hampden County), MA.
        assert_eq!(counties.of_zip("01060").map(|c| c.fips), Some(25015));
        assert_eq!(counties.of_zip("01040").map(|c| c.fips), Some(25013));
    }
}
