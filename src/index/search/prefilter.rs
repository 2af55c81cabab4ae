//! The cheap first step of a search near a place: the documents that can
//! possibly be in the searched area, from area terms gathered once per generation.

use std::ops::Bound;

use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::index::catalog::Catalog;
use crate::index::document::grid::cells_covering;
use crate::index::request::SearchRequest;
use crate::index::IndexError;

/// Documents that can possibly be in the searched area: inside the radius's
/// bounding box, or serving the place's state or the whole country, or known only
/// to the level of the place's state; for a whole state, in it or serving it.
pub(super) fn area_prefilter(
    catalog: &Catalog,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<Option<Box<dyn Query>>, IndexError> {
    let Some(place) = request.place.as_ref() else {
        return Ok(None);
    };
    // Area terms only: their documents are gathered once per generation.
    let gathered = |terms| {
        catalog
            .areas()
            .query(searcher, catalog.fields().area, terms)
            .map(Some)
    };
    let mut terms = vec!["serves:US".to_string()];
    if let Some(county) = &place.county {
        terms.push(format!("county:{:05}", county.fips));
    }
    if let Some(state) = &place.state {
        terms.push(format!("serves:{state}"));
        if place.kind == crate::geo::PlaceKind::State {
            terms.push(format!("home:{state}"));
            return gathered(terms);
        }
        terms.push(format!("statepoint:{state}"));
    }
    const KM_PER_DEGREE: f64 = 111.2;
    let d_lat = request.radius_km / KM_PER_DEGREE;
    let cos = place.lat.to_radians().cos().max(0.01);
    let d_lon = (request.radius_km / (KM_PER_DEGREE * cos)).min(180.0);
    let lat = (place.lat - d_lat, place.lat + d_lat);
    let lon = (place.lon - d_lon, place.lon + d_lon);
    let cells = catalog
        .meta()
        .grid_cells
        .then(|| cells_covering(lat, lon))
        .flatten();
    if let Some(cells) = cells {
        terms.extend(cells);
        return gathered(terms);
    }
    // Huge radii, and generations indexed before the grid: coordinate range scans.
    let term = |value: &String| -> (Occur, Box<dyn Query>) {
        (
            Occur::Should,
            Box::new(TermQuery::new(
                Term::from_field_text(catalog.fields().area, value),
                IndexRecordOption::Basic,
            )),
        )
    };
    let range = |field, (low, high): (f64, f64)| -> (Occur, Box<dyn Query>) {
        (
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_f64(field, low)),
                Bound::Included(Term::from_field_f64(field, high)),
            )),
        )
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = terms.iter().map(term).collect();
    clauses.push((
        Occur::Should,
        Box::new(BooleanQuery::new(vec![
            range(catalog.fields().lat, lat),
            range(catalog.fields().lon, lon),
        ])),
    ));
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}
