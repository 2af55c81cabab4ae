//! Per-program API tokens, for a bed registry that updates beds free through
//! `PUT /api/v1/programs/{id}/availability`. A token is shown once when it is made
//! and stored only as a SHA-256 hash; making a new one (rotating) revokes the old.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::audit::{self, AuditEntry};
use super::{from_ms, random_hex, secret_hash, to_ms, Store, StoreError};

/// What a token is prefixed with, so one found in a log or a file is recognised.
pub const TOKEN_PREFIX: &str = "pwt_";

impl Store {
    /// A new token for `program_id`, revoking any earlier one. The token is returned
    /// once and cannot be read back.
    pub async fn rotate_token(
        &self,
        program_id: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let token = format!("{TOKEN_PREFIX}{}", random_hex(32));
        let hash = secret_hash(&token);
        let id = program_id.to_string();
        let actor = actor.to_string();
        self.run(move |pool| async move {
            let mut tx = pool.begin().await?;
            let revoked = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE program_id = $2 AND revoked_at IS NULL",
            )
            .bind(to_ms(now))
            .bind(id.clone())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query("INSERT INTO api_tokens (token_hash, program_id, created_at) VALUES ($1, $2, $3)")
                .bind(hash)
                .bind(id.clone())
                .bind(to_ms(now))
                .execute(&mut *tx)
                .await?;
            audit::record(
                &mut tx,
                &AuditEntry {
                    at: now,
                    actor,
                    action: "api_token".to_string(),
                    program_id: Some(id),
                    before: Some(format!("{revoked} active")),
                    after: Some("1 active (new)".to_string()),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
        .await?;
        Ok(token)
    }

    /// The program a token is for, if it is valid and not revoked.
    pub async fn token_program(&self, token: &str) -> Result<Option<String>, StoreError> {
        if !token.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let hash = secret_hash(token);
        self.run(move |pool| async move {
            let row = sqlx::query(
                "SELECT program_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
            )
            .bind(hash)
            .fetch_optional(&pool)
            .await?;
            Ok(match row {
                Some(row) => Some(row.try_get("program_id")?),
                None => None,
            })
        })
        .await
    }

    /// When the program's current token was made, if it has one.
    pub async fn token_made_at(
        &self,
        program_id: &str,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let id = program_id.to_string();
        self.run(move |pool| async move {
            let row = sqlx::query(
                "SELECT created_at FROM api_tokens WHERE program_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1",
            )
            .bind(id)
            .fetch_optional(&pool)
            .await?;
            Ok(match row {
                Some(row) => Some(from_ms(row.try_get("created_at")?)),
                None => None,
            })
        })
        .await
    }
}
