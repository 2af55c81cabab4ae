//! The on-disk shape of one seed record (`seed-data/programs/<state>/<id>.toml`).
//!
//! Enumerations are read as plain strings here so that a bad value is reported by
//! `peerway check` as `file:line: field: what is wrong`, not as a parser error.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A date as TOML writes it (`2026-11-28`): what records written by the importer
/// and by accepted crawl changes carry (toml and toml_edit share this type).
pub fn toml_date(date: NaiveDate) -> toml::value::Datetime {
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: date.year() as u16,
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

/// One program's seed file as written, before validation turns it into a `Program`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRecord {
    /// The stable slug; also the file's name.
    pub id: String,
    /// The program's name as the program writes it.
    pub name: String,
    /// The kind's slug (`peer_respite`, `warmline`, ...), checked by validation.
    pub kind: String,
    /// `peer_run`, `peer_involved`, `not_peer` or `unknown`, checked by validation.
    pub peer_role: String,
    /// The organization that runs it; empty when not given.
    #[serde(default)]
    pub operator: String,
    /// A short description in our own words; empty when none is written yet.
    #[serde(default)]
    pub summary: String,
    /// `high`, `medium` or `low`, checked by validation.
    pub confidence: String,
    /// Every page the listing rests on.
    pub sources: Vec<SeedSource>,
    /// Differences between sources, kept for a person to resolve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Earlier names of a renamed program.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_known_as: Vec<String>,
    /// The source sentence the peer role rests on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer_role_basis: Option<SeedPeerRoleBasis>,
    /// Absent for an operating program; `uncertain` or `closed` with its report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SeedStatus>,
    /// `[verified]`: when and how the listing was last checked.
    pub verified: SeedVerified,
    /// `[contact]`: the ways to reach the program.
    #[serde(default)]
    pub contact: SeedContact,
    /// `[address]`: the postal address as the sources give it.
    pub address: SeedAddress,
    /// Only when a source gives the program's own coordinates.
    #[serde(default)]
    pub location: Option<SeedLocation>,
    /// `[area]`: where the program serves people.
    pub area: SeedArea,
    /// `[hours]`: the hours as the sources write them.
    #[serde(default)]
    pub hours: SeedHours,
    /// `[eligibility]`: who the program is for.
    #[serde(default)]
    pub eligibility: SeedEligibility,
}

/// One source: `{ url = "…", kind = "program", dated = "2025-06" }`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedSource {
    /// The page's address.
    pub url: String,
    /// `program`, `operator`, `government`, `directory`, `news`, `report` or `copy`.
    pub kind: String,
    /// `2025`, `2025-06` or `2025-06-14`: the date of the content; absent when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dated: String,
}

/// `[peer_role_basis]`: the quoted sentence and its page.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPeerRoleBasis {
    /// The source's own words.
    pub quote: String,
    /// The URL of the page the quote is on.
    pub source: String,
}

/// `[status]`: `value = "uncertain" | "closed" | "active"`, with the report behind it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedStatus {
    /// `active`, `uncertain` or `closed`.
    pub value: String,
    /// What was reported, in our words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// The URL of the page that reported it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// `2025`, `2025-06` or `2025-06-14`: the date of the report; empty when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dated: String,
}

/// `[verified]`: when and how someone last checked the listing.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedVerified {
    /// The day of the check, a TOML date (`2026-11-27`).
    pub date: toml::value::Datetime,
    /// `desk_review`, `phone`, `confirmed_by_program`, `official_directory` or `crawl`.
    pub method: String,
    /// What was done, in words.
    #[serde(default)]
    pub detail: String,
}

impl Default for SeedVerified {
    fn default() -> Self {
        SeedVerified {
            date: toml::value::Datetime {
                date: None,
                time: None,
                offset: None,
            },
            method: String::new(),
            detail: String::new(),
        }
    }
}

/// `[contact]` as written; every part may be left out.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedContact {
    /// The program's web page; empty when none is known.
    #[serde(default)]
    pub website: String,
    /// An online chat's URL; empty when none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub chat: String,
    /// Public numbers that send the program (`911`, `988`, `211`, `311`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dispatch: Vec<String>,
    /// Contact details the sources give in words only ("Texting available").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// `[[contact.phones]]`, one per number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<SeedPhone>,
    /// `[[contact.texts]]`, one per text number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<SeedText>,
}

/// `[[contact.phones]]`: one phone number and what it reaches.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPhone {
    /// The number as written (`413-570-2990`); validation takes its digits.
    pub number: String,
    /// Words the source put beside it ("TDD", "press 1").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// `voice` (the default: the service line) or `office` (a switchboard).
    #[serde(default, rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// For one of several regional numbers: the area it serves.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    /// The number is shared with other programs on purpose (one operator's line).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared: bool,
}

/// `[[contact.texts]]`: one number that takes text messages.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedText {
    /// The number or short code as written (`741741`).
    pub number: String,
    /// The word to send first ("HOME"); empty when none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub keyword: String,
    /// Words the source put beside it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// `[address]`: as the sources give it; a part not given is empty.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedAddress {
    /// The street line.
    #[serde(default)]
    pub street: String,
    /// The city or town.
    #[serde(default)]
    pub city: String,
    /// The USPS state code, or `US` for a national program.
    pub state: String,
    /// The five-digit ZIP code.
    #[serde(default)]
    pub zip: String,
}

/// `[location]`: the program's own point, written only when a source gives it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedLocation {
    /// Latitude in decimal degrees.
    pub lat: f64,
    /// Longitude in decimal degrees (negative in the United States).
    pub lon: f64,
}

/// `[area]`: where the program serves people.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedArea {
    /// `local`, `county`, `counties`, `regional`, `statewide` or `national`.
    pub scope: String,
    /// USPS codes of the states served; `["US"]` for a national program.
    pub states: Vec<String>,
    /// "Hampshire County, MA": only as a source names them; empty when unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counties: Vec<String>,
}

/// `[hours]`: the hours as the sources write them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedHours {
    /// The hours text ("24/7", "Mon-Fri 9am-5pm"); parsed only when it is plain.
    #[serde(default)]
    pub text: String,
}

/// `[eligibility]`: who the program is for, in the sources' words.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedEligibility {
    /// Ages served ("18+").
    #[serde(default)]
    pub ages: String,
    /// Who the program is for beyond age.
    #[serde(default)]
    pub populations: String,
    /// What it costs.
    #[serde(default)]
    pub cost: String,
    /// How long a stay may last.
    #[serde(default)]
    pub length_of_stay: String,
    /// Languages a source names.
    #[serde(default)]
    pub languages: Vec<String>,
}
