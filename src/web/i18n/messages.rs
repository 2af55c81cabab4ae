//! What went wrong with a request, in the page's language. The library's errors
//! say it in English (the CLI and the API use those words); pages say it from the
//! catalogue, and a test keeps the two English versions the same.

use super::Lang;
use crate::index::request::{
    PlaceProblem, MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, MAX_RADIUS_KM, MAX_RADIUS_MILES,
};
use crate::index::{FacetDim, RequestError};

/// A request error as a sentence in `lang`.
pub fn request_error(lang: Lang, error: &RequestError) -> String {
    match error {
        RequestError::UnknownParameter(name) => {
            lang.trf("request.unknown_parameter", &[("name", name)])
        }
        RequestError::QueryTooLong(chars) => lang.trf(
            "request.query_too_long",
            &[("chars", chars), ("max", &MAX_QUERY_CHARS)],
        ),
        RequestError::Place {
            message,
            suggestions,
            problem,
        } => place_error(lang, problem, suggestions, message),
        RequestError::BadRadius(value) => lang.trf("request.bad_radius", &[("value", value)]),
        RequestError::RadiusOutOfRange => lang.trf(
            "request.radius_out_of_range",
            &[("miles", &MAX_RADIUS_MILES), ("km", &MAX_RADIUS_KM)],
        ),
        RequestError::BadPage(value) => {
            lang.trf("request.bad_page", &[("value", value), ("max", &MAX_PAGE)])
        }
        RequestError::BadView(value) => lang.trf("request.bad_view", &[("value", value)]),
        RequestError::BadPerPage(value) => lang.trf(
            "request.bad_per_page",
            &[("value", value), ("max", &MAX_PER_PAGE)],
        ),
        RequestError::BadSort(value) => lang.trf("request.bad_sort", &[("value", value)]),
        RequestError::UnknownFacetValue { key, value, known } => {
            // The state facet's "known" is a sentence; the others list codes.
            let known = match FacetDim::from_key(key) {
                Some(FacetDim::State) => lang.tr("request.state_codes").to_string(),
                _ => known.clone(),
            };
            lang.trf(
                "request.unknown_facet_value",
                &[("value", value), ("key", key), ("known", &known)],
            )
        }
        RequestError::BadServes(value) => lang.trf("request.bad_serves", &[("value", value)]),
        RequestError::ServesWithoutPlace => lang.tr("request.serves_without_place").to_string(),
        RequestError::BadBeds(value) => lang.trf("request.bad_beds", &[("value", value)]),
        RequestError::DistanceWithoutPlace => lang.tr("request.distance_without_place").to_string(),
        RequestError::Repeated(name) => lang.trf("request.repeated", &[("name", name)]),
        RequestError::HalfCoordinates => lang.tr("request.half_coordinates").to_string(),
    }
}

fn place_error(
    lang: Lang,
    problem: &PlaceProblem,
    suggestions: &[String],
    message: &str,
) -> String {
    match problem {
        PlaceProblem::Empty => lang.tr("request.place_empty").to_string(),
        PlaceProblem::BadCoordinates { input } => {
            lang.trf("request.place_bad_coordinates", &[("input", input)])
        }
        PlaceProblem::UnknownZip { zip } => lang.trf("request.place_unknown_zip", &[("zip", zip)]),
        PlaceProblem::Unknown { input } => match suggestions {
            [] => lang.trf("request.place_unknown", &[("input", input)]),
            [one] => lang.trf(
                "request.place_unknown_one",
                &[("input", input), ("one", one)],
            ),
            many => lang.trf(
                "request.place_unknown_many",
                &[
                    ("input", input),
                    ("many", &many.join(lang.tr("request.place_or"))),
                ],
            ),
        },
        PlaceProblem::Other => lang.trf("request.place_other", &[("message", &message)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::GeoError;

    /// Pages and the API/CLI say the same thing in English.
    #[test]
    fn english_messages_are_the_librarys() {
        let errors = [
            RequestError::UnknownParameter("knid".into()),
            RequestError::QueryTooLong(250),
            RequestError::BadRadius("far".into()),
            RequestError::RadiusOutOfRange,
            RequestError::BadPage("0".into()),
            RequestError::BadView("x".into()),
            RequestError::BadPerPage("0".into()),
            RequestError::BadSort("x".into()),
            RequestError::UnknownFacetValue {
                key: "kind".into(),
                value: "x".into(),
                known: "warmline, peer_respite".into(),
            },
            RequestError::UnknownFacetValue {
                key: "state".into(),
                value: "XX".into(),
                known: "a two-letter state code such as OR, or US for national lines".into(),
            },
            RequestError::BadServes("x".into()),
            RequestError::ServesWithoutPlace,
            RequestError::BadBeds("x".into()),
            RequestError::DistanceWithoutPlace,
            RequestError::Repeated("q".into()),
            RequestError::HalfCoordinates,
            GeoError::EmptyPlace.into(),
            GeoError::BadCoordinates {
                input: "91,0".into(),
            }
            .into(),
            GeoError::UnknownZip {
                zip: "00000".into(),
            }
            .into(),
            GeoError::UnknownPlace {
                input: "Nowhere".into(),
                suggestions: vec![],
            }
            .into(),
            GeoError::UnknownPlace {
                input: "Madisn".into(),
                suggestions: vec!["Madison, WI".into()],
            }
            .into(),
            GeoError::UnknownPlace {
                input: "Spring".into(),
                suggestions: vec!["Springfield, IL".into(), "Springfield, MA".into()],
            }
            .into(),
        ];
        for error in &errors {
            assert_eq!(request_error(Lang::En, error), error.to_string());
            assert_ne!(
                request_error(Lang::Es, error),
                error.to_string(),
                "{error:?}"
            );
        }
    }
}
