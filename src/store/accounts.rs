//! Program staff and curators: one-time invite links, passphrases (argon2id),
//! sessions, and the back-off that makes guessing a passphrase slow.
//!
//! Nothing secret is stored as given: invite links, session ids and API tokens are
//! kept as SHA-256 hashes (they are long random values), passphrases as argon2id
//! hashes. An invite is printed once by the command line and works once; a session
//! id is made fresh at every sign-in (a session id planted before sign-in is never
//! adopted), and each session carries its own CSRF token.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, TimeDelta, Utc};
use sqlx::Row;
use thiserror::Error;

use super::audit::{self, AuditEntry};
use super::{from_ms, random_hex, secret_hash, to_ms, Store, StoreError};

/// How long an invite link works.
pub const INVITE_VALID_FOR: TimeDelta = TimeDelta::days(7);
/// How long a session lasts from sign-in.
pub const SESSION_LASTS: TimeDelta = TimeDelta::hours(8);
/// Shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 12;
/// Longest passphrase accepted (argon2 takes any length; this bounds the work).
pub const MAX_PASSPHRASE_CHARS: usize = 256;
/// Failed sign-ins for one name before each further try must wait.
pub const FREE_TRIES: i64 = 5;
/// The longest wait between tries.
pub const MAX_WAIT_SECS: i64 = 15 * 60;

/// Who an account is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Staff of one or more programs: sees and changes only those.
    Operator,
    /// Reviews reports, corrections and crawl proposals for every program.
    Curator,
}

impl Role {
    /// The name stored and shown.
    pub fn slug(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Curator => "curator",
        }
    }

    fn from_slug(slug: &str) -> Option<Role> {
        match slug {
            "operator" => Some(Role::Operator),
            "curator" => Some(Role::Curator),
            _ => None,
        }
    }
}

/// A signed-up person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The row's id.
    pub id: String,
    /// Operator or curator.
    pub role: Role,
    /// The name they sign in with.
    pub login: String,
    /// The programs an operator may change (empty for curators, who see all).
    pub programs: Vec<String>,
}

impl Account {
    /// The actor named in the audit log: `operator:<login>` or `curator:<login>`.
    pub fn actor(&self) -> String {
        format!("{}:{}", self.role.slug(), self.login)
    }

    /// Whether this account may change `program_id`'s listing.
    pub fn may_change(&self, program_id: &str) -> bool {
        match self.role {
            Role::Curator => true,
            Role::Operator => self.programs.iter().any(|p| p == program_id),
        }
    }
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Whose it is.
    pub account: Account,
    /// The token every form of this session must carry.
    pub csrf: String,
    /// When it ends.
    pub expires_at: DateTime<Utc>,
}

/// A new session: the id goes in the cookie, once; only its hash is stored.
#[derive(Debug)]
pub struct NewSession {
    /// The cookie's value.
    pub id: String,
    /// The session itself.
    pub session: Session,
}

/// Why signing up or in did not work.
#[derive(Debug, Error)]
pub enum AccountError {
    /// Unknown, used, expired, or for the other kind of account.
    #[error("this invite link does not work: it was used already, it expired, or it was copied wrong; ask for a new one")]
    InviteInvalid,
    /// Someone else signs in with this name.
    #[error("that sign-in name is taken; choose another")]
    LoginTaken,
    /// A sign-in name must be something a person can type again.
    #[error("a sign-in name is 3 to 40 letters, digits, dots, dashes or underscores")]
    BadLogin,
    /// Too short or too long.
    #[error("a passphrase is {MIN_PASSPHRASE_CHARS} to {MAX_PASSPHRASE_CHARS} characters; several ordinary words make a good one")]
    WeakPassphrase,
    /// The name or passphrase is wrong (which one is not said).
    #[error("the sign-in name or passphrase is not right")]
    BadCredentials,
    /// Too many wrong tries for this name: wait.
    #[error("too many tries; wait {wait_secs} seconds")]
    Throttled {
        /// Seconds until the next try is allowed.
        wait_secs: i64,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A sign-in name as typed: trimmed, lower-cased, checked.
pub fn normalize_login(login: &str) -> Result<String, AccountError> {
    let login = login.trim().to_lowercase();
    let fine = (3..=40).contains(&login.chars().count())
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if fine {
        Ok(login)
    } else {
        Err(AccountError::BadLogin)
    }
}

fn check_passphrase(passphrase: &str) -> Result<(), AccountError> {
    if (MIN_PASSPHRASE_CHARS..=MAX_PASSPHRASE_CHARS).contains(&passphrase.chars().count()) {
        Ok(())
    } else {
        Err(AccountError::WeakPassphrase)
    }
}

/// The argon2id hash (PHC string) of a passphrase, off the async threads.
async fn hash_passphrase(passphrase: String) -> Result<String, StoreError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&rand_salt()).map_err(|e| e.to_string())?;
        Argon2::default()
            .hash_password(passphrase.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| StoreError::Database(e.to_string()))?
    .map_err(StoreError::Database)
}

fn rand_salt() -> [u8; 16] {
    use rand::RngCore;
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    salt
}

/// Whether `passphrase` matches `hash` (a hash that does not parse matches nothing).
async fn verify_passphrase(passphrase: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        // Without an account the same work is done against a fixed hash, so the
        // time taken does not say whether the name exists.
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.to_string());
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(passphrase.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// An argon2id hash of a random phrase nobody knows (see `verify_passphrase`).
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Wm5C0fWkz5Sh1f1q0Xv0mJ8kcyYQ8b5bGv3H3jv0Q2o";

/// Seconds to wait before the next try after `failures` wrong ones.
fn wait_after(failures: i64) -> i64 {
    if failures < FREE_TRIES {
        0
    } else {
        let doublings = u32::try_from((failures - FREE_TRIES).min(20)).unwrap_or(20);
        (1i64 << doublings).min(MAX_WAIT_SECS)
    }
}

impl Store {
    /// A one-time invite: for an operator of `program_id`, or for a curator. Returns
    /// the secret for the link; only its hash is kept, so it cannot be shown again.
    pub async fn create_invite(
        &self,
        role: Role,
        program_id: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let token = random_hex(24);
        let hash = secret_hash(&token);
        self.run(move |pool| async move {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO invites (token_hash, role, program_id, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(hash)
            .bind(role.slug().to_string())
            .bind(program_id.clone())
            .bind(to_ms(now))
            .bind(to_ms(now + INVITE_VALID_FOR))
            .execute(&mut *tx)
            .await?;
            audit::record(
                &mut tx,
                &AuditEntry {
                    at: now,
                    actor: "cli".to_string(),
                    action: format!("invite_{}", role.slug()),
                    program_id,
                    before: None,
                    after: None,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
        .await?;
        Ok(token)
    }

    /// Whether an invite link is usable now for `role` (to show the form or not).
    pub async fn invite_usable(
        &self,
        role: Role,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let hash = secret_hash(token);
        self.run(move |pool| async move {
            let row = sqlx::query(
                "SELECT role FROM invites WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
            )
            .bind(hash)
            .bind(to_ms(now))
            .fetch_optional(&pool)
            .await?;
            Ok(match row {
                Some(row) => row.try_get::<String, _>("role")? == role.slug(),
                None => false,
            })
        })
        .await
    }

    /// Use an invite: make the account (or, for an existing operator who gives their
    /// passphrase, add the invite's program to it). The invite then stops working.
    pub async fn redeem_invite(
        &self,
        role: Role,
        token: &str,
        login: &str,
        passphrase: &str,
        now: DateTime<Utc>,
    ) -> Result<Account, AccountError> {
        let login = normalize_login(login)?;
        check_passphrase(passphrase)?;
        let hash = secret_hash(token);
        let passphrase = passphrase.to_string();
        let new_hash = hash_passphrase(passphrase.clone()).await?;
        let outcome = self
            .run(move |pool| async move {
                let mut tx = pool.begin().await?;
                let invite = sqlx::query(
                    "SELECT role, program_id FROM invites \
                     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
                )
                .bind(hash.clone())
                .bind(to_ms(now))
                .fetch_optional(&mut *tx)
                .await?;
                let Some(invite) = invite else {
                    return Ok(Err(AccountError::InviteInvalid));
                };
                let invite_role: String = invite.try_get("role")?;
                if invite_role != role.slug() {
                    return Ok(Err(AccountError::InviteInvalid));
                }
                let program_id: Option<String> = invite.try_get("program_id")?;
                // Used once: the update only succeeds for the first of two racing posts.
                let used = sqlx::query(
                    "UPDATE invites SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
                )
                .bind(to_ms(now))
                .bind(hash)
                .execute(&mut *tx)
                .await?;
                if used.rows_affected() != 1 {
                    return Ok(Err(AccountError::InviteInvalid));
                }
                let existing =
                    sqlx::query("SELECT id, role, passphrase_hash FROM accounts WHERE login = $1")
                        .bind(login.clone())
                        .fetch_optional(&mut *tx)
                        .await?;
                let account_id = match existing {
                    Some(row) => {
                        let same_role = row.try_get::<String, _>("role")? == role.slug();
                        let stored: Option<String> = row.try_get("passphrase_hash")?;
                        if !same_role || !verify_passphrase(passphrase, stored).await {
                            return Ok(Err(AccountError::LoginTaken));
                        }
                        row.try_get::<String, _>("id")?
                    }
                    None => {
                        let id = format!("a-{}", random_hex(12));
                        sqlx::query(
                            "INSERT INTO accounts (id, role, login, passphrase_hash, created_at) \
                             VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(id.clone())
                        .bind(role.slug().to_string())
                        .bind(login.clone())
                        .bind(new_hash)
                        .bind(to_ms(now))
                        .execute(&mut *tx)
                        .await?;
                        id
                    }
                };
                if let Some(program) = &program_id {
                    sqlx::query(
                        "INSERT INTO account_programs (account_id, program_id) VALUES ($1, $2) \
                         ON CONFLICT (account_id, program_id) DO NOTHING",
                    )
                    .bind(account_id.clone())
                    .bind(program.clone())
                    .execute(&mut *tx)
                    .await?;
                }
                audit::record(
                    &mut tx,
                    &AuditEntry {
                        at: now,
                        actor: format!("{}:{login}", role.slug()),
                        action: "invite_accepted".to_string(),
                        program_id,
                        before: None,
                        after: None,
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(Ok(account_id))
            })
            .await??;
        self.account(outcome)
            .await?
            .ok_or(AccountError::Store(StoreError::Damaged {
                what: "account",
                detail: "missing right after it was made".to_string(),
            }))
    }

    /// An account by id, with its programs.
    pub async fn account(&self, id: String) -> Result<Option<Account>, StoreError> {
        self.run(move |pool| async move { load_account(&pool, &id).await })
            .await
    }

    /// Sign in: a fresh session when the passphrase is right and the name is not
    /// waiting out wrong tries. Which of name or passphrase was wrong is not said.
    pub async fn sign_in(
        &self,
        role: Role,
        login: &str,
        passphrase: &str,
        now: DateTime<Utc>,
    ) -> Result<NewSession, AccountError> {
        let login = login.trim().to_lowercase();
        let login_hash = secret_hash(&login);
        let passphrase = passphrase.to_string();
        let found = self
            .run({
                let login = login.clone();
                let login_hash = login_hash.clone();
                move |pool| async move {
                    let failures = sqlx::query(
                        "SELECT failures, last_at FROM sign_in_failures WHERE login_hash = $1",
                    )
                    .bind(login_hash)
                    .fetch_optional(&pool)
                    .await?;
                    let account = sqlx::query(
                        "SELECT id, role, passphrase_hash FROM accounts WHERE login = $1",
                    )
                    .bind(login)
                    .fetch_optional(&pool)
                    .await?;
                    let failures = match failures {
                        Some(row) => Some((
                            row.try_get::<i64, _>("failures")?,
                            row.try_get::<i64, _>("last_at")?,
                        )),
                        None => None,
                    };
                    let account = match account {
                        Some(row) => Some((
                            row.try_get::<String, _>("id")?,
                            row.try_get::<String, _>("role")?,
                            row.try_get::<Option<String>, _>("passphrase_hash")?,
                        )),
                        None => None,
                    };
                    Ok((failures, account))
                }
            })
            .await?;
        let (failures, account) = found;
        if let Some((count, last_at)) = failures {
            let ready_at = last_at + wait_after(count) * 1000;
            if to_ms(now) < ready_at {
                return Err(AccountError::Throttled {
                    wait_secs: (ready_at - to_ms(now)).div_euclid(1000) + 1,
                });
            }
        }
        let (id, stored_role, hash) = match account {
            Some((id, stored_role, hash)) => (Some(id), Some(stored_role), hash),
            None => (None, None, None),
        };
        let right = verify_passphrase(passphrase, hash).await
            && stored_role.as_deref() == Some(role.slug());
        let Some(account_id) = id.filter(|_| right) else {
            self.run(move |pool| async move {
                sqlx::query(
                    "INSERT INTO sign_in_failures (login_hash, failures, last_at) VALUES ($1, 1, $2) \
                     ON CONFLICT (login_hash) DO UPDATE SET failures = sign_in_failures.failures + 1, last_at = $2",
                )
                .bind(login_hash)
                .bind(to_ms(now))
                .execute(&pool)
                .await?;
                Ok(())
            })
            .await?;
            return Err(AccountError::BadCredentials);
        };
        let session_id = random_hex(32);
        let csrf = random_hex(32);
        let expires_at = now + SESSION_LASTS;
        let stored = (secret_hash(&session_id), csrf.clone());
        let account = self
            .run(move |pool| async move {
                let mut tx = pool.begin().await?;
                sqlx::query("DELETE FROM sign_in_failures WHERE login_hash = $1")
                    .bind(login_hash)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                    .bind(to_ms(now))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO sessions (id_hash, account_id, csrf, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(stored.0)
                .bind(account_id.clone())
                .bind(stored.1)
                .bind(to_ms(now))
                .bind(to_ms(expires_at))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                load_account(&pool, &account_id).await
            })
            .await?
            .ok_or(AccountError::BadCredentials)?;
        Ok(NewSession {
            id: session_id,
            session: Session {
                account,
                csrf,
                expires_at,
            },
        })
    }

    /// The live session a cookie names, for `role` only.
    pub async fn session(
        &self,
        role: Role,
        session_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>, StoreError> {
        let hash = secret_hash(session_id);
        self.run(move |pool| async move {
            let row = sqlx::query(
                "SELECT account_id, csrf, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2",
            )
            .bind(hash)
            .bind(to_ms(now))
            .fetch_optional(&pool)
            .await?;
            let Some(row) = row else {
                return Ok(None);
            };
            let account_id: String = row.try_get("account_id")?;
            let Some(account) = load_account(&pool, &account_id).await? else {
                return Ok(None);
            };
            if account.role != role {
                return Ok(None);
            }
            Ok(Some(Session {
                account,
                csrf: row.try_get("csrf")?,
                expires_at: from_ms(row.try_get("expires_at")?),
            }))
        })
        .await
    }

    /// End a session (sign out).
    pub async fn end_session(&self, session_id: &str) -> Result<(), StoreError> {
        let hash = secret_hash(session_id);
        self.run(move |pool| async move {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(hash)
                .execute(&pool)
                .await?;
            Ok(())
        })
        .await
    }
}

async fn load_account(pool: &sqlx::AnyPool, id: &str) -> Result<Option<Account>, StoreError> {
    let row = sqlx::query("SELECT id, role, login FROM accounts WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let role: String = row.try_get("role")?;
    let role = Role::from_slug(&role).ok_or_else(|| StoreError::Damaged {
        what: "account",
        detail: format!("unknown role {role:?}"),
    })?;
    let programs = sqlx::query(
        "SELECT program_id FROM account_programs WHERE account_id = $1 ORDER BY program_id",
    )
    .bind(id.to_string())
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get::<String, _>("program_id"))
    .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(Account {
        id: row.try_get("id")?,
        role,
        login: row.try_get("login")?,
        programs,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_after_the_free_tries_and_stop_at_fifteen_minutes() {
        assert_eq!(wait_after(FREE_TRIES - 1), 0);
        assert_eq!(wait_after(FREE_TRIES), 1);
        assert_eq!(wait_after(FREE_TRIES + 3), 8);
        assert_eq!(wait_after(FREE_TRIES + 40), MAX_WAIT_SECS);
    }

    #[test]
    fn the_dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
