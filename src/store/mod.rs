//! The store: what people and programs send to Peerway — problem reports, program
//! staff and curators, sessions, live status and availability, proposed corrections,
//! API tokens and the audit log. The index is rebuilt from seed-data; the store is
//! the one place that is never rebuilt, so it lives in a real database.
//!
//! One code path for two databases (`sqlx`'s `Any` driver): an embedded SQLite file
//! under the data folder by default (nothing to install; SQLite is compiled in), and
//! PostgreSQL when `PEERWAY_DATABASE_URL=postgres://…` (several servers then share
//! it). The SQL is written once for both: only `TEXT` and `BIGINT` columns, times in
//! milliseconds, `$1` parameters, `ON CONFLICT`. Migrations are versioned
//! (`migrations/NNNN_*.sql`, compiled in) and run once per process before the first
//! use, under sqlx's lock, so two servers starting together do not race.
//!
//! The store runs on its own small tokio runtime: its connections do not belong to
//! any one actix worker, and the CLI can use it without a runtime of its own.
//! An acknowledged write is committed (SQLite in WAL mode with its default
//! `synchronous=FULL`) before the caller is answered.

pub mod accounts;
pub mod audit;
pub mod corrections;
pub mod live;
pub mod reports;
pub mod tokens;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::AnyPool;
use thiserror::Error;

/// The environment variable that names a PostgreSQL database instead of the
/// embedded SQLite file.
pub const DATABASE_URL_VAR: &str = "PEERWAY_DATABASE_URL";

/// The SQLite file's name inside the data folder.
pub const SQLITE_FILE: &str = "peerway.db";

/// How long a request waits for a connection before the store counts as
/// unavailable (public pages never wait on the store; writes answer 503).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// One versioned migration, compiled in so a fresh machine needs no files: the same
/// SQL for both databases where it can be, else one text for each.
struct MigrationText {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// The migrations, oldest first.
const MIGRATIONS: [MigrationText; 2] = [
    MigrationText {
        version: 1,
        name: "store",
        sqlite: include_str!("../../migrations/0001_store.sql"),
        postgres: include_str!("../../migrations/0001_store.sql"),
    },
    // Triggers are written differently in each database.
    MigrationText {
        version: 2,
        name: "audit append-only",
        sqlite: include_str!("../../migrations/0002_audit_append_only.sqlite.sql"),
        postgres: include_str!("../../migrations/0002_audit_append_only.postgres.sql"),
    },
];

/// What can go wrong with the store, in words a person can act on.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database cannot be reached (down, full, locked for too long).
    #[error("the database cannot be reached right now ({0}); nothing was changed — try again in a minute")]
    Unavailable(String),
    /// The database answered with an error.
    #[error("the database refused the request: {0}")]
    Database(String),
    /// Setting up or upgrading the tables failed.
    #[error("the database tables could not be set up: {0}")]
    Migrate(String),
    /// A queue reached its limit; nothing was added and nothing kept was dropped.
    #[error("the store already holds {limit} {what}; nothing was added")]
    Full {
        /// What is full.
        what: &'static str,
        /// The limit.
        limit: i64,
    },
    /// `PEERWAY_DATABASE_URL` names something other than PostgreSQL or SQLite.
    #[error(
        "{DATABASE_URL_VAR} must start with postgres:// (or sqlite:); got a URL starting {0:?}"
    )]
    BadUrl(String),
    /// A value read back from the store is not what was written (a damaged row).
    #[error("a stored {what} cannot be read: {detail}")]
    Damaged {
        /// The kind of row.
        what: &'static str,
        /// What is wrong with it.
        detail: String,
    },
}

impl StoreError {
    /// True when the store could not take the request now (answered as 503): it
    /// cannot be reached, or a queue is full.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Unavailable(_) | StoreError::Migrate(_) | StoreError::Full { .. }
        )
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
            sqlx::Error::Database(db) => {
                // SQLite "database is locked" / "disk I/O error", PostgreSQL
                // connection failures and shutdowns: the store is not usable now.
                let message = db.message().to_string();
                let code = db.code().map(|c| c.to_string()).unwrap_or_default();
                if code.starts_with("08")
                    || code.starts_with("57")
                    || code.starts_with("53")
                    || message.contains("locked")
                    || message.contains("I/O")
                    || message.contains("readonly")
                {
                    StoreError::Unavailable(message)
                } else {
                    StoreError::Database(message)
                }
            }
            other => StoreError::Database(other.to_string()),
        }
    }
}

/// Which database the store is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded file under the data folder.
    Sqlite,
    /// A PostgreSQL server, possibly shared by several Peerway servers.
    Postgres,
}

/// A handle on the store; cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    pool: AnyPool,
    backend: Backend,
    /// The SQLite file, when it is one (public pages do not create it).
    sqlite_file: Option<PathBuf>,
    migrated: tokio::sync::OnceCell<()>,
    runtime: RuntimeHolder,
}

/// The store's own runtime, shut down without blocking when the store is dropped
/// (it may be dropped inside another runtime, as in tests).
struct RuntimeHolder(Option<tokio::runtime::Runtime>);

impl RuntimeHolder {
    fn get(&self) -> &tokio::runtime::Runtime {
        self.0
            .as_ref()
            .expect("the store's runtime lives as long as the store")
    }
}

impl Drop for RuntimeHolder {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// The migrations as sqlx wants them, in the SQL of one database.
#[derive(Debug)]
struct Compiled(Backend);

impl<'s> MigrationSource<'s> for Compiled {
    fn resolve(
        self,
    ) -> futures_util::future::BoxFuture<'s, Result<Vec<Migration>, sqlx::error::BoxDynError>> {
        let backend = self.0;
        Box::pin(async move {
            Ok(MIGRATIONS
                .iter()
                .map(|migration| {
                    let sql = match backend {
                        Backend::Sqlite => migration.sqlite,
                        Backend::Postgres => migration.postgres,
                    };
                    Migration::new(
                        migration.version,
                        migration.name.into(),
                        MigrationType::Simple,
                        sql.into(),
                        false,
                    )
                })
                .collect())
        })
    }
}

impl Store {
    /// The embedded SQLite store at `<data_dir>/peerway.db`. Nothing is opened or
    /// created until the first use.
    pub fn sqlite_in(data_dir: &Path) -> Store {
        let file = data_dir.join(SQLITE_FILE);
        let url = format!("sqlite://{}?mode=rwc", file.display());
        Store::with_pool(&url, Backend::Sqlite, Some(file)).expect("a SQLite URL always parses")
    }

    /// The store a URL names: `postgres://…` or `sqlite:…`.
    pub fn connect(url: &str) -> Result<Store, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Store::with_pool(url, Backend::Postgres, None)
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or(url.strip_prefix("sqlite:"))
        {
            let file = PathBuf::from(path.split('?').next().unwrap_or(path));
            Store::with_pool(url, Backend::Sqlite, Some(file))
        } else {
            Err(StoreError::BadUrl(url.chars().take(12).collect()))
        }
    }

    /// PostgreSQL when `PEERWAY_DATABASE_URL` is set, else SQLite in `data_dir`.
    pub fn from_env(data_dir: &Path) -> Result<Store, StoreError> {
        match std::env::var(DATABASE_URL_VAR) {
            Ok(url) if !url.trim().is_empty() => Store::connect(url.trim()),
            _ => Ok(Store::sqlite_in(data_dir)),
        }
    }

    fn with_pool(
        url: &str,
        backend: Backend,
        sqlite_file: Option<PathBuf>,
    ) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("peerway-store")
            .enable_all()
            .build()
            .map_err(|e| StoreError::Unavailable(format!("no thread for the store: {e}")))?;
        let pool = {
            let _inside = runtime.enter();
            AnyPoolOptions::new()
                .max_connections(match backend {
                    // SQLite has one writer: a few connections, each waiting for the lock.
                    Backend::Sqlite => 4,
                    Backend::Postgres => 8,
                })
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_lazy(url)
                .map_err(|e| match e {
                    sqlx::Error::Configuration(c) => {
                        StoreError::BadUrl(format!("{c}").chars().take(60).collect())
                    }
                    other => StoreError::from(other),
                })?
        };
        Ok(Store {
            inner: Arc::new(Inner {
                pool,
                backend,
                sqlite_file,
                migrated: tokio::sync::OnceCell::new(),
                runtime: RuntimeHolder(Some(runtime)),
            }),
        })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// False for a SQLite store whose file was never created: nothing was ever
    /// written, so readers (the live overlay) need not create it.
    pub fn may_hold_data(&self) -> bool {
        self.inner
            .sqlite_file
            .as_ref()
            .is_none_or(|file| file.exists())
    }

    /// Run `work` on the store's runtime with a migrated pool, from any runtime.
    async fn run<T, F, Fut>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(AnyPool) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, StoreError>> + Send + 'static,
    {
        let store = self.clone();
        self.inner
            .runtime
            .get()
            .spawn(async move {
                store.migrate_once().await?;
                work(store.inner.pool.clone()).await
            })
            .await
            .map_err(|e| StoreError::Unavailable(format!("the store's task failed: {e}")))?
    }

    /// Apply the migrations not yet applied (once per process; retried on the next
    /// use if the database could not be reached).
    async fn migrate_once(&self) -> Result<(), StoreError> {
        self.inner
            .migrated
            .get_or_try_init(|| async {
                if let Some(dir) = self.inner.sqlite_file.as_ref().and_then(|f| f.parent()) {
                    if !dir.as_os_str().is_empty() {
                        std::fs::create_dir_all(dir).map_err(|e| {
                            StoreError::Unavailable(format!("{}: {e}", dir.display()))
                        })?;
                    }
                }
                let migrator = Migrator::new(Compiled(self.inner.backend))
                    .await
                    .map_err(|e| StoreError::Migrate(e.to_string()))?;
                migrator.run(&self.inner.pool).await.map_err(|e| match e {
                    sqlx::migrate::MigrateError::Execute(inner) => StoreError::from(inner),
                    other => StoreError::Migrate(other.to_string()),
                })?;
                if self.inner.backend == Backend::Sqlite {
                    // Kept in the file: readers then never block the writer. SQLite's
                    // own default `synchronous=FULL` makes each commit durable.
                    sqlx::raw_sql("PRAGMA journal_mode=WAL")
                        .execute(&self.inner.pool)
                        .await?;
                }
                restrict_sqlite_file(self.inner.sqlite_file.as_deref());
                Ok(())
            })
            .await
            .map(|_| ())
    }

    /// Create or upgrade the tables now (servers call this at start so a problem
    /// shows in the log at once; it is also done before the first use).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.run(|_| async { Ok(()) }).await
    }

    /// Wait for `future` from synchronous code (the CLI, tests), inside or outside
    /// another runtime.
    pub fn wait<T: Send>(&self, future: impl Future<Output = T> + Send) -> T {
        if tokio::runtime::Handle::try_current().is_ok() {
            std::thread::scope(|scope| {
                scope
                    .spawn(|| self.inner.runtime.get().block_on(future))
                    .join()
                    .expect("a store call does not panic")
            })
        } else {
            self.inner.runtime.get().block_on(future)
        }
    }
}

/// The SQLite file holds passphrase hashes and sessions: owner only.
fn restrict_sqlite_file(file: Option<&Path>) {
    #[cfg(unix)]
    if let Some(file) = file {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = file;
}

/// Milliseconds since 1970, as times are stored.
pub fn to_ms(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

/// A stored time back as a `DateTime`.
pub fn from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// `bytes` random bytes from the operating system's generator, as hex: session
/// ids, CSRF tokens, invite links, API tokens and row ids.
pub fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    hex(&buffer)
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// SHA-256 of a secret with enough entropy of its own (session ids, tokens, invite
/// links), so a copy of the database lets nobody sign in or call the API.
pub fn secret_hash(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Equal secrets, compared in constant time (CSRF tokens).
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}
