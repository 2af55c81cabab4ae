//! Turning raw search parameters — from the CLI or a URL — into a checked
//! `SearchRequest`. One parser for both, so the CLI, the pages and the API accept
//! exactly the same things and reject bad input with the same words.

mod understand;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::geo::{Geo, GeoError, SearchPlace};
use crate::index::document::facets::FacetDim;

/// The longest search text taken, in characters: longer is not a search a person types.
pub const MAX_QUERY_CHARS: usize = 200;
/// The most hits one page may ask for.
pub const MAX_PER_PAGE: usize = 100;
/// Hits per page when none is asked for.
pub const DEFAULT_PER_PAGE: usize = 20;
/// The deepest page that may be asked for (deeper pages cost more to collect).
pub const MAX_PAGE: usize = 500;
/// The radius around a place when none is given: 100 miles.
pub const DEFAULT_RADIUS_KM: f64 = 160.934;
/// The largest radius taken, in kilometres.
pub const MAX_RADIUS_KM: f64 = 1000.0;
/// The largest radius in miles (620 mi is just under `MAX_RADIUS_KM`).
pub const MAX_RADIUS_MILES: f64 = 620.0;
const KM_PER_MILE: f64 = 1.609_344;

/// How hits are put in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Best match first, nearer programs lifted (see ARCHITECTURE.md).
    #[default]
    Relevance,
    /// Nearest first; programs with no distance (statewide lines) after.
    Distance,
}

/// A checked search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// The words, with any place read out of them removed.
    pub text: String,
    /// The place searched around, found in the gazetteer.
    pub place: Option<SearchPlace>,
    /// The radius around a place smaller than a state.
    pub radius_km: f64,
    /// Chosen facet values, by facet; values of one facet are alternatives.
    pub filters: BTreeMap<FacetDim, Vec<String>>,
    /// Best first or nearest first.
    pub sort: SortOrder,
    /// 1-based.
    pub page: usize,
    /// Hits per page.
    pub per_page: usize,
    /// The place was read from the words of the query, not given as `near`.
    pub place_from_text: bool,
    /// A place named in the words ("near madisn wi") was not found; these are close.
    pub place_suggestions: Vec<String>,
    /// The moment "open now" is decided at (the caller's clock; tests set it).
    pub now: chrono::DateTime<chrono::Utc>,
    /// Only programs known to serve the place (`serves=place`): a listed county,
    /// a whole state, or the whole country — not those merely near it.
    pub serving_place_only: bool,
    /// The language of the person searching, as a `languages` facet value (the
    /// Spanish site sets `spanish`): among equal matches, programs that answer in
    /// it come first. Not a filter; `None` changes nothing.
    pub language: Option<String>,
    /// `beds=free`: only programs whose staff say beds are free now. The index does
    /// not know; the server fills `only_ids` from the store's live listings.
    pub beds_free_now: bool,
    /// Only these programs (the live listings with beds free); `None` = no limit.
    pub only_ids: Option<Vec<String>>,
    /// Programs left out whatever else matches (their staff marked them closed).
    pub left_out_ids: Vec<String>,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            text: String::new(),
            place: None,
            radius_km: DEFAULT_RADIUS_KM,
            filters: BTreeMap::new(),
            sort: SortOrder::Relevance,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            place_from_text: false,
            place_suggestions: Vec::new(),
            now: chrono::Utc::now(),
            serving_place_only: false,
            language: None,
            beds_free_now: false,
            only_ids: None,
            left_out_ids: Vec::new(),
        }
    }
}

/// Search parameters as typed: every value still a string.
#[derive(Debug, Clone, Default)]
pub struct SearchParams {
    /// The words (`q`).
    pub q: Option<String>,
    /// A place as typed: ZIP, "City, ST", a state, a county.
    pub near: Option<String>,
    /// Latitude, with `lon` (a located phone's position, rounded by the page).
    pub lat: Option<String>,
    /// Longitude, with `lat`.
    pub lon: Option<String>,
    /// A distance such as `50mi` or `80km`.
    pub radius: Option<String>,
    /// `relevance` or `distance`.
    pub sort: Option<String>,
    /// The page, from 1.
    pub page: Option<String>,
    /// Hits per page.
    pub per_page: Option<String>,
    /// "place": only programs that serve the searched place.
    pub serves: Option<String>,
    /// "free": only programs with beds free now (live listings).
    pub beds: Option<String>,
    /// "clinician": result cards show sources, verification and the referral
    /// checkbox open (pages only; the API refuses it).
    pub view: Option<String>,
    /// (facet key, value) pairs; a key may repeat.
    pub facets: Vec<(String, String)>,
}

impl SearchParams {
    /// From URL query pairs (`?q=…&kind=warmline&kind=peer_respite`). Unknown
    /// parameter names are an error, so a typo is never silently ignored.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<SearchParams, RequestError> {
        let mut params = SearchParams::default();
        for (key, value) in pairs {
            let value = value.to_string();
            let slot = match key {
                "q" => &mut params.q,
                "near" => &mut params.near,
                "lat" => &mut params.lat,
                "lon" => &mut params.lon,
                "radius" => &mut params.radius,
                "sort" => &mut params.sort,
                "page" => &mut params.page,
                "per_page" => &mut params.per_page,
                "serves" => &mut params.serves,
                "beds" => &mut params.beds,
                "view" => &mut params.view,
                other if FacetDim::from_key(other).is_some() => {
                    if !value.is_empty() {
                        params.facets.push((other.to_string(), value));
                    }
                    continue;
                }
                other => return Err(RequestError::UnknownParameter(other.to_string())),
            };
            if slot.is_some() {
                return Err(RequestError::Repeated(key.to_string()));
            }
            let value = match key {
                "lat" | "lon" => to_about_a_kilometre(value),
                _ => value,
            };
            *slot = Some(value);
        }
        Ok(params)
    }
}

impl SearchParams {
    /// The parameters back as URL pairs, empty ones left out, in a stable order —
    /// so links built from a search (a facet toggled, the next page) stay short.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let singles = [
            ("q", &self.q),
            ("near", &self.near),
            ("lat", &self.lat),
            ("lon", &self.lon),
            ("radius", &self.radius),
            ("sort", &self.sort),
            ("page", &self.page),
            ("per_page", &self.per_page),
            ("serves", &self.serves),
            ("beds", &self.beds),
            ("view", &self.view),
        ];
        let mut pairs: Vec<(String, String)> = singles
            .into_iter()
            .filter_map(|(key, value)| {
                let value = value.as_deref()?.trim();
                (!value.is_empty()).then(|| (key.to_string(), value.to_string()))
            })
            .collect();
        pairs.extend(self.facets.iter().cloned());
        pairs
    }

    /// Whether result cards are shown in full for a clinician (`view=clinician`).
    pub fn clinician_view(&self) -> bool {
        self.view.as_deref() == Some("clinician")
    }

    /// Whether a facet value is chosen.
    pub fn has_facet(&self, key: &str, value: &str) -> bool {
        self.facets.iter().any(|(k, v)| k == key && v == value)
    }

    /// A copy with a facet value added or removed, back on page 1.
    pub fn toggled(&self, key: &str, value: &str) -> SearchParams {
        let mut next = self.clone();
        if self.has_facet(key, value) {
            next.facets.retain(|(k, v)| !(k == key && v == value));
        } else {
            next.facets.push((key.to_string(), value.to_string()));
        }
        next.page = None;
        next
    }
}

/// Why a search's parameters were refused; each says what to give instead.
#[derive(Debug, Error, PartialEq)]
pub enum RequestError {
    /// A parameter no search takes.
    #[error("unknown parameter '{0}'")]
    UnknownParameter(String),
    /// The text is longer than `MAX_QUERY_CHARS`.
    #[error("the search text is {0} characters long; keep it under {MAX_QUERY_CHARS}")]
    QueryTooLong(usize),
    /// The place could not be found or read.
    #[error("{message}")]
    Place {
        /// What was wrong, in English.
        message: String,
        /// Places spelled nearly like it ("did you mean").
        suggestions: Vec<String>,
        /// What was wrong with the place, for saying it in another language.
        problem: PlaceProblem,
    },
    /// The radius is not a distance.
    #[error("radius '{0}' is not a distance like 50mi or 80km")]
    BadRadius(String),
    /// The radius is below 1 or above the largest taken.
    #[error("radius must be from 1 to {MAX_RADIUS_MILES} mi or from 1 to {MAX_RADIUS_KM} km")]
    RadiusOutOfRange,
    /// The page is not a number from 1 to `MAX_PAGE`.
    #[error("page '{0}' must be a whole number from 1 to {MAX_PAGE}")]
    BadPage(String),
    /// A view other than `clinician`.
    #[error("view '{0}' is not known; the one view is 'clinician'")]
    BadView(String),
    /// Hits per page not from 1 to `MAX_PER_PAGE`.
    #[error("per_page '{0}' must be a whole number from 1 to {MAX_PER_PAGE}")]
    BadPerPage(String),
    /// A sort other than relevance or distance.
    #[error("sort '{0}' must be relevance or distance")]
    BadSort(String),
    /// A facet value the facet does not have.
    #[error("'{value}' is not a known {key}; try one of: {known}")]
    UnknownFacetValue {
        /// The facet.
        key: String,
        /// The value given.
        value: String,
        /// The values it has, comma-separated.
        known: String,
    },
    /// `serves` other than `place`.
    #[error("serves '{0}' must be 'place' (only programs that serve the place searched)")]
    BadServes(String),
    /// `serves=place` with no place.
    #[error("serves=place needs a place (near)")]
    ServesWithoutPlace,
    /// `beds` other than `free`.
    #[error("beds '{0}' must be 'free' (only programs with beds free now)")]
    BadBeds(String),
    /// `sort=distance` with no place.
    #[error("sorting by distance needs a place (near)")]
    DistanceWithoutPlace,
    /// A single-valued parameter given twice.
    #[error("'{0}' is given more than once; give it once")]
    Repeated(String),
    /// Only one of `lat` and `lon`.
    #[error("lat and lon go together; give both or neither")]
    HalfCoordinates,
}

/// Why a place could not be used, as data (the message says it in English).
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceProblem {
    /// Nothing but spaces.
    Empty,
    /// Coordinates that are not numbers or are off the map.
    BadCoordinates {
        /// As typed.
        input: String,
    },
    /// Five digits that are no US ZIP code.
    UnknownZip {
        /// The ZIP as typed.
        zip: String,
    },
    /// A name the gazetteer does not know.
    Unknown {
        /// As typed.
        input: String,
    },
    /// The gazetteer could not be read (not the person's input).
    Other,
}

impl From<GeoError> for RequestError {
    fn from(e: GeoError) -> Self {
        let (suggestions, problem) = match &e {
            GeoError::UnknownPlace { suggestions, input } => (
                suggestions.clone(),
                PlaceProblem::Unknown {
                    input: input.clone(),
                },
            ),
            GeoError::EmptyPlace => (Vec::new(), PlaceProblem::Empty),
            GeoError::BadCoordinates { input } => (
                Vec::new(),
                PlaceProblem::BadCoordinates {
                    input: input.clone(),
                },
            ),
            GeoError::UnknownZip { zip } => {
                (Vec::new(), PlaceProblem::UnknownZip { zip: zip.clone() })
            }
            _ => (Vec::new(), PlaceProblem::Other),
        };
        RequestError::Place {
            message: e.to_string(),
            suggestions,
            problem,
        }
    }
}

/// A coordinate rounded to 2 decimals (about 1 km): a position from "Use my
/// location" is never carried more precisely into links, titles or pages. Text that
/// is not a number is kept as given, for the error that names it.
fn to_about_a_kilometre(value: String) -> String {
    match value.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => format!("{x:.2}"),
        _ => value,
    }
}

/// Check raw parameters and resolve the place.
pub fn parse_request(params: &SearchParams, geo: &Geo) -> Result<SearchRequest, RequestError> {
    let text = params.q.as_deref().unwrap_or("").trim().to_string();
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(RequestError::QueryTooLong(chars));
    }
    if let Some(view) = params
        .view
        .as_deref()
        .filter(|v| !v.is_empty() && *v != "clinician")
    {
        return Err(RequestError::BadView(view.to_string()));
    }
    let mut text = text;
    let mut place = parse_place(params, geo)?;
    let mut place_from_text = false;
    let mut place_suggestions = Vec::new();
    if place.is_none() && !text.is_empty() {
        let found = understand::place_in_text(geo, &text);
        place_from_text = found.place.is_some();
        place_suggestions = found.suggestions;
        if found.place.is_some() || !place_suggestions.is_empty() {
            place = found.place;
            text = found.rest;
        }
    }
    let radius_km = match params
        .radius
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        None => DEFAULT_RADIUS_KM,
        Some(text) => parse_radius_km(text)?,
    };
    let sort = match params.sort.as_deref().map(str::trim) {
        None | Some("") | Some("relevance") => SortOrder::Relevance,
        Some("distance") => SortOrder::Distance,
        Some(other) => return Err(RequestError::BadSort(other.to_string())),
    };
    if sort == SortOrder::Distance && place.is_none() {
        return Err(RequestError::DistanceWithoutPlace);
    }
    let serving_place_only = match params.serves.as_deref().map(str::trim) {
        None | Some("") => false,
        Some("place") => true,
        Some(other) => return Err(RequestError::BadServes(other.to_string())),
    };
    if serving_place_only && place.is_none() {
        return Err(RequestError::ServesWithoutPlace);
    }
    let beds_free_now = match params.beds.as_deref().map(str::trim) {
        None | Some("") => false,
        Some("free") => true,
        Some(other) => return Err(RequestError::BadBeds(other.to_string())),
    };
    let page = parse_bounded(params.page.as_deref(), 1, MAX_PAGE).map_err(RequestError::BadPage)?;
    let per_page = parse_bounded(params.per_page.as_deref(), DEFAULT_PER_PAGE, MAX_PER_PAGE)
        .map_err(RequestError::BadPerPage)?;
    Ok(SearchRequest {
        text,
        place,
        radius_km,
        filters: parse_filters(&params.facets, geo)?,
        sort,
        page,
        per_page,
        place_from_text,
        place_suggestions,
        now: chrono::Utc::now(),
        serving_place_only,
        language: None,
        beds_free_now,
        only_ids: None,
        left_out_ids: Vec::new(),
    })
}

fn parse_place(params: &SearchParams, geo: &Geo) -> Result<Option<SearchPlace>, RequestError> {
    // Coordinates come from "use my location" in the browser; they win over text.
    let given = |v: &Option<String>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
    match (given(&params.lat), given(&params.lon)) {
        (true, true) => {
            let (lat, lon) = (params.lat.as_deref(), params.lon.as_deref());
            let text = format!("{},{}", lat.unwrap_or("").trim(), lon.unwrap_or("").trim());
            return Ok(Some(geo.locate(&text)?));
        }
        (true, false) | (false, true) => return Err(RequestError::HalfCoordinates),
        (false, false) => {}
    }
    match params.near.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(near) => Ok(Some(geo.locate(near)?)),
    }
}

/// "100mi", "160 km", "50" (miles, as people in the US say) -> kilometres.
pub fn parse_radius_km(text: &str) -> Result<f64, RequestError> {
    // Exactly what the API documents (`RADIUS_PATTERN` in the OpenAPI document): a
    // whole number with no leading zero, then `mi`, `km` or nothing (miles); at most
    // 620 mi or 1000 km. Anything else is refused rather than read loosely.
    let bad = || RequestError::BadRadius(text.to_string());
    let (number, in_km) = match text.strip_suffix("km") {
        Some(number) => (number, true),
        None => (text.strip_suffix("mi").unwrap_or(text), false),
    };
    let well_formed = !number.is_empty()
        && number.len() <= 4
        && number.bytes().all(|b| b.is_ascii_digit())
        && (number == "0" || !number.starts_with('0'));
    if !well_formed {
        return Err(bad());
    }
    let value: u32 = number.parse().map_err(|_| bad())?;
    let (km, max) = if in_km {
        (f64::from(value), MAX_RADIUS_KM)
    } else {
        (
            f64::from(value) * KM_PER_MILE,
            MAX_RADIUS_MILES * KM_PER_MILE,
        )
    };
    if value == 0 || km > max {
        return Err(RequestError::RadiusOutOfRange);
    }
    Ok(km)
}

fn parse_bounded(text: Option<&str>, default: usize, max: usize) -> Result<usize, String> {
    match text.map(str::trim) {
        None | Some("") => Ok(default),
        Some(t) => t
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| t.to_string()),
    }
}

fn parse_filters(
    pairs: &[(String, String)],
    geo: &Geo,
) -> Result<BTreeMap<FacetDim, Vec<String>>, RequestError> {
    let mut filters: BTreeMap<FacetDim, Vec<String>> = BTreeMap::new();
    for (key, value) in pairs {
        let dim =
            FacetDim::from_key(key).ok_or_else(|| RequestError::UnknownParameter(key.clone()))?;
        // Several values may also come comma-separated, as the CLI takes them.
        for value in value.split(',').map(str::trim).filter(|v| !v.is_empty()) {
            let value = canonical_value(dim, value, geo)?;
            let values = filters.entry(dim).or_default();
            if !values.contains(&value) {
                values.push(value);
            }
        }
    }
    Ok(filters)
}

fn canonical_value(dim: FacetDim, value: &str, geo: &Geo) -> Result<String, RequestError> {
    if dim == FacetDim::State {
        if value.eq_ignore_ascii_case("US") {
            return Ok("US".to_string());
        }
        return geo
            .gazetteer
            .state_by_code_or_name(value)
            .map(|s| s.code.clone())
            .ok_or_else(|| RequestError::UnknownFacetValue {
                key: dim.key().to_string(),
                value: value.to_string(),
                known: "a two-letter state code such as OR, or US for national lines".to_string(),
            });
    }
    let known = dim.known_values();
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(value))
        .map(|k| k.to_string())
        .ok_or_else(|| RequestError::UnknownFacetValue {
            key: dim.key().to_string(),
            value: value.to_string(),
            known: known.join(", "),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_parameter_given_twice_is_refused() {
        // Found by schemathesis: `lon=1&lon=2` silently kept the last one.
        let twice = SearchParams::from_pairs([("lon", "1"), ("lon", "2")]);
        assert_eq!(twice.unwrap_err(), RequestError::Repeated("lon".into()));
        let facets = SearchParams::from_pairs([("kind", "warmline"), ("kind", "peer_respite")]);
        assert_eq!(facets.unwrap().facets.len(), 2, "facet keys may repeat");
    }

    #[test]
    fn radius_units() {
        assert!((parse_radius_km("100mi").unwrap() - 160.9344).abs() < 1e-6);
        assert_eq!(parse_radius_km("160km").unwrap(), 160.0);
        // Only what the API documents: no spaces, capitals, fractions or leading zeros.
        for loose in [" 80 KM ", "80KM", "50.5mi", "050mi", "+50", "50 mi"] {
            assert!(
                matches!(parse_radius_km(loose), Err(RequestError::BadRadius(_))),
                "{loose:?} must be refused"
            );
        }
        assert!((parse_radius_km("620mi").unwrap() - 997.793).abs() < 1e-3);
        assert_eq!(
            parse_radius_km("621mi"),
            Err(RequestError::RadiusOutOfRange)
        );
        assert_eq!(parse_radius_km("1000km").unwrap(), 1000.0);
        assert_eq!(
            parse_radius_km("1001km"),
            Err(RequestError::RadiusOutOfRange)
        );
        assert!((parse_radius_km("50").unwrap() - 80.4672).abs() < 1e-6);
        assert_eq!(
            parse_radius_km("abc"),
            Err(RequestError::BadRadius("abc".into()))
        );
        assert_eq!(parse_radius_km("0km"), Err(RequestError::RadiusOutOfRange));
        assert_eq!(
            parse_radius_km("5000mi"),
            Err(RequestError::RadiusOutOfRange)
        );
        assert_eq!(
            parse_radius_km("NaNkm"),
            Err(RequestError::BadRadius("NaNkm".into()))
        );
    }

    #[test]
    fn page_bounds() {
        assert_eq!(parse_bounded(Some("-1"), 1, 10), Err("-1".to_string()));
        assert_eq!(parse_bounded(Some("0"), 1, 10), Err("0".to_string()));
        assert_eq!(parse_bounded(None, 1, 10), Ok(1));
        assert_eq!(parse_bounded(Some("10"), 1, 10), Ok(10));
    }

    #[test]
    fn unknown_parameter_is_refused() {
        let err = SearchParams::from_pairs([("q", "x"), ("knid", "warmline")]).unwrap_err();
        assert_eq!(err, RequestError::UnknownParameter("knid".into()));
    }
}
