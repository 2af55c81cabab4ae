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

use crate::hours::Hours;

/// What kind of crisis alternative a program is. One program has one kind; a
/// line that is also a walk-in centre is listed under the service a person walks into.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    PeerRespite,
    Warmline,
    MobileTeam,
    CrisisStabilization,
    LivingRoom,
    SoteriaHouse,
    CrisisResidential,
    DropInCenter,
    CrisisLine,
    TextLine,
    ChatLine,
}

impl ServiceKind {
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
            ServiceKind::CrisisStabilization => "Crisis stabilization centre",
            ServiceKind::LivingRoom => "Living room",
            ServiceKind::SoteriaHouse => "Soteria house",
            ServiceKind::CrisisResidential => "Crisis residential",
            ServiceKind::DropInCenter => "Drop-in centre",
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
    /// Run by peers: staff and managers with lived experience, a peer-run organisation
    /// or a board with a peer majority (the National Empowerment Center criteria).
    PeerRun,
    /// Peers on staff, but not peer-run.
    PeerInvolved,
    /// The sources do not say.
    Unknown,
}

impl PeerRole {
    pub const ALL: [PeerRole; 3] = [PeerRole::PeerRun, PeerRole::PeerInvolved, PeerRole::Unknown];

    pub fn slug(self) -> &'static str {
        match self {
            PeerRole::PeerRun => "peer_run",
            PeerRole::PeerInvolved => "peer_involved",
            PeerRole::Unknown => "unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PeerRole::PeerRun => "Peer-run",
            PeerRole::PeerInvolved => "Peer staff",
            PeerRole::Unknown => "Peer role not stated",
        }
    }

    pub fn from_slug(slug: &str) -> Option<PeerRole> {
        PeerRole::ALL.into_iter().find(|k| k.slug() == slug)
    }
}

/// How sure the research is of a listing: high = seen on the program's own page;
/// medium = a directory or news page; low = a mention only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// A phone number kept both as digits (for `tel:` links) and as the sources wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Phone {
    /// 10 digits, or a 3-digit short code such as 988 or 211.
    pub digits: String,
    pub display: String,
    /// Words the source gave beside the number: "TDD", "press 1", "referrals".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
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
    pub digits: String,
    pub display: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub keyword: String,
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
    #[serde(rename = "911")]
    Via911,
    #[serde(rename = "988")]
    Via988,
    #[serde(rename = "211")]
    Via211,
    #[serde(rename = "311")]
    Via311,
}

impl Dispatch {
    pub fn number(self) -> &'static str {
        match self {
            Dispatch::Via911 => "911",
            Dispatch::Via988 => "988",
            Dispatch::Via211 => "211",
            Dispatch::Via311 => "311",
        }
    }

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

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Contacts {
    pub phones: Vec<Phone>,
    pub texts: Vec<TextContact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<String>,
    pub dispatch: Vec<Dispatch>,
    /// Contact details the sources gave in words only ("Texting available").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Address {
    pub street: String,
    pub city: String,
    /// USPS code, or "US" for a national program with no state of its own.
    pub state: String,
    pub zip: String,
}

/// How exactly a program's point is known; shown so nobody mistakes a state's
/// centre for a street address.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Address,
    Zip,
    City,
    State,
}

impl Precision {
    pub fn slug(self) -> &'static str {
        match self {
            Precision::Address => "address",
            Precision::Zip => "zip",
            Precision::City => "city",
            Precision::State => "state",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
    pub precision: Precision,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AreaScope {
    Local,
    County,
    Regional,
    Statewide,
    National,
}

impl AreaScope {
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
/// a national program has `["US"]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ServiceArea {
    pub scope: AreaScope,
    pub states: Vec<String>,
}

/// Who a program is for, as the sources put it; facets derived from these words are
/// computed at index time, the words themselves are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Eligibility {
    pub ages: String,
    pub populations: String,
    pub cost: String,
    pub length_of_stay: String,
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
    /// Read from a source by the crawler.
    Crawl,
}

impl VerificationMethod {
    pub fn label(self) -> &'static str {
        match self {
            VerificationMethod::DeskReview => {
                "desk review of published pages, not confirmed by phone"
            }
            VerificationMethod::Phone => "confirmed by phone",
            VerificationMethod::Crawl => "read from the source by the crawler",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Verification {
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    pub method: VerificationMethod,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Program {
    /// A slug, unique and stable: it never changes when other fields do.
    pub id: String,
    pub name: String,
    pub kind: ServiceKind,
    pub peer_role: PeerRole,
    pub operator: String,
    pub summary: String,
    pub contact: Contacts,
    pub address: Address,
    /// `None` only for national programs, which have no place of their own.
    pub location: Option<Location>,
    pub area: ServiceArea,
    pub hours: Hours,
    pub eligibility: Eligibility,
    pub sources: Vec<String>,
    pub verified: Verification,
    pub confidence: Confidence,
    /// Differences between sources, kept for a person to resolve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Sources that no longer list the program (found by the crawler). The listing
    /// stays — a directory page going away is not proof a respite closed — but the
    /// page says so, so a clinician calls before sending someone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_from: Vec<MissingFromSource>,
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

    pub fn is_open_24_7(&self) -> bool {
        matches!(self.hours, Hours::AlwaysOpen { .. })
    }
}
