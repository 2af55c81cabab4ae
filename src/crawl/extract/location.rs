//! Places as directory pages write them: "Keene, New Hampshire", "Eugene, OR",
//! "Albany, NY 12207". Extractors have no gazetteer (they read one page), so the
//! states and territories are listed here; the merge checks them against the
//! gazetteer again.

/// USPS code and name of every state, DC and the inhabited territories.
const STATES: [(&str, &str); 56] = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("PR", "Puerto Rico"),
    ("GU", "Guam"),
    ("VI", "U.S. Virgin Islands"),
    ("AS", "American Samoa"),
    ("MP", "Northern Mariana Islands"),
];

/// Lower-case letters and single spaces only: "Washington, D.C." → "washington d c".
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The USPS code of a state or territory named by code or full name ("New
/// Hampshire", "nh", "Washington DC", "Virgin Islands"); `None` for anything else.
pub fn state_code(text: &str) -> Option<&'static str> {
    let folded = fold(text.trim().trim_end_matches(':'));
    if folded.len() == 2 {
        return STATES
            .iter()
            .find(|(code, _)| code.eq_ignore_ascii_case(&folded))
            .map(|(code, _)| *code);
    }
    let aliases = [
        ("washington dc", "DC"),
        ("washington d c", "DC"),
        ("d c", "DC"),
        ("virgin islands", "VI"),
        ("us virgin islands", "VI"),
    ];
    if let Some((_, code)) = aliases.iter().find(|(alias, _)| *alias == folded) {
        return Some(code);
    }
    STATES
        .iter()
        .find(|(_, name)| fold(name) == folded)
        .map(|(code, _)| *code)
}

/// "City, ST", "City, State Name" or either with a ZIP after it → (city, state
/// code, ZIP). `None` when the part after the last comma is not a state.
pub fn split_location(text: &str) -> Option<(String, &'static str, String)> {
    let (city, rest) = text.rsplit_once(',')?;
    let rest = rest.trim();
    let (state, zip) = match rest.rsplit_once(' ') {
        Some((state, zip)) if is_zip(zip) => (state.trim(), zip.to_string()),
        _ => (rest, String::new()),
    };
    let city = city.trim();
    if city.is_empty() {
        return None;
    }
    Some((city.to_string(), state_code(state)?, zip))
}

fn is_zip(text: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    match text.split_once('-') {
        Some((five, four)) => digits(five, 5) && digits(four, 4),
        None => digits(text, 5),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_by_code_or_name() {
        assert_eq!(state_code("New Hampshire"), Some("NH"));
        assert_eq!(state_code("nh"), Some("NH"));
        assert_eq!(state_code("NEW YORK:"), Some("NY"));
        assert_eq!(state_code("Washington, D.C."), Some("DC"));
        assert_eq!(state_code("Puerto Rico"), Some("PR"));
        assert_eq!(state_code("Contact Us"), None);
        assert_eq!(state_code("New"), None);
        assert_eq!(state_code("ZZ"), None);
    }

    #[test]
    fn locations_in_every_form_a_directory_writes() {
        let parts = |t: &str| split_location(t).map(|(c, s, z)| (c, s.to_string(), z));
        let want = |c: &str, s: &str, z: &str| Some((c.to_string(), s.to_string(), z.to_string()));
        assert_eq!(parts("Keene, New Hampshire"), want("Keene", "NH", ""));
        assert_eq!(parts("Eugene, OR"), want("Eugene", "OR", ""));
        assert_eq!(parts("Albany, NY 12207"), want("Albany", "NY", "12207"));
        assert_eq!(
            parts("Santa Fe, New Mexico 87505-1234"),
            want("Santa Fe", "NM", "87505-1234")
        );
        assert_eq!(
            parts("Washington, District of Columbia"),
            want("Washington", "DC", "")
        );
        assert_eq!(parts("Somewhere, Atlantis"), None);
        assert_eq!(parts("Statewide"), None);
        assert_eq!(parts(", NY"), None);
    }
}
