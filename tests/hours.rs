//! Hours as the clinicians' issue asks: every distinct hours text in seed-data
//! parsed as expected, "open now" across a DST change and across midnight, and
//! time zones in states with two of them.

use crate::common;

use crate::common::{geo, repo_path, search};
use chrono::{TimeZone, Utc};
use peerway::hours::{Hours, OpenState};
use peerway::index::{self, SearchParams};
use peerway::model::Program;
use peerway::seed;

fn programs() -> Vec<Program> {
    seed::load_programs(&repo_path("seed-data"), geo())
        .unwrap()
        .programs
}

/// A compact description: "24/7", "unknown", or "weekly <zone> day:HHMM-HHMM …".
fn describe(hours: &Hours) -> String {
    match hours {
        Hours::AlwaysOpen { .. } => "24/7".into(),
        Hours::Unknown { .. } => "unknown".into(),
        Hours::Weekly {
            time_zone, spans, ..
        } => {
            let mut spans = spans.clone();
            spans.sort_by_key(|s| (s.day, s.open_minute));
            let spans: Vec<String> = spans
                .iter()
                .map(|s| {
                    format!(
                        "{}:{:02}{:02}-{:02}{:02}",
                        s.day,
                        s.open_minute / 60,
                        s.open_minute % 60,
                        s.close_minute / 60,
                        s.close_minute % 60
                    )
                })
                .collect();
            format!("weekly {time_zone} {}", spans.join(" "))
        }
    }
}

/// Every distinct hours text in seed-data and what it must parse to. Hedged,
/// dated, partial and conflicting texts stay unknown; so do plain schedules of
/// statewide lines in two-zone states (Florida, Michigan), whose zone is not known.
const EXPECTED: &[(&str, &str)] = &[
        ("", "unknown"),
        ("10am-10pm, 7 days; another source: 24/7", "unknown"),
        ("16 hours daily (launch)", "unknown"),
        ("24 hours", "24/7"),
        ("24/7", "24/7"),
        ("24/7 (2024 reports); 7am-7pm daily at 2022 opening", "unknown"),
        ("24/7 (per 2023 contract; hours reported cut in 2025)", "unknown"),
        ("24/7 (phone); TrevorText and TrevorChat also 24/7 since 2019", "unknown"),
        ("24/7 (since 2022)", "24/7"),
        ("24/7 (since June 2022)", "24/7"),
        ("24/7 call center; video clinic Mon-Fri 08:00-17:00", "unknown"),
        ("24/7 phone; chat Mon-Fri 16:00-21:00", "unknown"),
        ("24/7/365", "24/7"),
        ("2pm-10pm Thursday-Monday (2024); last referral 8:30pm", "unknown"),
        ("365 days a year, during hours when other services are closed", "unknown"),
        ("7 days a week (24-hour operation planned)", "unknown"),
        ("7am-11pm at 2023 opening; 24/7 planned", "unknown"),
        ("8:30am-5pm daily", "weekly America/Chicago 0:0830-1700 1:0830-1700 2:0830-1700 3:0830-1700 4:0830-1700 5:0830-1700 6:0830-1700"),
        ("8am-5pm at July 2021 opening; round-the-clock operation planned", "unknown"),
        ("8am-8pm at opening; seven-day and 24-hour service planned", "unknown"),
        ("Activities about 11am-8pm; closed to public Sundays; respite 24/7", "unknown"),
        ("Calls 24/7; texts Mon-Fri 12:00-21:00, Sat-Sun 15:00-21:00; teen peer counselors daily 15:00-21:00", "unknown"),
        ("Daily 06:00-16:00", "weekly America/Los_Angeles 0:0600-1600 1:0600-1600 2:0600-1600 3:0600-1600 4:0600-1600 5:0600-1600 6:0600-1600"),
        ("Daily 06:00-22:00", "weekly America/Denver 0:0600-2200 1:0600-2200 2:0600-2200 3:0600-2200 4:0600-2200 5:0600-2200 6:0600-2200"),
        ("Daily 08:00-03:00", "weekly America/New_York 0:0800-0300 1:0800-0300 2:0800-0300 3:0800-0300 4:0800-0300 5:0800-0300 6:0800-0300"),
        ("Daily 08:00-20:00 (after hours to the Lifeline)", "unknown"),
        ("Daily 08:00-22:00", "weekly America/Los_Angeles 0:0800-2200 1:0800-2200 2:0800-2200 3:0800-2200 4:0800-2200 5:0800-2200 6:0800-2200"),
        ("Daily 08:00-23:00", "weekly America/Denver 0:0800-2300 1:0800-2300 2:0800-2300 3:0800-2300 4:0800-2300 5:0800-2300 6:0800-2300"),
        ("Daily 09:00-01:00", "weekly America/New_York 0:0900-0100 1:0900-0100 2:0900-0100 3:0900-0100 4:0900-0100 5:0900-0100 6:0900-0100"),
        ("Daily 09:00-20:30", "weekly America/Anchorage 0:0900-2030 1:0900-2030 2:0900-2030 3:0900-2030 4:0900-2030 5:0900-2030 6:0900-2030"),
        ("Daily 09:00-21:00", "weekly America/Chicago 0:0900-2100 1:0900-2100 2:0900-2100 3:0900-2100 4:0900-2100 5:0900-2100 6:0900-2100"),
        ("Daily 10:00-02:00", "unknown"),
        ("Daily 10:00-20:00", "weekly America/Indiana/Indianapolis 0:1000-2000 1:1000-2000 2:1000-2000 3:1000-2000 4:1000-2000 5:1000-2000 6:1000-2000"),
        ("Daily 11:00-23:00 (older report)", "unknown"),
        ("Daily 11:00-23:00 (pilot)", "unknown"),
        ("Daily 12:00-22:00", "weekly America/Los_Angeles 0:1200-2200 1:1200-2200 2:1200-2200 3:1200-2200 4:1200-2200 5:1200-2200 6:1200-2200"),
        ("Daily 14:00-22:00", "weekly America/New_York 0:1400-2200 1:1400-2200 2:1400-2200 3:1400-2200 4:1400-2200 5:1400-2200 6:1400-2200"),
        ("Daily 15:30-23:00 (2018)", "unknown"),
        ("Daily 16:00-19:45", "weekly America/New_York 0:1600-1945 1:1600-1945 2:1600-1945 3:1600-1945 4:1600-1945 5:1600-1945 6:1600-1945"),
        ("Daily 16:00-22:00", "unknown"),
        ("Daily 17:00-09:00 (2019-2020 reports)", "unknown"),
        ("Daily 17:00-22:00", "weekly America/New_York 0:1700-2200 1:1700-2200 2:1700-2200 3:1700-2200 4:1700-2200 5:1700-2200 6:1700-2200"),
        ("Daily 18:00-22:00", "weekly America/Los_Angeles 0:1800-2200 1:1800-2200 2:1800-2200 3:1800-2200 4:1800-2200 5:1800-2200 6:1800-2200"),
        ("Day center 7 days; timed three-hour visits by ticket from a referral van in Old Town", "unknown"),
        ("Every day, 1pm-9pm", "weekly America/Chicago 0:1300-2100 1:1300-2100 2:1300-2100 3:1300-2100 4:1300-2100 5:1300-2100 6:1300-2100"),
        ("Fri-Sat 20:00-08:00", "weekly America/Los_Angeles 4:2000-0800 5:2000-0800"),
        ("Mon-Fri 07:00-19:00", "weekly America/New_York 0:0700-1900 1:0700-1900 2:0700-1900 3:0700-1900 4:0700-1900"),
        ("Mon-Fri 08:00-17:00", "weekly America/Chicago 0:0800-1700 1:0800-1700 2:0800-1700 3:0800-1700 4:0800-1700"),
        ("Mon-Fri 08:00-20:00", "weekly America/New_York 0:0800-2000 1:0800-2000 2:0800-2000 3:0800-2000 4:0800-2000"),
        ("Mon-Fri 08:00-20:00; Sat-Sun 10:00-20:00", "weekly America/Chicago 0:0800-2000 1:0800-2000 2:0800-2000 3:0800-2000 4:0800-2000 5:1000-2000 6:1000-2000"),
        ("Mon-Fri 08:00-21:00; Sat-Sun 12:00-21:00 (2020)", "unknown"),
        ("Mon-Fri 08:00-22:00; Sat-Sun 17:00-22:00; holidays 15:00-22:00", "unknown"),
        ("Mon-Fri 09:00-17:00", "weekly America/New_York 0:0900-1700 1:0900-1700 2:0900-1700 3:0900-1700 4:0900-1700"),
        ("Mon-Fri 09:00-17:00 (new chats until 16:40)", "unknown"),
        ("Mon-Fri 10:00-18:00 PT", "weekly America/Los_Angeles 0:1000-1800 1:1000-1800 2:1000-1800 3:1000-1800 4:1000-1800"),
        ("Mon-Fri 10:00-22:00 ET", "weekly America/New_York 0:1000-2200 1:1000-2200 2:1000-2200 3:1000-2200 4:1000-2200"),
        ("Mon-Fri 10:30-16:00", "weekly America/Chicago 0:1030-1600 1:1030-1600 2:1030-1600 3:1030-1600 4:1030-1600"),
        ("Mon-Fri 13:00-21:00", "weekly America/New_York 0:1300-2100 1:1300-2100 2:1300-2100 3:1300-2100 4:1300-2100"),
        ("Mon-Fri 15:00-20:00", "weekly America/Chicago 0:1500-2000 1:1500-2000 2:1500-2000 3:1500-2000 4:1500-2000"),
        ("Mon-Sat 17:00-22:00", "weekly America/Chicago 0:1700-2200 1:1700-2200 2:1700-2200 3:1700-2200 4:1700-2200 5:1700-2200"),
        ("Monday-Friday 10am-6pm", "weekly America/Chicago 0:1000-1800 1:1000-1800 2:1000-1800 3:1000-1800 4:1000-1800"),
        ("Monday-Friday; another source: Limited hours", "unknown"),
        ("Noon-8pm daily", "weekly America/Chicago 0:1200-2000 1:1200-2000 2:1200-2000 3:1200-2000 4:1200-2000 5:1200-2000 6:1200-2000"),
        ("Teen volunteers daily 16:00-22:00 PT; adult staff at other times", "unknown"),
        ("Walk-in 24/7; mobile crisis 9am-1am", "unknown"),
        ("Wed-Fri 9am-1am; Sat-Tue 2pm-10pm (2021 pilot schedule)", "unknown"),
        ("Weekdays", "unknown"),
        ("Weekend nights", "unknown"),
        // Added by the data campaign (2026-12-02); hedged or dash-styled texts stay unknown.
        ("24 hours a day, 7 days a week, including holidays", "unknown"),
        ("24/7 (2022 source; NAMI gives no hours)", "unknown"),
        ("24/7 (NAMI)", "unknown"),
        ("24/7 (peer support specialist on site around the clock)", "unknown"),
        ("24/7 (per nordcenter.org); NAMI lists M–F 1pm–10pm (ET)", "unknown"),
        ("24/7 (staff on site); admission only after phone screening", "unknown"),
        ("7 days: Mon-Thu 7am-8:40pm; Fri-Sun 10am-8:40pm (2021)", "unknown"),
        ("8 a.m.-2 a.m. (2022); MCOT teams cover other hours", "unknown"),
        ("All hours every day (2020 report)", "unknown"),
        ("Call line Tue and Thu 10am-4pm (from Sept 2024); two days a week as of Sept 2025", "unknown"),
        ("Daily 12pm-9pm ET", "weekly America/New_York 0:1200-2100 1:1200-2100 2:1200-2100 3:1200-2100 4:1200-2100 5:1200-2100 6:1200-2100"),
        ("Daily 2am-2pm (988 shift split with CWCC, 2024)", "unknown"),
        ("Daily 2pm-2am (988 shift split with Wyoming Lifeline, 2024)", "unknown"),
        ("Daily 3:30pm-11pm PT", "weekly America/Los_Angeles 0:1530-2300 1:1530-2300 2:1530-2300 3:1530-2300 4:1530-2300 5:1530-2300 6:1530-2300"),
        ("Daily 6am-12 midnight MT (NAMI)", "unknown"),
        ("Daily 8:30am-11pm ET", "weekly America/New_York 0:0830-2300 1:0830-2300 2:0830-2300 3:0830-2300 4:0830-2300 5:0830-2300 6:0830-2300"),
        ("Daily 8am-10pm MT; holidays 8am-6pm (NAMI)", "unknown"),
        ("Daily 9am-9pm CT", "weekly America/Chicago 0:0900-2100 1:0900-2100 2:0900-2100 3:0900-2100 4:0900-2100 5:0900-2100 6:0900-2100"),
        ("Daily, 1pm–9pm (ET); not open on holidays", "unknown"),
        ("Daily, 2pm–10pm (ET)", "weekly America/New_York 0:1400-2200 1:1400-2200 2:1400-2200 3:1400-2200 4:1400-2200 5:1400-2200 6:1400-2200"),
        ("Daily, 3pm–7pm (ET); not open on holidays", "unknown"),
        ("Daily, 5pm–3am (ET)", "weekly America/New_York 0:1700-0300 1:1700-0300 2:1700-0300 3:1700-0300 4:1700-0300 5:1700-0300 6:1700-0300"),
        ("Daily, 6pm–10pm (PT) by phone; texts 6pm–9pm (PT)", "unknown"),
        ("Daily, 8:30am–5pm (CT) per NAMI", "unknown"),
        ("Daily, 8am–11pm (CT)", "weekly America/Chicago 0:0800-2300 1:0800-2300 2:0800-2300 3:0800-2300 4:0800-2300 5:0800-2300 6:0800-2300"),
        ("Daily, 9am–10pm (PT)", "weekly America/Los_Angeles 0:0900-2200 1:0900-2200 2:0900-2200 3:0900-2200 4:0900-2200 5:0900-2200 6:0900-2200"),
        ("Daily, 9am–1am (ET)", "weekly America/New_York 0:0900-0100 1:0900-0100 2:0900-0100 3:0900-0100 4:0900-0100 5:0900-0100 6:0900-0100"),
        ("Five days a week", "unknown"),
        ("ICT 2-5: at least one team 8am-2am, 7 days (planned, June 2023)", "unknown"),
        ("M-F 10am-6pm; Sat 3pm-12am ET (NAMI)", "unknown"),
        ("M-F 6pm-10pm ET", "unknown"),
        ("M-F 8am-10pm; Sat-Sun 5pm-10pm ET; holidays 3pm-10pm (NAMI)", "unknown"),
        ("M-F 8am-4:30pm ET", "unknown"),
        ("M-F 8pm-12 midnight ET", "unknown"),
        ("M-F 9am-5pm (NAMI)", "unknown"),
        ("M-F 9am-5pm (NAMI, 2026); 24-hour in 2010", "unknown"),
        ("M-Th 8:30am-7pm; F 8:30am-6pm; Sat-Sun 11am-7pm (NAMI)", "unknown"),
        ("Mon & Wed 4pm-3am; Tue, Thu & Fri 9am-9pm", "unknown"),
        ("Mon-Fri 7:00 am-4:00 pm (pilot hours; expansion planned)", "unknown"),
        ("Mon-Fri 8 AM-4 PM at opening (Aug 2023); 24/7 planned", "unknown"),
        ("Mon-Thu 7-9pm ET; Fri-Sun 7-10pm ET (NAMI)", "unknown"),
        ("Monday-Friday 10:00 a.m.-6:00 p.m.", "unknown"),
        ("M–F, 12pm–10pm (CT); Sat 9am–2pm", "unknown"),
        ("M–F, 1pm–5pm (ET); not open on holidays", "unknown"),
        ("M–F, 4pm–12am (ET); Sat 12pm–5pm", "unknown"),
        ("M–F, 6pm–12 midnight; Sat–Sun, 1pm–11pm (ET)", "unknown"),
        ("M–F, 7am–7pm (PT)", "unknown"),
        ("M–F, 9am–5pm (CT)", "unknown"),
        ("M–F, 9am–9pm (ET)", "unknown"),
        ("M–F, 9am–9pm; Sat–Sun, 5pm–9pm (ET); texts M, W, F, Sat 5pm–9pm", "unknown"),
        ("M–Th 8:30am–8pm, F 8:30am–5pm, Sat 12pm–4pm (CT)", "unknown"),
        ("Sat-Thu 4pm-9pm; Fri 4pm-8pm ET", "weekly America/New_York 0:1600-2100 1:1600-2100 2:1600-2100 3:1600-2100 4:1600-2000 5:1600-2100 6:1600-2100"),
        ("Springfield: 11 a.m.-11 p.m. daily (from April 2025)", "unknown"),
        ("Sun-Thu 6pm-10pm; Fri-Sat 6pm-11pm ET", "weekly America/New_York 0:1800-2200 1:1800-2200 2:1800-2200 3:1800-2200 4:1800-2300 5:1800-2300 6:1800-2200"),
        ("Walk-in center 9am-9pm, 7 days (2023 federal grant plan)", "unknown"),
        ("Warmline 24/7; center open 10am-6pm for tours and activities (peerrespite.net, undated)", "unknown"),
        ("Wed-Fri 10am-5pm (Sept 2024)", "unknown"),
        ("Weekdays 9am-6pm (2017)", "unknown"),
        ("24-hour staffing", "unknown"),
        ("24/7 (planned)", "unknown"),
        ("24/7 (since April 2024)", "24/7"),
        ("24/7 walk-in", "unknown"),
        ("24/7 walk-in (since December 1, 2023)", "unknown"),
        ("24/7 walk-in (since October 2023; 7am-7pm before that)", "unknown"),
        ("24/7, 365 days", "24/7"),
        ("24/7, 365 days a year", "24/7"),
        ("7 days a week", "unknown"),
        ("Daily 10am-10pm (as of September 2023)", "unknown"),
        ("Daily 8am-2am (from December 2022; 8am-10pm at the 2022 launch)", "unknown"),
        ("Daily 8am-6pm", "weekly America/Denver 0:0800-1800 1:0800-1800 2:0800-1800 3:0800-1800 4:0800-1800 5:0800-1800 6:0800-1800"),
        ("House open 24/7; student peer specialists 11am-8pm (per 2020-21 report)", "unknown"),
        ("Mon-Thu 8:30am-4:30pm, Fri 8am-4pm (as of July 2024)", "unknown"),
        ("Daily 8am-midnight (Nov 2021); overnight hours not staffed as of 2022", "unknown"),
        ("Daily noon-8pm", "weekly America/Chicago 0:1200-2000 1:1200-2000 2:1200-2000 3:1200-2000 4:1200-2000 5:1200-2000 6:1200-2000"),
        ("Mon-Fri 7am-7pm", "weekly America/Denver 0:0700-1900 1:0700-1900 2:0700-1900 3:0700-1900 4:0700-1900"),
        ("Mon-Thu 4:30-9:30pm PT; summer 5-9pm", "unknown"),
        // No closing time: the day ends with its last meeting.
        ("Mon-Fri from 9:30am until the last meeting of the day ends (directory listing at the former 209 Shrewsbury St. address)", "unknown"),
];

#[test]
fn every_hours_text_in_seed_data_parses_as_expected() {
    let programs = programs();
    let mut distinct: Vec<&str> = programs.iter().map(|p| p.hours.text()).collect();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() >= 30, "at least 30 distinct hours texts");
    for text in &distinct {
        let expected = EXPECTED
            .iter()
            .find(|(t, _)| t == text)
            .unwrap_or_else(|| panic!("hours text {text:?} has no expectation"));
        for program in programs.iter().filter(|p| p.hours.text() == *text) {
            let got = describe(&program.hours);
            // Same text, another zone: compare the schedule without the zone.
            let strip = |d: &str| {
                d.split(' ')
                    .enumerate()
                    .filter(|(i, _)| *i != 1)
                    .map(|(_, w)| w)
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            if expected.1.starts_with("weekly") && got.starts_with("weekly") {
                assert_eq!(strip(&got), strip(expected.1), "{} {text:?}", program.id);
            } else {
                assert_eq!(got, expected.1, "{} {text:?}", program.id);
            }
        }
    }
}

fn program(id: &str) -> Program {
    programs().into_iter().find(|p| p.id == id).unwrap()
}

#[test]
fn open_now_follows_the_clock_across_the_end_of_daylight_time() {
    // Mon-Fri 09:00-17:00 in Burlington, VT (America/New_York). DST ends Sun 2026-11-01.
    let hours = program("mental-health-urgent-care-burlington").hours;
    let friday_0930_edt = Utc.with_ymd_and_hms(2026, 10, 30, 13, 30, 0).unwrap();
    assert_eq!(hours.open_state_at(friday_0930_edt), OpenState::Open);
    // The same UTC time on Monday is 08:30 EST: not yet open.
    let monday_0830_est = Utc.with_ymd_and_hms(2026, 11, 2, 13, 30, 0).unwrap();
    assert_eq!(hours.open_state_at(monday_0830_est), OpenState::Closed);
    assert_eq!(hours.status_line(monday_0830_est), "Closed · opens 9 am ET");
    let monday_0930_est = Utc.with_ymd_and_hms(2026, 11, 2, 14, 30, 0).unwrap();
    assert_eq!(
        hours.status_line(monday_0930_est),
        "Open now · closes 5 pm ET"
    );
    let saturday = Utc.with_ymd_and_hms(2026, 11, 7, 15, 0, 0).unwrap();
    assert_eq!(hours.status_line(saturday), "Closed · opens Mon 9 am ET");
}

#[test]
fn open_now_across_midnight() {
    // Daily 09:00-01:00 in New York (B-HEARD).
    let hours = program("b-heard").hours;
    let after_midnight = Utc.with_ymd_and_hms(2026, 11, 28, 5, 30, 0).unwrap(); // Sat 00:30 EST
    assert_eq!(
        hours.status_line(after_midnight),
        "Open now · closes 1 am ET"
    );
    let small_hours = Utc.with_ymd_and_hms(2026, 11, 28, 6, 30, 0).unwrap(); // Sat 01:30 EST
    assert_eq!(hours.status_line(small_hours), "Closed · opens 9 am ET");
    // Fri-Sat 20:00-08:00 in Oakland: Sunday 03:00 is still Saturday night.
    let oakland = program("mh-first-oakland").hours;
    let sunday_3am_pst = Utc.with_ymd_and_hms(2026, 11, 29, 11, 0, 0).unwrap();
    assert_eq!(
        oakland.status_line(sunday_3am_pst),
        "Open now · closes 8 am PT"
    );
    let sunday_9am_pst = Utc.with_ymd_and_hms(2026, 11, 29, 17, 0, 0).unwrap();
    assert_eq!(
        oakland.status_line(sunday_9am_pst),
        "Closed · opens Fri 8 pm PT"
    );
}

#[test]
fn states_with_two_zones_come_out_right() {
    let zone_of = |zip: &str| {
        let point = geo().gazetteer.zip(zip).unwrap();
        peerway::geo::time_zone_at(point.lat, point.lon).unwrap()
    };
    assert_eq!(zone_of("32501"), "America/Chicago", "Pensacola, FL");
    assert_eq!(zone_of("33131"), "America/New_York", "Miami, FL");
    assert_eq!(zone_of("79901"), "America/Denver", "El Paso, TX");
    assert_eq!(zone_of("77002"), "America/Chicago", "Houston, TX");
    assert_eq!(zone_of("83814"), "America/Los_Angeles", "Coeur d'Alene, ID");
    assert_eq!(zone_of("83702"), "America/Boise", "Boise, ID");
    // A statewide line known only to the state level in a two-zone state: no zone,
    // so its plain schedule is not turned into open/closed.
    assert_eq!(describe(&program("florida-warm-line").hours), "unknown");
}

#[test]
fn open_now_filter_is_decided_at_the_request_time() {
    let run = |now| {
        let params =
            SearchParams::from_pairs([("open", "now"), ("per_page", "100"), ("state", "NY")])
                .unwrap();
        let mut request = index::parse_request(&params, geo()).unwrap();
        request.now = now;
        index::search(common::catalog(), &request).unwrap()
    };
    // B-HEARD (daily 09:00-01:00 ET) is open at noon and closed at 03:00; 24/7 programs always.
    let noon = run(Utc.with_ymd_and_hms(2026, 11, 27, 17, 0, 0).unwrap());
    let three_am = run(Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap());
    assert!(noon.hits.iter().any(|h| h.id == "b-heard"));
    assert!(!three_am.hits.iter().any(|h| h.id == "b-heard"));
    assert!(
        three_am.hits.iter().all(|h| h.program.is_open_24_7()),
        "at 03:00 only 24/7 programs"
    );
    assert!(noon.total > three_am.total);
    // The facet count for "open now" is what choosing it returns.
    let everything = search(&[("state", "NY")]);
    assert!(everything.facets["open"].contains_key("now"));
}
