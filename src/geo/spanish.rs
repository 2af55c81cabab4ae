//! Place names as Spanish speakers write them: the usual Spanish names of the
//! states ("Nueva York", "Carolina del Norte", "Pensilvania"), a few cities
//! ("Nueva Orleans", "Filadelfia") and "condado de X" for X County. Accents are
//! optional: names are compared folded ("nuevo mexico" = "Nuevo México").

use std::borrow::Cow;

use super::names::fold_place_name;

/// (USPS code, the name shown on Spanish pages, other spellings people type).
const STATES: [(&str, &str, &[&str]); 52] = [
    ("AL", "Alabama", &[]),
    ("AK", "Alaska", &[]),
    ("AZ", "Arizona", &[]),
    ("AR", "Arkansas", &[]),
    ("CA", "California", &[]),
    ("CO", "Colorado", &[]),
    ("CT", "Connecticut", &["conneticut"]),
    ("DE", "Delaware", &[]),
    (
        "DC",
        "Distrito de Columbia",
        &["washington dc", "washington d c"],
    ),
    ("FL", "Florida", &[]),
    ("GA", "Georgia", &[]),
    ("HI", "Hawái", &["hawai"]),
    ("ID", "Idaho", &[]),
    ("IL", "Illinois", &[]),
    ("IN", "Indiana", &[]),
    ("IA", "Iowa", &[]),
    ("KS", "Kansas", &[]),
    ("KY", "Kentucky", &[]),
    ("LA", "Luisiana", &[]),
    ("ME", "Maine", &[]),
    ("MD", "Maryland", &[]),
    ("MA", "Massachusetts", &[]),
    ("MI", "Míchigan", &[]),
    ("MN", "Minnesota", &[]),
    ("MS", "Misisipi", &["misisipi", "mississipi"]),
    ("MO", "Misuri", &[]),
    ("MT", "Montana", &[]),
    ("NE", "Nebraska", &[]),
    ("NV", "Nevada", &[]),
    ("NH", "Nuevo Hampshire", &["nueva hampshire"]),
    ("NJ", "Nueva Jersey", &["nuevo jersey"]),
    ("NM", "Nuevo México", &["nuevo mejico", "nueva mexico"]),
    ("NY", "Nueva York", &["nueva yorck", "estado de nueva york"]),
    ("NC", "Carolina del Norte", &[]),
    ("ND", "Dakota del Norte", &[]),
    ("OH", "Ohio", &[]),
    ("OK", "Oklahoma", &[]),
    ("OR", "Oregón", &[]),
    ("PA", "Pensilvania", &["pensylvania", "pennsilvania"]),
    ("RI", "Rhode Island", &["rod island"]),
    ("SC", "Carolina del Sur", &[]),
    ("SD", "Dakota del Sur", &[]),
    ("TN", "Tennessee", &["tenesi"]),
    ("TX", "Texas", &["tejas"]),
    ("UT", "Utah", &[]),
    ("VT", "Vermont", &[]),
    ("VA", "Virginia", &[]),
    ("WA", "Washington", &["estado de washington"]),
    ("WV", "Virginia Occidental", &["virginia del oeste"]),
    ("WI", "Wisconsin", &[]),
    ("WY", "Wyoming", &[]),
    ("PR", "Puerto Rico", &[]),
];

/// Cities whose Spanish names differ from the gazetteer's, as "City, ST".
const CITIES: [(&str, &str); 3] = [
    ("ciudad de nueva york", "New York, NY"),
    ("nueva orleans", "New Orleans, LA"),
    ("filadelfia", "Philadelphia, PA"),
];

/// The name of a state on Spanish pages ("NY" → "Nueva York").
pub fn spanish_state_name(code: &str) -> Option<&'static str> {
    STATES
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, name, _)| *name)
}

/// Every (folded Spanish name or spelling, state code), for the gazetteer.
pub fn folded_state_names() -> Vec<(String, &'static str)> {
    STATES
        .iter()
        .flat_map(|(code, name, others)| {
            std::iter::once(fold_place_name(name))
                .chain(others.iter().map(|o| o.to_string()))
                .map(move |folded| (folded, *code))
        })
        .collect()
}

/// What a Spanish place text means in the gazetteer's words: "condado de Bexar,
/// Texas" → "Bexar County, Texas", "Nueva Orleans" → "New Orleans, LA". Anything
/// else is returned as it was, without copying.
pub fn english_place_text(text: &str) -> Cow<'_, str> {
    let text = text.trim();
    if let Some((_, city)) = CITIES
        .iter()
        .find(|(spanish, _)| text.eq_ignore_ascii_case(spanish))
    {
        return Cow::Borrowed(city);
    }
    for (prefix, word) in [
        ("condado de ", "County"),
        ("condado del ", "County"),
        ("parroquia de ", "Parish"),
    ] {
        let Some(rest) = text
            .get(..prefix.len())
            .filter(|head| head.eq_ignore_ascii_case(prefix))
            .map(|_| &text[prefix.len()..])
        else {
            continue;
        };
        // The state, if any, stays after the comma: "condado de Bexar, TX".
        return Cow::Owned(match rest.split_once(',') {
            Some((name, state)) => format!("{} {word},{state}", name.trim()),
            None => format!("{} {word}", rest.trim()),
        });
    }
    Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_state_names_with_or_without_accents() {
        let names = folded_state_names();
        let code = |name: &str| {
            let folded = fold_place_name(name);
            names.iter().find(|(n, _)| *n == folded).map(|(_, c)| *c)
        };
        assert_eq!(code("Nueva York"), Some("NY"));
        assert_eq!(code("nuevo mexico"), Some("NM"));
        assert_eq!(code("Nuevo México"), Some("NM"));
        assert_eq!(code("carolina del norte"), Some("NC"));
        assert_eq!(code("Pensilvania"), Some("PA"));
        assert_eq!(code("tejas"), Some("TX"));
        assert_eq!(code("york"), None);
        assert_eq!(spanish_state_name("NY"), Some("Nueva York"));
    }

    #[test]
    fn condado_de_is_a_county() {
        assert_eq!(english_place_text("condado de Bexar"), "Bexar County");
        assert_eq!(
            english_place_text("Condado de Bexar, TX"),
            "Bexar County, TX"
        );
        assert_eq!(
            english_place_text("condado de Los Ángeles"),
            "Los Ángeles County"
        );
        assert_eq!(english_place_text("Nueva Orleans"), "New Orleans, LA");
        assert_eq!(english_place_text("Denver"), "Denver");
    }
}
