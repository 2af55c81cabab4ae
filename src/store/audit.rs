//! The audit log: every change anyone makes through Peerway — program staff,
//! curators, a bed registry's token, the command line — with who, what, the value
//! before, the value after and when. Append-only: the code only ever inserts, each
//! entry in the same transaction as the change it describes, so a change without
//! its entry cannot be committed.

use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::{from_ms, random_hex, to_ms, Store, StoreError};

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// When it was made.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Who made it: `operator:<login>`, `curator:<login>`, `token:<program>`,
    /// `public` (a problem report), `cli`.
    pub actor: String,
    /// What was done: `status`, `availability`, `confirm`, `correction`, …
    pub action: String,
    /// The program it concerns, if one.
    pub program_id: Option<String>,
    /// The value before, as JSON (none for something new).
    pub before: Option<String>,
    /// The value after, as JSON.
    pub after: Option<String>,
}

/// Write `entry` inside the caller's transaction.
pub(crate) async fn record(conn: &mut AnyConnection, entry: &AuditEntry) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor, action, program_id, before_value, after_value) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(format!("{:013}-{}", to_ms(entry.at), random_hex(8)))
    .bind(to_ms(entry.at))
    .bind(entry.actor.clone())
    .bind(entry.action.clone())
    .bind(entry.program_id.clone())
    .bind(entry.before.clone())
    .bind(entry.after.clone())
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// The newest `limit` entries, newest first (all of them with `usize::MAX`).
    pub async fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.run(move |pool| async move {
            let rows = sqlx::query(
                "SELECT at, actor, action, program_id, before_value, after_value \
                 FROM audit_log ORDER BY id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(&pool)
            .await?;
            rows.iter()
                .map(|row| {
                    Ok(AuditEntry {
                        at: from_ms(row.try_get("at")?),
                        actor: row.try_get("actor")?,
                        action: row.try_get("action")?,
                        program_id: row.try_get("program_id")?,
                        before: row.try_get("before_value")?,
                        after: row.try_get("after_value")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
        .await
    }
}

/// The whole log as JSON lines, oldest first (for `peerway audit --export` and the
/// curators' download).
pub fn to_json_lines(entries: &[AuditEntry]) -> String {
    entries
        .iter()
        .rev()
        .filter_map(|entry| serde_json::to_string(entry).ok())
        .map(|line| line + "\n")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One entry written, then every way of changing or removing it refused by the
    /// database itself (the triggers of migration 2), the entry intact.
    async fn rows_cannot_be_changed_or_removed(store: &Store) {
        store.migrate().await.unwrap();
        let id = format!("SYNTHETIC-{}", crate::store::random_hex(6));
        let marker = id.clone();
        store
            .run(move |pool| async move {
                let mut conn = pool.acquire().await?;
                record(
                    &mut conn,
                    &AuditEntry {
                        at: "2026-12-03T12:00:00Z".parse().unwrap(),
                        actor: marker.clone(),
                        action: "test".to_string(),
                        program_id: None,
                        before: None,
                        after: Some("kept".to_string()),
                    },
                )
                .await
            })
            .await
            .unwrap();
        let mut attempts = vec![
            format!("UPDATE audit_log SET after_value = 'changed' WHERE actor = '{id}'"),
            format!("DELETE FROM audit_log WHERE actor = '{id}'"),
        ];
        if store.backend() == crate::store::Backend::Postgres {
            attempts.push("TRUNCATE audit_log".to_string());
        }
        for sql in attempts {
            let refused = store
                .run(move |pool| async move {
                    sqlx::raw_sql(&sql).execute(&pool).await?;
                    Ok(())
                })
                .await;
            let message = refused.expect_err("the database refuses it").to_string();
            assert!(message.contains("append-only"), "{message}");
        }
        let log = store.audit_log(usize::MAX).await.unwrap();
        let entry = log
            .iter()
            .find(|e| e.actor == id)
            .expect("the entry is kept");
        assert_eq!(entry.after.as_deref(), Some("kept"));
    }

    #[test]
    fn sqlite_audit_log_is_append_only_in_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::sqlite_in(dir.path());
        store.wait(rows_cannot_be_changed_or_removed(&store));
    }

    #[test]
    #[ignore = "needs PostgreSQL: run by .ci/run with PEERWAY_DATABASE_URL"]
    fn postgres_audit_log_is_append_only_in_the_database() {
        let url = std::env::var(crate::store::DATABASE_URL_VAR)
            .expect("PEERWAY_DATABASE_URL names the test database (bash .ci/run starts one)");
        let store = Store::connect(&url).unwrap();
        store.wait(rows_cannot_be_changed_or_removed(&store));
    }
}
