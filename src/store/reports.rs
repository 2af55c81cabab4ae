//! Problem reports in the store, and the one-time import of the JSON-lines files
//! the earlier Peerway kept (`reports.jsonl`, `reports-<time>.jsonl`). The import
//! is idempotent: each old line gets an id from its file, line number and text, so
//! importing twice (or from two servers at once) adds nothing the second time.

use std::path::Path;

use sqlx::Row;

use super::audit::{self, AuditEntry};
use super::{from_ms, random_hex, secret_hash, to_ms, Store, StoreError};
use crate::reports::{ProblemReport, ReportReason};

/// A stored report with its id and what a curator decided.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReport {
    /// The row's id (for a curator's accept or reject).
    pub id: String,
    /// What the person sent.
    pub report: ProblemReport,
    /// `open`, `accepted` or `rejected`.
    pub state: String,
}

/// How many undecided reports the store keeps before it refuses new ones (about
/// 100 MB at the longest notes; a curator deciding some makes room again).
pub const MAX_OPEN_REPORTS: i64 = 100_000;

impl Store {
    /// Keep a report; returns once it is committed. Refused (`StoreError::Full`) while
    /// `MAX_OPEN_REPORTS` wait for a curator: a flood from many addresses must not
    /// fill the disk, and nothing already kept is dropped to make room.
    pub async fn add_report(&self, report: ProblemReport) -> Result<(), StoreError> {
        self.run(move |pool| async move {
            let mut tx = pool.begin().await?;
            let open: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM problem_reports WHERE state = 'open'")
                    .fetch_one(&mut *tx)
                    .await?;
            if open >= MAX_OPEN_REPORTS {
                return Err(StoreError::Full {
                    what: "problem reports waiting for review",
                    limit: MAX_OPEN_REPORTS,
                });
            }
            insert_report(&mut tx, &format!("r-{}", random_hex(12)), &report).await?;
            audit::record(
                &mut tx,
                &AuditEntry {
                    at: report.received_at,
                    actor: "public".to_string(),
                    action: "problem_report".to_string(),
                    program_id: Some(report.program_id.clone()),
                    before: None,
                    after: Some(report.reason.slug().to_string()),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    /// Every report, oldest first; with `open_only`, those no curator has decided.
    pub async fn reports(&self, open_only: bool) -> Result<Vec<StoredReport>, StoreError> {
        self.run(move |pool| async move {
            let rows = sqlx::query(
                "SELECT id, received_at, program_id, reason, note, state FROM problem_reports \
                 WHERE state = 'open' OR $1 = 0 ORDER BY received_at, id",
            )
            .bind(i64::from(open_only))
            .fetch_all(&pool)
            .await?;
            rows.iter()
                .map(|row| {
                    let reason: String = row.try_get("reason")?;
                    let reason =
                        ReportReason::from_slug(&reason).ok_or_else(|| StoreError::Damaged {
                            what: "problem report",
                            detail: format!("unknown reason {reason:?}"),
                        })?;
                    Ok(StoredReport {
                        id: row.try_get("id")?,
                        report: ProblemReport {
                            received_at: from_ms(row.try_get("received_at")?),
                            program_id: row.try_get("program_id")?,
                            reason,
                            note: row.try_get("note")?,
                        },
                        state: row.try_get("state")?,
                    })
                })
                .collect()
        })
        .await
    }

    /// Import the old JSON-lines report files of `data_dir` (once; again is a no-op).
    /// Returns how many reports were new.
    pub async fn import_legacy_reports(&self, data_dir: &Path) -> Result<usize, StoreError> {
        let lines = crate::reports::legacy_lines(data_dir);
        if lines.is_empty() {
            return Ok(0);
        }
        self.run(move |pool| async move {
            let mut added = 0;
            let mut tx = pool.begin().await?;
            for (key, report) in &lines {
                let id = format!("jsonl-{}", &secret_hash(key)[..32]);
                added += insert_report(&mut tx, &id, report).await?;
            }
            tx.commit().await?;
            Ok(added)
        })
        .await
    }
}

/// Insert unless a report with this id is there; 1 if it was added.
async fn insert_report(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    report: &ProblemReport,
) -> Result<usize, StoreError> {
    let done = sqlx::query(
        "INSERT INTO problem_reports (id, received_at, program_id, reason, note) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id.to_string())
    .bind(to_ms(report.received_at))
    .bind(report.program_id.clone())
    .bind(report.reason.slug().to_string())
    .bind(report.note.clone())
    .execute(conn)
    .await?;
    Ok(usize::try_from(done.rows_affected()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(note: &str) -> ProblemReport {
        ProblemReport {
            received_at: "2026-12-03T12:00:00Z".parse().unwrap(),
            program_id: "synthetic-program".to_string(),
            reason: ReportReason::WrongPhone,
            note: note.to_string(),
        }
    }

    #[test]
    fn a_full_queue_refuses_new_reports_and_keeps_every_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::sqlite_in(dir.path());
        store.wait(store.add_report(report("first"))).unwrap();
        // Fill the queue in one statement (one report at a time would sync 100,000 times).
        let filled = store.wait(store.run(|pool| async move {
            sqlx::query(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
                 INSERT INTO problem_reports (id, received_at, program_id, reason, note) \
                 SELECT 'r-fill-' || i, 0, 'synthetic-program', 'wrong_phone', 'SYNTHETIC' FROM n",
            )
            .bind(MAX_OPEN_REPORTS - 1)
            .execute(&pool)
            .await?;
            Ok(())
        }));
        filled.unwrap();
        let refused = store.wait(store.add_report(report("one too many")));
        assert!(
            matches!(refused, Err(StoreError::Full { limit, .. }) if limit == MAX_OPEN_REPORTS),
            "{refused:?}"
        );
        assert!(refused.unwrap_err().is_unavailable(), "answered as 503");
        let kept = store.wait(store.reports(false)).unwrap();
        assert_eq!(kept.len(), usize::try_from(MAX_OPEN_REPORTS).unwrap());
        assert!(
            kept.iter().any(|r| r.report.note == "first"),
            "nothing was dropped to make room"
        );
        // A curator deciding one makes room again.
        store
            .wait(store.run(|pool| async move {
                sqlx::query("UPDATE problem_reports SET state = 'rejected' WHERE id = 'r-fill-1'")
                    .execute(&pool)
                    .await?;
                Ok(())
            }))
            .unwrap();
        store.wait(store.add_report(report("room again"))).unwrap();
    }
}
