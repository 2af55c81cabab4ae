//! Which of a generation's distinct schedules are open at a given minute.
//!
//! Every search counts "open now" over its matches, so each needs every schedule's
//! state; working them out (a time-zone conversion each) was 2–3% of a search at
//! 10 k programs. Schedules are in whole minutes and US time zones are whole
//! minutes off UTC, so the answer holds for a whole UTC minute: it is worked out
//! once a minute and shared.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use crate::hours::{Hours, OpenState};

/// `hours_code` → open at the minute: 0 = unknown (never), 1 = 24/7 (always), then
/// the generation's schedules in order.
pub type OpenTable = Arc<Vec<bool>>;

#[derive(Default)]
pub struct OpenTables {
    latest: Mutex<Option<(i64, OpenTable)>>,
}

impl OpenTables {
    /// The table for the UTC minute `now` falls in.
    pub fn at(&self, schedules: &[Hours], now: DateTime<Utc>) -> OpenTable {
        let minute = now.timestamp().div_euclid(60);
        let mut latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        match latest.as_ref() {
            Some((kept, table)) if *kept == minute => table.clone(),
            _ => {
                let table = Arc::new(open_table(schedules, now));
                *latest = Some((minute, table.clone()));
                table
            }
        }
    }
}

fn open_table(schedules: &[Hours], now: DateTime<Utc>) -> Vec<bool> {
    let mut table = vec![false, true];
    table.extend(
        schedules
            .iter()
            .map(|s| s.open_state_at(now) == OpenState::Open),
    );
    table
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::hours::WeeklySpan;

    /// A synthetic schedule: weekdays 09:00–17:00 in New York.
    fn weekdays_nine_to_five() -> Hours {
        Hours::Weekly {
            text: "synthetic".to_string(),
            time_zone: "America/New_York".to_string(),
            spans: (0..5)
                .map(|day| WeeklySpan {
                    day,
                    open_minute: 9 * 60,
                    close_minute: 17 * 60,
                })
                .collect(),
        }
    }

    /// A kept table is reused within its minute and replaced in the next one, so
    /// a schedule opening on the minute is seen open from that minute on.
    #[test]
    fn holds_for_one_utc_minute() {
        let schedules = vec![weekdays_nine_to_five()];
        let tables = OpenTables::default();
        // Monday 2026-11-30, 08:59 in New York (UTC-5).
        let before = Utc.with_ymd_and_hms(2026, 11, 30, 13, 59, 0).unwrap();
        let closed = tables.at(&schedules, before);
        assert_eq!(*closed, vec![false, true, false]);
        let same_minute = tables.at(&schedules, before + chrono::Duration::seconds(59));
        assert!(Arc::ptr_eq(&closed, &same_minute));
        let opening = tables.at(&schedules, before + chrono::Duration::seconds(60));
        assert_eq!(*opening, vec![false, true, true]);
        let back = tables.at(&schedules, before);
        assert_eq!(*back, vec![false, true, false]);
    }
}
