//! Program names as directories print them ("2nd STORY PEER RESPITE HOUSE") made
//! readable for display ("2nd Story Peer Respite House"). The page's own text is
//! kept beside the display name (`name_as_published`) as provenance.

/// Words kept in capitals: organisations and terms known by their initials.
const ACRONYMS: [&str; 24] = [
    "NAMI", "NEC", "MHA", "DBSA", "RLC", "CCBHC", "LLC", "USA", "US", "YMCA", "YWCA", "VA", "ACT",
    "CIT", "BH", "MH", "CMHC", "CSU", "HIV", "LGBTQ", "LGBTQIA", "II", "III", "IV",
];

/// Short words written in lower case inside a name.
const SMALL_WORDS: [&str; 9] = ["a", "an", "and", "at", "for", "in", "of", "on", "the"];

/// The name to show: a name in capitals only is title-cased, keeping known
/// acronyms, ordinals ("2nd") and dotted initials ("P.E.E.R.S."); a name that
/// already mixes cases is the publisher's spelling and stays as it is.
pub fn display_name(name: &str) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    // Ordinals ("2nd") do not make a name mixed-case.
    let has_lower = name
        .split(' ')
        .filter(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
        .any(|w| w.chars().any(char::is_lowercase));
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if has_lower || letters < 4 {
        return name;
    }
    name.split(' ')
        .enumerate()
        .map(|(i, word)| title_word(word, i == 0))
        .collect::<Vec<_>>()
        .join(" ")
}

fn title_word(word: &str, first: bool) -> String {
    for joiner in ['/', '-'] {
        if word.contains(joiner) {
            return word
                .split(joiner)
                .map(|part| title_word(part, first))
                .collect::<Vec<_>>()
                .join(&joiner.to_string());
        }
    }
    let bare: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
    // "(NY)": a short code in brackets is a place or an abbreviation.
    let bracketed_code = word.starts_with('(') && bare.len() <= 3;
    if ACRONYMS.contains(&bare.as_str()) || bracketed_code || word.matches('.').count() >= 2 {
        return word.to_string();
    }
    let lower = word.to_lowercase();
    if !first && SMALL_WORDS.contains(&lower.as_str()) {
        return lower;
    }
    // "2ND" → "2nd"; "(SAFE" → "(Safe"; "PEER'S" → "Peer's".
    let mut out = String::with_capacity(word.len());
    let mut capitalised = false;
    for c in lower.chars() {
        if !capitalised && c.is_alphabetic() {
            let starts_with_digit = out.chars().any(|d: char| d.is_ascii_digit());
            if starts_with_digit {
                out.push(c);
            } else {
                out.extend(c.to_uppercase());
            }
            capitalised = true;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_become_title_case_keeping_acronyms() {
        assert_eq!(
            display_name("2nd STORY PEER RESPITE HOUSE"),
            "2nd Story Peer Respite House"
        );
        assert_eq!(
            display_name("NAMI KEENE PEER RESPITE OF THE MONADNOCK REGION"),
            "NAMI Keene Peer Respite of the Monadnock Region"
        );
        assert_eq!(display_name("STEP-UP/STEP-DOWN"), "Step-Up/Step-Down");
        assert_eq!(
            display_name("P.E.E.R.S. FOR HOPE HOUSE"),
            "P.E.E.R.S. for Hope House"
        );
        assert_eq!(display_name("THE ROSE HOUSE (NY)"), "The Rose House (NY)");
    }

    #[test]
    fn a_name_that_mixes_cases_is_kept() {
        assert_eq!(display_name("Afiya  Peer Respite"), "Afiya Peer Respite");
        assert_eq!(display_name("iCAN Respite"), "iCAN Respite");
        assert_eq!(display_name("ACT"), "ACT");
    }
}
