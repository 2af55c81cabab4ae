//! Putting newly built generations in service, and saying how that goes.
//!
//! A thread polls `CURRENT`; a new generation is put in service only once it has
//! been read whole (`index::verify`). One that fails — with an error or a panic —
//! is refused: the last good generation keeps serving, the refusal is logged,
//! counted and shown by `/healthz`, and the same generation is not tried again
//! (a newer one is). The thread survives anything a generation can do to it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use actix_web::web::Data;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::generation::Generation;
use super::AppState;
use crate::index::verify::open_verified;
use crate::index::IndexStore;

/// How often a running server looks for a newly built index generation.
const INDEX_POLL: Duration = Duration::from_secs(2);

/// How long the server may serve an older generation than `CURRENT` names before
/// `/healthz` stops saying "ok", by default.
pub const DEFAULT_STALE_AFTER: Duration = Duration::from_secs(300);

/// A generation that was not put in service, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    /// The generation's folder name.
    pub generation: String,
    /// Why it was refused.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// What the watcher has refused; read by `/healthz`.
pub struct GenerationHealth {
    last_refusal: Mutex<Option<Refusal>>,
    refusals: AtomicU64,
    /// Serving an older generation than `CURRENT` for longer than this is unhealthy.
    pub stale_after: Duration,
}

impl Default for GenerationHealth {
    fn default() -> Self {
        GenerationHealth {
            last_refusal: Mutex::new(None),
            refusals: AtomicU64::new(0),
            stale_after: DEFAULT_STALE_AFTER,
        }
    }
}

impl GenerationHealth {
    /// Record that `generation` was refused because of `reason`.
    pub fn refuse(&self, generation: &str, reason: String, at: DateTime<Utc>) {
        tracing::error!("index {generation} refused: {reason}");
        self.refusals.fetch_add(1, Ordering::Relaxed);
        *self.lock() = Some(Refusal {
            generation: generation.to_string(),
            reason,
            at,
        });
    }

    /// The generation named by `CURRENT` is the one in service: nothing is pending.
    fn clear(&self) {
        *self.lock() = None;
    }

    /// The refusal still in force (the newest generation could not be served).
    pub fn pending(&self) -> Option<Refusal> {
        self.lock().clone()
    }

    /// Generations refused since the server started.
    pub fn refusals(&self) -> u64 {
        self.refusals.load(Ordering::Relaxed)
    }

    /// Whether a refusal has left the server behind `CURRENT` for too long at `now`.
    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {
        self.pending().is_some_and(|refusal| {
            (now - refusal.at)
                .to_std()
                .is_ok_and(|behind| behind > self.stale_after)
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Refusal>> {
        self.last_refusal.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Swap in a new index generation when `peerway build`/`refresh` makes one current,
/// without a restart and without failing a request: requests already running keep
/// the index they started with.
pub fn watch_for_new_index(state: Data<AppState>, store: IndexStore) {
    std::thread::spawn(move || loop {
        std::thread::sleep(INDEX_POLL);
        // A panic inside one look (not only inside opening) must not end the loop.
        if catch_unwind(AssertUnwindSafe(|| look_once(&state, &store))).is_err() {
            tracing::error!("the index watcher recovered from a panic; still watching");
        }
    });
}

/// One look at `CURRENT`: serve it if it is new and reads whole, else refuse it.
pub fn look_once(state: &AppState, store: &IndexStore) {
    let Some(current) = store.current_generation() else {
        return;
    };
    let serving = state.catalog().meta().generation.clone();
    if current == serving {
        state.generations.clear();
        return;
    }
    let already_refused = state
        .generations
        .pending()
        .is_some_and(|refusal| refusal.generation == current);
    if already_refused {
        return;
    }
    match open_verified(&store.root().join(&current)) {
        Ok(catalog) => {
            tracing::info!(
                "now serving index {current} ({} programs)",
                catalog.meta().program_count
            );
            // Per-generation page data (summaries, coverage, the HSDS directory) is
            // worked out on first use: working it all out here held every program
            // decoded in memory (+53 MB at 10,000 programs) for pages few visit.
            state.put_in_service(Generation::new(catalog));
            state.generations.clear();
        }
        Err(e) => state.generations.refuse(
            &current,
            format!("{e}; still serving {serving}"),
            state.now(),
        ),
    }
}
