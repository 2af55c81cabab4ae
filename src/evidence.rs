//! What a listing rests on: its sources, what kind of page each is, and the date of
//! the content seen there — and what those say about how far to trust the listing.
//!
//! The date that matters to a person is the date of the *evidence*, not of our
//! review: a page from 2012 read last week is still a 2012 page. So every source
//! carries the date its content gives (`dated`), and a listing whose newest evidence
//! is old says so ("old information — call before going").

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;

/// A listing whose newest evidence is older than this many years says "old information".
pub const OLD_EVIDENCE_YEARS: i32 = 3;
/// `peerway check` warns when the newest evidence is older than this many years.
pub const STALE_EVIDENCE_YEARS: i32 = 5;

/// What kind of page a source is: it decides how much a fact from it is worth.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// The program's own page.
    Program,
    /// Its operator's site (not a page of the program itself).
    Operator,
    /// A government page (a state, county or city).
    Government,
    /// A directory (NEC's, NAMI's, a state's).
    Directory,
    /// A news article.
    News,
    /// A report, evaluation or study.
    Report,
    /// A page copying another site (aggregators, mirrors): weakest evidence.
    Copy,
}

impl SourceKind {
    /// Every kind, in the order of the documentation.
    pub const ALL: [SourceKind; 7] = [
        SourceKind::Program,
        SourceKind::Operator,
        SourceKind::Government,
        SourceKind::Directory,
        SourceKind::News,
        SourceKind::Report,
        SourceKind::Copy,
    ];

    /// The identifier used in seed-data and the API.
    pub fn slug(self) -> &'static str {
        match self {
            SourceKind::Program => "program",
            SourceKind::Operator => "operator",
            SourceKind::Government => "government",
            SourceKind::Directory => "directory",
            SourceKind::News => "news",
            SourceKind::Report => "report",
            SourceKind::Copy => "copy",
        }
    }

    /// Parses a seed-data value.
    pub fn from_slug(slug: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// How a person reads it in an evidence line.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Program => "the program's own page",
            SourceKind::Operator => "the operator's site",
            SourceKind::Government => "a government page",
            SourceKind::Directory => "a directory",
            SourceKind::News => "news",
            SourceKind::Report => "a report",
            SourceKind::Copy => "a copy of another site",
        }
    }
}

/// The date of a page's content, as precise as the page gives it: a year
/// (a copyright line), a month, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EvidenceDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

/// Why a text is not an evidence date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date like 2025, 2025-07 or 2025-07-21")]
pub struct BadEvidenceDate(pub String);

impl EvidenceDate {
    /// Parses `2025`, `2025-07` or `2025-07-21`.
    pub fn parse(text: &str) -> Result<EvidenceDate, BadEvidenceDate> {
        let bad = || BadEvidenceDate(text.to_string());
        let parts: Vec<&str> = text.trim().split('-').collect();
        let number = |part: &str, len: usize| -> Result<u32, BadEvidenceDate> {
            if part.len() == len && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = number(parts[0], 4)? as i32;
        if !(1990..=2100).contains(&year) {
            return Err(bad());
        }
        let date = match parts.as_slice() {
            [_] => EvidenceDate {
                year,
                month: None,
                day: None,
            },
            [_, month] => {
                let month = number(month, 2)?;
                NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
                EvidenceDate {
                    year,
                    month: Some(month),
                    day: None,
                }
            }
            [_, month, day] => {
                let (month, day) = (number(month, 2)?, number(day, 2)?);
                NaiveDate::from_ymd_opt(year, month, day).ok_or_else(bad)?;
                EvidenceDate {
                    year,
                    month: Some(month),
                    day: Some(day),
                }
            }
            _ => return Err(bad()),
        };
        Ok(date)
    }

    /// The year of the content.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month (1–12), when the page gives one.
    pub fn month(self) -> Option<u32> {
        self.month
    }

    /// The day of the month, when the page gives one.
    pub fn day(self) -> Option<u32> {
        self.day
    }

    /// The last day the content can be from: a page dated "2022" may be from
    /// December 2022, so ages are counted from there (never older than it may be).
    pub fn latest_day(self) -> NaiveDate {
        let month = self.month.unwrap_or(12);
        match self.day {
            Some(day) => NaiveDate::from_ymd_opt(self.year, month, day),
            None => NaiveDate::from_ymd_opt(self.year, month, 1)
                .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
                .and_then(|next| next.pred_opt()),
        }
        .expect("checked when parsed")
    }

    /// Whether the content is older than `years` years on `today`.
    pub fn older_than_years(self, years: i32, today: NaiveDate) -> bool {
        let months = u32::try_from(years.max(0) * 12).unwrap_or(0);
        let limit = today
            .checked_sub_months(chrono::Months::new(months))
            .unwrap_or(NaiveDate::MIN);
        self.latest_day() < limit
    }

    /// "2025", "July 2026" or "July 21, 2026".
    pub fn label(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match (self.month, self.day) {
            (Some(month), Some(day)) => {
                format!("{} {day}, {}", MONTHS[month as usize - 1], self.year)
            }
            (Some(month), None) => format!("{} {}", MONTHS[month as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }
}

impl fmt::Display for EvidenceDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl Serialize for EvidenceDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EvidenceDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        EvidenceDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// One page a listing rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Source {
    /// The page's address.
    pub url: String,
    /// What kind of page it is.
    pub kind: SourceKind,
    /// The date of the content seen there (`2025`, `2025-07` or `2025-07-21`);
    /// absent when the page shows none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "2025-07")]
    pub dated: Option<EvidenceDate>,
}

/// How old a listing's evidence is, as a search filter and a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceAge {
    /// The newest dated source is at most `OLD_EVIDENCE_YEARS` old.
    Recent,
    /// The newest dated source is older than that: "old information — call before going".
    Old,
    /// No source gives a date.
    Undated,
}

impl EvidenceAge {
    /// Every value, in display order.
    pub const ALL: [EvidenceAge; 3] = [EvidenceAge::Recent, EvidenceAge::Old, EvidenceAge::Undated];

    /// The identifier used in URLs, facets and the API.
    pub fn slug(self) -> &'static str {
        match self {
            EvidenceAge::Recent => "recent",
            EvidenceAge::Old => "old",
            EvidenceAge::Undated => "undated",
        }
    }

    /// The label a person reads.
    pub fn label(self) -> &'static str {
        match self {
            EvidenceAge::Recent => "Evidence from the last 3 years",
            EvidenceAge::Old => "Old information (over 3 years)",
            EvidenceAge::Undated => "Evidence undated",
        }
    }

    /// The age class of a set of sources on `today`.
    pub fn of(sources: &[Source], today: NaiveDate) -> EvidenceAge {
        match newest(sources) {
            None => EvidenceAge::Undated,
            Some(date) if date.older_than_years(OLD_EVIDENCE_YEARS, today) => EvidenceAge::Old,
            Some(_) => EvidenceAge::Recent,
        }
    }
}

/// The newest dated source, if any source is dated.
pub fn newest(sources: &[Source]) -> Option<EvidenceDate> {
    sources.iter().filter_map(|s| s.dated).max()
}

/// The oldest dated source, if any source is dated.
pub fn oldest(sources: &[Source]) -> Option<EvidenceDate> {
    sources.iter().filter_map(|s| s.dated).min()
}

/// "sources dated 2019–2025", "a source dated July 2026", "3 sources (1 dated
/// October 2018)", "undated sources": never more dated than they are.
pub fn span_label(sources: &[Source]) -> String {
    let plural = if sources.len() == 1 { "" } else { "s" };
    let dated = sources.iter().filter(|s| s.dated.is_some()).count();
    let span = match (oldest(sources), newest(sources)) {
        (Some(old), Some(new)) if old == new => new.label(),
        (Some(old), Some(new)) if old.year() == new.year() => new.year().to_string(),
        (Some(old), Some(new)) => format!("{}–{}", old.year(), new.year()),
        _ => return format!("undated source{plural}"),
    };
    if dated == sources.len() {
        format!("source{plural} dated {span}")
    } else {
        format!("{} sources ({dated} dated {span})", sources.len())
    }
}

/// "the program's own page, 2025; a directory, July 2026" — one entry per source,
/// newest first, undated last.
pub fn evidence_line(sources: &[Source]) -> String {
    let mut sorted: Vec<&Source> = sources.iter().collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.dated));
    sorted
        .iter()
        .map(|s| match s.dated {
            Some(date) => format!("{}, {}", s.kind.label(), date.label()),
            None => format!("{}, undated", s.kind.label()),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether a program operates, as far as the evidence says.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ProgramStatus {
    /// No report of a closure, renaming or funding loss.
    #[default]
    Active,
    /// A closure, renaming or funding loss was reported: shown with a warning.
    Uncertain,
    /// Reported closed: kept in the data, left out of search, maps and counts.
    Closed,
}

impl ProgramStatus {
    /// Every status, in display order.
    pub const ALL: [ProgramStatus; 3] = [
        ProgramStatus::Active,
        ProgramStatus::Uncertain,
        ProgramStatus::Closed,
    ];

    /// The identifier used in seed-data, URLs and the API.
    pub fn slug(self) -> &'static str {
        match self {
            ProgramStatus::Active => "active",
            ProgramStatus::Uncertain => "uncertain",
            ProgramStatus::Closed => "closed",
        }
    }

    /// Parses a seed-data value.
    pub fn from_slug(slug: &str) -> Option<ProgramStatus> {
        ProgramStatus::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The label a person reads.
    pub fn label(self) -> &'static str {
        match self {
            ProgramStatus::Active => "Operating",
            ProgramStatus::Uncertain => "May have changed",
            ProgramStatus::Closed => "Closed",
        }
    }

    /// Whether it appears in search, maps and counts unless asked for.
    pub fn listed_by_default(self) -> bool {
        self != ProgramStatus::Closed
    }
}

/// Why a program is `uncertain` or `closed`: the report, where it is, and its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatusReport {
    /// What was reported, in our words: "Closure announced for June 2025".
    pub reason: String,
    /// The page that reports it.
    pub source: String,
    /// The date of that report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "2025-03")]
    pub dated: Option<EvidenceDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn source(kind: SourceKind, dated: Option<&str>) -> Source {
        Source {
            url: "https://example.org/".into(),
            kind,
            dated: dated.map(|d| EvidenceDate::parse(d).unwrap()),
        }
    }

    #[test]
    fn evidence_dates_parse_at_three_precisions_and_refuse_the_rest() {
        assert_eq!(EvidenceDate::parse("2025").unwrap().to_string(), "2025");
        assert_eq!(EvidenceDate::parse("2025-07").unwrap().label(), "July 2025");
        assert_eq!(
            EvidenceDate::parse("2026-07-21").unwrap().label(),
            "July 21, 2026"
        );
        for bad in [
            "",
            "25",
            "2025-7",
            "2025-13",
            "2025-02-30",
            "July 2025",
            "1890",
        ] {
            assert!(EvidenceDate::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn a_year_counts_from_its_last_day() {
        let year = EvidenceDate::parse("2022").unwrap();
        assert_eq!(year.latest_day(), day("2022-12-31"));
        assert_eq!(
            EvidenceDate::parse("2024-02").unwrap().latest_day(),
            day("2024-02-29")
        );
        // December 2022 is less than 3 years before 2025-12-02, but more than 3 before 2026-01-02.
        assert!(!year.older_than_years(3, day("2025-12-02")));
        assert!(year.older_than_years(3, day("2026-01-02")));
    }

    #[test]
    fn the_newest_source_decides_the_age() {
        let today = day("2026-12-02");
        let old_and_new = [
            source(SourceKind::News, Some("2012")),
            source(SourceKind::Program, Some("2025-06")),
        ];
        assert_eq!(EvidenceAge::of(&old_and_new, today), EvidenceAge::Recent);
        let old = [source(SourceKind::News, Some("2019-03"))];
        assert_eq!(EvidenceAge::of(&old, today), EvidenceAge::Old);
        let undated = [source(SourceKind::Program, None)];
        assert_eq!(EvidenceAge::of(&undated, today), EvidenceAge::Undated);
    }

    #[test]
    fn evidence_lines_name_kinds_and_dates_newest_first() {
        let sources = [
            source(SourceKind::Program, Some("2025")),
            source(SourceKind::Directory, Some("2026-07")),
            source(SourceKind::News, None),
        ];
        assert_eq!(
            evidence_line(&sources),
            "a directory, July 2026; the program's own page, 2025; news, undated"
        );
        assert_eq!(span_label(&sources), "3 sources (2 dated 2025–2026)");
        assert_eq!(span_label(&sources[..2]), "sources dated 2025–2026");
        assert_eq!(span_label(&sources[1..2]), "source dated July 2026");
        assert_eq!(
            span_label(&[source(SourceKind::News, None)]),
            "undated source"
        );
    }
}
