//! The offline US gazetteer (`seed-data/geo/`): states, ZIP points and places, read
//! once and looked up by what people type. No network is ever needed.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::names::fold_place_name;
use super::GeoError;

/// One state, DC or Puerto Rico, as `states.csv` lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct State {
    /// The USPS code ("MA").
    pub code: String,
    /// The full name ("Massachusetts").
    pub name: String,
    /// The two-digit FIPS code as written, leading zero kept ("02").
    pub fips: String,
    /// Latitude of the state's interior point, in decimal degrees.
    pub lat: f64,
    /// Longitude of the state's interior point, in decimal degrees.
    pub lon: f64,
    /// Population at the 2020 census.
    pub population_2020: u64,
}

/// One five-digit ZIP code with a point, as `zcta.csv` lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct ZipPoint {
    /// The five-digit ZIP code, leading zeros kept.
    pub zip: String,
    /// Latitude of the ZIP's point, in decimal degrees.
    pub lat: f64,
    /// Longitude of the ZIP's point, in decimal degrees.
    pub lon: f64,
    /// The ZIP's primary postal city.
    pub city: String,
    /// The USPS code of its state.
    pub state: String,
}

/// One row of `places.csv`, as read.
#[derive(Debug, Clone, Deserialize)]
pub struct PlaceRow {
    /// The place's name as GeoNames spells it.
    pub name: String,
    /// The USPS code of its state.
    pub state: String,
    /// Latitude in decimal degrees.
    pub lat: f64,
    /// Longitude in decimal degrees.
    pub lon: f64,
    /// Its population, used to rank places of one name.
    pub population: u64,
}

/// A named place with one point: a GeoNames place, or the mean of the ZIP points
/// of a postal city that GeoNames lacks.
#[derive(Debug, Clone)]
pub struct NamedPlace {
    /// The place's name as the gazetteer spells it.
    pub name: String,
    /// The USPS code of its state.
    pub state: String,
    /// Latitude in decimal degrees.
    pub lat: f64,
    /// Longitude in decimal degrees.
    pub lon: f64,
    /// Its population; 0 for a postal city that GeoNames lacks.
    pub population: u64,
}

/// The offline gazetteer: states, ZIP points and places, looked up by what people type.
pub struct Gazetteer {
    states: Vec<State>,
    /// Each state's folded name, in `states` order (folding on every lookup was a
    /// twentieth of a search's time).
    folded_state_names: Vec<String>,
    /// Spanish names and spellings of the states, folded, with their codes.
    spanish_state_names: Vec<(String, &'static str)>,
    zips: HashMap<String, ZipPoint>,
    /// Keyed by (folded name, state code); the most populous place first.
    places: HashMap<(String, String), NamedPlace>,
    /// Folded name -> every state that has a place of that name, most populous first.
    places_by_name: HashMap<String, Vec<(String, u64)>>,
    /// (folded name without spaces, state) -> folded name.
    compact_names: HashMap<(String, String), String>,
    /// Every place key with its letter counts, for cheap "did you mean" bounds.
    name_letters: Vec<((String, String), LetterCounts)>,
}

/// How many of each character a folded name has (a–z, 0–9, space).
pub type LetterCounts = [u8; 37];

/// Counts the characters of a folded name (see `fold_place_name`) into `LetterCounts`;
/// any character other than a–z and 0–9 counts as a space.
pub fn letter_counts(folded: &str) -> LetterCounts {
    let mut counts = [0_u8; 37];
    for byte in folded.bytes() {
        let slot = match byte {
            b'a'..=b'z' => usize::from(byte - b'a'),
            b'0'..=b'9' => 26 + usize::from(byte - b'0'),
            _ => 36,
        };
        counts[slot] = counts[slot].saturating_add(1);
    }
    counts
}

impl Gazetteer {
    /// Read `states.csv`, `zcta.csv` and `places.csv` from a gazetteer folder.
    pub fn load(dir: &Path) -> Result<Gazetteer, GeoError> {
        let states: Vec<State> = read_csv(&dir.join("states.csv"))?;
        let zips: HashMap<String, ZipPoint> = read_csv::<ZipPoint>(&dir.join("zcta.csv"))?
            .into_iter()
            .map(|z| (z.zip.clone(), z))
            .collect();
        let mut places: HashMap<(String, String), NamedPlace> = HashMap::new();
        for row in read_csv::<PlaceRow>(&dir.join("places.csv"))? {
            let key = (fold_place_name(&row.name), row.state.clone());
            // Rows are sorted most populous first within a name, so the first wins.
            places.entry(key).or_insert(NamedPlace {
                name: row.name,
                state: row.state,
                lat: row.lat,
                lon: row.lon,
                population: row.population,
            });
        }
        add_postal_cities(&mut places, &zips);
        let mut places_by_name: HashMap<String, Vec<(String, u64)>> = HashMap::new();
        for ((name, state), place) in &places {
            places_by_name
                .entry(name.clone())
                .or_default()
                .push((state.clone(), place.population));
        }
        for states in places_by_name.values_mut() {
            states.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        let compact_names = places
            .keys()
            .map(|(name, state)| ((name.replace(' ', ""), state.clone()), name.clone()))
            .collect();
        let name_letters = places
            .keys()
            .map(|key| (key.clone(), letter_counts(&key.0)))
            .collect();
        let folded_state_names = states.iter().map(|s| fold_place_name(&s.name)).collect();
        let spanish_state_names = super::spanish::folded_state_names();
        Ok(Gazetteer {
            states,
            folded_state_names,
            spanish_state_names,
            zips,
            places,
            places_by_name,
            compact_names,
            name_letters,
        })
    }

    /// Every state, DC and Puerto Rico, in `states.csv` order.
    pub fn states(&self) -> &[State] {
        &self.states
    }

    /// A state by its USPS code, any case.
    pub fn state(&self, code: &str) -> Option<&State> {
        self.states
            .iter()
            .find(|s| s.code.eq_ignore_ascii_case(code))
    }

    /// A state by USPS code or full name, case and punctuation ignored.
    pub fn state_by_code_or_name(&self, text: &str) -> Option<&State> {
        let code = text.trim();
        if let Some(state) = self
            .states
            .iter()
            .find(|s| s.code.eq_ignore_ascii_case(code))
        {
            return Some(state);
        }
        let folded = fold_place_name(text);
        if let Some(i) = self
            .folded_state_names
            .iter()
            .position(|name| *name == folded)
        {
            return Some(&self.states[i]);
        }
        // "Nueva York", "Carolina del Norte": the Spanish names mean the same states.
        let (_, code) = self
            .spanish_state_names
            .iter()
            .find(|(name, _)| *name == folded)?;
        self.state(code)
    }

    /// A ZIP code's point, by its five digits.
    pub fn zip(&self, zip: &str) -> Option<&ZipPoint> {
        self.zips.get(zip)
    }

    /// Every ZIP point, in no particular order.
    pub fn zips(&self) -> impl Iterator<Item = &ZipPoint> {
        self.zips.values()
    }

    /// A place by name within a state. Spacing is forgiven as a last resort, since
    /// sources write "DeWitt" where GeoNames has "De Witt".
    pub fn place(&self, name: &str, state: &str) -> Option<&NamedPlace> {
        let state = state.to_ascii_uppercase();
        let folded = fold_place_name(name);
        self.places
            .get(&(folded.clone(), state.clone()))
            .or_else(|| {
                let compact = folded.replace(' ', "");
                let key = self.compact_names.get(&(compact, state.clone()))?;
                self.places.get(&(key.clone(), state))
            })
    }

    /// The most populous place of that name in any state ("denver" -> Denver, CO).
    pub fn place_anywhere(&self, name: &str) -> Option<&NamedPlace> {
        let folded = fold_place_name(name);
        let (state, _) = self.places_by_name.get(&folded)?.first()?;
        self.places.get(&(folded, state.clone()))
    }

    /// Every place, for suggestions.
    pub fn places(&self) -> impl Iterator<Item = &NamedPlace> {
        self.places.values()
    }

    /// Places (in `state`, if given) whose folded names could reach Jaro similarity
    /// `min_jaro` with `folded`: Jaro is at most (m/a + m/b + 1) / 3, and the
    /// matching characters m are at most the letters the two names share. The bound
    /// is exact arithmetic on counts, so nothing similar is skipped — and an unknown
    /// place no longer costs 45,000 string comparisons.
    pub fn similar_candidates<'a>(
        &'a self,
        folded: &'a str,
        state: Option<&'a str>,
        min_jaro: f64,
    ) -> impl Iterator<Item = (&'a str, &'a NamedPlace)> + 'a {
        let counts = letter_counts(folded);
        let length = folded.len().max(1) as f64;
        self.name_letters
            .iter()
            .filter(move |((_, place_state), _)| state.is_none_or(|s| place_state == s))
            .filter(move |((name, _), letters)| {
                let shared: u32 = counts
                    .iter()
                    .zip(letters)
                    .map(|(a, b)| u32::from(*a.min(b)))
                    .sum();
                let shared = f64::from(shared);
                let other = name.len().max(1) as f64;
                (shared / length + shared / other + 1.0) / 3.0 >= min_jaro
            })
            .filter_map(|(key, _)| self.places.get(key).map(|p| (key.0.as_str(), p)))
    }
}

/// Postal cities with no GeoNames row (small towns) get the mean of their ZIP points,
/// as the gazetteer's README advises.
fn add_postal_cities(
    places: &mut HashMap<(String, String), NamedPlace>,
    zips: &HashMap<String, ZipPoint>,
) {
    let mut sums: HashMap<(String, String), (String, f64, f64, u32)> = HashMap::new();
    for zip in zips.values() {
        let key = (fold_place_name(&zip.city), zip.state.clone());
        if places.contains_key(&key) {
            continue;
        }
        let entry = sums.entry(key).or_insert((zip.city.clone(), 0.0, 0.0, 0));
        entry.1 += zip.lat;
        entry.2 += zip.lon;
        entry.3 += 1;
    }
    for ((folded, state), (name, lat, lon, count)) in sums {
        let n = f64::from(count);
        let place = NamedPlace {
            name,
            state: state.clone(),
            lat: lat / n,
            lon: lon / n,
            population: 0,
        };
        places.insert((folded, state), place);
    }
}

pub(super) fn read_csv<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, GeoError> {
    let mut reader = csv::Reader::from_path(path).map_err(|source| GeoError::Read {
        path: path.display().to_string(),
        source,
    })?;
    reader
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|source| GeoError::Read {
            path: path.display().to_string(),
            source,
        })
}
