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

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRecord {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub peer_role: String,
    #[serde(default)]
    pub operator: String,
    #[serde(default)]
    pub summary: String,
    pub confidence: String,
    pub sources: Vec<SeedSource>,
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
    pub verified: SeedVerified,
    #[serde(default)]
    pub contact: SeedContact,
    pub address: SeedAddress,
    /// Only when a source gives the program's own coordinates.
    #[serde(default)]
    pub location: Option<SeedLocation>,
    pub area: SeedArea,
    #[serde(default)]
    pub hours: SeedHours,
    #[serde(default)]
    pub eligibility: SeedEligibility,
}

/// One source: `{ url = "…", kind = "program", dated = "2025-06" }`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedSource {
    pub url: String,
    pub kind: String,
    /// `2025`, `2025-06` or `2025-06-14`: the date of the content; absent when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dated: String,
}

/// `[peer_role_basis]`: the quoted sentence and its page.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPeerRoleBasis {
    pub quote: String,
    pub source: String,
}

/// `[status]`: `value = "uncertain" | "closed" | "active"`, with the report behind it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedStatus {
    pub value: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dated: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedVerified {
    pub date: toml::value::Datetime,
    pub method: String,
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

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedContact {
    #[serde(default)]
    pub website: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub chat: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dispatch: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<SeedPhone>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<SeedText>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPhone {
    pub number: String,
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

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedText {
    pub number: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub keyword: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedAddress {
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub city: String,
    pub state: String,
    #[serde(default)]
    pub zip: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedLocation {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedArea {
    pub scope: String,
    pub states: Vec<String>,
    /// "Hampshire County, MA": only as a source names them; empty when unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counties: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedHours {
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeedEligibility {
    #[serde(default)]
    pub ages: String,
    #[serde(default)]
    pub populations: String,
    #[serde(default)]
    pub cost: String,
    #[serde(default)]
    pub length_of_stay: String,
    #[serde(default)]
    pub languages: Vec<String>,
}
