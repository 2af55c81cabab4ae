//! Corrections program staff propose to their listings. They never go live on
//! their own: a curator reads each one beside the current listing and accepts it
//! into the seed file (as `crawl --accept` does) or rejects it.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::audit::{self, AuditEntry};
use super::{from_ms, random_hex, to_ms, Store, StoreError};

/// Fields staff may propose a correction to.
pub const CORRECTABLE_FIELDS: [&str; 5] = ["phone", "website", "hours", "address", "other"];

/// Longest proposed value or note.
pub const MAX_CORRECTION_CHARS: usize = 1000;

/// One proposed correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The row's id.
    pub id: String,
    /// The program it is for.
    pub program_id: String,
    /// Who proposed it (`operator:<login>`).
    pub proposed_by: String,
    /// One of `CORRECTABLE_FIELDS`.
    pub field: String,
    /// The value proposed.
    pub value: String,
    /// Why, in the proposer's words.
    pub note: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// `open`, `accepted` or `rejected`.
    pub state: String,
}

/// What a curator decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Taken into the seed file.
    Accepted,
    /// Not taken.
    Rejected,
}

impl Decision {
    fn slug(self) -> &'static str {
        match self {
            Decision::Accepted => "accepted",
            Decision::Rejected => "rejected",
        }
    }
}

impl Store {
    /// Keep a proposed correction for review.
    pub async fn propose_correction(
        &self,
        program_id: &str,
        actor: &str,
        field: &str,
        value: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let id = format!("c-{}", random_hex(8));
        let row = (
            id.clone(),
            program_id.to_string(),
            actor.to_string(),
            field.to_string(),
            value.to_string(),
            note.to_string(),
        );
        self.run(move |pool| async move {
            let (id, program, actor, field, value, note) = row;
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO corrections (id, program_id, account_id, field, value, note, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(program.clone())
            .bind(actor.clone())
            .bind(field.clone())
            .bind(value.clone())
            .bind(note)
            .bind(to_ms(now))
            .execute(&mut *tx)
            .await?;
            audit::record(
                &mut tx,
                &AuditEntry {
                    at: now,
                    actor,
                    action: format!("correction_proposed:{field}"),
                    program_id: Some(program),
                    before: None,
                    after: Some(value),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
        .await?;
        Ok(id)
    }

    /// Corrections, oldest first; `open_only` for those not decided.
    pub async fn corrections(&self, open_only: bool) -> Result<Vec<Correction>, StoreError> {
        self.run(move |pool| async move {
            let rows = sqlx::query(
                "SELECT id, program_id, account_id, field, value, note, created_at, state FROM corrections \
                 WHERE state = 'open' OR $1 = 0 ORDER BY created_at, id",
            )
            .bind(i64::from(open_only))
            .fetch_all(&pool)
            .await?;
            rows.iter()
                .map(|row| {
                    Ok(Correction {
                        id: row.try_get("id")?,
                        program_id: row.try_get("program_id")?,
                        proposed_by: row.try_get("account_id")?,
                        field: row.try_get("field")?,
                        value: row.try_get("value")?,
                        note: row.try_get("note")?,
                        created_at: from_ms(row.try_get("created_at")?),
                        state: row.try_get("state")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
        .await
    }

    /// Record a curator's decision on a correction or a problem report (`kind` is
    /// `corrections` or `problem_reports`); false when it was already decided.
    pub async fn decide(
        &self,
        kind: ReviewKind,
        id: &str,
        decision: Decision,
        actor: &str,
        program_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let (id, actor, program) = (id.to_string(), actor.to_string(), program_id.to_string());
        self.run(move |pool| async move {
            let mut tx = pool.begin().await?;
            let sql = match kind {
                ReviewKind::Correction => {
                    "UPDATE corrections SET state = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND state = 'open'"
                }
                ReviewKind::Report => {
                    "UPDATE problem_reports SET state = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND state = 'open'"
                }
            };
            let changed = sqlx::query(sql)
                .bind(decision.slug().to_string())
                .bind(actor.clone())
                .bind(to_ms(now))
                .bind(id.clone())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed != 1 {
                return Ok(false);
            }
            audit::record(
                &mut tx,
                &AuditEntry {
                    at: now,
                    actor,
                    action: format!("{}_{}", kind.slug(), decision.slug()),
                    program_id: Some(program),
                    before: Some("open".to_string()),
                    after: Some(format!("{}: {id}", decision.slug())),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(true)
        })
        .await
    }

    /// Record a change a curator made outside the store (a crawl proposal accepted
    /// into the seed files) in the audit log.
    pub async fn record_change(&self, entry: AuditEntry) -> Result<(), StoreError> {
        self.run(move |pool| async move {
            let mut conn = pool.acquire().await?;
            audit::record(&mut conn, &entry).await
        })
        .await
    }
}

/// What a curator reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKind {
    /// A correction proposed by program staff.
    Correction,
    /// A problem report from the public.
    Report,
}

impl ReviewKind {
    fn slug(self) -> &'static str {
        match self {
            ReviewKind::Correction => "correction",
            ReviewKind::Report => "report",
        }
    }
}
