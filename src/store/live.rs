//! The live part of listings: status, "this listing is current" and beds free now,
//! as program staff (or a bed registry) set them. Kept in the store and laid over
//! the index's listings when they are served (`LiveSnapshot::apply`), so a change
//! reaches search, pages, the API and HSDS without rebuilding the index.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use sqlx::Row;
use thiserror::Error;

use super::audit::{self, AuditEntry};
use super::{from_ms, to_ms, Store, StoreError};
use crate::model::{
    Availability, LiveListing, LiveStatus, Program, Verification, VerificationMethod,
};

/// How long beds free stay shown when no expiry is given.
pub const DEFAULT_AVAILABILITY_HOURS: i64 = 24;
/// The furthest expiry accepted: a count a week old helps nobody.
pub const MAX_AVAILABILITY_HOURS: i64 = 7 * 24;
/// More beds than any respite or stabilization centre has: a typing mistake.
pub const MAX_BEDS: i64 = 500;

/// Beds free as sent, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityInput {
    /// Beds free now (0 or more, at most `beds_total`).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 500)]
    pub beds_free: Option<i64>,
    /// Beds in all.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 500)]
    pub beds_total: Option<i64>,
    /// Taking guests now.
    #[serde(default)]
    pub accepting_guests: bool,
    /// Keeping a waitlist.
    #[serde(default)]
    pub waitlist: bool,
    /// When the count stops being shown (RFC 3339); default 24 hours from now,
    /// at most 7 days.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
}

/// Why beds free were refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum AvailabilityError {
    /// A count below zero.
    #[error("beds cannot be fewer than 0")]
    Negative,
    /// More than `MAX_BEDS`.
    #[error("more than {MAX_BEDS} beds: check the number")]
    TooMany,
    /// More free than in all.
    #[error("beds free ({free}) cannot be more than beds in all ({total})")]
    FreeOverTotal {
        /// Beds free as sent.
        free: i64,
        /// Beds in all as sent.
        total: i64,
    },
    /// An expiry now or before.
    #[error("the expiry is in the past; give a time after now (or none, for 24 hours)")]
    ExpiryPast,
    /// An expiry more than a week ahead.
    #[error("the expiry is more than {MAX_AVAILABILITY_HOURS} hours ahead; beds free change sooner than that")]
    ExpiryTooFar,
}

impl AvailabilityInput {
    /// The availability this input says, checked, as of `now`.
    pub fn check(
        &self,
        now: DateTime<Utc>,
        updated_by: &str,
    ) -> Result<Availability, AvailabilityError> {
        let count = |value: Option<i64>| -> Result<Option<u32>, AvailabilityError> {
            match value {
                None => Ok(None),
                Some(v) if v < 0 => Err(AvailabilityError::Negative),
                Some(v) if v > MAX_BEDS => Err(AvailabilityError::TooMany),
                Some(v) => Ok(u32::try_from(v).ok()),
            }
        };
        let free = count(self.beds_free)?;
        let total = count(self.beds_total)?;
        if let (Some(free), Some(total)) = (free, total) {
            if free > total {
                return Err(AvailabilityError::FreeOverTotal {
                    free: i64::from(free),
                    total: i64::from(total),
                });
            }
        }
        let expires_at = self
            .expires_at
            .unwrap_or(now + TimeDelta::hours(DEFAULT_AVAILABILITY_HOURS));
        if expires_at <= now {
            return Err(AvailabilityError::ExpiryPast);
        }
        if expires_at > now + TimeDelta::hours(MAX_AVAILABILITY_HOURS) {
            return Err(AvailabilityError::ExpiryTooFar);
        }
        Ok(Availability {
            beds_free: free,
            beds_total: total,
            accepting_guests: self.accepting_guests,
            waitlist: self.waitlist,
            updated_at: now,
            expires_at,
            updated_by: updated_by.to_string(),
        })
    }
}

/// Every live listing as read at one moment, with a version that changes whenever
/// what is shown changes (a write, or a count expiring).
#[derive(Debug, Clone, Default)]
pub struct LiveSnapshot {
    /// By program id; expired counts already left out.
    pub listings: HashMap<String, LiveListing>,
    /// Changes when any listing shown changes.
    pub version: String,
}

impl LiveSnapshot {
    /// Lay the live listing over `program`: its `live` part, and "confirmed by the
    /// program" as its verification when staff confirmed it after the last check.
    pub fn apply(&self, program: &mut Program) -> bool {
        let Some(live) = self.listings.get(&program.id) else {
            return false;
        };
        if let Some(confirmed) = live.confirmed_at {
            if confirmed.date_naive() >= program.verified.date {
                program.verified = Verification {
                    date: confirmed.date_naive(),
                    method: VerificationMethod::ConfirmedByProgram,
                    detail: "confirmed in Peerway by the program's staff".to_string(),
                };
            }
        }
        program.live = Some(live.clone());
        true
    }

    /// Every program with the live listings laid over (the same list when there are
    /// none: nothing is copied).
    pub fn overlay_all(&self, programs: Arc<Vec<Program>>) -> Arc<Vec<Program>> {
        if self.listings.is_empty() {
            return programs;
        }
        let mut changed: Vec<Program> = programs.as_ref().clone();
        self.apply_all(&mut changed);
        Arc::new(changed)
    }

    /// Lay the live listings over programs read whole (an export's matches).
    pub fn apply_all(&self, programs: &mut [Program]) {
        for program in programs {
            self.apply(program);
        }
    }

    /// Whether staff marked `id` closed (it then leaves lists as closed listings do).
    pub fn is_closed(&self, id: &str) -> bool {
        self.listings
            .get(id)
            .is_some_and(|live| live.status == Some(LiveStatus::Closed))
    }

    /// Programs with at least one bed free now, or taking guests now without a
    /// count ("beds free now").
    pub fn with_beds_free(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .listings
            .iter()
            .filter(|(_, live)| live.status != Some(LiveStatus::Closed))
            .filter(|(_, live)| {
                live.availability
                    .as_ref()
                    .is_some_and(|a| match a.beds_free {
                        Some(free) => free > 0,
                        None => a.accepting_guests,
                    })
            })
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids
    }

    /// Programs their staff marked closed: they leave search like closed listings.
    pub fn closed(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .listings
            .iter()
            .filter(|(_, live)| live.status == Some(LiveStatus::Closed))
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids
    }
}

/// One stored row.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
struct StoredLive {
    status: Option<String>,
    confirmed_at: Option<i64>,
    beds_free: Option<i64>,
    beds_total: Option<i64>,
    accepting: Option<i64>,
    waitlist: Option<i64>,
    availability_at: Option<i64>,
    availability_expires_at: Option<i64>,
    availability_by: Option<String>,
}

impl StoredLive {
    fn read(row: &sqlx::any::AnyRow) -> Result<StoredLive, sqlx::Error> {
        Ok(StoredLive {
            status: row.try_get("status")?,
            confirmed_at: row.try_get("confirmed_at")?,
            beds_free: row.try_get("beds_free")?,
            beds_total: row.try_get("beds_total")?,
            accepting: row.try_get("accepting")?,
            waitlist: row.try_get("waitlist")?,
            availability_at: row.try_get("availability_at")?,
            availability_expires_at: row.try_get("availability_expires_at")?,
            availability_by: row.try_get("availability_by")?,
        })
    }

    /// What people are shown at `now` (an expired count is not).
    fn listing(&self, now: DateTime<Utc>) -> LiveListing {
        let availability = match (self.availability_at, self.availability_expires_at) {
            (Some(at), Some(expires)) if expires > to_ms(now) => Some(Availability {
                beds_free: self.beds_free.and_then(|v| u32::try_from(v).ok()),
                beds_total: self.beds_total.and_then(|v| u32::try_from(v).ok()),
                accepting_guests: self.accepting == Some(1),
                waitlist: self.waitlist == Some(1),
                updated_at: from_ms(at),
                expires_at: from_ms(expires),
                updated_by: self.availability_by.clone().unwrap_or_default(),
            }),
            _ => None,
        };
        LiveListing {
            status: self.status.as_deref().and_then(LiveStatus::from_slug),
            confirmed_at: self.confirmed_at.map(from_ms),
            availability,
        }
    }
}

/// A change to one program's live listing.
enum Change {
    Confirm,
    Status(LiveStatus),
    Availability(Availability),
}

impl Store {
    /// Every live listing as shown at `now`.
    pub async fn live_snapshot(&self, now: DateTime<Utc>) -> Result<LiveSnapshot, StoreError> {
        self.run(move |pool| async move {
            let rows = sqlx::query("SELECT * FROM live_listings ORDER BY program_id")
                .fetch_all(&pool)
                .await?;
            let mut listings = HashMap::new();
            let mut newest = 0i64;
            let mut showing = 0usize;
            for row in &rows {
                let id: String = row.try_get("program_id")?;
                newest = newest.max(row.try_get::<i64, _>("updated_at")?);
                let listing = StoredLive::read(row)?.listing(now);
                showing += usize::from(listing.availability.is_some());
                listings.insert(id, listing);
            }
            Ok(LiveSnapshot {
                version: format!("{}.{newest}.{showing}", listings.len()),
                listings,
            })
        })
        .await
    }

    /// The live listing of one program as shown at `now`.
    pub async fn live_listing(
        &self,
        program_id: &str,
        now: DateTime<Utc>,
    ) -> Result<LiveListing, StoreError> {
        let id = program_id.to_string();
        self.run(move |pool| async move {
            let row = sqlx::query("SELECT * FROM live_listings WHERE program_id = $1")
                .bind(id)
                .fetch_optional(&pool)
                .await?;
            Ok(match row {
                Some(row) => StoredLive::read(&row)?.listing(now),
                None => LiveListing::default(),
            })
        })
        .await
    }

    /// Staff confirm the listing is current.
    pub async fn confirm_listing(
        &self,
        program_id: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.change_live(program_id, actor, now, Change::Confirm)
            .await
    }

    /// Staff set the program's status.
    pub async fn set_status(
        &self,
        program_id: &str,
        status: LiveStatus,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.change_live(program_id, actor, now, Change::Status(status))
            .await
    }

    /// Staff or a bed registry set beds free (already checked).
    pub async fn set_availability(
        &self,
        program_id: &str,
        availability: Availability,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.change_live(program_id, actor, now, Change::Availability(availability))
            .await
    }

    async fn change_live(
        &self,
        program_id: &str,
        actor: &str,
        now: DateTime<Utc>,
        change: Change,
    ) -> Result<(), StoreError> {
        let id = program_id.to_string();
        let actor = actor.to_string();
        self.run(move |pool| async move {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO live_listings (program_id, updated_at) VALUES ($1, $2) \
                 ON CONFLICT (program_id) DO NOTHING",
            )
            .bind(id.clone())
            .bind(to_ms(now))
            .execute(&mut *tx)
            .await?;
            let row = sqlx::query("SELECT * FROM live_listings WHERE program_id = $1")
                .bind(id.clone())
                .fetch_one(&mut *tx)
                .await?;
            let before = StoredLive::read(&row)?;
            let mut after = before.clone();
            let action = match &change {
                Change::Confirm => {
                    after.confirmed_at = Some(to_ms(now));
                    "confirm"
                }
                Change::Status(status) => {
                    after.status = Some(status.slug().to_string());
                    "status"
                }
                Change::Availability(a) => {
                    after.beds_free = a.beds_free.map(i64::from);
                    after.beds_total = a.beds_total.map(i64::from);
                    after.accepting = Some(i64::from(a.accepting_guests));
                    after.waitlist = Some(i64::from(a.waitlist));
                    after.availability_at = Some(to_ms(a.updated_at));
                    after.availability_expires_at = Some(to_ms(a.expires_at));
                    after.availability_by = Some(a.updated_by.clone());
                    "availability"
                }
            };
            sqlx::query(
                "UPDATE live_listings SET status = $1, status_at = $2, confirmed_at = $3, confirmed_by = $4, \
                 beds_free = $5, beds_total = $6, accepting = $7, waitlist = $8, availability_at = $9, \
                 availability_expires_at = $10, availability_by = $11, updated_at = $12 WHERE program_id = $13",
            )
            .bind(after.status.clone())
            .bind(matches!(change, Change::Status(_)).then_some(to_ms(now)))
            .bind(after.confirmed_at)
            .bind(matches!(change, Change::Confirm).then(|| actor.clone()))
            .bind(after.beds_free)
            .bind(after.beds_total)
            .bind(after.accepting)
            .bind(after.waitlist)
            .bind(after.availability_at)
            .bind(after.availability_expires_at)
            .bind(after.availability_by.clone())
            .bind(to_ms(now))
            .bind(id.clone())
            .execute(&mut *tx)
            .await?;
            audit::record(
                &mut tx,
                &AuditEntry {
                    at: now,
                    actor,
                    action: action.to_string(),
                    program_id: Some(id),
                    before: serde_json::to_string(&before.listing(now)).ok(),
                    after: serde_json::to_string(&after.listing(now)).ok(),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-12-03T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn bad_availability_is_refused_with_a_reason() {
        let input = |free, total, hours: Option<i64>| AvailabilityInput {
            beds_free: free,
            beds_total: total,
            expires_at: hours.map(|h| now() + TimeDelta::hours(h)),
            ..AvailabilityInput::default()
        };
        assert_eq!(
            input(Some(-1), None, None).check(now(), "program"),
            Err(AvailabilityError::Negative)
        );
        assert_eq!(
            input(Some(5), Some(3), None).check(now(), "program"),
            Err(AvailabilityError::FreeOverTotal { free: 5, total: 3 })
        );
        assert_eq!(
            input(Some(1), Some(3), Some(-1)).check(now(), "program"),
            Err(AvailabilityError::ExpiryPast)
        );
        assert_eq!(
            input(Some(1), Some(3), Some(24 * 8)).check(now(), "program"),
            Err(AvailabilityError::ExpiryTooFar)
        );
        let fine = input(Some(2), Some(6), None)
            .check(now(), "program")
            .unwrap();
        assert_eq!(fine.expires_at, now() + TimeDelta::hours(24));
    }
}
