//! `Program` and its parts: the one vocabulary that seed-data, the index, the search
//! API, the web pages and the exports all share.
//!
//! A `Program` is always the *validated* form of a seed record: phone numbers are
//! already split into digits and display form, the location is already geocoded, and
//! hours are either a parsed schedule or explicitly unknown. Nothing here is guessed:
//! a field the sources did not give stays empty or `Unknown`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use crate::evidence::{
    EvidenceAge, EvidenceDate, ProgramStatus, Source, SourceKind, StatusReport,
};
use crate::hours::Hours;

/// What kind of crisis alternative a program is. One program has one kind; a
/// line that is also a walk-in center is listed under the service a person walks into.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// A short home-like stay run by peers, in place of a hospital admission.
    PeerRespite,
    /// A phone line to talk with a peer before things become a crisis.
    Warmline,
    /// A team that comes to the person: mobile crisis teams and community responders.
    MobileTeam,
    /// A walk-in receiving center where a person in crisis is seen and stabilized.
    CrisisStabilization,
    /// A home-like walk-in room (the "living room" model) for a person in crisis.
    LivingRoom,
    /// A residential house on the Soteria model for people going through psychosis.
    SoteriaHouse,
    /// A short-term residential crisis stay (step-up or step-down from a hospital).
    CrisisResidential,
    /// A peer center a person walks into without an appointment.
    DropInCenter,
    /// A crisis hotline or helpline (the 988 Lifeline among them).
    CrisisLine,
    /// A line reached by text message.
    TextLine,
    /// An online chat line.
    ChatLine,
}

impl ServiceKind {
    /// Every kind, in the order pages and tables list them.
    pub const ALL: [ServiceKind; 11] = [
        ServiceKind::PeerRespite,
        ServiceKind::Warmline,
        ServiceKind::MobileTeam,
        ServiceKind::CrisisStabilization,
        ServiceKind::LivingRoom,
        ServiceKind::SoteriaHouse,
        ServiceKind::CrisisResidential,
        ServiceKind::DropInCenter,
        ServiceKind::CrisisLine,
        ServiceKind::TextLine,
        ServiceKind::ChatLine,
    ];

    /// The identifier used in seed-data, URLs, facets and the API.
    pub fn slug(self) -> &'static str {
        match self {
            ServiceKind::PeerRespite => "peer_respite",
            ServiceKind::Warmline => "warmline",
            ServiceKind::MobileTeam => "mobile_team",
            ServiceKind::CrisisStabilization => "crisis_stabilization",
            ServiceKind::LivingRoom => "living_room",
            ServiceKind::SoteriaHouse => "soteria_house",
            ServiceKind::CrisisResidential => "crisis_residential",
            ServiceKind::DropInCenter => "drop_in_center",
            ServiceKind::CrisisLine => "crisis_line",
            ServiceKind::TextLine => "text_line",
            ServiceKind::ChatLine => "chat_line",
        }
    }

    /// The label a person reads.
    pub fn label(self) -> &'static str {
        match self {
            ServiceKind::PeerRespite => "Peer respite",
            ServiceKind::Warmline => "Warmline",
            ServiceKind::MobileTeam => "Mobile crisis team",
            ServiceKind::CrisisStabilization => "Crisis stabilization center",
            ServiceKind::LivingRoom => "Living room",
            ServiceKind::SoteriaHouse => "Soteria house",
            ServiceKind::CrisisResidential => "Crisis residential",
            ServiceKind::DropInCenter => "Drop-in center",
            ServiceKind::CrisisLine => "Crisis line",
            ServiceKind::TextLine => "Text line",
            ServiceKind::ChatLine => "Chat line",
        }
    }

    /// Extra words people use for this kind, indexed so that text search finds it.
    pub fn search_terms(self) -> &'static str {
        match self {
            ServiceKind::PeerRespite => "peer respite house crisis respite hospital alternative",
            ServiceKind::Warmline => "warmline warm line peer support line someone to talk to",
            ServiceKind::MobileTeam => "mobile crisis team community responders street response",
            ServiceKind::CrisisStabilization => "crisis stabilization receiving center walk-in",
            ServiceKind::LivingRoom => "living room crisis alternative walk-in",
            ServiceKind::SoteriaHouse => "soteria house psychosis residential",
            ServiceKind::CrisisResidential => {
                "crisis residential short-term stay step-up step-down"
            }
            ServiceKind::DropInCenter => "drop-in center peer center",
            ServiceKind::CrisisLine => "crisis line hotline helpline",
            ServiceKind::TextLine => "text line texting sms crisis text",
            ServiceKind::ChatLine => "chat line online chat",
        }
    }

    /// Parses a slug as written in seed-data, URLs and the API; `None` for anything else.
    pub fn from_slug(slug: &str) -> Option<ServiceKind> {
        ServiceKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// Lines are reached by phone, text or chat; everything else is a place or a team.
    pub fn is_line(self) -> bool {
        matches!(
            self,
            ServiceKind::Warmline
                | ServiceKind::CrisisLine
                | ServiceKind::TextLine
                | ServiceKind::ChatLine
        )
    }
}

/// How far the people who run a program are peers (people with lived experience).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PeerRole {
    /// Run by peers: staff and managers with lived experience, in a peer-run
    /// organization with a peer majority on its board (the National Empowerment
    /// Center's criteria, all of them).
    PeerRun,
    /// Peers on staff, but not peer-run.
    PeerInvolved,
    /// Staffed by clinicians, other professionals or trained volunteers, per a source,
    /// with no peer staff named.
    NotPeer,
    /// Not determined: the sources read so far do not say.
    Unknown,
}

impl PeerRole {
    /// Every role, for parsing and for lists.
    pub const ALL: [PeerRole; 4] = [
        PeerRole::PeerRun,
        PeerRole::PeerInvolved,
        PeerRole::NotPeer,
        PeerRole::Unknown,
    ];

    /// The identifier used in seed-data, URLs, facets and the API.
    pub fn slug(self) -> &'static str {
        match self {
            PeerRole::PeerRun => "peer_run",
            PeerRole::PeerInvolved => "peer_involved",
            PeerRole::NotPeer => "not_peer",
            PeerRole::Unknown => "unknown",
        }
    }

    /// The label a person reads.
    pub fn label(self) -> &'static str {
        match self {
            PeerRole::PeerRun => "Peer-run",
            PeerRole::PeerInvolved => "Peer staff",
            PeerRole::NotPeer => "No peer staff",
            PeerRole::Unknown => "Peer role not determined",
        }
    }

    /// Parses a slug as written in seed-data, URLs and the API; `None` for anything else.
    pub fn from_slug(slug: &str) -> Option<PeerRole> {
        PeerRole::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// Whether the role has been determined (the denominator of peer-run shares).
    pub fn is_known(self) -> bool {
        self != PeerRole::Unknown
    }
}

/// The sentence of a source that a peer-role decision rests on, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PeerRoleBasis {
    /// The source's own words, quoted as evidence (a sentence or phrase).
    pub quote: String,
    /// The page the quote is on.
    pub source: String,
}

/// How sure the research is of a listing: high = seen on the program's own page;
/// medium = a directory or news page; low = a mention only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Only a mention of the program.
    Low,
    /// Seen in a directory or a news page.
    Medium,
    /// Seen on the program's own page.
    High,
}

/// What a phone number reaches: the service itself, or an office that is not the
/// service line (a switchboard). Office numbers are shown as such, never as the
/// number to call in a crisis.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// The service's own line: a person answers for the program.
    #[default]
    Voice,
    /// An office or switchboard number, not the service line.
    Office,
    /// Not the program's own line but the one that reaches it: a county crisis line
    /// that sends the mobile team, a police non-emergency line that dispatches it.
    Dispatch,
}

impl PhoneKind {
    /// The identifier used in seed-data and the API.
    pub fn slug(self) -> &'static str {
        match self {
            PhoneKind::Voice => "voice",
            PhoneKind::Office => "office",
            PhoneKind::Dispatch => "dispatch",
        }
    }

    /// Parses a seed-data value.
    pub fn from_slug(slug: &str) -> Option<PhoneKind> {
        match slug {
            "voice" => Some(PhoneKind::Voice),
            "office" => Some(PhoneKind::Office),
            "dispatch" => Some(PhoneKind::Dispatch),
            _ => None,
        }
    }

    fn is_voice(&self) -> bool {
        *self == PhoneKind::Voice
    }
}

/// A phone number kept both as digits (for `tel:` links) and as the sources wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Phone {
    /// 10 digits, or a 3-digit short code such as 988 or 211.
    pub digits: String,
    /// The number as people read it: `413-570-2990`.
    pub display: String,
    /// Words the source gave beside the number: "TDD", "press 1", "referrals".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The service line, or an office number.
    #[serde(default, skip_serializing_if = "PhoneKind::is_voice")]
    pub kind: PhoneKind,
    /// For one of several regional numbers: the area this one serves.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    /// Shared on purpose with other programs (one operator's line for several houses).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared: bool,
}

impl Phone {
    /// The `tel:` URI, with a leading +1 for full numbers so phones abroad dial right.
    pub fn tel_uri(&self) -> String {
        if self.digits.len() == 10 {
            format!("tel:+1{}", self.digits)
        } else {
            format!("tel:{}", self.digits)
        }
    }
}

/// A number that takes text messages, with the keyword to send if the line wants one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TextContact {
    /// The number's digits, or the short code ("741741").
    pub digits: String,
    /// The number as people read it (`413-570-2990`), or the short code as it is.
    pub display: String,
    /// The word to send first ("HOME"); empty when the line wants none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub keyword: String,
    /// Words the source gave beside the number; empty when none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

impl TextContact {
    /// An `sms:` URI; `?&body=` is the form both Android and iOS accept.
    pub fn sms_uri(&self) -> String {
        if self.keyword.is_empty() {
            format!("sms:{}", self.digits)
        } else {
            format!("sms:{}?&body={}", self.digits, self.keyword)
        }
    }
}

/// A public number through which a team is sent: "call 911 and ask for CAHOOTS".
/// Kept apart from phones because it is not the program's own line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Dispatch {
    /// Reached through 911.
    #[serde(rename = "911")]
    Via911,
    /// Reached through 988.
    #[serde(rename = "988")]
    Via988,
    /// Reached through 211.
    #[serde(rename = "211")]
    Via211,
    /// Reached through 311.
    #[serde(rename = "311")]
    Via311,
}

impl Dispatch {
    /// The public number to call, as written in seed-data ("911").
    pub fn number(self) -> &'static str {
        match self {
            Dispatch::Via911 => "911",
            Dispatch::Via988 => "988",
            Dispatch::Via211 => "211",
            Dispatch::Via311 => "311",
        }
    }

    /// Parses a public number as written in seed-data; `None` for any other number.
    pub fn from_number(number: &str) -> Option<Dispatch> {
        match number {
            "911" => Some(Dispatch::Via911),
            "988" => Some(Dispatch::Via988),
            "211" => Some(Dispatch::Via211),
            "311" => Some(Dispatch::Via311),
            _ => None,
        }
    }
}

/// How a person reaches a program: its own lines, its website and the public numbers
/// that send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Contacts {
    /// Phone numbers (service, office and dispatch lines), in the order the sources gave them.
    pub phones: Vec<Phone>,
    /// Numbers that take text messages.
    pub texts: Vec<TextContact>,
    /// The program's own web page, when a source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The address of an online chat, when the program has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<String>,
    /// Public numbers (911, 988, 211, 311) to call and ask for the program, when it is
    /// reached that way.
    pub dispatch: Vec<Dispatch>,
    /// Contact details the sources gave in words only ("Texting available").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A program's postal address as the sources give it; a part not given is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Address {
    /// The street line; empty when not given.
    pub street: String,
    /// The city or town; may be empty for a statewide or national program.
    pub city: String,
    /// USPS code, or "US" for a national program with no state of its own.
    pub state: String,
    /// The five-digit ZIP code; empty when not given.
    pub zip: String,
}

/// How exactly a program's point is known; shown so nobody mistakes a state's
/// center for a street address.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A point a source gave for the program itself.
    Address,
    /// The center of the program's ZIP code.
    Zip,
    /// The center of the program's city or town.
    City,
    /// The interior point of the program's state: only the state is known.
    State,
}

impl Precision {
    /// The identifier used in the API and exports.
    pub fn slug(self) -> &'static str {
        match self {
            Precision::Address => "address",
            Precision::Zip => "zip",
            Precision::City => "city",
            Precision::State => "state",
        }
    }
}

/// The point a program is placed at on the map and measured from in distance search.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Location {
    /// Latitude in decimal degrees.
    pub lat: f64,
    /// Longitude in decimal degrees; negative in the United States.
    pub lon: f64,
    /// What the point stands for: the program's address, its ZIP, city or state.
    pub precision: Precision,
}

/// How wide an area a program serves.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AreaScope {
    /// A town, a city or a part of one.
    Local,
    /// One county.
    County,
    /// Several counties or a part of a state.
    Regional,
    /// Everyone in its states.
    Statewide,
    /// Everyone in the United States.
    National,
}

impl AreaScope {
    /// The identifier used in seed-data, the API and exports.
    pub fn slug(self) -> &'static str {
        match self {
            AreaScope::Local => "local",
            AreaScope::County => "county",
            AreaScope::Regional => "regional",
            AreaScope::Statewide => "statewide",
            AreaScope::National => "national",
        }
    }

    /// Whether the program serves everyone in its states, wherever they are in them.
    pub fn covers_whole_states(self) -> bool {
        matches!(self, AreaScope::Statewide | AreaScope::National)
    }
}

/// Where a program serves people. For statewide programs `states` lists the states;
/// a national program has `["US"]`. `counties` lists the counties a source names for
/// a local or regional program; empty means not known (never "everywhere").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ServiceArea {
    /// How wide the area is.
    pub scope: AreaScope,
    /// USPS codes of the states served; `["US"]` for a national program.
    pub states: Vec<String>,
    /// The counties a source names, checked against the gazetteer; empty means not known.
    #[serde(default)]
    pub counties: Vec<ServedCounty>,
}

/// "Serves Hampshire, Franklin, Hampden and Berkshire counties — not Suffolk County":
/// what a program's counties say to a person searching from `place_county`
/// ("Suffolk County, MA"), which is not among them.
pub fn counties_not_serving(counties: &[ServedCounty], place_county: &str) -> String {
    let (place_name, place_state) = place_county.rsplit_once(", ").unwrap_or((place_county, ""));
    let one_state = counties
        .iter()
        .all(|c| c.name.ends_with(&format!(", {place_state}")));
    let place = if one_state { place_name } else { place_county };
    let word = |c: &ServedCounty| {
        c.name
            .split(',')
            .next()
            .unwrap_or_default()
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let same_word = counties
        .first()
        .map(word)
        .filter(|w| counties.iter().all(|c| word(c) == *w));
    let served = match (&same_word, counties.len()) {
        (_, n) if n > 6 => format!("{n} counties"),
        (Some(w), _) if one_state && ["County", "Parish", "Borough"].contains(&w.as_str()) => {
            let names: Vec<&str> = counties.iter().map(ServedCounty::short_name).collect();
            let plural = match (w.as_str(), names.len()) {
                (w, 1) => w.to_string(),
                ("County", _) => "counties".to_string(),
                ("Parish", _) => "parishes".to_string(),
                (_, _) => "boroughs".to_string(),
            };
            format!("{} {plural}", join_words(&names))
        }
        _ => join_words(&counties.iter().map(|c| c.name.as_str()).collect::<Vec<_>>()),
    };
    format!("Serves {served} \u{2014} not {place}")
}

/// "A", "A and B", "A, B and C".
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// One county a program serves, checked against the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub struct ServedCounty {
    /// The five-digit FIPS code, "25015".
    pub fips: String,
    /// "Hampshire County, MA".
    pub name: String,
}

impl ServedCounty {
    /// The FIPS code as a number (state × 1000 + county).
    pub fn fips_number(&self) -> u32 {
        self.fips.parse().unwrap_or(0)
    }

    /// "Hampshire" from "Hampshire County, MA": the short name for lists of counties.
    pub fn short_name(&self) -> &str {
        let name = self.name.split(',').next().unwrap_or(&self.name);
        [
            "County",
            "Parish",
            "Borough",
            "Census Area",
            "Municipality",
            "Municipio",
        ]
        .iter()
        .find_map(|word| name.strip_suffix(word))
        .map_or(name, str::trim_end)
    }
}

/// Who a program is for, as the sources put it; facets derived from these words are
/// computed at index time, the words themselves are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Eligibility {
    /// Ages served, in the sources' words ("18+"); empty when not given.
    pub ages: String,
    /// Who the program is for beyond age, in the sources' words; empty when not given.
    pub populations: String,
    /// What it costs, in the sources' words ("Free"); empty when not given.
    pub cost: String,
    /// How long a stay may last, in the sources' words; empty when not given.
    pub length_of_stay: String,
    /// Languages a source names; empty does not mean English only.
    pub languages: Vec<String>,
}

/// How a listing was last checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerificationMethod {
    /// Read on published pages, not confirmed with the program.
    DeskReview,
    /// Confirmed by calling the program.
    Phone,
    /// The program itself confirmed the listing.
    ConfirmedByProgram,
    /// Listed in a current official directory (a state's or a national publisher's).
    OfficialDirectory,
    /// Read from a source by the crawler.
    Crawl,
}

impl VerificationMethod {
    /// A phrase a person reads, saying how the listing was checked.
    pub fn label(self) -> &'static str {
        match self {
            VerificationMethod::DeskReview => {
                "desk review of published pages, not confirmed by phone"
            }
            VerificationMethod::Phone => "confirmed by phone",
            VerificationMethod::ConfirmedByProgram => "confirmed by the program",
            VerificationMethod::OfficialDirectory => "listed in a current official directory",
            VerificationMethod::Crawl => "read from the source by the crawler",
        }
    }

    /// The identifier used in seed-data and exports.
    pub fn slug(self) -> &'static str {
        match self {
            VerificationMethod::DeskReview => "desk_review",
            VerificationMethod::Phone => "phone",
            VerificationMethod::ConfirmedByProgram => "confirmed_by_program",
            VerificationMethod::OfficialDirectory => "official_directory",
            VerificationMethod::Crawl => "crawl",
        }
    }

    /// Every method, for parsing and for error messages.
    pub const ALL: [VerificationMethod; 5] = [
        VerificationMethod::DeskReview,
        VerificationMethod::Phone,
        VerificationMethod::ConfirmedByProgram,
        VerificationMethod::OfficialDirectory,
        VerificationMethod::Crawl,
    ];

    /// Parses a seed-data value.
    pub fn from_slug(slug: &str) -> Option<VerificationMethod> {
        VerificationMethod::ALL
            .into_iter()
            .find(|m| m.slug() == slug)
    }

    /// Whether someone confirmed that the program operates (not only read about it).
    pub fn confirms_operation(self) -> bool {
        matches!(
            self,
            VerificationMethod::Phone
                | VerificationMethod::ConfirmedByProgram
                | VerificationMethod::OfficialDirectory
        )
    }
}

/// When and how a listing was last checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Verification {
    /// The day someone last checked the listing (not the date of the evidence).
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// How it was checked.
    pub method: VerificationMethod,
    /// What was done, in words; may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// One program, validated from its seed record: the type every part of Peerway shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Program {
    /// A slug, unique and stable: it never changes when other fields do.
    pub id: String,
    /// The program's name as the program writes it.
    pub name: String,
    /// What kind of crisis alternative it is.
    pub kind: ServiceKind,
    /// How far it is run by peers.
    pub peer_role: PeerRole,
    /// The organization that runs it, as the sources name it; empty when not given.
    pub operator: String,
    /// A short description in our own words.
    pub summary: String,
    /// The ways to reach it.
    pub contact: Contacts,
    /// Its postal address, as far as the sources give it.
    pub address: Address,
    /// `None` only for national programs, which have no place of their own.
    pub location: Option<Location>,
    /// Where it serves people.
    pub area: ServiceArea,
    /// When it is open, or `Unknown` when the sources do not say plainly.
    pub hours: Hours,
    /// Who it is for, in the sources' words.
    pub eligibility: Eligibility,
    /// The pages the listing rests on, each with its kind and the date of its content.
    pub sources: Vec<Source>,
    /// When and how the listing was last checked.
    pub verified: Verification,
    /// How sure the research is of the listing.
    pub confidence: Confidence,
    /// Whether it operates, as far as the evidence says.
    #[serde(default)]
    pub status: ProgramStatus,
    /// Why it is uncertain or closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_report: Option<StatusReport>,
    /// Earlier names (a renamed program keeps its id); searchable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_known_as: Vec<String>,
    /// The source sentence the peer role rests on, when one was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer_role_basis: Option<PeerRoleBasis>,
    /// Differences between sources, kept for a person to resolve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Sources that no longer list the program (found by the crawler). The listing
    /// stays — a directory page going away is not proof a respite closed — but the
    /// page says so, so a clinician calls before sending someone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_from: Vec<MissingFromSource>,
    /// What the program's own staff (or its bed registry) said lately: status and
    /// beds free now. Never in seed-data or the index: laid over each listing from
    /// the store when it is served, so it reaches people within seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<LiveListing>,
}

/// Whether the program says it is open, given by its staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LiveStatus {
    /// Operating as listed.
    Open,
    /// Closed for now (a renovation, a staffing gap); still listed.
    TemporarilyClosed,
    /// No longer operating: leaves search like a closed listing.
    Closed,
}

impl LiveStatus {
    /// Every status, in the order forms offer them.
    pub const ALL: [LiveStatus; 3] = [
        LiveStatus::Open,
        LiveStatus::TemporarilyClosed,
        LiveStatus::Closed,
    ];

    /// The identifier used in forms, the store and the API.
    pub fn slug(self) -> &'static str {
        match self {
            LiveStatus::Open => "open",
            LiveStatus::TemporarilyClosed => "temporarily_closed",
            LiveStatus::Closed => "closed",
        }
    }

    /// The status named by `slug`.
    pub fn from_slug(slug: &str) -> Option<LiveStatus> {
        LiveStatus::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

/// Beds free now at a respite or stabilization centre, as the program said, with
/// the moment it stops being shown (old counts are worse than none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Availability {
    /// Beds free now, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beds_free: Option<u32>,
    /// Beds in all, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beds_total: Option<u32>,
    /// The program takes guests now.
    pub accepting_guests: bool,
    /// The program keeps a waitlist.
    pub waitlist: bool,
    /// When it was said.
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// When it stops being shown.
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// Who said it: `program` (its staff) or `bed_registry` (through the API).
    pub updated_by: String,
}

/// The live part of a listing: what the program said about itself in Peerway.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LiveListing {
    /// The status its staff set, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<LiveStatus>,
    /// When its staff last confirmed the listing is current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Beds free now; absent once expired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
}

/// A source that stopped listing a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MissingFromSource {
    /// The source's name, as in sources.toml.
    pub source: String,
    /// The page that used to list it.
    pub url: String,
    /// The first crawl that did not find it.
    #[schema(value_type = String, format = Date)]
    pub since: NaiveDate,
}

impl Program {
    /// "Northampton, MA", "Massachusetts" or "National", for one-line display.
    pub fn place_label(&self) -> String {
        match (self.address.city.is_empty(), self.address.state.as_str()) {
            (_, "US") => "National".to_string(),
            (true, state) => state.to_string(),
            (false, state) => format!("{}, {}", self.address.city, state),
        }
    }

    /// Whether the program is open around the clock every day.
    pub fn is_open_24_7(&self) -> bool {
        matches!(self.hours, Hours::AlwaysOpen { .. })
    }

    /// How old the evidence behind the listing is on `today`.
    pub fn evidence_age(&self, today: NaiveDate) -> EvidenceAge {
        EvidenceAge::of(&self.sources, today)
    }

    /// Whether a person can reach the program: a voice, text or chat line of its own,
    /// or a dispatch route (a public code or a line that sends it). Office numbers
    /// do not count.
    pub fn is_reachable(&self) -> bool {
        let contact = &self.contact;
        contact.phones.iter().any(|p| p.kind != PhoneKind::Office)
            || !contact.texts.is_empty()
            || contact.chat.is_some()
            || !contact.dispatch.is_empty()
    }
}

#[cfg(test)]
mod county_tests {
    use super::*;

    #[test]
    fn a_program_outside_your_county_says_which_counties_it_serves() {
        let county = |fips: &str, name: &str| ServedCounty {
            fips: fips.into(),
            name: name.into(),
        };
        let western = [
            county("25015", "Hampshire County, MA"),
            county("25011", "Franklin County, MA"),
            county("25013", "Hampden County, MA"),
            county("25003", "Berkshire County, MA"),
        ];
        assert_eq!(
            counties_not_serving(&western, "Suffolk County, MA"),
            "Serves Hampshire, Franklin, Hampden and Berkshire counties \u{2014} not Suffolk County"
        );
        assert_eq!(
            counties_not_serving(&western[..1], "Suffolk County, MA"),
            "Serves Hampshire County \u{2014} not Suffolk County"
        );
        assert_eq!(
            counties_not_serving(&western[..1], "Cheshire County, NH"),
            "Serves Hampshire County, MA \u{2014} not Cheshire County, NH"
        );
        let parishes = [
            county("22017", "Caddo Parish, LA"),
            county("22015", "Bossier Parish, LA"),
        ];
        assert_eq!(
            counties_not_serving(&parishes, "Orleans Parish, LA"),
            "Serves Caddo and Bossier parishes \u{2014} not Orleans Parish"
        );
    }
}
