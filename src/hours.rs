//! Opening hours: the text the sources gave, and a weekly schedule when — and only
//! when — that text says plainly what the hours are.
//!
//! A crisis directory must never tell someone a place is open when it is not, so the
//! parser is deliberately strict: anything hedged ("planned", "at opening", a dated
//! note such as "(2019 report)") or partial ("Monday-Friday" with no times) stays
//! `Unknown`, and the page shows the source text instead of an open/closed badge.

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

const MINUTES_PER_DAY: u16 = 24 * 60;

/// One opening on one day. `close_minute <= open_minute` means it runs past
/// midnight into the next day (17:00-09:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WeeklySpan {
    /// 0 = Monday … 6 = Sunday.
    pub day: u8,
    /// Minute of the day it opens, 0–1439, in the program's time zone.
    pub open_minute: u16,
    /// Minute of the day it closes, 0–1439 (midnight is 0), in the program's time zone.
    pub close_minute: u16,
}

/// A program's hours: the sources' text, and a schedule only when the text is plain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Hours {
    /// Open around the clock, every day.
    AlwaysOpen {
        /// The hours as the sources wrote them ("24/7").
        text: String,
    },
    /// A weekly schedule in the program's own time zone.
    Weekly {
        /// The hours as the sources wrote them.
        text: String,
        /// The IANA zone the spans are in ("America/New_York").
        time_zone: String,
        /// The openings, each starting on one weekday.
        spans: Vec<WeeklySpan>,
    },
    /// The sources gave no hours, or hours too hedged to state as a schedule.
    Unknown {
        /// The hours as the sources wrote them; empty when they gave none.
        text: String,
    },
}

/// Whether a program is open at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenState {
    /// Within one of its openings.
    Open,
    /// Between openings.
    Closed,
    /// The hours are not a schedule (or its zone is not known), so nobody can say.
    Unknown,
}

impl Hours {
    /// The hours as the sources wrote them, whatever the variant.
    pub fn text(&self) -> &str {
        match self {
            Hours::AlwaysOpen { text } | Hours::Weekly { text, .. } | Hours::Unknown { text } => {
                text
            }
        }
    }

    /// `24_7`, `scheduled` or `unknown`: the identifier used in exports.
    pub fn status_slug(&self) -> &'static str {
        match self {
            Hours::AlwaysOpen { .. } => "24_7",
            Hours::Weekly { .. } => "scheduled",
            Hours::Unknown { .. } => "unknown",
        }
    }

    /// Parse source text. `default_zone` is the program's own zone (from its
    /// location); a zone written in the text ("10:00-18:00 PT") takes precedence.
    pub fn parse(text: &str, default_zone: Option<&str>) -> Hours {
        let unknown = || Hours::Unknown {
            text: text.to_string(),
        };
        match parse_schedule(text) {
            Some(Schedule::AlwaysOpen) => Hours::AlwaysOpen {
                text: text.to_string(),
            },
            Some(Schedule::Spans { spans, zone }) => {
                match zone.or(default_zone).filter(|z| z.parse::<Tz>().is_ok()) {
                    Some(zone) => Hours::Weekly {
                        text: text.to_string(),
                        time_zone: zone.to_string(),
                        spans,
                    },
                    None => unknown(),
                }
            }
            None => unknown(),
        }
    }

    /// Whether the program is open at `now`, in its own time zone.
    pub fn open_state_at(&self, now: DateTime<Utc>) -> OpenState {
        match self {
            Hours::AlwaysOpen { .. } => OpenState::Open,
            Hours::Unknown { .. } => OpenState::Unknown,
            Hours::Weekly {
                time_zone, spans, ..
            } => {
                let Ok(zone) = time_zone.parse::<Tz>() else {
                    return OpenState::Unknown;
                };
                let local = zone.from_utc_datetime(&now.naive_utc());
                let day = local.weekday().num_days_from_monday() as u8;
                let minute = (local.hour() * 60 + local.minute()) as u16;
                if spans.iter().any(|span| span_covers(span, day, minute)) {
                    OpenState::Open
                } else {
                    OpenState::Closed
                }
            }
        }
    }
}

/// When the open/closed state next changes, in the program's local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextChange {
    /// Open now; closes at this local weekday (0 = Monday) and minute.
    Closes {
        /// The weekday, 0 = Monday.
        day: u8,
        /// Minute of that day, 0–1439.
        minute: u16,
    },
    /// Closed now; opens at this local weekday and minute.
    Opens {
        /// The weekday, 0 = Monday.
        day: u8,
        /// Minute of that day, 0–1439.
        minute: u16,
    },
}

const MINUTES_PER_WEEK: i64 = 7 * 24 * 60;

impl Hours {
    /// For a weekly schedule, when it next opens or closes after `now`.
    pub fn next_change(&self, now: DateTime<Utc>) -> Option<NextChange> {
        let Hours::Weekly {
            time_zone, spans, ..
        } = self
        else {
            return None;
        };
        let zone: Tz = time_zone.parse().ok()?;
        let local = zone.from_utc_datetime(&now.naive_utc());
        let at = i64::from(local.weekday().num_days_from_monday()) * 1440
            + i64::from(local.hour() * 60 + local.minute());
        // Each span as [start, end) minutes of the week, repeated a week either side
        // so overnight and Sunday-to-Monday spans are seen from any moment.
        let mut intervals: Vec<(i64, i64)> = spans
            .iter()
            .flat_map(|s| {
                let start = i64::from(s.day) * 1440 + i64::from(s.open_minute);
                let length = if s.close_minute > s.open_minute {
                    i64::from(s.close_minute - s.open_minute)
                } else {
                    i64::from(s.close_minute) + 1440 - i64::from(s.open_minute)
                };
                [-1, 0, 1].map(|w| {
                    (
                        start + w * MINUTES_PER_WEEK,
                        start + length + w * MINUTES_PER_WEEK,
                    )
                })
            })
            .collect();
        intervals.sort();
        let to_local = |minute_of_week: i64| {
            let m = minute_of_week.rem_euclid(MINUTES_PER_WEEK);
            ((m / 1440) as u8, (m % 1440) as u16)
        };
        if let Some(&(_, mut end)) = intervals
            .iter()
            .find(|(start, end)| *start <= at && at < *end)
        {
            // Back-to-back spans (Mon 00:00-24:00, Tue 00:00-…) close at the last one's end.
            while let Some(&(_, next_end)) = intervals
                .iter()
                .find(|(start, e)| *start <= end && *e > end)
            {
                end = next_end;
            }
            let (day, minute) = to_local(end);
            return Some(NextChange::Closes { day, minute });
        }
        let &(start, _) = intervals.iter().find(|(start, _)| *start > at)?;
        let (day, minute) = to_local(start);
        Some(NextChange::Opens { day, minute })
    }

    /// One line for a person: "Open now · closes 10 pm ET", "Closed · opens Mon 9 am ET",
    /// "Open 24/7", or "Hours: see listing" when the hours are not a plain schedule.
    pub fn status_line(&self, now: DateTime<Utc>) -> String {
        self.status(now, None).english()
    }
}

/// A moment of the coming week as a person is told it: a weekday (`None` = today,
/// 0 = Monday) and a minute of that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekTime {
    /// The weekday (0 = Monday); `None` when it is today.
    pub day: Option<u8>,
    /// Minute of that day, 0–1439.
    pub minute: u16,
}

/// Whether a program is open now and when that changes, in words any language can
/// put together: the program's own zone (`ET`) and, for a viewer in another zone,
/// the same moment in theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Open around the clock, every day.
    AlwaysOpen,
    /// No plain schedule: the hours as the source gave them are to be read.
    SeeListing,
    /// Open now.
    OpenUntil {
        /// When it closes, in the program's zone.
        closes: WeekTime,
        /// The program's zone as people say it ("ET").
        zone: String,
        /// The same moment in the viewer's zone, when the viewer is in another one.
        yours: Option<WeekTime>,
    },
    /// Closed now.
    ClosedUntil {
        /// When it next opens, in the program's zone.
        opens: WeekTime,
        /// The program's zone as people say it ("ET").
        zone: String,
        /// The same moment in the viewer's zone, when the viewer is in another one.
        yours: Option<WeekTime>,
    },
}

impl Status {
    /// "Open now · closes 10 pm ET (1 pm your time)", in English.
    pub fn english(&self) -> String {
        let when = |at: &WeekTime| match at.day {
            None => twelve_hour(at.minute),
            Some(day) => format!("{} {}", DAY_NAMES[usize::from(day)], twelve_hour(at.minute)),
        };
        let yours = |yours: &Option<WeekTime>| {
            yours
                .as_ref()
                .map_or(String::new(), |y| format!(" ({} your time)", when(y)))
        };
        match self {
            Status::AlwaysOpen => "Open 24/7".to_string(),
            Status::SeeListing => "Hours: see listing".to_string(),
            Status::OpenUntil {
                closes,
                zone,
                yours: viewer,
            } => format!("Open now · closes {} {zone}{}", when(closes), yours(viewer)),
            Status::ClosedUntil {
                opens,
                zone,
                yours: viewer,
            } => format!("Closed · opens {} {zone}{}", when(opens), yours(viewer)),
        }
    }
}

impl Hours {
    /// Open or closed at `now` and until when, with the next change also in
    /// `viewer_zone` when the viewer (the searched place) is in another zone.
    pub fn status(&self, now: DateTime<Utc>, viewer_zone: Option<&str>) -> Status {
        let Hours::Weekly { time_zone, .. } = self else {
            return match self {
                Hours::AlwaysOpen { .. } => Status::AlwaysOpen,
                _ => Status::SeeListing,
            };
        };
        let Ok(zone) = time_zone.parse::<Tz>() else {
            return Status::SeeListing;
        };
        let local = zone.from_utc_datetime(&now.naive_utc());
        let today = local.weekday().num_days_from_monday() as u8;
        let (open, day, minute) = match self.next_change(now) {
            Some(NextChange::Closes { day, minute }) => (true, day, minute),
            Some(NextChange::Opens { day, minute }) => (false, day, minute),
            None => return Status::SeeListing,
        };
        let at = WeekTime {
            day: (day != today).then_some(day),
            minute,
        };
        let yours = viewer_zone
            .filter(|viewer| zone_abbreviation(viewer) != zone_abbreviation(time_zone))
            .and_then(|viewer| viewer.parse::<Tz>().ok())
            .map(|viewer_tz| {
                let at_minute =
                    i64::from(today) * 1440 + i64::from(local.hour() * 60 + local.minute());
                let target = i64::from(day) * 1440 + i64::from(minute);
                let ahead = (target - at_minute).rem_euclid(MINUTES_PER_WEEK);
                let when = now + chrono::Duration::minutes(ahead);
                let theirs = viewer_tz.from_utc_datetime(&when.naive_utc());
                let their_today = viewer_tz.from_utc_datetime(&now.naive_utc()).date_naive();
                WeekTime {
                    day: (theirs.date_naive() != their_today)
                        .then(|| theirs.weekday().num_days_from_monday() as u8),
                    minute: (theirs.hour() * 60 + theirs.minute()) as u16,
                }
            });
        let zone = zone_abbreviation(time_zone);
        if open {
            Status::OpenUntil {
                closes: at,
                zone,
                yours,
            }
        } else {
            Status::ClosedUntil {
                opens: at,
                zone,
                yours,
            }
        }
    }
}

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A minute of the day on a 12-hour clock, as people say it: "9 am", "5:30 pm",
/// "noon", "midnight".
pub fn twelve_hour(minute: u16) -> String {
    let (hour, minutes) = ((minute / 60) % 24, minute % 60);
    match (hour, minutes) {
        (0, 0) => "midnight".to_string(),
        (12, 0) => "noon".to_string(),
        _ => {
            let (shown, half) = match hour {
                0 => (12, "am"),
                1..=11 => (hour, "am"),
                12 => (12, "pm"),
                _ => (hour - 12, "pm"),
            };
            if minutes == 0 {
                format!("{shown} {half}")
            } else {
                format!("{shown}:{minutes:02} {half}")
            }
        }
    }
}

/// The short, season-free name people use for a US zone: ET, CT, MT, PT…
pub fn zone_abbreviation(zone: &str) -> String {
    match zone {
        "America/New_York"
        | "America/Detroit"
        | "America/Kentucky/Louisville"
        | "America/Kentucky/Monticello" => "ET",
        z if z.starts_with("America/Indiana/") => {
            if matches!(z, "America/Indiana/Knox" | "America/Indiana/Tell_City") {
                "CT"
            } else {
                "ET"
            }
        }
        "America/Chicago"
        | "America/Menominee"
        | "America/North_Dakota/Center"
        | "America/North_Dakota/New_Salem"
        | "America/North_Dakota/Beulah" => "CT",
        "America/Denver" | "America/Boise" => "MT",
        "America/Phoenix" => "MST",
        "America/Los_Angeles" => "PT",
        "America/Anchorage" | "America/Juneau" | "America/Sitka" | "America/Nome"
        | "America/Yakutat" | "America/Metlakatla" => "AKT",
        "Pacific/Honolulu" => "HT",
        "America/Adak" => "HAT",
        "America/Puerto_Rico" => "AST",
        other => return other.to_string(),
    }
    .to_string()
}

fn span_covers(span: &WeeklySpan, day: u8, minute: u16) -> bool {
    let overnight = span.close_minute <= span.open_minute;
    let yesterday = (day + 6) % 7;
    if span.day == day {
        minute >= span.open_minute && (overnight || minute < span.close_minute)
    } else {
        overnight && span.day == yesterday && minute < span.close_minute
    }
}

enum Schedule {
    AlwaysOpen,
    Spans {
        spans: Vec<WeeklySpan>,
        zone: Option<&'static str>,
    },
}

/// Words that make stated hours uncertain: the text is shown, never a schedule.
const HEDGES: [&str; 8] = [
    "planned", "opening", "report", "pilot", "launch", "cut", "older", "approx",
];

fn parse_schedule(text: &str) -> Option<Schedule> {
    // Typographic dashes are the sources' hyphens ("5pm–3am"), and a zone written
    // as a parenthetical ("(ET)") is a zone, not a caveat.
    let lower = text
        .trim()
        .to_lowercase()
        .replace(['\u{2013}', '\u{2014}'], "-");
    let lower = zone_in_parentheses(&lower);
    if lower.is_empty() || HEDGES.iter().any(|h| lower.contains(h)) {
        return None;
    }
    let body = strip_affirming_note(&lower)?;
    if matches!(
        body,
        "24/7"
            | "24/7/365"
            | "24/7, 365 days"
            | "24/7, 365 days a year"
            | "24 hours"
            | "24 hours a day"
            | "open 24/7"
    ) {
        return Some(Schedule::AlwaysOpen);
    }
    let (body, zone) = split_zone(body);
    let mut spans = Vec::new();
    for segment in body.split(';') {
        spans.extend(parse_segment(segment.trim())?);
    }
    if spans.len() == 7
        && spans
            .iter()
            .all(|s| s.open_minute == s.close_minute && s.open_minute == 0)
    {
        return Some(Schedule::AlwaysOpen);
    }
    (!spans.is_empty()).then_some(Schedule::Spans { spans, zone })
}

/// "5pm-3am (et)" -> "5pm-3am et": a trailing parenthetical that is only a zone.
fn zone_in_parentheses(text: &str) -> String {
    for zone in ["pt", "mt", "ct", "et", "akt", "ht"] {
        if let Some(body) = text.strip_suffix(&format!("({zone})")) {
            return format!("{} {zone}", body.trim_end());
        }
    }
    text.to_string()
}

/// A trailing "(since June 2022)" confirms the hours still hold, so it may stay;
/// any other parenthetical is a caveat and the hours are not stated as a schedule.
fn strip_affirming_note(text: &str) -> Option<&str> {
    match text.find('(') {
        None => Some(text),
        Some(open) => {
            let note = text[open..].trim();
            let affirming = note.starts_with("(since ")
                && note.ends_with(')')
                && note.matches('(').count() == 1;
            affirming.then(|| text[..open].trim())
        }
    }
}

fn split_zone(text: &str) -> (&str, Option<&'static str>) {
    const ZONES: [(&str, &str); 6] = [
        (" pt", "America/Los_Angeles"),
        (" mt", "America/Denver"),
        (" ct", "America/Chicago"),
        (" et", "America/New_York"),
        (" akt", "America/Anchorage"),
        (" ht", "Pacific/Honolulu"),
    ];
    for (suffix, zone) in ZONES {
        if let Some(body) = text.strip_suffix(suffix) {
            return (body.trim(), Some(zone));
        }
    }
    (text, None)
}

/// One `;`-separated part: days and a time range in either order,
/// "Mon-Fri 08:00-17:00", "10am-10pm, 7 days", "Noon-8pm daily".
fn parse_segment(segment: &str) -> Option<Vec<WeeklySpan>> {
    let words: Vec<&str> = segment
        .split([' ', ','])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect();
    let time_at = words.iter().position(|w| parse_time_range(w).is_some())?;
    let (open_minute, close_minute) = parse_time_range(words[time_at])?;
    let day_words: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != time_at)
        .map(|(_, w)| *w)
        .collect();
    let days = parse_days(&day_words.join(" "))?;
    Some(
        days.into_iter()
            .map(|day| WeeklySpan {
                day,
                open_minute,
                close_minute,
            })
            .collect(),
    )
}

fn parse_days(text: &str) -> Option<Vec<u8>> {
    match text {
        "daily" | "every day" | "7 days" | "7 days a week" | "seven days a week" => {
            return Some((0..7).collect())
        }
        "weekdays" => return Some((0..5).collect()),
        "weekends" => return Some(vec![5, 6]),
        _ => {}
    }
    let mut days = Vec::new();
    for part in text
        .split([',', ' '])
        .filter(|p| !p.is_empty() && *p != "and")
    {
        match part.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (parse_weekday(from)?, parse_weekday(to)?);
                let mut day = from;
                loop {
                    days.push(day);
                    if day == to {
                        break;
                    }
                    day = (day + 1) % 7;
                }
            }
            None => days.push(parse_weekday(part)?),
        }
    }
    (!days.is_empty()).then_some(days)
}

fn parse_weekday(word: &str) -> Option<u8> {
    let day = match word.trim_end_matches('.') {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    };
    Some(day.num_days_from_monday() as u8)
}

fn parse_time_range(word: &str) -> Option<(u16, u16)> {
    let (open, close) = word.split_once('-')?;
    let close = parse_time(close)?;
    // "10-6pm" is not a form the sources use; an open time needs its own marker.
    let open = parse_time(open)?;
    // 24:00 can end a day but cannot start one ("24:00-20:00" says nothing plain).
    if open >= MINUTES_PER_DAY {
        return None;
    }
    Some((open, if close == MINUTES_PER_DAY { 0 } else { close }))
}

/// "08:00", "8:30am", "10pm", "noon", "midnight" -> minutes after midnight.
fn parse_time(word: &str) -> Option<u16> {
    match word {
        "noon" => return Some(12 * 60),
        "midnight" => return Some(0),
        _ => {}
    }
    let (clock, meridiem) = if let Some(c) = word.strip_suffix("am") {
        (c, Some(false))
    } else if let Some(c) = word.strip_suffix("pm") {
        (c, Some(true))
    } else {
        (word, None)
    };
    let (hour, minute) = match clock.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?),
        None if meridiem.is_some() => (clock.parse::<u16>().ok()?, 0),
        _ => return None,
    };
    if minute >= 60 {
        return None;
    }
    let hour = match meridiem {
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None if hour <= 24 && !(hour == 24 && minute > 0) => hour,
        None => return None,
    };
    Some(hour * 60 + minute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_times_are_also_given_in_the_viewers_zone() {
        use chrono::TimeZone;
        let hours = Hours::parse("Daily 10am-6pm PT", None);
        // 14:00 UTC = 6 am in Los Angeles, 9 am in New York.
        let morning = Utc.with_ymd_and_hms(2026, 12, 2, 14, 0, 0).unwrap();
        assert_eq!(
            hours.status(morning, Some("America/New_York")).english(),
            "Closed · opens 10 am PT (1 pm your time)"
        );
        assert_eq!(
            hours.status(morning, Some("America/Los_Angeles")).english(),
            "Closed · opens 10 am PT",
            "no repeat in the program's own zone"
        );
        // 05:00 UTC = 9 pm Wednesday in Los Angeles, midnight Thursday in New York.
        let late = Utc.with_ymd_and_hms(2026, 12, 3, 5, 0, 0).unwrap();
        assert_eq!(
            hours.status(late, Some("America/New_York")).english(),
            "Closed · opens Thu 10 am PT (1 pm your time)",
            "past midnight in New York, Thursday is already today there"
        );
    }

    #[test]
    fn a_twelve_hour_clock_as_people_say_it() {
        assert_eq!(twelve_hour(0), "midnight");
        assert_eq!(twelve_hour(30), "12:30 am");
        assert_eq!(twelve_hour(9 * 60), "9 am");
        assert_eq!(twelve_hour(12 * 60), "noon");
        assert_eq!(twelve_hour(17 * 60 + 30), "5:30 pm");
        assert_eq!(twelve_hour(23 * 60 + 59), "11:59 pm");
        assert_eq!(twelve_hour(24 * 60), "midnight", "the end of the day");
    }

    fn spans(text: &str) -> Vec<(u8, u16, u16)> {
        match Hours::parse(text, Some("America/New_York")) {
            Hours::Weekly { spans, .. } => spans
                .iter()
                .map(|s| (s.day, s.open_minute, s.close_minute))
                .collect(),
            other => panic!("{text:?} did not parse as weekly: {other:?}"),
        }
    }

    #[test]
    fn round_the_clock_forms_are_always_open() {
        for text in [
            "24/7",
            "24/7/365",
            "24/7, 365 days a year",
            "24 hours",
            "24/7 (since June 2022)",
        ] {
            assert_eq!(
                Hours::parse(text, None),
                Hours::AlwaysOpen { text: text.into() },
                "{text}"
            );
        }
    }

    #[test]
    fn days_then_times_and_times_then_days_parse_alike() {
        assert_eq!(spans("Mon-Fri 08:00-17:00").len(), 5);
        assert_eq!(spans("Mon-Fri 08:00-17:00")[0], (0, 480, 1020));
        assert_eq!(spans("10am-10pm, 7 days")[6], (6, 600, 1320));
        assert_eq!(spans("Noon-8pm daily")[0], (0, 720, 1200));
        assert_eq!(spans("Every day, 1pm-9pm")[3], (3, 780, 1260));
        assert_eq!(spans("8:30am-5pm daily")[0], (0, 510, 1020));
        assert_eq!(spans("Monday-Friday 10am-6pm")[4], (4, 600, 1080));
    }

    #[test]
    fn several_segments_and_overnight_spans() {
        let week = spans("Mon-Fri 07:00-23:00; Sat 07:00-15:00; Sun 07:00-21:00");
        assert_eq!(week.len(), 7);
        assert_eq!(week[6], (6, 420, 1260));
        assert_eq!(
            spans("Fri-Sat 20:00-08:00"),
            vec![(4, 1200, 480), (5, 1200, 480)]
        );
        assert_eq!(spans("Daily 10:00-02:00")[0], (0, 600, 120));
    }

    #[test]
    fn zone_in_text_wins_over_location() {
        match Hours::parse("Mon-Fri 10:00-18:00 PT", Some("America/New_York")) {
            Hours::Weekly { time_zone, .. } => assert_eq!(time_zone, "America/Los_Angeles"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hedged_or_partial_hours_stay_unknown() {
        for text in [
            "",
            "Monday-Friday",
            "Weekdays",
            "Limited hours",
            "Daily 17:00-09:00 (2019-2020 reports)",
            "8am-5pm at July 2021 opening; round-the-clock operation planned",
            "Mon-Fri 08:00-22:00; Sat-Sun 17:00-22:00; holidays 15:00-22:00",
            "24/7 (per 2023 contract; hours reported cut in 2025)",
            "10am-10pm, 7 days; another source: 24/7",
        ] {
            assert!(
                matches!(
                    Hours::parse(text, Some("America/Chicago")),
                    Hours::Unknown { .. }
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn a_day_cannot_open_at_24_00() {
        // Found by the hours fuzz target: 24:00 as an opening time gave minute 1440.
        assert!(matches!(
            Hours::parse("Mon Fri 24:00-20:00", Some("America/New_York")),
            Hours::Unknown { .. }
        ));
        assert_eq!(spans("Mon 20:00-24:00"), [(0, 1200, 0)]);
    }

    #[test]
    fn schedule_without_any_zone_is_unknown() {
        assert!(matches!(
            Hours::parse("Daily 09:00-17:00", None),
            Hours::Unknown { .. }
        ));
    }

    #[test]
    fn open_state_follows_local_time_and_overnight_spans() {
        let hours = Hours::parse("Fri-Sat 20:00-08:00", Some("America/Chicago"));
        // Saturday 2026-11-28 03:00 in Chicago (CST, UTC-6) = 09:00 UTC: inside Friday's night.
        let sat_3am = Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap();
        assert_eq!(hours.open_state_at(sat_3am), OpenState::Open);
        // Sunday 2026-11-29 09:00 in Chicago: Saturday's night ended at 08:00.
        let sun_9am = Utc.with_ymd_and_hms(2026, 11, 29, 15, 0, 0).unwrap();
        assert_eq!(hours.open_state_at(sun_9am), OpenState::Closed);
        // Thursday 21:00 local: no span.
        let thu_9pm = Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0).unwrap();
        assert_eq!(hours.open_state_at(thu_9pm), OpenState::Closed);
    }
}
