//! The facets a search can be narrowed by, and how a program's own words map onto
//! them. Facet values are *derived* from what the sources said (cost "Free; no
//! insurance required" -> `free`); the words themselves are always shown as given.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::Serialize;

use crate::model::{EvidenceAge, PeerRole, Program, ProgramStatus, ServiceKind};

/// The `open` value decided at search time from each program's schedule.
pub const OPEN_NOW: &str = "now";

/// One dimension a search can filter and count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FacetDim {
    /// The kind of program (peer respite, warmline, …).
    Kind,
    /// The state of its address.
    State,
    /// How peers run or staff it.
    PeerRole,
    /// Open now, or open 24/7.
    Open,
    /// What it costs: free, or regardless of ability to pay.
    Cost,
    /// The ages it serves (youth, adults, older adults…), read from the sources.
    Ages,
    /// Who it is for beyond age (veterans, LGBTQ+, …).
    Populations,
    /// The languages it answers in.
    Languages,
    /// How to get in: walk in, call first, self-referral, referral, dispatch.
    Access,
    /// Whether the program operates: closed ones are left out unless asked for.
    Status,
    /// How old the newest evidence is (decided when the generation is built).
    Evidence,
}

impl FacetDim {
    /// Every dimension, in the order pages show them.
    pub const ALL: [FacetDim; 11] = [
        FacetDim::Kind,
        FacetDim::State,
        FacetDim::PeerRole,
        FacetDim::Open,
        FacetDim::Cost,
        FacetDim::Ages,
        FacetDim::Populations,
        FacetDim::Languages,
        FacetDim::Access,
        FacetDim::Status,
        FacetDim::Evidence,
    ];

    /// The parameter name in URLs and the key in the JSON `facets` object.
    pub fn key(self) -> &'static str {
        match self {
            FacetDim::Kind => "kind",
            FacetDim::State => "state",
            FacetDim::PeerRole => "peer_role",
            FacetDim::Open => "open",
            FacetDim::Cost => "cost",
            FacetDim::Ages => "ages",
            FacetDim::Populations => "populations",
            FacetDim::Languages => "languages",
            FacetDim::Access => "access",
            FacetDim::Status => "status",
            FacetDim::Evidence => "evidence",
        }
    }

    /// The English heading (pages use the message catalogues).
    pub fn label(self) -> &'static str {
        match self {
            FacetDim::Kind => "Kind",
            FacetDim::State => "State",
            FacetDim::PeerRole => "Peer role",
            FacetDim::Open => "Hours",
            FacetDim::Cost => "Cost",
            FacetDim::Ages => "Ages",
            FacetDim::Populations => "Who it is for",
            FacetDim::Languages => "Languages",
            FacetDim::Access => "How to get in",
            FacetDim::Status => "Status",
            FacetDim::Evidence => "Evidence",
        }
    }

    /// The dimension a URL parameter names.
    pub fn from_key(key: &str) -> Option<FacetDim> {
        FacetDim::ALL.into_iter().find(|d| d.key() == key)
    }

    /// The values this dimension can take; states are checked against the gazetteer.
    pub fn known_values(self) -> Vec<&'static str> {
        match self {
            FacetDim::Kind => ServiceKind::ALL.iter().map(|k| k.slug()).collect(),
            FacetDim::PeerRole => PeerRole::ALL.iter().map(|r| r.slug()).collect(),
            FacetDim::State => Vec::new(),
            FacetDim::Open => vec!["24_7", OPEN_NOW],
            FacetDim::Cost => COST_RULES.iter().map(|r| r.0).collect(),
            FacetDim::Ages => AGE_RULES.iter().map(|r| r.0).collect(),
            FacetDim::Populations => POPULATION_RULES.iter().map(|r| r.0).collect(),
            FacetDim::Languages => LANGUAGES.iter().map(|l| l.0).collect(),
            FacetDim::Access => ACCESS_LABELS.iter().map(|l| l.0).collect(),
            FacetDim::Status => ProgramStatus::ALL.iter().map(|s| s.slug()).collect(),
            FacetDim::Evidence => EvidenceAge::ALL.iter().map(|e| e.slug()).collect(),
        }
    }

    /// The label a person reads for one value of this dimension.
    pub fn value_label(self, value: &str) -> String {
        let table: &[(&str, &str)] = match self {
            FacetDim::Kind => {
                return ServiceKind::from_slug(value)
                    .map_or(value.to_string(), |k| k.label().to_string())
            }
            FacetDim::PeerRole => {
                return PeerRole::from_slug(value)
                    .map_or(value.to_string(), |r| r.label().to_string())
            }
            FacetDim::Status => {
                return ProgramStatus::from_slug(value)
                    .map_or(value.to_string(), |s| s.label().to_string())
            }
            FacetDim::Evidence => {
                return EvidenceAge::ALL
                    .into_iter()
                    .find(|e| e.slug() == value)
                    .map_or(value.to_string(), |e| e.label().to_string())
            }
            FacetDim::State => {
                return if value == "US" {
                    "National".into()
                } else {
                    value.into()
                }
            }
            FacetDim::Open => &[("24_7", "Open 24/7"), (OPEN_NOW, "Open now")],
            FacetDim::Cost => COST_LABELS,
            FacetDim::Ages => AGE_LABELS,
            FacetDim::Populations => POPULATION_LABELS,
            FacetDim::Languages => LANGUAGES,
            FacetDim::Access => ACCESS_LABELS,
        };
        table
            .iter()
            .find(|(slug, _)| *slug == value)
            .map_or(value.to_string(), |(_, label)| label.to_string())
    }
}

/// (facet value, words that, found in the source text, put a program under it)
type Rule = (&'static str, &'static [&'static str]);

const COST_RULES: [Rule; 2] = [
    ("free", &["free", "no cost", "no out-of-pocket", "no fees"]),
    (
        "regardless_of_ability_to_pay",
        &[
            "regardless of",
            "inability to pay",
            "uninsured not charged",
            "no charge for uninsured",
        ],
    ),
];
const COST_LABELS: &[(&str, &str)] = &[
    ("free", "Free"),
    (
        "regardless_of_ability_to_pay",
        "Regardless of ability to pay",
    ),
];

const AGE_RULES: [Rule; 4] = [
    (
        "youth",
        &[
            "under 18",
            "child",
            "teen",
            "youth",
            "adolescent",
            "13-24",
            "14-24",
            "13+",
            "up to 21",
            "young",
        ],
    ),
    ("adults", &["18+", "adult"]),
    ("older_adults", &["60+", "65+", "older adult"]),
    ("all_ages", &["all ages"]),
];
const AGE_LABELS: &[(&str, &str)] = &[
    ("youth", "Children and youth"),
    ("adults", "Adults"),
    ("older_adults", "Older adults"),
    ("all_ages", "All ages"),
];

const POPULATION_RULES: [Rule; 8] = [
    ("veterans", &["veteran", "service member"]),
    (
        "lgbtq",
        &["lgbt", "trans ", "transgender", "trans people", "queer"],
    ),
    (
        "youth",
        &["youth", "teen", "young people", "children", "student"],
    ),
    ("older_adults", &["older adult", "seniors", "aging"]),
    (
        "postpartum",
        &[
            "postpartum",
            "maternal",
            "perinatal",
            "pregnan",
            "new parents",
        ],
    ),
    ("deaf", &["deaf", "hard of hearing"]),
    (
        "native",
        &["native", "tribal", "indigenous", "american indian"],
    ),
    (
        "substance_use",
        &["substance", "addiction", "opioid", "overdose"],
    ),
];
const POPULATION_LABELS: &[(&str, &str)] = &[
    ("veterans", "Veterans"),
    ("lgbtq", "LGBTQ+ people"),
    ("youth", "Young people"),
    ("older_adults", "Older adults"),
    ("postpartum", "Pregnant and postpartum people"),
    ("deaf", "Deaf and hard of hearing"),
    ("native", "Native and Indigenous people"),
    ("substance_use", "People who use substances"),
];

/// How a person gets in, as the sources describe it. `dispatch` also comes from
/// the program's dispatch numbers (911/988/211/311).
const ACCESS_RULES: [Rule; 4] = [
    (
        "walk_in",
        &[
            "walk-in", "walk in", "walk-ins", "walk up", "drop in", "drop-in", "drop-ins",
        ],
    ),
    (
        "call_first",
        &[
            "call first",
            "screening call",
            "phone screening",
            "with a call",
            "call ahead",
            "intake call",
            "phone intake",
        ],
    ),
    (
        "self_referral",
        &[
            "self-referr",
            "self referr",
            "refer themselves",
            "no referral needed",
            "without a referral",
        ],
    ),
    (
        "referral",
        &[
            "first responder referral",
            "first-responder referral",
            "referred by",
            "provider referral",
            "police drop-off",
            "drop-offs",
            "referral van",
        ],
    ),
];
const ACCESS_LABELS: &[(&str, &str)] = &[
    ("walk_in", "Walk in"),
    ("call_first", "Call first"),
    ("self_referral", "Self-referral"),
    ("referral", "Referral by a provider or first responder"),
    ("dispatch", "Sent through 911, 988, 211 or 311"),
];

const LANGUAGES: &[(&str, &str)] = &[
    ("spanish", "Spanish"),
    ("vietnamese", "Vietnamese"),
    ("mandarin", "Mandarin"),
    ("cantonese", "Cantonese"),
    ("chinese", "Chinese"),
    ("korean", "Korean"),
    ("tagalog", "Tagalog"),
    ("russian", "Russian"),
    ("arabic", "Arabic"),
    ("somali", "Somali"),
    ("hmong", "Hmong"),
    ("haitian_creole", "Haitian Creole"),
    ("portuguese", "Portuguese"),
    ("american_sign_language", "American Sign Language"),
];

/// A rule list with one automaton for all its phrases: testing each phrase with
/// `contains` was a tenth of the index build.
struct RuleSet {
    rules: &'static [Rule],
    /// Every phrase, and for each phrase the rule it belongs to; built on first use.
    phrases: OnceLock<(AhoCorasick, Vec<usize>)>,
}

impl RuleSet {
    const fn new(rules: &'static [Rule]) -> RuleSet {
        RuleSet {
            rules,
            phrases: OnceLock::new(),
        }
    }

    fn phrases(&self) -> &(AhoCorasick, Vec<usize>) {
        self.phrases.get_or_init(|| {
            let (phrases, rule_of): (Vec<&str>, Vec<usize>) = self
                .rules
                .iter()
                .enumerate()
                .flat_map(|(i, (_, words))| words.iter().map(move |w| (*w, i)))
                .unzip();
            let automaton = AhoCorasick::new(phrases).expect("facet phrases are plain text");
            (automaton, rule_of)
        })
    }
}

static COST: RuleSet = RuleSet::new(&COST_RULES);
static AGES: RuleSet = RuleSet::new(&AGE_RULES);
static POPULATIONS: RuleSet = RuleSet::new(&POPULATION_RULES);
static ACCESS: RuleSet = RuleSet::new(&ACCESS_RULES);

/// The values (in rule order) with a phrase in `text`, lower-cased and padded
/// with spaces so phrases can require a word boundary.
fn matching(set: &RuleSet, text: &str) -> Vec<&'static str> {
    let text = format!(" {} ", text.to_lowercase());
    let (automaton, rule_of) = set.phrases();
    let mut found = vec![false; set.rules.len()];
    for hit in automaton.find_overlapping_iter(&text) {
        found[rule_of[hit.pattern().as_usize()]] = true;
    }
    set.rules
        .iter()
        .zip(found)
        .filter(|(_, found)| *found)
        .map(|((value, _), _)| *value)
        .collect()
}

/// How to get in, read from the program's own words, and `dispatch` when a public
/// number sends it: the `access` facet, and the "Getting in" line of every card.
pub fn access_values(program: &Program) -> Vec<&'static str> {
    let described = format!(
        "{} {} {}",
        program.name, program.summary, program.eligibility.populations
    );
    let mut values = matching(&ACCESS, &described);
    if !program.contact.dispatch.is_empty() {
        values.push("dispatch");
    }
    values
}

/// The statuses a search shows when it names none: everything but closed programs.
pub fn default_statuses() -> Vec<String> {
    ProgramStatus::ALL
        .iter()
        .filter(|s| s.listed_by_default())
        .map(|s| s.slug().to_string())
        .collect()
}

/// Every (dimension, value) a program is listed under. The evidence age is the one
/// value that depends on the day: it is decided on `today`, when a generation is built.
pub fn program_facets(program: &Program, today: chrono::NaiveDate) -> Vec<(FacetDim, String)> {
    let mut facets = vec![
        (FacetDim::Kind, program.kind.slug().to_string()),
        (FacetDim::State, program.address.state.clone()),
        (FacetDim::PeerRole, program.peer_role.slug().to_string()),
        (FacetDim::Status, program.status.slug().to_string()),
        (
            FacetDim::Evidence,
            program.evidence_age(today).slug().to_string(),
        ),
    ];
    if program.is_open_24_7() {
        facets.push((FacetDim::Open, "24_7".to_string()));
    }
    let eligibility = &program.eligibility;
    for value in matching(&COST, &eligibility.cost) {
        facets.push((FacetDim::Cost, value.to_string()));
    }
    for value in matching(&AGES, &eligibility.ages) {
        facets.push((FacetDim::Ages, value.to_string()));
    }
    let who = format!("{} {}", program.name, eligibility.populations);
    for value in matching(&POPULATIONS, &who) {
        facets.push((FacetDim::Populations, value.to_string()));
    }
    for value in access_values(program) {
        facets.push((FacetDim::Access, value.to_string()));
    }
    for language in &eligibility.languages {
        if let Some((slug, _)) = LANGUAGES
            .iter()
            .find(|(_, label)| label.eq_ignore_ascii_case(language))
        {
            facets.push((FacetDim::Languages, slug.to_string()));
        }
    }
    facets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_words_map_to_facets() {
        assert_eq!(matching(&COST, "Free; no insurance required"), vec!["free"]);
        assert_eq!(
            matching(&COST, "Regardless of insurance or ability to pay"),
            vec!["regardless_of_ability_to_pay"]
        );
        assert!(matching(&COST, "").is_empty());
    }

    #[test]
    fn age_words_map_to_groups() {
        assert_eq!(matching(&AGES, "18+"), vec!["adults"]);
        assert_eq!(matching(&AGES, "13-24"), vec!["youth"]);
        assert_eq!(matching(&AGES, "60+"), vec!["older_adults"]);
        assert_eq!(
            matching(&AGES, "Youth (12+) and adults"),
            vec!["youth", "adults"]
        );
    }

    #[test]
    fn population_words_map_to_groups() {
        assert_eq!(
            matching(
                &POPULATIONS,
                "Veterans; service members incl. Guard and Reserve"
            ),
            vec!["veterans"]
        );
        assert_eq!(
            matching(&POPULATIONS, "Trans Lifeline Trans people"),
            vec!["lgbtq"]
        );
        assert_eq!(
            matching(&POPULATIONS, "LGBTQ+ young people"),
            vec!["lgbtq", "youth"]
        );
    }
}
